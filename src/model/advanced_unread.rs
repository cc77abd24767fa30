use super::UnreadChannel;
use iqchannels_proto_macros::wire;

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
#[wire(rename_all = "camelCase")]
pub struct AdvancedUnread {
    /// `channels`.
    pub channels: Vec<UnreadChannel>,
}
