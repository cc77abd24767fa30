use crate::primitives::string_enum;
use crate::primitives::{ChatSettingsId, FileId, Presence};
use iqchannels_proto_macros::wire;

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
#[wire]
pub struct ChatSettings {
    /// `Id`.
    pub id: ChatSettingsId,
    /// `Enabled`: the auto-greeting is on. Kept absent, `null` or a value as it came: the
    /// Android SDK defaults a missing key to `true` (`sdk-fidelity.md` M2).
    pub enabled: Presence<bool>,
    /// `GreetFrom`: `bot`, or an operator-style local greeting.
    pub greet_from: GreetFrom,
    /// `Message`: the greeting's text.
    pub message: String,
    /// `Lifetime`: the seconds the local greeting stays.
    pub lifetime: i32,
    /// `Pseudonym`: the operator's name on the greeting, as the Android and iOS SDKs read
    /// it. Written only when present.
    #[wire(when_present)]
    pub pseudonym: Option<String>,
    /// `OperatorName`: the operator's name on the greeting, as the widget reads it. Written
    /// only when present.
    #[wire(when_present)]
    pub operator_name: Option<String>,
    /// `AvatarId`: the greeting's avatar, shown through `files/image/<id>?size=avatar`.
    /// Kept absent, `null` or a value as it came: the Android SDK stores it in a non-null
    /// field and fails on `null` (`sdk-fidelity.md` M3), so an absent key is never written
    /// `null`.
    pub avatar_id: Presence<FileId>,
    /// `TotalOpenedTickets`: not zero when the client already has an open ticket, and then
    /// there is no greeting.
    pub total_opened_tickets: i32,
    /// `ChatTitle`: the chat screen's title.
    pub chat_title: String,
}

impl ChatSettings {
    /// The operator's name on the greeting, from `Pseudonym` or else `OperatorName`.
    pub fn operator(&self) -> Option<&str> {
        self.pseudonym.as_deref().or(self.operator_name.as_deref())
    }
}
