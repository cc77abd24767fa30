use super::ChannelKind;
use crate::primitives::Presence;
use iqchannels_proto_macros::wire;

/// `Client.MultiChatsInfo`: how a channel presents itself in a client's list of chats
/// (`public-api.md` §4.4).
///
/// ```
/// use iqchannels_proto::{ChannelKind, MultiChatsInfo};
///
/// let info: MultiChatsInfo = serde_json::from_str(r#"{"ChannelType": "info", "EnableChat": true}"#)?;
/// assert_eq!(info.channel_type, Some(ChannelKind::Info));
/// assert_eq!(info.enable_chat, true.into());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[wire]
pub struct MultiChatsInfo {
    /// `PersonalManagerName`: the personal manager's display name.
    pub personal_manager_name: Option<String>,
    /// `ChannelName`: the channel's title in the list of chats.
    pub channel_name: Option<String>,
    /// `ChannelIconColor`: the `#rrggbb` colour of the channel's badge (the widget's default
    /// is `#0096F7`).
    pub channel_icon_color: Option<String>,
    /// `EnableForPersonalManagers`: offer a `personal_manager` chat in this channel.
    pub enable_for_personal_managers: bool,
    /// `EnableChat`: offer the `regular` chat. Kept absent, `null` or a value as it came:
    /// the Android SDK defaults a missing key to `true` and hides the regular chat only on
    /// `false` (`sdk-fidelity.md` M1), so `enable_chat.unwrap_or(true)` reads it as it does.
    pub enable_chat: Presence<bool>,
    /// `ChannelType`: `info` marks an informational channel (the Android SDK then uses chat
    /// type `info`).
    pub channel_type: Option<ChannelKind>,
}
