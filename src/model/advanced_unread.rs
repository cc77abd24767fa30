use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::UnreadChannel;

/// The unread messages of several channels: the result of `clients/get_last_messages`
/// (`public-api.md` §3.1, §4.11; the Android SDK only). Note the **lower-camel** wire names,
/// taken verbatim from that SDK's field names.
///
/// Every field is written, `null` for an absent nullable one.
///
/// ```
/// use iqchannels_proto::AdvancedUnread;
///
/// let unread: AdvancedUnread = serde_json::from_str(
///     r#"{"channels": [{"name": "support", "chatType": "regular", "unreadCount": 2}]}"#,
/// )?;
/// assert_eq!(unread.channels[0].unread_count, 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "camelCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct AdvancedUnread {
    /// `channels`.
    #[serde(deserialize_with = "zero_if_null")]
    pub channels: Vec<UnreadChannel>,
}

objects_only!(AdvancedUnread);
references!(AdvancedUnread {});
