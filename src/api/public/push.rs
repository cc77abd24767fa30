//! Push tokens: `/public/api/v1/push/channel/<kind>/:channel` (`public-api.md` §3.7
//! rows 47–49), one path per push service: Apple's (`apns`), Firebase's (`fcm`),
//! Huawei's (`hcm`). The answers are not read.
//!
//! ```
//! use iqchannels_proto::api::public::push::FcmToken;
//! use iqchannels_proto::codec;
//!
//! let request = FcmToken::new("support", "fcm-device-token");
//! let encoded = codec::encode_request(&request)?;
//! assert_eq!(encoded.target, "/public/api/v1/push/channel/fcm/support");
//! assert_eq!(encoded.body, br#"{"Type":"fcm","Token":"fcm-device-token"}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::primitives::RawJson;
use iqchannels_proto_macros::wire;

/// `POST /public/api/v1/push/channel/apns/:channel` (§3.7 row 47): an Apple device's
/// token. W (in a host app's webview; also its default for unknown kinds) sends
/// `{Type: "apns", Token}`, S `{Token}` (the token as upper-case hex).
#[wire(
    request, retry,
    post = "/public/api/v1/push/channel/apns/:channel",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct ApnsToken {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
    /// `Type`: `apns` (W; K and S leave it out).
    #[wire(rename = "Type")]
    pub kind: Option<String>,
    /// `Token`: the device's token with the push service.
    pub token: String,
}

impl ApnsToken {
    /// The device token `token` for channel `channel`, with `Type: "apns"` as the
    /// widget writes it.
    pub fn new(channel: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            channel: channel.into(),
            kind: Some("apns".to_owned()),
            token: token.into(),
        }
    }
}

/// `POST /public/api/v1/push/channel/fcm/:channel` (§3.7 row 48): a Firebase device
/// token; W sends `{Type: "fcm", Token}`, K `{Token}`.
#[wire(
    request, retry,
    post = "/public/api/v1/push/channel/fcm/:channel",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct FcmToken {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
    /// `Type`: `fcm` (W; K and S leave it out).
    #[wire(rename = "Type")]
    pub kind: Option<String>,
    /// `Token`: the device's token with the push service.
    pub token: String,
}

impl FcmToken {
    /// The device token `token` for channel `channel`, with `Type: "fcm"` as the
    /// widget writes it.
    pub fn new(channel: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            channel: channel.into(),
            kind: Some("fcm".to_owned()),
            token: token.into(),
        }
    }
}

/// `POST /public/api/v1/push/channel/hcm/:channel` (§3.7 row 49): a Huawei device
/// token; K sends `{Token}`.
#[wire(
    request, retry,
    post = "/public/api/v1/push/channel/hcm/:channel",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct HcmToken {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
    /// `Type`: `hcm` (W; K and S leave it out).
    #[wire(rename = "Type")]
    pub kind: Option<String>,
    /// `Token`: the device's token with the push service.
    pub token: String,
}

impl HcmToken {
    /// The device token `token` for channel `channel`, with `Type: "hcm"` as the
    /// widget writes it.
    pub fn new(channel: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            channel: channel.into(),
            kind: Some("hcm".to_owned()),
            token: token.into(),
        }
    }
}
