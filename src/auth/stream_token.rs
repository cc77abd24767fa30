//! The `x-client-token` query parameter: a client's stream credential for a browser's
//! `EventSource`, which cannot set headers (public API §2.3).

use std::fmt;

use base64::engine::general_purpose::{STANDARD, STANDARD_PAD_INDIFFERENT};
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha1::Sha1;

use crate::primitives::ClientSessionId;

/// The query parameter's name on the stream's URL.
pub const CLIENT_TOKEN_PARAM: &str = "x-client-token";

/// The longest `x-client-token` value [`ClientStreamToken::parse`] reads, in bytes. The
/// longest real one, with both numbers at 19 digits and a sign and its padding
/// percent-encoded, is 180.
pub const STREAM_TOKEN_MAX_LEN: usize = 512;

/// How far in the future (by the server's clock) a token's `Time` may be, in milliseconds,
/// for [`ClientStreamToken::verify`]: one minute, for a browser whose clock runs ahead and
/// for the time the request takes. A clock that runs behind only makes the token look
/// older, which `max_age_ms` allows for.
pub const STREAM_TOKEN_SKEW_MS: i64 = 60_000;

type HmacSha1 = Hmac<Sha1>;

/// A signed `x-client-token`: the session's id and a time, signed with HMAC-SHA1 keyed
/// with the session's token, so that the token itself never goes in a URL.
///
/// A client builds one for every connection with [`new`](Self::new) and puts
/// [`encode`](Self::encode) in the stream's URL; a server [`parse`](Self::parse)s the
/// parameter, looks up the session by [`session_id`](Self::session_id), and
/// [`verify`](Self::verify)s it with the session's token and its own clock.
///
/// ```
/// use iqchannels_proto::{ClientSessionId, ClientStreamToken};
///
/// // The client (the first test vector of public API §2.3):
/// let token = ClientStreamToken::new(ClientSessionId::new(4242), "example-session-token", 1_700_000_000_000);
/// let value = token.encode();
/// assert_eq!(value, "eyJUb2tlbiI6IntcIlNlc3Npb25JRFwiOjQyNDIsXCJUaW1lXCI6MTcwMDAwMDAwMDAwMH0iLCJTaWduIjoiYTMzMmZiMzZkM2UxYmM4Y2UzYzEyN2ViNDU2NjcyMTFjZjc5YjM3YSJ9");
///
/// // The server, 5 seconds later, accepting tokens up to a minute old:
/// let read = ClientStreamToken::parse(&value)?;
/// assert_eq!(read.session_id(), ClientSessionId::new(4242));
/// read.verify("example-session-token", 60_000, 1_700_000_005_000)?;
/// # Ok::<(), iqchannels_proto::StreamTokenError>(())
/// ```
#[derive(Clone)]
pub struct ClientStreamToken {
    session_id: ClientSessionId,
    time_ms: i64,
    /// The signed text, exactly as signed or received.
    text: String,
    sign: [u8; 20],
}

/// Why an `x-client-token` was refused. Never contains the session's token or the sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum StreamTokenError {
    /// The value is longer than [`STREAM_TOKEN_MAX_LEN`].
    #[error("the x-client-token is longer than {} bytes", STREAM_TOKEN_MAX_LEN)]
    TooLong,
    /// The value is not standard base64 (`=` may be percent-encoded as `%3D`).
    #[error("the x-client-token is not standard base64")]
    NotBase64,
    /// The decoded value is not the JSON object `{"Token": <string>, "Sign": <string>}`.
    #[error(
        "the x-client-token is not the JSON object {{\"Token\": <string>, \"Sign\": <string>}}"
    )]
    NotSignedJson,
    /// `Sign` is not 40 hexadecimal digits.
    #[error("the x-client-token's Sign is not 40 hexadecimal digits")]
    InvalidSign,
    /// `Token` is not the JSON object `{"SessionID": <int64>, "Time": <int64>}`.
    #[error("the x-client-token's Token is not the JSON object {{\"SessionID\": <int64>, \"Time\": <int64>}}")]
    InvalidText,
    /// `Sign` is not the HMAC of `Token` with the session's token: another session's
    /// token, or a tampered value.
    #[error("the x-client-token's Sign does not match")]
    BadSignature,
    /// `Time` is older than the age allowed.
    #[error("the x-client-token has expired")]
    Expired,
    /// `Time` is further in the future than [`STREAM_TOKEN_SKEW_MS`].
    #[error("the x-client-token's Time is in the future")]
    FromTheFuture,
}

impl ClientStreamToken {
    /// Client side: the token for the session `session_id` whose token is
    /// `session_token`, at `time_ms` (milliseconds since the Unix epoch: the caller's
    /// clock, read afresh for every connection).
    ///
    /// ```
    /// use iqchannels_proto::ClientStreamToken;
    ///
    /// let token = ClientStreamToken::new(109_356, "tok14", 1_700_550_026_870);
    /// assert_eq!(token.token_text(), r#"{"SessionID":109356,"Time":1700550026870}"#);
    /// ```
    pub fn new(session_id: impl Into<ClientSessionId>, session_token: &str, time_ms: i64) -> Self {
        let session_id = session_id.into();
        let text = format!(r#"{{"SessionID":{},"Time":{time_ms}}}"#, session_id.get());
        let sign = mac(session_token, &text).finalize().into_bytes().into();
        Self {
            session_id,
            time_ms,
            text,
            sign,
        }
    }

    /// The query parameter's value: standard base64 with padding, `=` not
    /// percent-encoded, as the web widget sends it (no `+` or `/` can occur, so it stands
    /// in a URL as is). Holds a credential until it expires: do not log it.
    ///
    /// ```
    /// use iqchannels_proto::{ClientStreamToken, CLIENT_TOKEN_PARAM};
    ///
    /// let token = ClientStreamToken::new(109_356, "tok14", 1_700_550_026_870);
    /// let url = format!("/public/api/v1/chats/channel/listen/support?{CLIENT_TOKEN_PARAM}={}", token.encode());
    /// assert!(url.ends_with("?x-client-token=eyJUb2tlbiI6IntcIlNlc3Npb25JRFwiOjEwOTM1NixcIlRpbWVcIjoxNzAwNTUwMDI2ODcwfSIsIlNpZ24iOiIzYzE3Zjg5YWQ4OWM5MGVjMmJjNTdjNjgwYWExYjEyMjg1ZjJhZDgwIn0="));
    /// ```
    pub fn encode(&self) -> String {
        let mut signed = String::with_capacity(self.text.len() + 80);
        signed.push_str(r#"{"Token":"#);
        push_json_string(&mut signed, &self.text);
        signed.push_str(r#","Sign":""#);
        for byte in self.sign {
            signed.push(char::from(HEX[usize::from(byte >> 4)]));
            signed.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        signed.push_str(r#""}"#);
        STANDARD.encode(signed)
    }

    /// Server side, first step: reads the query parameter's value, percent-decoded or not
    /// (`%3D` or `%3d` for `=`; padding may also be left out). Checks its form only: that
    /// it is authentic and recent is [`verify`](Self::verify)'s job. `Sign` is read in
    /// either case of hexadecimal digit.
    ///
    /// ```
    /// use iqchannels_proto::{ClientSessionId, ClientStreamToken, StreamTokenError};
    ///
    /// let read = ClientStreamToken::parse("eyJUb2tlbiI6IntcIlNlc3Npb25JRFwiOjEwOTM1NixcIlRpbWVcIjoxNzAwNTUwMDI2ODcwfSIsIlNpZ24iOiIzYzE3Zjg5YWQ4OWM5MGVjMmJjNTdjNjgwYWExYjEyMjg1ZjJhZDgwIn0%3D")?;
    /// assert_eq!((read.session_id(), read.time_ms()), (ClientSessionId::new(109_356), 1_700_550_026_870));
    /// assert_eq!(ClientStreamToken::parse("not base64!").unwrap_err(), StreamTokenError::NotBase64);
    /// # Ok::<(), StreamTokenError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When the value is too long, not base64, not the signed JSON, or its `Sign` or
    /// `Token` is not of its form.
    pub fn parse(value: impl AsRef<[u8]>) -> Result<Self, StreamTokenError> {
        let value = value.as_ref();
        if value.len() > STREAM_TOKEN_MAX_LEN {
            return Err(StreamTokenError::TooLong);
        }
        let base64 = percent_decode_padding(value)?;
        let signed = STANDARD_PAD_INDIFFERENT
            .decode(base64)
            .map_err(|_| StreamTokenError::NotBase64)?;
        let signed: SignedWire =
            serde_json::from_slice(&signed).map_err(|_| StreamTokenError::NotSignedJson)?;
        let sign = parse_hex(signed.sign.as_bytes()).ok_or(StreamTokenError::InvalidSign)?;
        let text: TextWire =
            serde_json::from_str(&signed.token).map_err(|_| StreamTokenError::InvalidText)?;
        Ok(Self {
            session_id: ClientSessionId::new(text.session_id),
            time_ms: text.time,
            text: signed.token,
            sign,
        })
    }

    /// Server side, second step: checks that `Sign` is the HMAC-SHA1 of the `Token` text
    /// exactly as received, keyed with `session_token` (the token of the session
    /// [`session_id`](Self::session_id) names), compared in constant time; then that
    /// `Time` is at most `max_age_ms` before `now_ms` and at most
    /// [`STREAM_TOKEN_SKEW_MS`] after it. `now_ms` is the server's clock, in milliseconds
    /// since the Unix epoch: the crate reads no clock.
    ///
    /// ```
    /// use iqchannels_proto::{ClientStreamToken, StreamTokenError};
    ///
    /// let token = ClientStreamToken::new(4242, "example-session-token", 1_700_000_000_000);
    /// let read = ClientStreamToken::parse(token.encode())?;
    /// assert_eq!(read.verify("another-token", 60_000, 1_700_000_000_000), Err(StreamTokenError::BadSignature));
    /// assert_eq!(read.verify("example-session-token", 60_000, 1_700_000_060_001), Err(StreamTokenError::Expired));
    /// assert_eq!(read.verify("example-session-token", 60_000, 1_699_999_000_000), Err(StreamTokenError::FromTheFuture));
    /// # Ok::<(), StreamTokenError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`StreamTokenError::BadSignature`] when the sign does not match (checked first),
    /// else [`StreamTokenError::Expired`] or [`StreamTokenError::FromTheFuture`].
    pub fn verify(
        &self,
        session_token: &str,
        max_age_ms: u64,
        now_ms: i64,
    ) -> Result<(), StreamTokenError> {
        mac(session_token, &self.text)
            .verify_slice(&self.sign)
            .map_err(|_| StreamTokenError::BadSignature)?;
        let age = i128::from(now_ms) - i128::from(self.time_ms);
        if age > i128::from(max_age_ms) {
            return Err(StreamTokenError::Expired);
        }
        if -age > i128::from(STREAM_TOKEN_SKEW_MS) {
            return Err(StreamTokenError::FromTheFuture);
        }
        Ok(())
    }

    /// The session the token claims: `SessionID` in its text.
    ///
    /// ```
    /// use iqchannels_proto::{ClientSessionId, ClientStreamToken};
    ///
    /// assert_eq!(ClientStreamToken::new(7, "t", 0).session_id(), ClientSessionId::new(7));
    /// ```
    pub fn session_id(&self) -> ClientSessionId {
        self.session_id
    }

    /// When the client made it: `Time` in its text, in milliseconds since the Unix epoch.
    ///
    /// ```
    /// use iqchannels_proto::ClientStreamToken;
    ///
    /// assert_eq!(ClientStreamToken::new(7, "t", 1_700_000_000_000).time_ms(), 1_700_000_000_000);
    /// ```
    pub fn time_ms(&self) -> i64 {
        self.time_ms
    }

    /// The signed text (`Token`), exactly as signed or received:
    /// `{"SessionID":<id>,"Time":<ms>}` from a client that follows the recipe.
    ///
    /// ```
    /// use iqchannels_proto::ClientStreamToken;
    ///
    /// assert_eq!(ClientStreamToken::new(7, "t", 8).token_text(), r#"{"SessionID":7,"Time":8}"#);
    /// ```
    pub fn token_text(&self) -> &str {
        &self.text
    }

    /// The signature (`Sign`), as bytes: the HMAC-SHA1 of the text. With the rest of the
    /// token it is a credential until the token expires: do not log it.
    ///
    /// ```
    /// use iqchannels_proto::ClientStreamToken;
    ///
    /// let sign = ClientStreamToken::new(4242, "example-session-token", 1_700_000_000_000).sign();
    /// assert_eq!(sign[..4], [0xa3, 0x32, 0xfb, 0x36]);
    /// ```
    pub fn sign(&self) -> [u8; 20] {
        self.sign
    }
}

impl fmt::Debug for ClientStreamToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientStreamToken")
            .field("session_id", &self.session_id)
            .field("time_ms", &self.time_ms)
            .field("sign", &format_args!("<redacted>"))
            .finish()
    }
}

/// `{"Token": <string>, "Sign": <string>}`, exactly these members.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedWire {
    #[serde(rename = "Token")]
    token: String,
    #[serde(rename = "Sign")]
    sign: String,
}

/// `{"SessionID": <int64>, "Time": <int64>}`, exactly these members.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextWire {
    #[serde(rename = "SessionID")]
    session_id: i64,
    #[serde(rename = "Time")]
    time: i64,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The HMAC-SHA1 of `text` keyed with `key`, not yet finalised.
fn mac(key: &str, text: &str) -> HmacSha1 {
    // HMAC takes a key of any length (a long one is hashed first): this cannot fail.
    let mut mac = HmacSha1::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(text.as_bytes());
    mac
}

/// The value with `%3D` (either case) turned into `=`; any other `%` is not base64.
fn percent_decode_padding(value: &[u8]) -> Result<Vec<u8>, StreamTokenError> {
    let mut decoded = Vec::with_capacity(value.len());
    let mut rest = value;
    while let Some((&byte, after)) = rest.split_first() {
        if byte == b'%' {
            match after {
                [b'3', b'D' | b'd', tail @ ..] => {
                    decoded.push(b'=');
                    rest = tail;
                }
                _ => return Err(StreamTokenError::NotBase64),
            }
        } else {
            decoded.push(byte);
            rest = after;
        }
    }
    Ok(decoded)
}

/// 40 hexadecimal digits, in either case, as 20 bytes.
fn parse_hex(hex: &[u8]) -> Option<[u8; 20]> {
    let digit = |byte: u8| {
        char::from(byte)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut bytes = [0u8; 20];
    if hex.len() != 2 * bytes.len() {
        return None;
    }
    for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(bytes)
}

/// Appends `text` as a JSON string, escaped as JavaScript's `JSON.stringify` escapes it.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let code = u32::from(c);
                out.push_str("\\u00");
                out.push(char::from(HEX[(code >> 4) as usize]));
                out.push(char::from(HEX[(code & 0xf) as usize]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
