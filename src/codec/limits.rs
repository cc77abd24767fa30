//! Decode limits: what a body may hold, checked in one pass over its bytes before any
//! value is built, so no body can make the decoder commit more memory than the limits
//! allow.

/// What a body may hold. [`Limits::default()`] is what `decode_response` and
/// `decode_request` use; the `_with` functions take others.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::codec::{self, Limits};
/// use iqchannels_proto::DecodeErrorKind;
///
/// let mut limits = Limits::default();
/// limits.max_items = 2;
/// let body = br#"{"OK": true, "Graph": {"Users": [{"Id": 1}, {"Id": 2}, {"Id": 3}]}}"#;
/// let error = codec::decode_response_with::<CreateMessage>(body, &limits).unwrap_err();
/// assert_eq!(error.kind(), DecodeErrorKind::Limit);
/// assert_eq!(error.path(), "Graph.Users");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// The largest body, in bytes. Default: 32 MiB.
    pub max_body_bytes: usize,
    /// The most elements in any array and members in any object. Default: 100,000.
    pub max_items: usize,
    /// The deepest nesting of arrays and objects, the body itself being depth 1. Default:
    /// 64; values above 128 (serde_json's own limit) count as 128.
    pub max_depth: usize,
    /// The most warnings kept for one response; beyond, they are only counted
    /// ([`Decoded::more_warnings`](super::Decoded::more_warnings)). Default: 100.
    pub max_warnings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 32 << 20,
            max_items: 100_000,
            max_depth: 64,
            max_warnings: 100,
        }
    }
}

/// serde_json's recursion limit: no deeper nesting is ever decoded.
const SERDE_JSON_MAX_DEPTH: usize = 128;

/// A limit a body goes over, and the byte where it does.
#[derive(Debug)]
pub(super) struct Violation {
    pub(super) offset: usize,
    pub(super) message: String,
}

/// Checks `body` against `limits` in one pass over its bytes: the size, then, outside
/// strings, the nesting of `[` and `{` and the commas of each array and object. Syntax is
/// not checked here (the parser does that); a body that is not JSON may pass or fail.
pub(super) fn check(body: &[u8], limits: &Limits) -> Result<(), Violation> {
    if body.len() > limits.max_body_bytes {
        return Err(Violation {
            offset: 0,
            message: format!(
                "the body has {} bytes, over the limit of {}",
                body.len(),
                limits.max_body_bytes
            ),
        });
    }
    let max_depth = limits.max_depth.min(SERDE_JSON_MAX_DEPTH);
    // Commas so far in each open array or object: its items, less one.
    let mut commas: Vec<usize> = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    for (offset, byte) in body.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if *byte == b'\\' {
                escaped = true;
            } else if *byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                if commas.len() >= max_depth {
                    let message = format!("nesting deeper than the limit of {max_depth} levels");
                    return Err(Violation { offset, message });
                }
                commas.push(0);
            }
            b']' | b'}' => {
                commas.pop();
            }
            b',' => {
                if let Some(count) = commas.last_mut() {
                    *count += 1;
                    if *count >= limits.max_items {
                        let message = format!("more items than the limit of {}", limits.max_items);
                        return Err(Violation { offset, message });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
