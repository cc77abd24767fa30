//! The widget's log: `/public/api/v1/log/message` (`public-api.md` §3.7 row 50).
//!
//! ```
//! use iqchannels_proto::api::public::log::LogMessage;
//! use iqchannels_proto::codec;
//!
//! let request = LogMessage::new("unknown event type: chat_assigned");
//! assert_eq!(
//!     codec::encode_request(&request)?.body,
//!     br#"{"Widget":true,"Level":2,"Message":"unknown event type: chat_assigned"}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::primitives::RawJson;
use iqchannels_proto_macros::wire;

/// `POST /public/api/v1/log/message` (§3.7 row 50): a line of the widget's log on the
/// server, `{Widget: true, Level: 2, Message}` (W, for events it does not know; never
/// retried). The answer is not read.
#[wire(
    request,
    post = "/public/api/v1/log/message",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct LogMessage {
    /// `Widget`: `true`: from the widget.
    pub widget: bool,
    /// `Level`: the widget sends 2.
    pub level: i32,
    /// `Message`: the line.
    pub message: String,
}

impl LogMessage {
    /// The line `message`, as the widget sends it (`Widget: true`, `Level: 2`).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            widget: true,
            level: 2,
            message: message.into(),
        }
    }
}
