use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;

/// How the widget asks for a rating at the end of an appeal: the data of
/// `widget/get_end_appeals_settings/:channel` (`public-api.md` §3.6, §4.11).
///
/// Every field is written, `null` for an absent nullable one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct EndAppealSettings {
    /// `QuestionText`: the rating prompt.
    pub question_text: Option<String>,
    /// `HasComment`: offer a comment box.
    #[serde(deserialize_with = "zero_if_null")]
    pub has_comment: bool,
}

objects_only!(EndAppealSettings);
references!(EndAppealSettings {});
