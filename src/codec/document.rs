//! Parsing a body: UTF-8, the JSON value, and errors located by path, line and column.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{DecodeError, DecodeErrorKind};

/// A body known to be UTF-8, from which values and parts are decoded.
pub(super) struct Document<'a> {
    text: &'a str,
}

impl<'a> Document<'a> {
    /// The body as text. When it is not UTF-8, the error is located at the first invalid
    /// byte, and its path is where decoding a `T` had got to at that byte.
    pub(super) fn new<T: Deserialize<'a>>(body: &'a [u8]) -> Result<Self, DecodeError> {
        match std::str::from_utf8(body) {
            Ok(text) => Ok(Self { text }),
            Err(error) => Err(invalid_utf8::<T>(body, error.valid_up_to())),
        }
    }

    /// Decodes the whole body as one `T`, with nothing after it.
    pub(super) fn decode<T: Deserialize<'a>>(&self) -> Result<T, DecodeError> {
        self.decode_text(self.text, "")
    }

    /// Decodes `part`, a value borrowed from this body at JSON path `path`.
    pub(super) fn decode_part<T: Deserialize<'a>>(
        &self,
        part: &'a RawValue,
        path: &str,
    ) -> Result<T, DecodeError> {
        self.decode_text(part.get(), path)
    }

    fn decode_text<T: Deserialize<'a>>(&self, json: &'a str, path: &str) -> Result<T, DecodeError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let inner_path = error.path().to_string();
            self.error(json, &join(path, &inner_path), error.into_inner())
        })?;
        deserializer
            .end()
            .map_err(|error| self.error(json, path, error))?;
        Ok(value)
    }

    /// Locates `error`, which serde_json located in `json` (a slice of the body), in the
    /// whole body.
    fn error(&self, json: &str, path: &str, error: serde_json::Error) -> DecodeError {
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
        let path = match field {
            Some(field) => join(path, field),
            None => path.to_owned(),
        };
        let (start_line, start_column) = self.location(self.offset_of(json));
        let location = if line <= 1 {
            (start_line, start_column - 1 + relative_column)
        } else {
            (start_line + line - 1, relative_column)
        };
        DecodeError::new(kind, path, location, message)
    }

    /// Where `part` starts in the body, in bytes. `part` is always a slice of the body.
    fn offset_of(&self, part: &str) -> usize {
        (part.as_ptr() as usize)
            .checked_sub(self.text.as_ptr() as usize)
            .filter(|offset| *offset <= self.text.len())
            .unwrap_or(0)
    }

    /// The 1-based line and column of the byte at `offset`.
    fn location(&self, offset: usize) -> (usize, usize) {
        location(self.text.as_bytes(), offset)
    }
}

/// The 1-based line and column (in bytes) of the byte at `offset` in `body`.
fn location(body: &[u8], offset: usize) -> (usize, usize) {
    let before = &body[..offset.min(body.len())];
    let line = 1 + before.iter().filter(|byte| **byte == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|byte| *byte == b'\n')
        .map_or(0, |i| i + 1);
    (line, before.len() - line_start + 1)
}

/// The error for a body whose first invalid UTF-8 byte is at `offset`. Decoding the valid
/// text before it finds either an earlier error, which is the first one in the body, or
/// the path that decoding had reached at that byte.
fn invalid_utf8<'a, T: Deserialize<'a>>(body: &'a [u8], offset: usize) -> DecodeError {
    let valid = std::str::from_utf8(&body[..offset]).unwrap_or_default();
    let path = match (Document { text: valid }).decode::<T>() {
        Err(error) if error.kind() != DecodeErrorKind::Eof => return error,
        Err(error) => error.path().to_owned(),
        Ok(_) => String::new(),
    };
    DecodeError::new(
        DecodeErrorKind::Encoding,
        path,
        location(body, offset),
        "invalid UTF-8".to_owned(),
    )
}

/// `path` followed by `inner`, a serde_path_to_error path relative to it (`.` for itself).
fn join(path: &str, inner: &str) -> String {
    match (path, inner) {
        (_, ".") | (_, "") => path.to_owned(),
        ("", _) => inner.to_owned(),
        (_, _) if inner.starts_with('[') => format!("{path}{inner}"),
        (_, _) => format!("{path}.{inner}"),
    }
}
