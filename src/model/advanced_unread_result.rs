use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::RawJson;
use crate::UnreadLastMessage;

/// A frame's result on the stream `sse/chats/channel/unread/multichat`: one channel's
/// unread messages (`public-api.md` §3.3, §4.11; the Android SDK only), with lower-camel
/// wire names.
///
/// Every field is written, `null` for an absent nullable one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "camelCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct AdvancedUnreadResult {
    /// `id`: its type is not documented (no SDK in the spec's snapshots reads it), so it is
    /// kept exactly as it arrived, `null` included.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: RawJson,
    /// `type`: its values are not documented; kept verbatim.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `name`: the channel's name.
    #[serde(deserialize_with = "zero_if_null")]
    pub name: String,
    /// `lastMessage`: the chat's last message, in short.
    pub last_message: Option<UnreadLastMessage>,
    /// `unreadCount`.
    #[serde(deserialize_with = "zero_if_null")]
    pub unread_count: i32,
}

objects_only!(AdvancedUnreadResult);
references!(AdvancedUnreadResult {});
