//! The text of a response read in one pass, checked as it goes (`interpret/`): the pieces
//! the one-pass reading reads with, each checking the text as serde_json reads it and the
//! [`Limits`] as the limits scan counts them. A value one of them refuses is left to serde_json
//! and the limits scan, which find and locate the fault; so is anything they could read
//! otherwise:
//! - anything malformed or over a limit;
//! - an escaped surrogate anywhere;
//! - a number with an exponent or of more than [`MAX_NUMBER`] bytes (serde_json refuses
//!   one beyond `f64` where it reads one).
//!
//! Not a serde `Deserializer`, so that it adds no copy of any type's decoding to the wasm
//! module: one loop, whatever the method.

use super::limits::{Limits, SERDE_JSON_MAX_DEPTH};
use super::swar::next_escape;

/// The longest number read; a longer one is left to serde_json.
const MAX_NUMBER: usize = 64;

/// The bounds a reading of text no one checked keeps, as the limits scan counts them: how
/// deep arrays and objects may nest, and how many commas one may have.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds {
    max_depth: usize,
    max_items: usize,
}

impl Bounds {
    /// No bounds: for text checked already.
    pub(crate) const NONE: Self = Self {
        max_depth: usize::MAX,
        max_items: usize::MAX,
    };

    /// `limits`' bounds (and below serde_json's own depth, which it reaches one level
    /// sooner for a typed value).
    pub(crate) fn of(limits: &Limits) -> Self {
        Self {
            max_depth: limits.max_depth.min(SERDE_JSON_MAX_DEPTH - 1),
            max_items: limits.max_items.max(1),
        }
    }

    /// Whether an array or an object may open where `open` are open already.
    pub(crate) fn may_open(&self, open: usize) -> bool {
        open < self.max_depth
    }

    /// Whether an array or an object may have `commas` commas.
    pub(crate) fn may_have(&self, commas: usize) -> bool {
        commas < self.max_items
    }
}

/// After the value at `at`, inside `open` arrays and objects: checked as the scan checks a
/// body, within `bounds`; `None` for a value left to serde_json.
pub(crate) fn skip(bytes: &[u8], mut at: usize, open: usize, bounds: &Bounds) -> Option<usize> {
    // The arrays and objects open in the value: whether each is an object, its commas.
    let mut stack: Vec<(bool, usize)> = Vec::new();
    loop {
        match *bytes.get(at)? {
            bracket @ (b'{' | b'[') => {
                if !bounds.may_open(open + stack.len()) {
                    return None;
                }
                let object = bracket == b'{';
                stack.push((object, 0));
                at = skip_ws(bytes, at + 1);
                let close = if object { b'}' } else { b']' };
                if bytes.get(at) != Some(&close) {
                    if object {
                        at = key_value(bytes, at)?;
                    }
                    continue;
                }
                // Empty: closed below.
            }
            b'"' => at = string_end(bytes, at)?,
            b't' | b'f' | b'n' => at = literal_end(bytes, at)?,
            b'-' | b'0'..=b'9' => at = number_end(bytes, at)?,
            _ => return None,
        }
        // After a value: the next one of its array or object, or the end of those it ends.
        loop {
            let Some((object, commas)) = stack.last_mut() else {
                return Some(at);
            };
            at = skip_ws(bytes, at);
            match bytes.get(at) {
                Some(b',') => {
                    *commas += 1;
                    if !bounds.may_have(*commas) {
                        return None;
                    }
                    at = skip_ws(bytes, at + 1);
                    if *object {
                        at = key_value(bytes, at)?;
                    }
                    break;
                }
                Some(b'}') if *object => {}
                Some(b']') if !*object => {}
                _ => return None,
            }
            at += 1;
            stack.pop();
        }
    }
}

/// The key at `at` (any string), its colon and the white space after it: where its value
/// starts.
fn key_value(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let colon = skip_ws(bytes, string_end(bytes, at)?);
    (bytes.get(colon) == Some(&b':')).then(|| skip_ws(bytes, colon + 1))
}

/// After the literal `true`, `false` or `null` at `at`.
pub(crate) fn literal_end(bytes: &[u8], at: usize) -> Option<usize> {
    let word: &[u8] = match bytes.get(at)? {
        b't' => b"true",
        b'f' => b"false",
        _ => b"null",
    };
    let end = at + word.len();
    (bytes.get(at..end)? == word).then_some(end)
}

/// Past the white space at `at`.
pub(crate) fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        at += 1;
    }
    at
}

/// After the string at `at` (its opening quote): its escapes valid, no control character,
/// no escaped surrogate.
pub(crate) fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    string_end_escaped(bytes, at).map(|(end, _)| end)
}

/// [`string_end`], and whether the string has an escape.
pub(crate) fn string_end_escaped(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    let mut at = at + 1;
    let mut escaped = false;
    loop {
        at = next_escape(bytes, at);
        match *bytes.get(at)? {
            b'"' => return Some((at + 1, escaped)),
            b'\\' => {
                escaped = true;
                match *bytes.get(at + 1)? {
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
                }
            }
            // A control character.
            _ => return None,
        }
    }
}

/// After the number at `at`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, at most [`MAX_NUMBER`] bytes.
pub(crate) fn number_end(bytes: &[u8], at: usize) -> Option<usize> {
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
    // An exponent, a digit after a leading zero and the like are left to serde_json: the
    // number is not over where the grammar above ends.
    let over = !matches!(
        bytes.get(end),
        Some(b'0'..=b'9' | b'e' | b'E' | b'.' | b'+' | b'-')
    );
    (over && end - at <= MAX_NUMBER).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::{skip, Bounds};
    use crate::codec::Limits;

    fn skipped(text: &str, bounds: &Bounds) -> Option<usize> {
        skip(text.as_bytes(), 0, 0, bounds)
    }

    #[test]
    fn skips_what_serde_json_reads_and_leaves_the_rest() {
        let bounds = Bounds::of(&Limits::default());
        let read = [
            r#"{}"#,
            r#"{"a": [], "b": {}, "c": [[]], "d": "\"\\\/\b\f\n\r\t\u00e9", "e": -0.5}"#,
            "{\"a\":\"é—😀\"}",
            r#"{"a": [0, -1, 12.25, true, false, null]}"#,
            r#"{"a\"b": 1}"#,
            "[]",
            "1",
            "-0.25",
            "\"text\"",
        ];
        for text in read {
            assert_eq!(skipped(text, &bounds), Some(text.len()), "{text}");
            assert!(serde_json::from_str::<serde_json::Value>(text).is_ok());
        }
        // What follows a value is its reader's: the skip ends after the value.
        assert_eq!(skipped(r#"{"a": 1} x"#, &bounds), Some(8));
        let left = [
            "",
            r#"{"a": 1,}"#,
            r#"{"a": [1,]}"#,
            r#"{"a" 1}"#,
            r#"{"a": 1.}"#,
            r#"{"a": 1e5}"#,
            "1e5",
            "01",
            "1.5e-3",
            r#"{"a": -}"#,
            r#"{"a": +1}"#,
            r#"{"a": tru}"#,
            r#"{"a": "\x"}"#,
            r#"{"a": "\u12"}"#,
            r#"{"a": "\ud800"}"#,
            "{\"a\": \"\t\"}",
            r#"{"a": 1"#,
            r#"{"a": [1}"#,
            "\u{feff}{}",
        ];
        for text in left {
            assert_eq!(skipped(text, &bounds), None, "{text}");
        }
    }

    #[test]
    fn leaves_a_value_beyond_its_bounds() {
        let bounds = Bounds::of(&Limits {
            max_items: 3,
            max_depth: 3,
            ..Limits::default()
        });
        // As the limits scan counts: three commas are over a limit of three items.
        assert_eq!(skipped("[1, 2, 3, 4]", &bounds), None);
        assert_eq!(skipped("[1, 2, 3]", &bounds), Some(9));
        assert_eq!(skipped("[[[1]]]", &bounds), Some(7));
        assert_eq!(skipped("[[[[1]]]]", &bounds), None);
        // Inside one more array or object, one level less.
        assert_eq!(skip(b"[[[1]]]", 0, 1, &bounds), None);
    }
}
