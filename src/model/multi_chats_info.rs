use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::ChannelKind;

/// `Client.MultiChatsInfo`: how a channel presents itself in a client's list of chats
/// (`public-api.md` §4.4).
///
/// ```
/// use iqchannels_proto::{ChannelKind, MultiChatsInfo};
///
/// let info: MultiChatsInfo = serde_json::from_str(r#"{"ChannelType": "info", "EnableChat": true}"#)?;
/// assert_eq!(info.channel_type, Some(ChannelKind::Info));
/// assert!(info.enable_chat);
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
pub struct MultiChatsInfo {
    /// `PersonalManagerName`: the personal manager's display name.
    pub personal_manager_name: Option<String>,
    /// `ChannelName`: the channel's title in the list of chats.
    pub channel_name: Option<String>,
    /// `ChannelIconColor`: the `#rrggbb` colour of the channel's badge (the widget's default
    /// is `#0096F7`).
    pub channel_icon_color: Option<String>,
    /// `EnableForPersonalManagers`: offer a `personal_manager` chat in this channel.
    #[serde(deserialize_with = "zero_if_null")]
    pub enable_for_personal_managers: bool,
    /// `EnableChat`: offer the `regular` chat. The wire's zero value is `false`; the
    /// Android SDK's own default, when the object is absent, is `true`.
    #[serde(deserialize_with = "zero_if_null")]
    pub enable_chat: bool,
    /// `ChannelType`: `info` marks an informational channel (the Android SDK then uses chat
    /// type `info`).
    pub channel_type: Option<ChannelKind>,
}

objects_only!(MultiChatsInfo);
references!(MultiChatsInfo {});
