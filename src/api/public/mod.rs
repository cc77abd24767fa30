//! The public client API: `/public/api/v1/...`, what the vendor's customer-side SDKs call
//! (the web widget W, the Android SDK K, the iOS SDK S; `public-api.md`). One module per
//! area, each method's request type beside its response data, every doc comment citing
//! the section and row of `public-api.md` §3 it comes from.
//!
//! | module | paths | §3 rows |
//! |--------|-------|---------|
//! | [`clients`] | `clients/...`: sign-in, sign-up, the client's profile | 1–10 |
//! | [`chats`] | `chats/channel/...`: a channel's chat, its history, sending, typing, the streams `sse/...` | 11–13, 19–20, 22–24 |
//! | [`messages`] | `chats/messages/...`: delivery and read receipts, product offers, `bad_words` | 14–18, 21 |
//! | [`files`] | `files/...`: upload, tokens, downloads, configuration | 25–30 |
//! | [`ratings`] | `ratings/...`: ratings and polls | 31–35 |
//! | [`settings`] | chat settings, the widget's configuration, info requests | 36–46 |
//! | [`push`] | `push/channel/...`: push tokens | 47–49 |
//! | [`log`] | `log/message` | 50 |
//!
//! Paths are keyed by the channel's **name** (`:channel`, a `String`), not its id. Every
//! call answers with `Result`/`Rels` ([`Spelling::ResultRels`](crate::methods::Spelling)),
//! except the settings and widget calls whose SDKs read `Data` (§3.6 rows 36–44). Request
//! types write the widget's (W) form, PascalCase; a server reading a body as the Go server
//! does ([`codec::decode_request`](crate::codec::decode_request)) also accepts the iOS
//! SDK's lower-camel keys (`chatType`, `maxID`, `ratingId`), since Go matches keys ignoring
//! case (§1.4). Where the SDKs send different fields (§3.9), a request holds the union of
//! them, each optional one an `Option` that is left out when absent.
//!
//! ```
//! use iqchannels_proto::api::public::chats::{ChannelMessages, MessageQuery};
//! use iqchannels_proto::{codec, ChatType};
//!
//! let request = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular).limit(50));
//! let encoded = codec::encode_request(&request)?;
//! assert_eq!(encoded.target, "/public/api/v1/chats/channel/messages/support");
//! assert_eq!(encoded.body, br#"{"ChatType":"regular","Limit":50}"#);
//! // The iOS SDK's spelling of the same query, as the Go server reads it:
//! let ios = br#"{"chatType": "regular", "limit": 50}"#;
//! let read = codec::decode_request_at::<ChannelMessages>(&encoded.target, ios)?;
//! assert_eq!(read.value, request);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod chats;
pub mod clients;
pub mod files;
pub mod log;
pub mod messages;
pub mod push;
pub mod ratings;
pub mod settings;

use crate::references::{References, Visitor};

/// A link points at nothing.
impl References for String {
    fn references(&self, _: &mut Visitor<'_>) {}
}
