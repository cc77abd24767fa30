//! Stand-ins for the public API's entities and enumerations (`public-api.md` §4, §5) until
//! the model has them: the nearest existing type, or the JSON verbatim.

#![allow(dead_code)]

use crate::primitives::RawJson;

pub type ChatType = String;
pub type FileImageSize = String;
pub type PollQuestionType = String;
pub type RatingId = i64;
pub type RatingPollId = i64;
pub type RatingPollQuestionId = i64;
pub type RatingPollAnswerId = i64;
pub type InfoRequestId = i64;
pub type ProductId = i64;
pub type ProjectId = i64;
pub type Rating = RawJson;
pub type ChatSettings = RawJson;
pub type Blocker = RawJson;
pub type GreetingSettings = RawJson;
pub type FilesConfig = RawJson;
pub type InfoRequest = RawJson;
pub type InfoRequestForm = RawJson;
pub type PersonalData = RawJson;
pub type Language = RawJson;
pub type AdvancedUnread = RawJson;
pub type AdvancedUnreadResult = RawJson;
