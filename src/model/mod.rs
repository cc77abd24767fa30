//! The entities: plain public data, one per file, read and written by the crate's wire
//! rules (`src/primitives/wire.rs`): zero values for missing or `null` non-nullable
//! fields, `null` written for absent nullable ones, objects only; the few fields only some
//! responses carry are written only when present (listed in `wire.rs`, and said in each
//! field's doc).
//!
//! The Internal API's ticket [`Message`]; the chat API's entities (`chat-api-v1`); and the
//! public client API's (`public-api.md` §4, §5): the same [`ChatMessage`], [`ChatEvent`],
//! [`Client`], [`ClientSession`] and [`File`] with the fields that API adds, and its own
//! ratings and polls, message buttons, settings and widget objects.
//!
//! Every struct is `#[non_exhaustive]`, so fields can be added without breaking you: build
//! one with `new(id)` (or `Default::default()`, all zero values) and set its public fields.
//!
//! ```
//! use iqchannels_proto::{User, UserId};
//!
//! let mut user = User::new(UserId::new(1));
//! user.display_name = "Иван Коробков".to_owned();
//! assert_eq!(user.id.get(), 1);
//! ```

mod action;
mod actor_type;
mod advanced_unread;
mod advanced_unread_result;
mod blocker;
mod channel;
mod channel_kind;
mod channel_member;
mod chat;
mod chat_event;
mod chat_inbox;
mod chat_inbox_thread;
mod chat_member;
mod chat_message;
mod chat_notice;
mod chat_settings;
mod chat_type;
mod client;
mod client_auth;
mod client_details;
mod client_details_field;
mod client_session;
mod end_appeal_settings;
mod file;
mod files_config;
mod greeting_settings;
mod info_request;
mod language;
mod languages;
mod message;
mod multi_chats_info;
mod personal_data_field;
mod personal_data_form;
mod poll_question_scale;
mod product;
mod push_kind;
mod rating;
mod rating_poll;
mod rating_poll_answer;
mod rating_poll_question;
mod server_version;
mod single_choice;
mod transfer_to_channel;
mod unread_channel;
mod unread_last_message;
mod user;

pub use action::{Action, ActionType};
pub use actor_type::ActorType;
pub use advanced_unread::AdvancedUnread;
pub use advanced_unread_result::AdvancedUnreadResult;
pub use blocker::Blocker;
pub use channel::{Channel, ChannelType};
pub use channel_kind::ChannelKind;
pub use channel_member::ChannelMember;
pub use chat::Chat;
pub use chat_event::{ChatEvent, ChatEventType};
pub use chat_inbox::ChatInbox;
pub use chat_inbox_thread::ChatInboxThread;
pub use chat_member::ChatMember;
pub use chat_message::{ChatMessage, ChatPayloadType, MessageStyle};
pub use chat_notice::{ChatNotice, ChatNoticeType};
pub use chat_settings::{ChatSettings, GreetFrom};
pub use chat_type::ChatType;
pub use client::{Client, ClientType};
pub use client_auth::ClientAuth;
pub use client_details::ClientDetails;
pub use client_details_field::ClientDetailsField;
pub use client_session::ClientSession;
pub use end_appeal_settings::EndAppealSettings;
pub use file::{File, FileImageSize, FileOwnerType, FileState, FileType};
pub use files_config::FilesConfig;
pub use greeting_settings::{GreetingSettings, PersonalDataRequestType};
pub use info_request::{InfoRequest, InfoRequestState};
pub use language::Language;
pub use languages::Languages;
pub use message::{Message, MessageRef, MessageType, Messages};
pub use multi_chats_info::MultiChatsInfo;
pub use personal_data_field::{FieldValidation, PersonalDataField};
pub use personal_data_form::PersonalDataForm;
pub use poll_question_scale::PollQuestionScale;
pub use product::{PeriodicPayment, PeriodicPaymentType, Price, Product, ProductType};
pub use push_kind::PushKind;
pub use rating::{Rating, RatingState};
pub use rating_poll::RatingPoll;
pub use rating_poll_answer::RatingPollAnswer;
pub use rating_poll_question::{PollQuestionType, RatingPollQuestion};
pub use server_version::ServerVersion;
pub use single_choice::SingleChoice;
pub use transfer_to_channel::TransferToChannel;
pub use unread_channel::UnreadChannel;
pub use unread_last_message::UnreadLastMessage;
pub use user::User;
