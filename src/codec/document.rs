//! Parsing a body: UTF-8, the JSON value, and errors located by path, line and column.

use std::cell::{Cell, OnceCell};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_path_to_error::{Path, Segment};

use super::limits::{self, Limits};
use super::{DecodeError, DecodeErrorKind};

/// A body known to be UTF-8, from which values and parts are decoded.
pub(super) struct Document<'a> {
    text: &'a str,
    /// Where each line after the first starts, found once when a second error needs it,
    /// so that many errors (warnings) cost one scan of the body, not one each.
    line_starts: OnceCell<Vec<usize>>,
    /// Whether a location was asked for already.
    located: Cell<bool>,
}

impl<'a> Document<'a> {
    /// The body as text, within `limits`. When it is over a limit or not UTF-8, the
    /// error is the first fault in the body, located at its byte, and its path is where
    /// decoding a `T` had got to at that byte.
    pub(super) fn new<T: Deserialize<'a>>(
        body: &'a [u8],
        limits: &Limits,
    ) -> Result<Self, DecodeError> {
        // The text up to the first invalid UTF-8 byte, if there is one, is checked against
        // the limits first: a limit crossed before that byte is the first fault.
        let (valid, invalid_at) = match std::str::from_utf8(body) {
            Ok(text) => (text, None),
            Err(error) => {
                let valid = std::str::from_utf8(&body[..error.valid_up_to()]).unwrap_or_default();
                (valid, Some(error.valid_up_to()))
            }
        };
        let checked = if invalid_at.is_some() {
            valid.as_bytes()
        } else {
            body
        };
        if let Err(violation) = limits::check(checked, body.len(), limits) {
            return Err(error_at::<T>(
                valid,
                violation.offset,
                DecodeErrorKind::Limit,
                violation.message,
            ));
        }
        match invalid_at {
            None => Ok(Self::of(valid)),
            Some(offset) => Err(error_at::<T>(
                valid,
                offset,
                DecodeErrorKind::Encoding,
                "invalid UTF-8".to_owned(),
            )),
        }
    }

    /// The body's text.
    pub(super) fn text(&self) -> &'a str {
        self.text
    }

    pub(super) fn of(text: &'a str) -> Self {
        Self {
            text,
            line_starts: OnceCell::new(),
            located: Cell::new(false),
        }
    }

    /// Decodes the whole body as one `T`, with nothing after it.
    pub(super) fn decode<T: Deserialize<'a>>(&self) -> Result<T, DecodeError> {
        self.decode_text(self.text, String::new)
    }

    /// Decodes the whole body as one `T` in one pass, or nothing: for a fast path that has
    /// a slower one to fall back on.
    #[cfg(target_arch = "wasm32")]
    pub(super) fn try_decode<T: Deserialize<'a>>(&self) -> Option<T> {
        let mut deserializer = serde_json::Deserializer::from_str(self.text);
        let value = T::deserialize(&mut deserializer).ok()?;
        deserializer.end().ok().map(|()| value)
    }

    /// Decodes `part`, a value borrowed from this body at the JSON path `path` gives (made
    /// only for an error).
    pub(super) fn decode_part<T: Deserialize<'a>>(
        &self,
        part: &'a RawValue,
        path: impl FnOnce() -> String,
    ) -> Result<T, DecodeError> {
        self.decode_text(part.get(), path)
    }

    /// Decodes `json`, a slice of this body, at the JSON path `path` gives (made only for
    /// an error).
    pub(super) fn decode_slice<T: Deserialize<'a>>(
        &self,
        json: &'a str,
        path: impl FnOnce() -> String,
    ) -> Result<T, DecodeError> {
        self.decode_text(json, path)
    }

    /// Decodes `json`, a slice of the body at the path `path` gives. The fast way first;
    /// only when it fails, again with the path tracked, to name where (decoding is
    /// deterministic, so the second pass stops at the same error).
    fn decode_text<T: Deserialize<'a>>(
        &self,
        json: &'a str,
        path: impl FnOnce() -> String,
    ) -> Result<T, DecodeError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        #[cfg(target_arch = "wasm32")]
        {
            // In wasm, one typed pass: where it stopped is found by walking the text before
            // that byte (one walker for every type), where a second typed pass with its
            // path tracked would be a second copy of every type's decoder in the module.
            let error = match T::deserialize(&mut deserializer) {
                Ok(value) => match deserializer.end() {
                    Ok(()) => return Ok(value),
                    Err(error) => return Err(self.error(json, path(), error)),
                },
                Err(error) => error,
            };
            // serde_json places an error after the byte it consumed last (a value it read)
            // or before the one it peeked (a value it refused): the value at fault is the
            // deeper of the paths just before and just after that byte.
            let after = offset_in(json, error.line(), error.column().max(1));
            let inner = [after.saturating_sub(1), after]
                .into_iter()
                .map(|mut stopped| {
                    while !json.is_char_boundary(stopped) {
                        stopped -= 1;
                    }
                    path_at_end(json.get(..stopped).unwrap_or_default())
                })
                .max_by_key(String::len)
                .unwrap_or_default();
            let mut path = path();
            if !inner.is_empty() && !path.is_empty() && !inner.starts_with('[') {
                path.push('.');
            }
            path.push_str(&inner);
            Err(self.error(json, path, error))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            if let Ok(value) = T::deserialize(&mut deserializer) {
                if deserializer.end().is_ok() {
                    return Ok(value);
                }
            }
            self.decode_tracked(json, path)
        }
    }

    /// The second pass of [`Self::decode_text`], natively: the same decoding with its path
    /// tracked, to name where it failed.
    #[cfg(not(target_arch = "wasm32"))]
    fn decode_tracked<T: Deserialize<'a>>(
        &self,
        json: &'a str,
        path: impl FnOnce() -> String,
    ) -> Result<T, DecodeError> {
        let path = path();
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = extend(&path, error.path());
            self.error(json, path, error.into_inner())
        })?;
        deserializer
            .end()
            .map_err(|error| self.error(json, path.clone(), error))?;
        // Not reached: the fast pass failed, so this one does too.
        Ok(value)
    }

    /// Locates `error`, which serde_json located in `json` (a slice of the body), in the
    /// whole body.
    fn error(&self, json: &str, mut path: String, error: serde_json::Error) -> DecodeError {
        use serde_json::error::Category;

        let kind = match error.classify() {
            Category::Eof => DecodeErrorKind::Eof,
            Category::Data => DecodeErrorKind::Data,
            Category::Syntax | Category::Io => DecodeErrorKind::Syntax,
        };
        let (line, column) = (error.line(), error.column());
        // serde_json says column 0 before the first byte of a line is read; columns here
        // are 1-based, the byte it stopped at.
        let relative_column = column.max(1);
        let full = error.to_string();
        let message = full
            .strip_suffix(&format!(" at line {line} column {column}"))
            .unwrap_or(&full)
            .to_owned();
        // serde names a missing or duplicate field in the message and places the error at
        // the object: name the field itself.
        let field = ["missing field `", "duplicate field `"]
            .iter()
            .find_map(|prefix| message.strip_prefix(prefix)?.strip_suffix('`'));
        if let Some(field) = field {
            push_key(&mut path, field);
        }
        // serde_json names a lone surrogate by where it stopped reading the string: name
        // it, where it is.
        if kind == DecodeErrorKind::Syntax && LONE_SURROGATE_MESSAGES.contains(&message.as_str()) {
            let stopped = offset_in(json, line, relative_column);
            if let Some((at, code)) = super::go::lone_surrogate_before(json.as_bytes(), stopped) {
                return DecodeError::new(
                    DecodeErrorKind::Encoding,
                    path,
                    self.location(self.offset_of(json) + at),
                    format!("lone surrogate `\\u{code:04x}` in a string"),
                );
            }
        }
        let (start_line, start_column) = self.location(self.offset_of(json));
        let location = if line <= 1 {
            (start_line, start_column - 1 + relative_column)
        } else {
            (start_line + line - 1, relative_column)
        };
        DecodeError::new(kind, path, location, message)
    }

    /// The 1-based line and column (in bytes) of the byte at `offset` (clamped to the
    /// body).
    pub(super) fn location_of(&self, offset: usize) -> (usize, usize) {
        self.location(offset.min(self.text.len()))
    }

    /// Where `part` starts in the body, in bytes. `part` is always a slice of the body.
    fn offset_of(&self, part: &str) -> usize {
        (part.as_ptr() as usize)
            .checked_sub(self.text.as_ptr() as usize)
            .filter(|offset| *offset <= self.text.len())
            .unwrap_or(0)
    }

    /// The 1-based line and column (in bytes) of the byte at `offset`.
    fn location(&self, offset: usize) -> (usize, usize) {
        // The first location is counted directly, allocating nothing; a second means
        // warnings, possibly many, so the index of line starts is built once for all.
        if !self.located.replace(true) {
            return count_location(self.text.as_bytes(), offset);
        }
        let line_starts = self.line_starts.get_or_init(|| {
            let newlines = self
                .text
                .bytes()
                .enumerate()
                .filter(|(_, byte)| *byte == b'\n');
            newlines.map(|(at, _)| at + 1).collect()
        });
        // Lines before `offset`'s: those starting at or before it.
        let line = line_starts.partition_point(|start| *start <= offset);
        let line_start = if line == 0 { 0 } else { line_starts[line - 1] };
        (line + 1, offset - line_start + 1)
    }
}

/// The error of `kind` for the byte at `offset` of the body, whose text up to there is
/// `valid` (the first invalid UTF-8 byte is never before it). Decoding the text before
/// `offset` finds either an earlier error, which is the first one in the body, or the path
/// that decoding had reached at that byte.
fn error_at<'a, T: Deserialize<'a>>(
    valid: &'a str,
    offset: usize,
    kind: DecodeErrorKind,
    message: String,
) -> DecodeError {
    let before = valid.get(..offset).unwrap_or(valid);
    if let Err(error) = Document::of(before).decode::<T>() {
        if error.kind() != DecodeErrorKind::Eof {
            return error;
        }
    }
    DecodeError::new(
        kind,
        path_at_end(before),
        count_location(before.as_bytes(), before.len()),
        message,
    )
}

/// The JSON path of the value that `text`, a cut-off body, ends inside: walked through the
/// JSON itself, so it also goes into content the crate keeps raw or ignores
/// (`Graph.Users[1].X`), where a typed decode stops at the raw value.
fn path_at_end(text: &str) -> String {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Walk>(&mut deserializer) {
        Err(error) => extend("", error.path()),
        Ok(_) => String::new(),
    }
}

/// Any JSON value, visited (so its keys and indexes can be tracked) and not kept.
struct Walk;

impl<'de> Deserialize<'de> for Walk {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Walk)
    }
}

impl<'de> serde::de::Visitor<'de> for Walk {
    type Value = Walk;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Walk, E> {
        Ok(Walk)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Walk, E> {
        Ok(Walk)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Walk, E> {
        Ok(Walk)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Walk, E> {
        Ok(Walk)
    }

    fn visit_str<E>(self, _: &str) -> Result<Walk, E> {
        Ok(Walk)
    }

    fn visit_unit<E>(self) -> Result<Walk, E> {
        Ok(Walk)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Walk, A::Error> {
        while seq.next_element::<Walk>()?.is_some() {}
        Ok(Walk)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Walk, A::Error> {
        // Keys as strings, so that the path tracking sees them.
        while map.next_key::<std::borrow::Cow<'de, str>>()?.is_some() {
            map.next_value::<Walk>()?;
        }
        Ok(Walk)
    }
}

/// serde_json's messages for an escaped surrogate that is not half of a pair.
const LONE_SURROGATE_MESSAGES: [&str; 2] = [
    "unexpected end of hex escape",
    "lone leading surrogate in hex escape",
];

/// The offset in `text` just after the byte at 1-based `line` and `column` (in bytes).
pub(super) fn offset_in(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|(_, byte)| *byte == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    (line_start + column).min(text.len())
}

/// The 1-based line and column (in bytes) of the byte at `offset` in `body`, counted
/// directly (also what Go's reading, `codec/go.rs`, reports).
pub(super) fn count_location(body: &[u8], offset: usize) -> (usize, usize) {
    let before = &body[..offset.min(body.len())];
    let line = 1 + before.iter().filter(|byte| **byte == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|byte| *byte == b'\n')
        .map_or(0, |at| at + 1);
    (line, before.len() - line_start + 1)
}

/// `path` followed by the segments of `inner`, a path relative to it. A segment
/// serde_path_to_error could not name (`?`: the parser was between keys or elements) and
/// anything after it are left out: the path names the innermost value known.
fn extend(path: &str, inner: &Path) -> String {
    let mut path = path.to_owned();
    for segment in inner {
        match segment {
            Segment::Seq { index } => push_index(&mut path, *index),
            Segment::Map { key } => push_key(&mut path, key),
            Segment::Enum { variant } => push_key(&mut path, variant),
            Segment::Unknown => break,
        }
    }
    path
}

/// Appends an array index to a path: `[3]`.
pub(super) fn push_index(path: &mut String, index: usize) {
    path.push('[');
    path.push_str(itoa::Buffer::new().format(index));
    path.push(']');
}

/// Appends an object key to a path: `.Key` for a plain name, `["a.b"]` (JSON-escaped) for
/// any other, so that a path always reads one way and stays on one line.
pub(super) fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&serde_json::Value::from(key).to_string());
        path.push(']');
    }
}
