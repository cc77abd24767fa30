//! Decode limits: what a body may hold. The fast reader (`reader.rs`) counts items and
//! nesting as it reads and stops at the first limit crossed; a body it leaves to
//! serde_json is checked here, in one pass over its bytes before any value is built. Either
//! way, no body makes the decoder commit more memory than a body within the limits can.

use super::swar::{bytes_equal, first_marked, word_at, ONES};

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
    /// The most elements in any array and members in any object. Default: 100,000; 0
    /// counts as 1.
    pub max_items: usize,
    /// The deepest nesting of arrays and objects, the body itself being depth 1. Default:
    /// 64; values above 128 count as 128 (serde_json decodes typed values no deeper than
    /// that, and this keeps skipped and raw content, which it does not bound, as shallow).
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

/// The deepest nesting any limits allow: about serde_json's recursion limit for typed
/// values (it stops at level 128), applied here to skipped and raw content too, which
/// serde_json does not bound.
pub(super) const SERDE_JSON_MAX_DEPTH: usize = 128;

/// A limit a body goes over, and the byte where it does.
#[derive(Debug)]
pub(super) struct Violation {
    pub(super) offset: usize,
    pub(super) message: String,
}

/// Checks `body` (the whole body, `body_len` bytes, or the part of it before an invalid
/// UTF-8 byte) against `limits` in one pass over its bytes: the size, then, outside
/// strings, the nesting of `[` and `{` and the commas of each array and object. Syntax is
/// not checked here (the parser does that); a body that is not JSON may pass or fail.
pub(super) fn check(body: &[u8], body_len: usize, limits: &Limits) -> Result<(), Violation> {
    if body_len > limits.max_body_bytes {
        return Err(Violation {
            offset: 0,
            message: format!(
                "the body has {body_len} bytes, over the limit of {}",
                limits.max_body_bytes
            ),
        });
    }
    let max_depth = limits.max_depth.min(SERDE_JSON_MAX_DEPTH);
    if cannot_exceed(body, limits.max_items, max_depth) {
        return Ok(());
    }
    // Commas so far in each open array or object: its items, less one.
    let mut commas = [0usize; SERDE_JSON_MAX_DEPTH];
    let mut depth = 0;
    let mut offset = 0;
    while let Some(byte) = body.get(offset) {
        match byte {
            b'"' => {
                // Skip the string: to the closing quote, past escaped characters.
                offset = string_end(body, offset + 1);
            }
            b'[' | b'{' => {
                if depth >= max_depth {
                    let message = format!("nesting deeper than the limit of {max_depth} levels");
                    return Err(Violation { offset, message });
                }
                if let Some(count) = commas.get_mut(depth) {
                    *count = 0;
                }
                depth += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
            }
            b',' => {
                if let Some(count) = depth.checked_sub(1).and_then(|open| commas.get_mut(open)) {
                    *count += 1;
                    if *count >= limits.max_items {
                        let message = format!("more items than the limit of {}", limits.max_items);
                        return Err(Violation { offset, message });
                    }
                }
            }
            // Whitespace, numbers and literals: runs of them skipped eight bytes at a time.
            _ => {
                offset = next_structural(body, offset);
                continue;
            }
        }
        offset += 1;
    }
    Ok(())
}

/// Whether `body` is too small to go over the item and depth limits, whatever its
/// structure: an array or object of more than `max_items` items takes at least two bytes
/// an item (the item and a comma), and nesting deeper than `max_depth` takes more than
/// `max_depth` opening brackets and braces (counted in strings too, which only makes the
/// count larger). Requests and small responses skip the scan this way. The item bound
/// holds for JSON; a body that is not (`{,`) may then fail as a syntax error rather
/// than a limit, at the same byte or before.
fn cannot_exceed(body: &[u8], max_items: usize, max_depth: usize) -> bool {
    body.len() <= max_items.max(1).saturating_mul(2)
        && body
            .iter()
            // `[` and `{` are the bytes that are `{` with the 0x20 bit set.
            .filter(|byte| *byte | 0x20 == b'{')
            .count()
            <= max_depth
}

/// The offset of the first byte at or after `from` that the check looks at (a quote, a
/// bracket, a brace or a comma), or the body's length. Looks at eight bytes at a time:
/// whitespace, numbers and literals are skipped at once.
fn next_structural(body: &[u8], mut from: usize) -> usize {
    while let Some(word) = word_at(body, from) {
        // `[` and `{` differ in one bit (0x20), as do `]` and `}`.
        let folded = word | (ONES * 0x20);
        let marks = bytes_equal(word, b'"')
            | bytes_equal(word, b',')
            | bytes_equal(folded, b'{')
            | bytes_equal(folded, b'}');
        if marks != 0 {
            return from + first_marked(marks);
        }
        from += 8;
    }
    while let Some(byte) = body.get(from) {
        if matches!(byte, b'"' | b',' | b'[' | b']' | b'{' | b'}') {
            return from;
        }
        from += 1;
    }
    body.len()
}

/// The offset of the quote that closes the string whose contents start at `from` (the
/// body's length if none does), skipping escaped characters. Looks at eight bytes at a
/// time for a quote or a backslash: strings are most of a body's bytes.
pub(super) fn string_end(body: &[u8], mut from: usize) -> usize {
    loop {
        // Whole words with neither a quote nor a backslash are skipped at once; in the
        // first word with one, straight to it.
        while let Some(word) = word_at(body, from) {
            let marks = bytes_equal(word, b'"') | bytes_equal(word, b'\\');
            if marks != 0 {
                from += first_marked(marks);
                break;
            }
            from += 8;
        }
        match body.get(from) {
            None => return body.len(),
            Some(b'"') => return from,
            Some(b'\\') => from += 2,
            Some(_) => from += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{check, next_structural, string_end, Limits};

    #[test]
    fn the_next_structural_byte_is_found_in_any_position() {
        for structural in *b"\",[]{}" {
            for at in 0..27 {
                // Every position: in a whole word and in the last, partial one.
                let mut body = b"  123 true\n\t null -4.5e+7  ".to_vec();
                body[at] = structural;
                assert_eq!(next_structural(&body, 0), at, "{:?}", structural as char);
                assert_eq!(next_structural(&body, at + 1), body.len());
            }
        }
        // `|0x20` folds only `[` and `]` onto `{` and `}`.
        let others: Vec<u8> = (0..=255u8)
            .filter(|byte| !b"\",[]{}".contains(byte))
            .collect();
        assert_eq!(next_structural(&others, 0), others.len());
    }

    #[test]
    fn strings_end_at_their_unescaped_quote() {
        for (text, end) in [
            (&br#"abc" x"#[..], 3),
            (br#"a\"b" x"#, 4),
            (br#"\\" x"#, 2),
            (br#"0123456789abcdef\"0123456789" x"#, 28),
            (br#"0123456789abcdefghij"#, 20),
            (br#"ends with a backslash\"#, 22),
        ] {
            assert_eq!(
                string_end(text, 0),
                end,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
        let text = "é—😀 long enough to use words\" x";
        assert_eq!(string_end(text.as_bytes(), 0), text.find('"').unwrap());
    }

    #[test]
    fn only_bodies_that_could_go_over_a_limit_are_scanned() {
        use super::cannot_exceed;
        // Two items take at least three bytes: `1,2`.
        assert!(cannot_exceed(b"[1,2]", 3, 8));
        assert!(!cannot_exceed(b"[1,2]", 2, 8));
        assert!(cannot_exceed(br#"{"a": [{}]}"#, 100, 3));
        assert!(!cannot_exceed(br#"{"a": [{}]}"#, 100, 2));
        // Brackets in strings count: the bound only errs on the side of scanning.
        assert!(!cannot_exceed(br#"{"a": "[[["}"#, 100, 3));
        // A body the shortcut lets through is within the limits by the full scan too.
        let limits = Limits {
            max_items: 2,
            max_depth: 2,
            ..Limits::default()
        };
        for body in [&b"[1,2]"[..], b"[[1],[2]]", br#"{"a":{"b":1}}"#, b"[]"] {
            if cannot_exceed(body, limits.max_items, limits.max_depth) {
                assert!(check(body, body.len(), &limits).is_ok(), "{body:?}");
            }
        }
    }

    #[test]
    fn structure_inside_strings_is_not_counted() {
        let limits = Limits {
            max_items: 2,
            max_depth: 2,
            ..Limits::default()
        };
        let check = |body: &[u8]| check(body, body.len(), &limits);
        assert!(check(br#"{"a": "[[[,,,]]]", "b\"[,": ["x,y"]}"#).is_ok());
        assert!(check(br#"{"a": [[1]]}"#).is_err());
        assert!(check(br#"{"a": 1, "b": 2, "c": 3}"#).is_err());
    }
}
