//! The common response in one pass, for the interpreters (`interpret/`): a scan of the body
//! that checks its UTF-8, its JSON syntax as serde_json reads it and the [`Limits`] as it
//! goes, and notes where each entry of the top object and of the objects just below it
//! lies (the envelope and its graph). No value is built: the interpreters read the data and
//! the graph's elements from the body.
//!
//! Its contract is the fast reader's (`reader.rs`), one-sided: when it reads a body, the
//! limits scan and serde_json read it too, and the envelope built from its entries is the
//! one they read. It leaves to them (giving `None`) anything they could refuse or read
//! otherwise, to find and locate the fault:
//! - anything malformed or over a limit;
//! - an escaped key in the envelope or its graph, an escaped surrogate anywhere;
//! - a number with an exponent or of more than [`MAX_NUMBER`] bytes (serde_json refuses
//!   one beyond `f64` where it reads one);
//! - a top value that is not an object.
//!
//! Not a serde `Deserializer`, so that it adds no copy of any type's decoding to the wasm
//! module: one loop, whatever the method.

use super::limits::{Limits, SERDE_JSON_MAX_DEPTH};
use super::swar::next_escape;

/// The longest number the scan reads; a longer one is left to serde_json.
const MAX_NUMBER: usize = 64;

/// Marks an entry of the top object, in [`Entry::parent`].
pub(super) const TOP: usize = usize::MAX;

/// An entry of the top object, or of an object that is the value of one: where its key's
/// text (between its quotes, with no escape) and its value are in the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) key: (usize, usize),
    pub(super) value: (usize, usize),
    /// The index of the top entry whose value holds it, or [`TOP`].
    pub(super) parent: usize,
}

/// An array or an object being scanned.
struct Frame {
    object: bool,
    /// Its commas so far.
    commas: usize,
    /// The entry it is the value of, or [`TOP`] when it is no noted entry's.
    entry: usize,
}

/// Scans `body` within `limits`: its text and the entries of its top object and of the
/// objects just below, in the body's order; `None` for a body left to serde_json.
pub(super) fn scan<'a>(body: &'a [u8], limits: &Limits) -> Option<(&'a str, Vec<Entry>)> {
    if body.len() > limits.max_body_bytes {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    let bytes = text.as_bytes();
    // As the limits scan counts: the open arrays and objects, and each one's commas. (And
    // below serde_json's own depth, which it reaches one level sooner for a typed value.)
    let max_depth = limits.max_depth.min(SERDE_JSON_MAX_DEPTH - 1);
    let max_items = limits.max_items.max(1);
    let mut entries = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = skip_ws(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    // The entry whose value starts at `at`, if it is noted.
    let mut entry = TOP;
    loop {
        // A value at `at`.
        match *bytes.get(at)? {
            open @ (b'{' | b'[') => {
                if stack.len() >= max_depth {
                    return None;
                }
                let object = open == b'{';
                stack.push(Frame {
                    object,
                    commas: 0,
                    entry,
                });
                at = skip_ws(bytes, at + 1);
                let close = if object { b'}' } else { b']' };
                if bytes.get(at) != Some(&close) {
                    entry = TOP;
                    if object {
                        (at, entry) = key(bytes, at, &stack, &mut entries)?;
                    }
                    continue;
                }
                // Empty: closed below.
            }
            b'"' => {
                at = string_end(bytes, at)?;
                end_entry(&mut entries, entry, at);
            }
            b't' => at = literal(bytes, at, b"true", &mut entries, entry)?,
            b'f' => at = literal(bytes, at, b"false", &mut entries, entry)?,
            b'n' => at = literal(bytes, at, b"null", &mut entries, entry)?,
            b'-' | b'0'..=b'9' => {
                at = number_end(bytes, at)?;
                end_entry(&mut entries, entry, at);
            }
            _ => return None,
        }
        // After a value: the next one of its array or object, or the end of those it ends.
        loop {
            at = skip_ws(bytes, at);
            let Some(frame) = stack.last_mut() else {
                // The top object ended: nothing but white space may follow.
                return (at == bytes.len()).then_some((text, entries));
            };
            match bytes.get(at) {
                Some(b',') => {
                    frame.commas += 1;
                    if frame.commas >= max_items {
                        return None;
                    }
                    at = skip_ws(bytes, at + 1);
                    entry = TOP;
                    if frame.object {
                        (at, entry) = key(bytes, at, &stack, &mut entries)?;
                    }
                    break;
                }
                Some(b'}') if frame.object => {}
                Some(b']') if !frame.object => {}
                _ => return None,
            }
            at += 1;
            let closed = stack.pop()?;
            end_entry(&mut entries, closed.entry, at);
        }
    }
}

/// The key at `at` of the object on top of `stack`, its colon and the white space after
/// it: where its value starts, and the entry noted for it (or [`TOP`] when it is below the
/// objects the scan notes).
fn key(
    bytes: &[u8],
    at: usize,
    stack: &[Frame],
    entries: &mut Vec<Entry>,
) -> Option<(usize, usize)> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let end = string_end(bytes, at)?;
    let colon = skip_ws(bytes, end);
    if bytes.get(colon) != Some(&b':') {
        return None;
    }
    let value = skip_ws(bytes, colon + 1);
    let parent = match stack {
        [_] => TOP,
        [_, below] if below.entry != TOP => below.entry,
        _ => return Some((value, TOP)),
    };
    let key = (at + 1, end - 1);
    // An escaped key is left to serde_json, which unescapes it.
    if bytes.get(key.0..key.1)?.contains(&b'\\') {
        return None;
    }
    entries.push(Entry {
        key,
        value: (value, value),
        parent,
    });
    Some((value, entries.len() - 1))
}

/// Notes that the value of `entry` (unless it is [`TOP`]) ends at `end`.
fn end_entry(entries: &mut [Entry], entry: usize, end: usize) {
    if let Some(entry) = entries.get_mut(entry) {
        entry.value.1 = end;
    }
}

/// After the literal `word` at `at`.
fn literal(
    bytes: &[u8],
    at: usize,
    word: &[u8],
    entries: &mut [Entry],
    entry: usize,
) -> Option<usize> {
    let end = at + word.len();
    (bytes.get(at..end)? == word).then_some(())?;
    end_entry(entries, entry, end);
    Some(end)
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        at += 1;
    }
    at
}

/// After the string at `at` (its opening quote): its escapes valid, no control character,
/// no escaped surrogate.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    loop {
        at = next_escape(bytes, at);
        match *bytes.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => match *bytes.get(at + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => at += 2,
                b'u' => {
                    let hex = std::str::from_utf8(bytes.get(at + 2..at + 6)?).ok()?;
                    if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                        return None;
                    }
                    let code = u16::from_str_radix(hex, 16).ok()?;
                    if (0xD800..0xE000).contains(&code) {
                        return None;
                    }
                    at += 6;
                }
                _ => return None,
            },
            // A control character.
            _ => return None,
        }
    }
}

/// After the number at `at`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, at most [`MAX_NUMBER`] bytes.
fn number_end(bytes: &[u8], at: usize) -> Option<usize> {
    let digits = |mut from: usize| {
        while bytes.get(from).is_some_and(u8::is_ascii_digit) {
            from += 1;
        }
        from
    };
    let mut end = at + usize::from(bytes.get(at) == Some(&b'-'));
    end = match *bytes.get(end)? {
        b'0' => end + 1,
        b'1'..=b'9' => digits(end + 1),
        _ => return None,
    };
    if bytes.get(end) == Some(&b'.') {
        let fraction = digits(end + 1);
        if fraction == end + 1 {
            return None;
        }
        end = fraction;
    }
    // What follows is read as after any value: an exponent, a digit after a leading zero
    // and the like are refused there, and left to serde_json.
    (end - at <= MAX_NUMBER).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::{scan, Entry, TOP};
    use crate::codec::Limits;

    fn keys(body: &str) -> Option<Vec<(String, String, usize)>> {
        let (text, entries) = scan(body.as_bytes(), &Limits::default())?;
        Some(
            entries
                .iter()
                .map(|Entry { key, value, parent }| {
                    (
                        text[key.0..key.1].to_owned(),
                        text[value.0..value.1].to_owned(),
                        *parent,
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn notes_the_envelope_and_the_objects_below_it() {
        let body = r#" {"OK": true, "Data": [1, {"a": 2}], "Graph": {"Users": [{"Id": 1}], "X": null},
            "Error": null, "Deep": {"a": {"b": 1}}} "#;
        let entries = keys(body).unwrap();
        let named: Vec<(&str, &str, usize)> = entries
            .iter()
            .map(|(key, value, parent)| (key.as_str(), value.as_str(), *parent))
            .collect();
        assert_eq!(
            named,
            [
                ("OK", "true", TOP),
                ("Data", r#"[1, {"a": 2}]"#, TOP),
                ("Graph", r#"{"Users": [{"Id": 1}], "X": null}"#, TOP),
                ("Users", r#"[{"Id": 1}]"#, 2),
                ("X", "null", 2),
                ("Error", "null", TOP),
                ("Deep", r#"{"a": {"b": 1}}"#, TOP),
                ("a", r#"{"b": 1}"#, 6),
            ]
        );
    }

    #[test]
    fn reads_what_serde_json_reads_and_leaves_the_rest() {
        let read = [
            r#"{}"#,
            r#"{"a": [], "b": {}, "c": [[]], "d": "\"\\\/\b\f\n\r\t\u00e9", "e": -0.5}"#,
            "{\"a\":\"é—😀\"}\n",
            r#"{"a": [0, -1, 12.25, true, false, null]}"#,
        ];
        for body in read {
            assert!(keys(body).is_some(), "{body}");
            assert!(serde_json::from_str::<serde_json::Value>(body).is_ok());
        }
        let left = [
            "",
            "[]",
            "1",
            r#"{"a": 1,}"#,
            r#"{"a": [1,]}"#,
            r#"{"a" 1}"#,
            r#"{"a": 01}"#,
            r#"{"a": 1.}"#,
            r#"{"a": 1e5}"#,
            r#"{"a": -}"#,
            r#"{"a": +1}"#,
            r#"{"a": tru}"#,
            r#"{"a": "\x"}"#,
            r#"{"a": "\u12"}"#,
            r#"{"a": "\ud800"}"#,
            "{\"a\": \"\t\"}",
            r#"{"a\"b": 1}"#,
            r#"{"a": 1} x"#,
            r#"{"a": 1"#,
            r#"{"a": [1}"#,
            "\u{feff}{}",
        ];
        for body in left {
            assert!(keys(body).is_none(), "{body}");
        }
        assert!(scan(b"{\"a\": \"\xff\"}", &Limits::default()).is_none());
    }

    #[test]
    fn leaves_a_body_at_a_limit() {
        let limits = Limits {
            max_items: 3,
            max_depth: 3,
            ..Limits::default()
        };
        // As the limits scan counts: three commas are over a limit of three items.
        assert!(scan(br#"{"a": [1, 2, 3, 4]}"#, &limits).is_none());
        assert!(scan(br#"{"a": [1, 2, 3]}"#, &limits).is_some());
        assert!(scan(br#"{"a": [[[1]]]}"#, &limits).is_none());
        assert!(scan(br#"{"a": [[1]]}"#, &limits).is_some());
        let small = Limits {
            max_body_bytes: 4,
            ..Limits::default()
        };
        assert!(scan(br#"{"a": 1}"#, &small).is_none());
    }
}
