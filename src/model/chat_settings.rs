use serde::{Deserialize, Serialize};

use crate::primitives::wire::{absent, zero_if_null};
use crate::primitives::{ChatSettingsId, FileId};

string_enum! {
    /// Who greets a client: `ChatSettings.GreetFrom` (`public-api.md` §4.11, §5 "GreetFrom").
    pub enum GreetFrom {
        /// `"bot"`: the client asks the server to open a bot chat
        /// (`chats/channel/system_chats/send/:channel`).
        Bot = "bot",
        /// `"user"`: a local greeting bubble in an operator's name (the Android SDK's
        /// default; any value but `bot` means the same).
        User = "user",
    }
}

/// A channel's chat settings, the auto-greeting: the data of
/// `chats/channel/chat/get_settings/:channel` (`public-api.md` §4.11).
///
/// Every field is written, `null` for an absent nullable one, except the operator's name:
/// the widget reads `OperatorName`, the Android and iOS SDKs `Pseudonym` (§8, question 9),
/// so each is written only when present. The iOS SDK requires `Id`, `Message`, `Enabled`,
/// `Lifetime`, `TotalOpenedTickets` and `ChatTitle` (§4.13), which are never `null` here.
///
/// ```
/// use iqchannels_proto::{ChatSettings, GreetFrom};
///
/// let settings: ChatSettings = serde_json::from_str(r#"{"Id": 1, "GreetFrom": "bot"}"#)?;
/// assert_eq!(settings.greet_from, GreetFrom::Bot);
/// let json = serde_json::to_value(&settings)?;
/// assert_eq!(json["ChatTitle"], ""); // required by the iOS SDK: always written
/// assert!(json.get("Pseudonym").is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ChatSettings {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChatSettingsId,
    /// `Enabled`: the auto-greeting is on.
    #[serde(deserialize_with = "zero_if_null")]
    pub enabled: bool,
    /// `GreetFrom`: `bot`, or an operator-style local greeting.
    #[serde(deserialize_with = "zero_if_null")]
    pub greet_from: GreetFrom,
    /// `Message`: the greeting's text.
    #[serde(deserialize_with = "zero_if_null")]
    pub message: String,
    /// `Lifetime`: the seconds the local greeting stays.
    #[serde(deserialize_with = "zero_if_null")]
    pub lifetime: i32,
    /// `Pseudonym`: the operator's name on the greeting, as the Android and iOS SDKs read
    /// it. Written only when present.
    #[serde(skip_serializing_if = "absent")]
    pub pseudonym: Option<String>,
    /// `OperatorName`: the operator's name on the greeting, as the widget reads it. Written
    /// only when present.
    #[serde(skip_serializing_if = "absent")]
    pub operator_name: Option<String>,
    /// `AvatarId`: the greeting's avatar, shown through `files/image/<id>?size=avatar`.
    pub avatar_id: Option<FileId>,
    /// `TotalOpenedTickets`: not zero when the client already has an open ticket, and then
    /// there is no greeting.
    #[serde(deserialize_with = "zero_if_null")]
    pub total_opened_tickets: i32,
    /// `ChatTitle`: the chat screen's title.
    #[serde(deserialize_with = "zero_if_null")]
    pub chat_title: String,
}

impl ChatSettings {
    /// The operator's name on the greeting, from `Pseudonym` or else `OperatorName`.
    pub fn operator(&self) -> Option<&str> {
        self.pseudonym.as_deref().or(self.operator_name.as_deref())
    }
}

objects_only!(ChatSettings);
references!(ChatSettings {});
