//! Typed ids: a message id cannot be passed where a user id is wanted.
//!
//! Integer ids are exact `i64` on the wire and here (never a float). The zero id is the
//! Go server's zero value: "no object".

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::inline_text::InlineText;
use super::param::{Param, ParamError};

macro_rules! integer_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        pub struct $name(i64);

        impl $crate::schema::Wire for $name {
            const KIND: $crate::schema::Kind = $crate::schema::Kind::Id {
                name: stringify!($name),
                text: false,
            };
        }

        impl $name {
            /// The id with this exact value.
            pub const fn new(id: i64) -> Self {
                Self(id)
            }

            /// The id's value.
            pub const fn get(self) -> i64 {
                self.0
            }

            /// Whether this is the zero id `0`, the Go server's zero value: no object.
            pub const fn is_zero(self) -> bool {
                self.0 == 0
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        /// In a URL as its decimal digits.
        impl Param for $name {
            fn to_param(&self) -> Option<Cow<'_, str>> {
                self.0.to_param()
            }

            fn from_param(text: &str) -> Result<Self, ParamError> {
                i64::from_param(text).map(Self)
            }
        }
    };
}

integer_id! {
    /// The id of a [`Message`](crate::Message): `Message.Id`.
    ///
    /// ```
    /// use iqchannels_proto::MessageId;
    ///
    /// assert_eq!(MessageId::new(1632).get(), 1632);
    /// ```
    MessageId
}

integer_id! {
    /// The id of a [`User`](crate::User) (an operator or a service account):
    /// `User.Id`, `Message.UserId`.
    UserId
}

integer_id! {
    /// The id of a [`Client`](crate::Client) (the customer side of a chat):
    /// `Client.Id`, `Message.ClientId`.
    ClientId
}

integer_id! {
    /// The id of a ticket: `Message.TicketId`, `CreateMessage.TicketId`.
    TicketId
}

integer_id! {
    /// The id of a user's role: `User.RoleId`.
    RoleId
}

integer_id! {
    /// The id of a [`Channel`](crate::Channel): `Channel.Id`, `Chat.ChannelId`.
    ChannelId
}

integer_id! {
    /// The id of a [`ChannelMember`](crate::ChannelMember).
    ChannelMemberId
}

integer_id! {
    /// The id of a [`Chat`](crate::Chat): `Chat.Id`, the `:chatId` of the chat paths.
    ChatId
}

integer_id! {
    /// The id of a [`ChatMember`](crate::ChatMember).
    ChatMemberId
}

integer_id! {
    /// The id of a [`ChatEvent`](crate::ChatEvent): what a stream resumes after (`FromId`).
    ChatEventId
}

integer_id! {
    /// The id of a [`ChatMessage`](crate::ChatMessage): `ChatMessage.Id`, the data of
    /// `chats/send`.
    ChatMessageId
}

integer_id! {
    /// The id of a [`ChatNotice`](crate::ChatNotice).
    ChatNoticeId
}

integer_id! {
    /// The id of a [`ChatInbox`](crate::ChatInbox): the id of the operator it belongs to.
    ChatInboxId
}

integer_id! {
    /// The id of a [`ChatInboxThread`](crate::ChatInboxThread).
    ChatInboxThreadId
}

integer_id! {
    /// The id of a [`ClientSession`](crate::ClientSession).
    ClientSessionId
}

integer_id! {
    /// The id of a project, the tenant a client, a rating or a channel belongs to:
    /// `Client.ProjectId`, `Rating.ProjectId`, `TransferToChannel.ProjectId` (public API,
    /// `public-api.md` §4.4, §4.8, §4.9).
    ProjectId
}

integer_id! {
    /// The id of a [`Rating`](crate::Rating): `Rating.Id`, `ChatMessage.RatingId`
    /// (`public-api.md` §4.8).
    RatingId
}

integer_id! {
    /// The id of a [`RatingPoll`](crate::RatingPoll): `RatingPoll.Id`, `Rating.RatingPollId`
    /// (`public-api.md` §4.8).
    RatingPollId
}

integer_id! {
    /// The id of a [`RatingPollQuestion`](crate::RatingPollQuestion) (`public-api.md` §4.8).
    RatingPollQuestionId
}

integer_id! {
    /// The id of a [`RatingPollAnswer`](crate::RatingPollAnswer), one of a question's
    /// offered answers (`public-api.md` §4.8).
    RatingPollAnswerId
}

integer_id! {
    /// The id of an [`InfoRequest`](crate::InfoRequest): `InfoRequest.Id`,
    /// `ChatMessage.InfoRequestId` (`public-api.md` §4.11).
    InfoRequestId
}

integer_id! {
    /// The id of a [`SingleChoice`](crate::SingleChoice) (`public-api.md` §4.9).
    SingleChoiceId
}

integer_id! {
    /// The id of an [`Action`](crate::Action) button (`public-api.md` §4.9).
    ActionId
}

integer_id! {
    /// The id of a [`Product`](crate::Product) offer (`public-api.md` §4.9).
    ProductId
}

integer_id! {
    /// The id of a [`TransferToChannel`](crate::TransferToChannel) offer
    /// (`public-api.md` §4.9).
    TransferToChannelId
}

integer_id! {
    /// The id of a channel's [`ChatSettings`](crate::ChatSettings) (`public-api.md` §4.11).
    ChatSettingsId
}

integer_id! {
    /// The id of a group of managers: `Client.PersonalManagerGroupId` (`public-api.md`
    /// §4.4).
    ManagerGroupId
}

/// An id that is text, kept in `$text`: `InlineText<46>` for ids of a known length
/// (UIDs, file names of a UUID and an extension), so that decoding one allocates nothing
/// (46 bytes of text make the id 48 bytes, twice a `String`).
macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident: $text:ty) => {
        $(#[$meta])*
        #[derive(
            Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        pub struct $name($text);

        impl $crate::schema::Wire for $name {
            const KIND: $crate::schema::Kind = $crate::schema::Kind::Id {
                name: stringify!($name),
                text: true,
            };
        }

        impl $name {
            /// The id with this exact text.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into().into())
            }

            /// The id's text.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// Whether the id is the zero value `""`: "no object".
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.into())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id.into())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.as_str())
            }
        }

        /// In a URL as its text.
        impl Param for $name {
            fn to_param(&self) -> Option<Cow<'_, str>> {
                Some(Cow::Borrowed(self.0.as_str()))
            }

            fn from_param(text: &str) -> Result<Self, ParamError> {
                Ok(Self::from(text))
            }
        }
    };
}

string_id! {
    /// The id of a [`File`](crate::File): a UUID with the file's extension, such as
    /// `baac46c4-c475-11e7-999e-fb4e907475d9.jpg`. Kept verbatim.
    ///
    /// ```
    /// use iqchannels_proto::FileId;
    ///
    /// let id = FileId::new("baac46c4-c475-11e7-999e-fb4e907475d9.jpg");
    /// assert_eq!(id.as_str(), "baac46c4-c475-11e7-999e-fb4e907475d9.jpg");
    /// ```
    FileId: InlineText<46>
}

string_id! {
    /// A message's globally unique id, `Message.UID`: 40 lowercase hex characters
    /// (SHA-1 sized) as the server sends it. Kept verbatim, whatever its shape.
    MessageUid: InlineText<46>
}
