//! Go's reading of a request: a body read as the Go server's `encoding/json` (Go 1.19)
//! reads it into the same struct, with a [`Warning`] for each departure from the
//! documented form.
//!
//! Two passes, as Go makes them. The first checks the whole body's syntax as Go's scanner
//! does (so a syntax error anywhere is the error, whatever comes before it), within the
//! [`Limits`], into a tree of nodes that keep their byte offsets. Strings stay as written
//! until read; reading one decodes it as Go's `unquote` does: each byte that is not UTF-8
//! becomes one U+FFFD (as `utf8.DecodeRune` gives it, not as Rust's `from_utf8_lossy`
//! would), and so does an escaped surrogate that is not half of a pair.
//!
//! The second pass is a serde `Deserializer` over the tree with Go's semantics, so every
//! type of the crate decodes through it unchanged:
//! - a struct's keys match its fields exactly first, else ignoring case as Go folds them
//!   (ASCII letters, and `K` (U+212A) for `k`, `ſ` (U+017F) for `s`); unknown keys are
//!   ignored;
//! - a key given more than once: every occurrence is decoded into the same field in order,
//!   as Go does, so the last scalar wins, objects merge, and `null` leaves a non-pointer
//!   field as it was; a slice reuses its elements (Go 1.19's `array()`), a map takes fresh
//!   values;
//! - a missing field is its zero value; `null` is the zero value of a non-pointer, `None`
//!   of an `Option`;
//! - integers must be integer literals within the Go type's range (`1.0` is refused),
//!   `-0` is `0`; floats are read exactly (correctly rounded, as Go's `ParseFloat`);
//! - raw JSON keeps the value's text as written; `deserialize_any` replaces, as Go's
//!   `interface{}` does.
//!
//! A type error does not stop the decoding, as in Go: the first error in the body is the
//! one reported, with its path, line and column. Which fields are required (where strict
//! reading refuses a missing one, so where a missing one is a departure) is learned from
//! serde's own derive: when it reports a missing field, the decoding starts again with
//! that field given as its zero value; each field is learned once per body.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::BinaryHeap;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Error as _, IntoDeserializer, Unexpected, Visitor,
};

use super::document::{count_location, push_index, push_key};
use super::limits::{string_end, Limits, SERDE_JSON_MAX_DEPTH};
use super::swar::next_escape;
use super::{DecodeError, DecodeErrorKind, Decoded, Warning, WarningKind};
use crate::primitives::wire::OBJECT_STRUCT;
use crate::primitives::RAW_VALUE_STRUCT;

/// No node: the path of the body itself, or no parent.
const NONE: u32 = u32::MAX;

/// The most times a body is decoded again to give missing required fields their zero
/// values: beyond any type's count of fields.
const MAX_ATTEMPTS: usize = 256;

/// The deepest the decoding goes, zero values of nested structs included: the tree is at
/// most 128 deep, and a type whose zero value nests deeper (a required field of its own
/// type) cannot be built.
const MAX_DECODE_DEPTH: usize = 2 * SERDE_JSON_MAX_DEPTH;

/// Reads `body` as Go reads it into a `T`, keeping the first `keep` warnings in body order
/// (the others counted).
pub(super) fn read<T: DeserializeOwned>(
    body: &[u8],
    limits: &Limits,
    keep: usize,
) -> Result<Decoded<T>, DecodeError> {
    if body.len() > limits.max_body_bytes || body.len() >= NONE as usize {
        let limit = limits.max_body_bytes.min(NONE as usize - 1);
        return Err(DecodeError::new(
            DecodeErrorKind::Limit,
            String::new(),
            (1, 1),
            format!(
                "the body has {} bytes, over the limit of {limit}",
                body.len()
            ),
        ));
    }
    let mut parse_warnings = Warnings::new(keep);
    let tree = parse(body, limits, &mut parse_warnings)?;
    let context = Context {
        tree,
        required: RefCell::new(Vec::new()),
        warnings: RefCell::new(Warnings::new(keep)),
        fault: RefCell::new(None),
        sequence: Cell::new(0),
        depth: Cell::new(0),
        lines: OnceCell::new(),
    };
    let mut attempts = 0;
    loop {
        attempts += 1;
        context.warnings.replace(Warnings::new(keep));
        context.fault.replace(None);
        context.depth.set(0);
        let root = if context.tree.nodes.is_empty() {
            context.warn(WarningKind::EmptyBody, 0, NONE, None, Detail::None);
            Value::zero(&context, NONE)
        } else {
            Value::one(&context, 0)
        };
        let result = T::deserialize(root);
        let recorded = context.fault.take();
        let fault = match result {
            Ok(value) => match recorded {
                None => {
                    let (warnings, more_warnings) = context.finish(
                        parse_warnings,
                        context.warnings.replace(Warnings::new(keep)),
                    );
                    return Ok(Decoded {
                        value,
                        warnings,
                        more_warnings,
                    });
                }
                Some(fault) => fault,
            },
            Err(Error {
                what: What::Retry, ..
            }) if attempts < MAX_ATTEMPTS => continue,
            Err(error) => {
                let raised = context.fault_of(error);
                match recorded {
                    Some(recorded) if recorded.order() <= raised.order() => recorded,
                    _ => raised,
                }
            }
        };
        return Err(context.error(fault));
    }
}

/// Whether Go's decoder would match `key` (decoded, not one of `fields` exactly) to one of
/// `fields`.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn folds_onto_any(key: &str, fields: &[&str]) -> bool {
    fields.iter().any(|field| equal_fold(field, key))
}

/// Whether `key` matches the field name `field` (ASCII) as Go 1.19's `foldFunc` matches
/// them: ASCII letters ignoring case, other ASCII bytes exactly, and the Kelvin sign K
/// (U+212A) for `k` or `K`, the long s `ſ` (U+017F) for `s` or `S`.
fn equal_fold(field: &str, key: &str) -> bool {
    let mut key = key.as_bytes();
    for &expected in field.as_bytes() {
        let Some(&byte) = key.first() else {
            return false;
        };
        if byte.is_ascii() {
            let same_letter =
                expected.is_ascii_alphabetic() && expected.eq_ignore_ascii_case(&byte);
            if byte != expected && !same_letter {
                return false;
            }
            key = &key[1..];
        } else {
            let special = match expected {
                b'k' | b'K' => "\u{212a}",
                b's' | b'S' => "\u{17f}",
                _ => return false,
            };
            match key.strip_prefix(special.as_bytes()) {
                Some(rest) => key = rest,
                None => return false,
            }
        }
    }
    key.is_empty()
}

/// The field `key` fills: the one of exactly that name, else the first that Go's folding
/// matches; and whether the match was exact.
fn match_field(fields: &[&str], key: &str) -> Option<(usize, bool)> {
    if let Some(index) = fields.iter().position(|field| *field == key) {
        return Some((index, true));
    }
    fields
        .iter()
        .position(|field| equal_fold(field, key))
        .map(|index| (index, false))
}

// ---------------------------------------------------------------------------------------
// The tree.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Null,
    False,
    True,
    Number,
    String,
    Array,
    Object,
}

/// A string with a backslash escape.
const ESCAPED: u8 = 1;
/// A string with bytes that are not UTF-8.
const INVALID_UTF8: u8 = 2;
/// A string with an escaped surrogate that is not half of a pair.
const LONE_SURROGATE: u8 = 4;
/// An object's key.
const KEY: u8 = 8;

/// A value of the body, or an object's key. An object's children are its keys and values
/// in turn, each value right after its key; an array's are its elements.
#[derive(Clone, Copy, Debug)]
struct Node {
    kind: Kind,
    /// For strings: [`ESCAPED`], [`INVALID_UTF8`], [`LONE_SURROGATE`], [`KEY`].
    flags: u8,
    /// The offset of its first byte.
    start: u32,
    /// The offset after its last byte.
    end: u32,
    /// The index of the first node after it and its descendants.
    after: u32,
    /// The array or object it is in, or [`NONE`].
    parent: u32,
    /// Its index in its array, or its member's in its object.
    index: u32,
}

struct Tree<'a> {
    body: &'a [u8],
    /// In the body's order: each node before its descendants.
    nodes: Vec<Node>,
}

impl<'a> Tree<'a> {
    fn node(&self, node: u32) -> &Node {
        &self.nodes[node as usize]
    }

    fn kind(&self, node: u32) -> Kind {
        self.node(node).kind
    }

    /// The node's text as written.
    fn raw(&self, node: u32) -> &'a [u8] {
        let node = self.node(node);
        &self.body[node.start as usize..node.end as usize]
    }

    /// The children of an array or object.
    fn children(&self, node: u32) -> Children<'_, 'a> {
        Children {
            tree: self,
            next: node + 1,
            end: self.node(node).after,
        }
    }

    /// A string's value, as Go's `unquote` gives it.
    fn string(&self, node: u32) -> Cow<'a, str> {
        string_of(self.body, &self.nodes, node)
    }

    /// A number's literal.
    fn number(&self, node: u32) -> &'a str {
        // Numbers are ASCII.
        std::str::from_utf8(self.raw(node)).unwrap_or_default()
    }

    /// The node's text as written, for raw JSON: invalid UTF-8 made U+FFFD, as it must be
    /// to be text (Go keeps the bytes).
    fn raw_text(&self, node: u32) -> Cow<'a, str> {
        let raw = self.raw(node);
        match std::str::from_utf8(raw) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => Cow::Owned(coerce_utf8(raw)),
        }
    }

    /// The JSON path of a node (an object's key: its object's).
    fn path(&self, node: u32) -> String {
        path_of(self.body, &self.nodes, node)
    }
}

/// A string's value, as Go's `unquote` gives it.
fn string_of<'a>(body: &'a [u8], nodes: &[Node], node: u32) -> Cow<'a, str> {
    let entry = &nodes[node as usize];
    let inner = &body[entry.start as usize + 1..entry.end as usize - 1];
    if entry.flags & (ESCAPED | INVALID_UTF8) == 0 {
        // Checked while parsing: UTF-8, no escapes.
        if let Ok(text) = std::str::from_utf8(inner) {
            return Cow::Borrowed(text);
        }
    }
    Cow::Owned(unquote(inner))
}

/// The JSON path of a node: the keys (as Go reads them) and indexes from the body down;
/// an object's key has its object's path. [`NONE`]'s is the body's.
fn path_of(body: &[u8], nodes: &[Node], node: u32) -> String {
    let mut path = String::with_capacity(32);
    push_path(&mut path, body, nodes, node);
    path
}

/// Appends the path of `node` to `path` (the tree is at most 128 deep).
fn push_path(path: &mut String, body: &[u8], nodes: &[Node], node: u32) {
    if node == NONE {
        return;
    }
    let entry = &nodes[node as usize];
    if entry.parent == NONE {
        return;
    }
    push_path(path, body, nodes, entry.parent);
    if entry.flags & KEY != 0 {
        return;
    }
    if nodes[entry.parent as usize].kind == Kind::Array {
        push_index(path, entry.index as usize);
    } else {
        // A value comes right after its key.
        push_key(path, &string_of(body, nodes, node - 1));
    }
}

struct Children<'t, 'a> {
    tree: &'t Tree<'a>,
    next: u32,
    end: u32,
}

impl Iterator for Children<'_, '_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.next >= self.end {
            return None;
        }
        let node = self.next;
        self.next = self.tree.node(node).after;
        Some(node)
    }
}

/// The members of an object: key and value.
fn members<'t>(tree: &'t Tree<'_>, object: u32) -> impl Iterator<Item = (u32, u32)> + 't {
    let mut children = tree.children(object);
    std::iter::from_fn(move || Some((children.next()?, children.next()?)))
}

/// Go's `unquote` of a string's contents (between the quotes), checked by the scanner.
fn unquote(inner: &[u8]) -> String {
    let mut text = String::with_capacity(inner.len());
    let mut at = 0;
    while let Some(&byte) = inner.get(at) {
        if byte == b'\\' {
            let escaped = inner.get(at + 1).copied().unwrap_or(b'\\');
            at += 2;
            let character = match escaped {
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let (character, size) = unicode_escape(&inner[at - 2..]);
                    at += size - 2;
                    character
                }
                other => char::from(other),
            };
            text.push(character);
        } else if byte.is_ascii() {
            text.push(char::from(byte));
            at += 1;
        } else {
            let (character, size) = decode_rune(&inner[at..]);
            text.push(character);
            at += size;
        }
    }
    text
}

/// The character of the `\u` escape `escape` starts with, and how many bytes it takes:
/// 12 for a surrogate pair, else 6, a surrogate that is not half of a pair being U+FFFD.
fn unicode_escape(escape: &[u8]) -> (char, usize) {
    let Some(first) = hex4(escape) else {
        return (char::REPLACEMENT_CHARACTER, 6);
    };
    if !(0xD800..0xE000).contains(&first) {
        return (
            char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER),
            6,
        );
    }
    if (0xD800..0xDC00).contains(&first) {
        if let Some(second) = escape.get(6..).and_then(hex4) {
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return (
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
                    12,
                );
            }
        }
    }
    (char::REPLACEMENT_CHARACTER, 6)
}

/// The four hex digits of a `\u` escape at the start of `escape`.
fn hex4(escape: &[u8]) -> Option<u32> {
    if escape.get(..2) != Some(b"\\u") {
        return None;
    }
    let digits = std::str::from_utf8(escape.get(2..6)?).ok()?;
    if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// The character `bytes` starts with and its length, as Go's `utf8.DecodeRune` gives
/// them: U+FFFD and 1 for a byte that does not start a whole, valid UTF-8 sequence.
fn decode_rune(bytes: &[u8]) -> (char, usize) {
    let len = match bytes.first() {
        Some(0x00..=0x7F) => 1,
        Some(0xC2..=0xDF) => 2,
        Some(0xE0..=0xEF) => 3,
        Some(0xF0..=0xF4) => 4,
        _ => return (char::REPLACEMENT_CHARACTER, 1),
    };
    match bytes
        .get(..len)
        .and_then(|sequence| std::str::from_utf8(sequence).ok())
        .and_then(|text| text.chars().next())
    {
        Some(character) => (character, len),
        None => (char::REPLACEMENT_CHARACTER, 1),
    }
}

/// `bytes` as text, each byte of an invalid sequence U+FFFD as Go decodes it.
fn coerce_utf8(mut bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => {
                text.push_str(valid);
                return text;
            }
            Err(error) => {
                let (valid, rest) = bytes.split_at(error.valid_up_to());
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let (character, size) = decode_rune(rest);
                text.push(character);
                bytes = &rest[size..];
            }
        }
    }
}

/// The first escaped surrogate that is not half of a pair in the last string of `text`
/// that starts before `offset` (where serde_json stopped at one): its offset and code
/// unit.
pub(super) fn lone_surrogate_before(text: &[u8], offset: usize) -> Option<(usize, u32)> {
    let mut at = 0;
    let mut last = None;
    while at < offset.min(text.len()) {
        if text[at] == b'"' {
            last = Some(at);
            at = string_end(text, at + 1) + 1;
        } else {
            at += 1;
        }
    }
    let start = last? + 1;
    let end = string_end(text, start);
    first_lone_surrogate(&text[start..end]).map(|(at, code)| (start + at, code))
}

/// The offset (in `inner`, a string's contents) of the first escaped surrogate that is
/// not half of a pair, and its code unit.
fn first_lone_surrogate(inner: &[u8]) -> Option<(usize, u32)> {
    let mut at = 0;
    while at < inner.len() {
        if inner[at] != b'\\' {
            at += 1;
            continue;
        }
        if inner.get(at + 1) != Some(&b'u') {
            at += 2;
            continue;
        }
        let (character, size) = unicode_escape(&inner[at..]);
        if character == char::REPLACEMENT_CHARACTER {
            if let Some(code) = hex4(&inner[at..]) {
                if (0xD800..0xE000).contains(&code) {
                    return Some((at, code));
                }
            }
        }
        at += size;
    }
    None
}

// ---------------------------------------------------------------------------------------
// The first pass: Go's scanner.

/// A container being parsed.
struct Open {
    node: u32,
    /// Its items so far.
    items: usize,
    /// An object's last key, or [`NONE`].
    key: u32,
}

struct Parser<'a, 'w> {
    body: &'a [u8],
    at: usize,
    nodes: Vec<Node>,
    open: Vec<Open>,
    max_depth: usize,
    max_items: usize,
    warnings: &'w mut Warnings,
}

/// Where a syntax error puts the path: at the container, or at the value being read in it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Container,
    Value,
}

fn parse<'a>(
    body: &'a [u8],
    limits: &Limits,
    warnings: &mut Warnings,
) -> Result<Tree<'a>, DecodeError> {
    if body.is_empty() {
        return Ok(Tree {
            body,
            nodes: Vec::new(),
        });
    }
    let mut parser = Parser {
        body,
        at: 0,
        // A value takes at least two bytes but the last: room for a body of short values
        // in one allocation or two.
        nodes: Vec::with_capacity(body.len() / 8 + 4),
        open: Vec::new(),
        max_depth: limits.max_depth.min(SERDE_JSON_MAX_DEPTH),
        max_items: limits.max_items.max(1),
        warnings,
    };
    parser.run()?;
    Ok(Tree {
        body,
        nodes: parser.nodes,
    })
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.body.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) -> Option<u8> {
        while let Some(byte) = self.peek() {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    fn run(&mut self) -> Result<(), DecodeError> {
        'value: loop {
            // A value, its first byte next.
            let Some(byte) = self.skip_whitespace() else {
                return Err(self.eof(Place::Value));
            };
            match byte {
                b'{' | b'[' => {
                    let kind = if byte == b'{' {
                        Kind::Object
                    } else {
                        Kind::Array
                    };
                    let node = self.push(kind);
                    if self.open.len() >= self.max_depth {
                        let message =
                            format!("nesting deeper than the limit of {} levels", self.max_depth);
                        return Err(self.fail_at(node, DecodeErrorKind::Limit, message));
                    }
                    self.open.push(Open {
                        node,
                        items: 0,
                        key: NONE,
                    });
                    self.at += 1;
                    let close = if kind == Kind::Object { b'}' } else { b']' };
                    if self.skip_whitespace() == Some(close) {
                        self.at += 1;
                        self.close();
                    } else {
                        self.item()?;
                        if kind == Kind::Object {
                            self.key()?;
                        }
                        continue 'value;
                    }
                }
                b'"' => {
                    self.string(Place::Value)?;
                }
                b'-' | b'0'..=b'9' => self.number()?,
                b't' => self.literal(Kind::True, b"true")?,
                b'f' => self.literal(Kind::False, b"false")?,
                b'n' => self.literal(Kind::Null, b"null")?,
                other => {
                    return Err(self.syntax(
                        Place::Value,
                        format!(
                            "invalid character {} looking for beginning of value",
                            quote_byte(other)
                        ),
                    ))
                }
            }
            // After a value: a comma and the next, or the end of containers.
            loop {
                let Some(open) = self.open.last() else {
                    return match self.skip_whitespace() {
                        None => Ok(()),
                        Some(other) => Err(self.syntax(
                            Place::Container,
                            format!(
                                "invalid character {} after top-level value",
                                quote_byte(other)
                            ),
                        )),
                    };
                };
                let object = self.nodes[open.node as usize].kind == Kind::Object;
                match self.skip_whitespace() {
                    None => return Err(self.eof(Place::Container)),
                    Some(b',') => {
                        self.at += 1;
                        self.item()?;
                        if object {
                            self.key()?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if object => {
                        self.at += 1;
                        self.close();
                    }
                    Some(b']') if !object => {
                        self.at += 1;
                        self.close();
                    }
                    Some(other) => {
                        let after = if object {
                            "object key:value pair"
                        } else {
                            "array element"
                        };
                        return Err(self.syntax(
                            Place::Container,
                            format!("invalid character {} after {after}", quote_byte(other)),
                        ));
                    }
                }
            }
        }
    }

    /// Adds a node starting at the next byte, in the innermost open container.
    fn push(&mut self, kind: Kind) -> u32 {
        let node = self.nodes.len() as u32;
        let (parent, index) = match self.open.last() {
            Some(open) => (open.node, open.items.saturating_sub(1) as u32),
            None => (NONE, 0),
        };
        self.nodes.push(Node {
            kind,
            flags: 0,
            start: self.at as u32,
            end: self.at as u32,
            after: node + 1,
            parent,
            index,
        });
        node
    }

    /// Ends the innermost container at the byte before the next.
    fn close(&mut self) {
        if let Some(open) = self.open.pop() {
            let after = self.nodes.len() as u32;
            let node = &mut self.nodes[open.node as usize];
            node.end = self.at as u32;
            node.after = after;
        }
    }

    /// Counts one more item of the innermost container, within the limit (the comma
    /// before it, if any, just read).
    fn item(&mut self) -> Result<(), DecodeError> {
        let max_items = self.max_items;
        if let Some(open) = self.open.last_mut() {
            open.items += 1;
            if open.items > max_items {
                // At the comma before the item.
                let at = self.at.saturating_sub(1);
                let node = open.node;
                let message = format!("more items than the limit of {max_items}");
                return Err(self.fail_at_offset(node, at, DecodeErrorKind::Limit, message));
            }
        }
        Ok(())
    }

    /// An object's key and its colon, the key's quote next after whitespace.
    fn key(&mut self) -> Result<(), DecodeError> {
        match self.skip_whitespace() {
            Some(b'"') => {
                let key = self.string(Place::Container)?;
                if let Some(open) = self.open.last_mut() {
                    open.key = key;
                }
            }
            None => return Err(self.eof(Place::Container)),
            Some(other) => {
                return Err(self.syntax(
                    Place::Container,
                    format!(
                        "invalid character {} looking for beginning of object key string",
                        quote_byte(other)
                    ),
                ))
            }
        }
        match self.skip_whitespace() {
            Some(b':') => {
                self.at += 1;
                Ok(())
            }
            None => Err(self.eof(Place::Container)),
            Some(other) => Err(self.syntax(
                Place::Container,
                format!("invalid character {} after object key", quote_byte(other)),
            )),
        }
    }

    /// A string, its quote next.
    fn string(&mut self, place: Place) -> Result<u32, DecodeError> {
        let node = self.push(Kind::String);
        self.at += 1;
        let mut flags = 0;
        let mut invalid_at = None;
        loop {
            let end = next_escape(self.body, self.at);
            let run = &self.body[self.at..end];
            if !run.is_ascii() {
                if let Err(error) = std::str::from_utf8(run) {
                    flags |= INVALID_UTF8;
                    invalid_at.get_or_insert(self.at + error.valid_up_to());
                }
            }
            self.at = end;
            match self.peek() {
                None => return Err(self.eof(place)),
                Some(b'"') => {
                    self.at += 1;
                    break;
                }
                Some(b'\\') => {
                    flags |= ESCAPED;
                    match self.body.get(self.at + 1).copied() {
                        None => {
                            self.at += 1;
                            return Err(self.eof(place));
                        }
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.at += 2;
                        }
                        Some(b'u') => {
                            let start = self.at;
                            self.at += 2;
                            for _ in 0..4 {
                                match self.peek() {
                                    None => return Err(self.eof(place)),
                                    Some(digit) if digit.is_ascii_hexdigit() => self.at += 1,
                                    Some(other) => {
                                        return Err(self.syntax(
                                            place,
                                            format!(
                                                "invalid character {} in \\u hexadecimal character escape",
                                                quote_byte(other)
                                            ),
                                        ))
                                    }
                                }
                            }
                            let escape = &self.body[start..];
                            if hex4(escape).is_some_and(|code| (0xD800..0xE000).contains(&code)) {
                                if unicode_escape(escape).1 == 12 {
                                    // A pair: its second escape, whole hex digits, read too.
                                    self.at = start + 12;
                                } else {
                                    flags |= LONE_SURROGATE;
                                }
                            }
                        }
                        Some(other) => {
                            self.at += 1;
                            return Err(self.syntax(
                                place,
                                format!(
                                    "invalid character {} in string escape code",
                                    quote_byte(other)
                                ),
                            ));
                        }
                    }
                }
                Some(other) => {
                    return Err(self.syntax(
                        place,
                        format!("invalid character {} in string literal", quote_byte(other)),
                    ))
                }
            }
        }
        if place == Place::Container {
            flags |= KEY;
        }
        let entry = &mut self.nodes[node as usize];
        entry.flags = flags;
        entry.end = self.at as u32;
        if let Some(offset) = invalid_at {
            // A key's fault is its object's; a value's, its own.
            let path = match place {
                Place::Container => entry.parent,
                Place::Value => node,
            };
            let sequence = self.warnings.seen;
            self.warnings.push(Pending {
                offset: offset as u32,
                sequence,
                kind: WarningKind::InvalidUtf8,
                path,
                field: None,
                detail: Detail::None,
            });
        }
        Ok(node)
    }

    /// A number, its first byte next, by JSON's grammar.
    fn number(&mut self) -> Result<(), DecodeError> {
        let node = self.push(Kind::Number);
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.in_number()),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(self.in_number());
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(self.in_number());
            }
            self.digits();
        }
        self.nodes[node as usize].end = self.at as u32;
        Ok(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.at += 1;
        }
    }

    fn in_number(&self) -> DecodeError {
        match self.peek() {
            None => self.eof(Place::Value),
            Some(other) => self.syntax(
                Place::Value,
                format!("invalid character {} in numeric literal", quote_byte(other)),
            ),
        }
    }

    /// `true`, `false` or `null`, its first byte next.
    fn literal(&mut self, kind: Kind, literal: &[u8]) -> Result<(), DecodeError> {
        let node = self.push(kind);
        for &expected in literal {
            match self.peek() {
                Some(byte) if byte == expected => self.at += 1,
                None => return Err(self.eof(Place::Value)),
                Some(other) => {
                    return Err(self.syntax(
                        Place::Value,
                        format!(
                            "invalid character {} in literal {} (expecting {})",
                            quote_byte(other),
                            String::from_utf8_lossy(literal),
                            quote_byte(expected)
                        ),
                    ))
                }
            }
        }
        self.nodes[node as usize].end = self.at as u32;
        Ok(())
    }

    /// The path of where the parser is: the innermost container, or the value being read
    /// in it.
    fn place_path(&self, place: Place) -> String {
        let Some(open) = self.open.last() else {
            return String::new();
        };
        let mut path = path_of(self.body, &self.nodes, open.node);
        if place == Place::Value {
            if self.nodes[open.node as usize].kind == Kind::Array {
                push_index(&mut path, open.items.saturating_sub(1));
            } else if open.key != NONE {
                push_key(&mut path, &string_of(self.body, &self.nodes, open.key));
            }
        }
        path
    }

    fn syntax(&self, place: Place, message: String) -> DecodeError {
        DecodeError::new(
            DecodeErrorKind::Syntax,
            self.place_path(place),
            count_location(self.body, self.at),
            message,
        )
    }

    fn eof(&self, place: Place) -> DecodeError {
        DecodeError::new(
            DecodeErrorKind::Eof,
            self.place_path(place),
            count_location(self.body, self.at),
            "unexpected end of JSON input".to_owned(),
        )
    }

    /// An error at the first byte of `node`, at its path.
    fn fail_at(&self, node: u32, kind: DecodeErrorKind, message: String) -> DecodeError {
        let at = self.nodes[node as usize].start as usize;
        self.fail_at_offset(node, at, kind, message)
    }

    /// An error at `offset`, at the path of `node`.
    fn fail_at_offset(
        &self,
        node: u32,
        offset: usize,
        kind: DecodeErrorKind,
        message: String,
    ) -> DecodeError {
        DecodeError::new(
            kind,
            path_of(self.body, &self.nodes, node),
            count_location(self.body, offset),
            message,
        )
    }
}

/// A byte as Go's scanner quotes it in its errors: `'x'`, `'\n'`, `'\x01'`.
fn quote_byte(byte: u8) -> String {
    match byte {
        b'\'' => r"'\''".to_owned(),
        b'"' => r#"'"'"#.to_owned(),
        b'\n' => r"'\n'".to_owned(),
        b'\r' => r"'\r'".to_owned(),
        b'\t' => r"'\t'".to_owned(),
        0x20..=0x7E => format!("'{}'", char::from(byte)),
        // Go quotes the byte as the character of that code point.
        0xA1..=0xFF if byte != 0xAD => format!("'{}'", char::from(byte)),
        _ => format!(r"'\x{byte:02x}'"),
    }
}

// ---------------------------------------------------------------------------------------
// Warnings and errors, kept compact until reported.

#[derive(Clone, Debug, PartialEq, Eq)]
enum Detail {
    None,
    /// The field a key fills.
    Field(&'static str),
    /// A lone surrogate's code unit.
    Surrogate(u32),
    /// The message, made when the warning was found (it names what the type expected).
    Said(String),
}

/// A warning not yet made: where and what.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pending {
    offset: u32,
    /// Which came first of two at the same offset.
    sequence: u32,
    kind: WarningKind,
    /// The node the path is of, or [`NONE`].
    path: u32,
    /// A field's name to add to that path (a missing field's).
    field: Option<&'static str>,
    detail: Detail,
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.offset, self.sequence).cmp(&(other.offset, other.sequence))
    }
}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The first `keep` warnings in body order, and how many others.
struct Warnings {
    kept: BinaryHeap<Pending>,
    keep: usize,
    /// How many were pushed.
    seen: u32,
}

impl Warnings {
    fn new(keep: usize) -> Self {
        Self {
            kept: BinaryHeap::new(),
            keep,
            seen: 0,
        }
    }

    fn push(&mut self, pending: Pending) {
        self.seen = self.seen.saturating_add(1);
        if self.kept.len() < self.keep {
            self.kept.push(pending);
        } else if self.kept.peek().is_some_and(|last| pending < *last) {
            self.kept.pop();
            self.kept.push(pending);
        }
    }
}

/// An error found while decoding, not yet made.
#[derive(Debug)]
struct Fault {
    offset: u32,
    sequence: u32,
    /// The node the path is of, or [`NONE`].
    node: u32,
    field: Option<&'static str>,
    message: String,
}

impl Fault {
    fn order(&self) -> (u32, u32) {
        (self.offset, self.sequence)
    }
}

// ---------------------------------------------------------------------------------------
// The second pass: the deserializer.

struct Context<'a> {
    tree: Tree<'a>,
    /// The fields serde's derive requires, learned as it reports them missing: the
    /// struct's name and field names (by address, as the derive has them) and the field.
    required: RefCell<Vec<(&'static str, usize, &'static str)>>,
    /// This attempt's warnings.
    warnings: RefCell<Warnings>,
    /// This attempt's first error in body order.
    fault: RefCell<Option<Fault>>,
    /// A counter ordering warnings and errors at the same offset.
    sequence: Cell<u32>,
    /// How deep the decoding is.
    depth: Cell<usize>,
    /// Where each line after the first starts, for locating warnings.
    lines: OnceCell<Vec<usize>>,
}

impl<'a> Context<'a> {
    fn next_sequence(&self) -> u32 {
        let sequence = self.sequence.get();
        self.sequence.set(sequence.wrapping_add(1));
        sequence
    }

    /// Whether a warning at `offset` would be kept (so is worth a message).
    fn admits(&self, offset: u32) -> bool {
        let warnings = self.warnings.borrow();
        warnings.kept.len() < warnings.keep
            || warnings
                .kept
                .peek()
                .is_some_and(|last| offset < last.offset)
    }

    fn warn(
        &self,
        kind: WarningKind,
        offset: u32,
        path: u32,
        field: Option<&'static str>,
        detail: Detail,
    ) {
        let sequence = self.next_sequence();
        self.warnings.borrow_mut().push(Pending {
            offset,
            sequence,
            kind,
            path,
            field,
            detail,
        });
    }

    /// Records a type error at `node`, Go's `saveError`: the decoding goes on.
    fn record(&self, node: u32, message: String) {
        let fault = Fault {
            offset: self.offset(node),
            sequence: self.next_sequence(),
            node,
            field: None,
            message,
        };
        let mut recorded = self.fault.borrow_mut();
        if recorded
            .as_ref()
            .is_none_or(|first| fault.order() < first.order())
        {
            *recorded = Some(fault);
        }
    }

    fn offset(&self, node: u32) -> u32 {
        if node == NONE {
            0
        } else {
            self.tree.node(node).start
        }
    }

    /// The fault an error that stopped the decoding is.
    fn fault_of(&self, error: Error) -> Fault {
        let node = error.node.unwrap_or(NONE);
        let (message, field) = match error.what {
            What::Message(message) => (message, None),
            What::Missing(field) => (format!("missing field `{field}`"), Some(field)),
            What::Retry => ("a missing field's zero value".to_owned(), None),
        };
        Fault {
            offset: self.offset(node),
            sequence: self.next_sequence(),
            node,
            field,
            message,
        }
    }

    fn error(&self, fault: Fault) -> DecodeError {
        let mut path = self.path(fault.node);
        if let Some(field) = fault.field {
            push_key(&mut path, field);
        }
        DecodeError::new(
            DecodeErrorKind::Data,
            path,
            self.location(fault.offset as usize),
            fault.message,
        )
    }

    fn path(&self, node: u32) -> String {
        if node == NONE {
            String::new()
        } else {
            self.tree.path(node)
        }
    }

    fn location(&self, offset: usize) -> (usize, usize) {
        let lines = self.lines.get_or_init(|| {
            let body = self.tree.body;
            let mut lines = Vec::new();
            let mut from = 0;
            while let Some(at) = body[from..].iter().position(|byte| *byte == b'\n') {
                from += at + 1;
                lines.push(from);
            }
            lines
        });
        let line = lines.partition_point(|start| *start <= offset);
        let line_start = if line == 0 { 0 } else { lines[line - 1] };
        (line + 1, offset - line_start + 1)
    }

    /// The warnings of both passes, in body order: the first `keep`, and how many more.
    fn finish(&self, parsed: Warnings, decoded: Warnings) -> (Vec<Warning>, usize) {
        let keep = parsed.keep;
        let seen = parsed.seen as usize + decoded.seen as usize;
        let mut all = parsed.kept.into_sorted_vec();
        all.extend(decoded.kept.into_sorted_vec());
        // Each part in its order; parse warnings first at the same offset.
        all.sort_by_key(|pending| pending.offset);
        all.truncate(keep);
        let warnings: Vec<Warning> = all
            .into_iter()
            .map(|pending| self.warning(pending))
            .collect();
        let more = seen - warnings.len();
        (warnings, more)
    }

    fn warning(&self, pending: Pending) -> Warning {
        let mut path = self.path(pending.path);
        if let Some(field) = pending.field {
            push_key(&mut path, field);
        }
        let key = || {
            // The key of the member whose value the path is of.
            let node = pending.path;
            if node == NONE || node == 0 {
                return Cow::Borrowed("");
            }
            self.tree.string(node - 1)
        };
        let field = pending.field.unwrap_or_default();
        let (kind, message) = match (pending.kind, pending.detail) {
            (_, Detail::Said(message)) => (DecodeErrorKind::Data, message),
            (WarningKind::MissingField, _) => {
                (DecodeErrorKind::Data, format!("missing field `{field}`"))
            }
            (WarningKind::KeyCase, Detail::Field(field)) => {
                let mut message = String::with_capacity(64);
                message.push_str("key ");
                push_json_string(&mut message, &key());
                message.push_str(" matches field `");
                message.push_str(field);
                message.push_str("` only ignoring case");
                (DecodeErrorKind::Data, message)
            }
            (WarningKind::DuplicateKey, Detail::Field(field)) => {
                (DecodeErrorKind::Data, format!("duplicate field `{field}`"))
            }
            (WarningKind::InvalidUtf8, _) => {
                (DecodeErrorKind::Encoding, "invalid UTF-8".to_owned())
            }
            (WarningKind::LoneSurrogate, Detail::Surrogate(code)) => (
                DecodeErrorKind::Encoding,
                format!("lone surrogate `\\u{code:04x}` in a string"),
            ),
            (WarningKind::EmptyBody, _) => (DecodeErrorKind::Eof, "the body is empty".to_owned()),
            (kind, _) => (DecodeErrorKind::Data, kind.as_str().to_owned()),
        };
        let location = self.location(pending.offset as usize);
        Warning::departure(
            pending.kind,
            DecodeError::new(kind, path, location, message),
        )
    }

    /// A string's value, with a warning for a lone surrogate in it, at the path of `path`.
    fn string(&self, node: u32, path: u32) -> Cow<'a, str> {
        let flags = self.tree.node(node).flags;
        if flags & LONE_SURROGATE != 0 {
            let raw = self.tree.raw(node);
            if let Some((at, code)) = first_lone_surrogate(&raw[1..raw.len() - 1]) {
                let offset = self.tree.node(node).start + 1 + at as u32;
                self.warn(
                    WarningKind::LoneSurrogate,
                    offset,
                    path,
                    None,
                    Detail::Surrogate(code),
                );
            }
        }
        self.tree.string(node)
    }

    /// An object's key, read.
    fn key(&self, key: u32) -> Cow<'a, str> {
        let object = self.tree.node(key).parent;
        self.string(key, object)
    }

    /// A `null` where a value is not nullable: the zero value, with a warning that says
    /// what was `expected`.
    fn null(&self, node: u32, expected: &dyn de::Expected) {
        let kind = if node == 0 {
            WarningKind::NullBody
        } else {
            WarningKind::Null
        };
        let offset = self.offset(node);
        let detail = if self.admits(offset) {
            Detail::Said(Error::invalid_type(Unexpected::Unit, expected).to_string())
        } else {
            Detail::None
        };
        self.warn(kind, offset, node, None, detail);
    }

    /// A value of the wrong type for `expected`: recorded, and the decoding goes on.
    fn mismatch(&self, node: u32, expected: &dyn de::Expected) {
        let message = match self.tree.kind(node) {
            Kind::String => {
                let text = self.tree.string(node);
                Error::invalid_type(Unexpected::Str(&text), expected)
            }
            Kind::Number => {
                let literal = self.tree.number(node);
                let mut scratch = String::new();
                Error::invalid_type(unexpected_number(literal, &mut scratch), expected)
            }
            Kind::Null => Error::invalid_type(Unexpected::Unit, expected),
            Kind::True => Error::invalid_type(Unexpected::Bool(true), expected),
            Kind::False => Error::invalid_type(Unexpected::Bool(false), expected),
            Kind::Array => Error::invalid_type(Unexpected::Seq, expected),
            Kind::Object => Error::invalid_type(Unexpected::Map, expected),
        };
        self.record(node, message.to_string());
    }

    fn enter(&self) -> Result<(), Error> {
        let depth = self.depth.get() + 1;
        if depth > MAX_DECODE_DEPTH {
            return Err(Error::message("nesting too deep to decode".to_owned()));
        }
        self.depth.set(depth);
        Ok(())
    }

    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    /// Reads a nested value one level deeper, within the nesting bound.
    fn nested<T>(&self, read: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
        self.enter()?;
        let result = read();
        self.leave();
        result
    }

    fn is_required(
        &self,
        name: &'static str,
        fields: &'static [&'static str],
        field: &str,
    ) -> bool {
        self.required.borrow().iter().any(|(known, at, required)| {
            *known == name && *at == fields.as_ptr() as usize && *required == field
        })
    }
}

/// What serde's `Unexpected` calls a number literal; `scratch` holds its text when it is
/// neither an `i64`/`u64` nor a finite `f64`.
fn unexpected_number<'s>(literal: &str, scratch: &'s mut String) -> Unexpected<'s> {
    if let Ok(value) = literal.parse::<u64>() {
        return Unexpected::Unsigned(value);
    }
    match literal.parse::<i64>() {
        Ok(value) if literal != "-0" => return Unexpected::Signed(value),
        _ => {}
    }
    match literal.parse::<f64>() {
        Ok(value) if value.is_finite() && (literal.contains(['.', 'e', 'E']) || value != 0.0) => {
            Unexpected::Float(value)
        }
        _ => {
            *scratch = format!("number {literal}");
            Unexpected::Other(scratch)
        }
    }
}

/// Appends `text` as a JSON string, for a message on one line.
fn push_json_string(message: &mut String, text: &str) {
    if text
        .bytes()
        .all(|byte| byte >= 0x20 && byte != b'"' && byte != b'\\')
    {
        message.push('"');
        message.push_str(text);
        message.push('"');
    } else {
        message.push_str(&serde_json::Value::from(text).to_string());
    }
}

/// Why the decoding stopped.
#[derive(Debug)]
pub(super) struct Error {
    what: What,
    /// The node it is about, when known.
    node: Option<u32>,
}

#[derive(Debug)]
enum What {
    Message(String),
    /// serde's derive: a required field is missing.
    Missing(&'static str),
    /// Decode again: a required field was learned.
    Retry,
}

impl Error {
    fn message(message: String) -> Self {
        Self {
            what: What::Message(message),
            node: None,
        }
    }

    /// Located at `node` unless an inner value located it first.
    fn at(mut self, node: u32) -> Self {
        if self.node.is_none() && node != NONE {
            self.node = Some(node);
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.what {
            What::Message(message) => f.write_str(message),
            What::Missing(field) => write!(f, "missing field `{field}`"),
            What::Retry => f.write_str("decode again"),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self::message(message.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        Self {
            what: What::Missing(field),
            node: None,
        }
    }
}

type Result<T, E = Error> = std::result::Result<T, E>;

/// The nodes decoded, in order, into one value, as Go decodes each occurrence of a key
/// into the same field; none for a zero value.
#[derive(Clone, Copy)]
enum Layers<'c> {
    One(u32),
    Many(&'c [u32]),
}

/// A value to decode: its layers, and the node that locates an error in a zero value.
#[derive(Clone, Copy)]
struct Value<'c, 'a> {
    context: &'c Context<'a>,
    layers: Layers<'c>,
    anchor: u32,
}

impl<'c, 'a> Value<'c, 'a> {
    fn one(context: &'c Context<'a>, node: u32) -> Self {
        Self {
            context,
            layers: Layers::One(node),
            anchor: node,
        }
    }

    fn zero(context: &'c Context<'a>, anchor: u32) -> Self {
        Self {
            context,
            layers: Layers::Many(&[]),
            anchor,
        }
    }

    fn many(context: &'c Context<'a>, layers: &'c [u32], anchor: u32) -> Self {
        Self {
            context,
            layers: Layers::Many(layers),
            anchor: layers.last().copied().unwrap_or(anchor),
        }
    }

    fn layers(&self) -> &[u32] {
        match &self.layers {
            Layers::One(node) => std::slice::from_ref(node),
            Layers::Many(layers) => layers,
        }
    }

    fn tree(&self) -> &'c Tree<'a> {
        &self.context.tree
    }

    /// Locates an error from a visitor at this value.
    fn locate<T>(&self, result: Result<T>) -> Result<T> {
        result.map_err(|error| error.at(self.anchor))
    }

    /// An integer as Go reads one into an integer type of `bits` bits: an integer literal
    /// within the type's range.
    fn integer<V: Visitor<'a>>(self, visitor: V, bits: u32, signed: bool) -> Result<V::Value> {
        let context = self.context;
        let mut value: i128 = 0;
        for &node in self.layers() {
            match self.tree().kind(node) {
                Kind::Number => {
                    let literal = self.tree().number(node);
                    match parse_integer(literal, bits, signed) {
                        Ok(read) => {
                            value = read;
                            if literal == "-0" {
                                // As a strict reading (serde_json) names it.
                                let offset = context.offset(node);
                                let detail = if context.admits(offset) {
                                    let unexpected = Unexpected::Float(-0.0);
                                    let message = Error::invalid_type(unexpected, &visitor);
                                    Detail::Said(message.to_string())
                                } else {
                                    Detail::None
                                };
                                let kind = WarningKind::NegativeZero;
                                context.warn(kind, offset, node, None, detail);
                            }
                        }
                        Err(()) => {
                            let mut scratch = String::new();
                            let unexpected = unexpected_number(literal, &mut scratch);
                            let message = if matches!(unexpected, Unexpected::Float(_)) {
                                Error::invalid_type(unexpected, &visitor)
                            } else {
                                Error::invalid_value(unexpected, &visitor)
                            };
                            context.record(node, message.to_string());
                        }
                    }
                }
                Kind::Null => context.null(node, &visitor),
                _ => context.mismatch(node, &visitor),
            }
        }
        let result = match (u64::try_from(value), i64::try_from(value)) {
            (Ok(value), _) => visitor.visit_u64(value),
            (_, Ok(value)) => visitor.visit_i64(value),
            _ => visitor.visit_i128(value),
        };
        self.locate(result)
    }

    /// A float as Go's `ParseFloat` reads one: correctly rounded, finite.
    fn float<V: Visitor<'a>>(self, visitor: V, single: bool) -> Result<V::Value> {
        let context = self.context;
        let mut value = 0.0;
        for &node in self.layers() {
            match self.tree().kind(node) {
                Kind::Number => {
                    let literal = self.tree().number(node);
                    let read = if single {
                        literal.parse::<f32>().map(f64::from)
                    } else {
                        literal.parse::<f64>()
                    };
                    match read {
                        Ok(read) if read.is_finite() => value = read,
                        _ => {
                            let unexpected = format!("number {literal}");
                            let message =
                                Error::invalid_value(Unexpected::Other(&unexpected), &visitor);
                            context.record(node, message.to_string());
                        }
                    }
                }
                Kind::Null => context.null(node, &visitor),
                _ => context.mismatch(node, &visitor),
            }
        }
        let result = if single {
            visitor.visit_f32(value as f32)
        } else {
            visitor.visit_f64(value)
        };
        self.locate(result)
    }

    /// The string a string value is, as Go reads one: the last one given.
    fn text<V: Visitor<'a>>(&self, visitor: &V) -> Cow<'a, str> {
        let context = self.context;
        let mut last = None;
        for &node in self.layers() {
            match self.tree().kind(node) {
                Kind::String => last = Some(node),
                Kind::Null => context.null(node, visitor),
                _ => context.mismatch(node, visitor),
            }
        }
        match last {
            // Each string given is read, as Go reads each; the last is kept.
            Some(last) => {
                for &node in self.layers() {
                    if node != last && self.tree().kind(node) == Kind::String {
                        context.string(node, node);
                    }
                }
                context.string(last, last)
            }
            None => Cow::Borrowed(""),
        }
    }

    /// The layers after the last `null`: what a pointer (`Option`) holds.
    fn after_last_null(&self) -> &[u32] {
        let layers = self.layers();
        match layers
            .iter()
            .rposition(|node| self.tree().kind(*node) == Kind::Null)
        {
            Some(null) => &layers[null + 1..],
            None => layers,
        }
    }

    /// A struct as Go decodes one.
    fn structure<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let context = self.context;
        let tree = self.tree();
        // Each member's value and the field it fills, in body order.
        let mut filled: Vec<(usize, u32)> = Vec::new();
        let mut seen = Seen::new(fields.len());
        let mut duplicates = false;
        let mut last_object = None;
        for &node in self.layers() {
            match tree.kind(node) {
                Kind::Object => {
                    last_object = Some(node);
                    for (key, value) in members(tree, node) {
                        let text = context.key(key);
                        let Some((field, exact)) = match_field(fields, &text) else {
                            continue;
                        };
                        let offset = context.offset(key);
                        if !exact {
                            let detail = Detail::Field(fields[field]);
                            context.warn(WarningKind::KeyCase, offset, value, None, detail);
                        }
                        if !seen.insert(field) {
                            duplicates = true;
                            let detail = Detail::Field(fields[field]);
                            context.warn(WarningKind::DuplicateKey, offset, value, None, detail);
                        }
                        filled.push((field, value));
                    }
                }
                Kind::Null => context.null(node, &visitor),
                _ => context.mismatch(node, &visitor),
            }
        }
        // The values of a field given more than once, together, in body order.
        let mut nodes = Vec::new();
        if duplicates {
            filled.sort_by_key(|(field, _)| *field);
            nodes = filled.iter().map(|(_, node)| *node).collect();
        }
        // The fields not given that are given their zero value.
        let mut zero = Vec::new();
        for (field, name_of_field) in fields.iter().enumerate() {
            if seen.contains(field) {
                continue;
            }
            match last_object {
                // Nothing of the struct given: every field is zero.
                None => zero.push(field),
                Some(object) if context.is_required(name, fields, name_of_field) => {
                    let end = tree.node(object).end.saturating_sub(1);
                    let missing = Some(*name_of_field);
                    context.warn(
                        WarningKind::MissingField,
                        end,
                        object,
                        missing,
                        Detail::None,
                    );
                    zero.push(field);
                }
                Some(_) => {}
            }
        }
        let anchor = last_object.unwrap_or(self.anchor);
        let access = StructAccess {
            context,
            fields,
            filled: &filled,
            nodes: &nodes,
            zero: &zero,
            at: 0,
            anchor,
        };
        match visitor.visit_map(access) {
            Err(Error {
                what: What::Missing(field),
                ..
            }) if fields.contains(&field) && !context.is_required(name, fields, field) => {
                context
                    .required
                    .borrow_mut()
                    .push((name, fields.as_ptr() as usize, field));
                Err(Error {
                    what: What::Retry,
                    node: None,
                })
            }
            Err(Error {
                what: What::Missing(field),
                node,
            }) => Err(Error {
                what: What::Missing(field),
                node: node.or(Some(anchor)),
            }),
            result => self.locate(result),
        }
    }

    /// A slice as Go 1.19's `array()` decodes into one: each array's elements into the
    /// slice's, reusing those it has (and those beyond its length within its capacity).
    fn slice<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let context = self.context;
        let tree = self.tree();
        if let [node] = self.layers() {
            if tree.kind(*node) == Kind::Array {
                let result = visitor.visit_seq(ElementAccess {
                    context,
                    children: tree.children(*node),
                });
                return self.locate(result);
            }
        }
        let mut elements: Vec<Vec<u32>> = Vec::new();
        let (mut len, mut cap) = (0usize, 0usize);
        for &node in self.layers() {
            match tree.kind(node) {
                Kind::Array => {
                    let mut index = 0;
                    for child in tree.children(node) {
                        if index >= cap {
                            // A new backing array: the elements up to the length, copied.
                            cap = (cap + cap / 2).max(4);
                            elements.truncate(len);
                        }
                        if index >= len {
                            len = index + 1;
                        }
                        if elements.len() <= index {
                            elements.push(Vec::new());
                        }
                        elements[index].push(child);
                        index += 1;
                    }
                    if index < len {
                        len = index;
                    }
                    if index == 0 {
                        elements.clear();
                        cap = 0;
                    }
                }
                Kind::Null => {
                    context.null(node, &visitor);
                    elements.clear();
                    (len, cap) = (0, 0);
                }
                _ => context.mismatch(node, &visitor),
            }
        }
        elements.truncate(len);
        let result = visitor.visit_seq(BuiltAccess {
            context,
            elements: &elements,
            at: 0,
            anchor: self.anchor,
        });
        self.locate(result)
    }

    /// A fixed-size array as Go decodes into one: `len` elements, those not given zero.
    fn array<V: Visitor<'a>>(self, len: usize, visitor: V) -> Result<V::Value> {
        let context = self.context;
        let tree = self.tree();
        let mut elements: Vec<Vec<u32>> = vec![Vec::new(); len];
        for &node in self.layers() {
            match tree.kind(node) {
                Kind::Array => {
                    let mut index = 0;
                    for child in tree.children(node) {
                        if let Some(element) = elements.get_mut(index) {
                            element.push(child);
                        }
                        index += 1;
                    }
                    for element in elements.iter_mut().skip(index) {
                        element.clear();
                    }
                }
                Kind::Null => context.null(node, &visitor),
                _ => context.mismatch(node, &visitor),
            }
        }
        let result = visitor.visit_seq(BuiltAccess {
            context,
            elements: &elements,
            at: 0,
            anchor: self.anchor,
        });
        self.locate(result)
    }

    /// A map as Go decodes into one: every member, each into a fresh value; `null`
    /// empties it.
    fn map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let context = self.context;
        let tree = self.tree();
        let mut entries: Vec<(u32, u32)> = Vec::new();
        for &node in self.layers() {
            match tree.kind(node) {
                Kind::Object => entries.extend(members(tree, node)),
                Kind::Null => {
                    context.null(node, &visitor);
                    entries.clear();
                }
                _ => context.mismatch(node, &visitor),
            }
        }
        let result = visitor.visit_map(MapAccess {
            context,
            entries: &entries,
            at: 0,
        });
        self.locate(result)
    }

    /// Any value, as Go decodes into an `interface{}`: the last given replaces the others.
    fn any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let context = self.context;
        let tree = self.tree();
        let Some(&node) = self.layers().last() else {
            return self.locate(visitor.visit_unit());
        };
        let result = match tree.kind(node) {
            Kind::Null => visitor.visit_unit(),
            Kind::True => visitor.visit_bool(true),
            Kind::False => visitor.visit_bool(false),
            Kind::Number => {
                let literal = tree.number(node);
                if let Ok(value) = literal.parse::<u64>() {
                    visitor.visit_u64(value)
                } else if let (Ok(value), false) = (literal.parse::<i64>(), literal == "-0") {
                    visitor.visit_i64(value)
                } else {
                    match literal.parse::<f64>() {
                        Ok(value) if value.is_finite() => visitor.visit_f64(value),
                        _ => {
                            let unexpected = format!("number {literal}");
                            let message =
                                Error::invalid_value(Unexpected::Other(&unexpected), &visitor);
                            context.record(node, message.to_string());
                            visitor.visit_unit()
                        }
                    }
                }
            }
            Kind::String => match context.string(node, node) {
                Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                Cow::Owned(text) => visitor.visit_string(text),
            },
            Kind::Array => context.nested(|| {
                visitor.visit_seq(ElementAccess {
                    context,
                    children: tree.children(node),
                })
            }),
            Kind::Object => context.nested(|| {
                let entries: Vec<(u32, u32)> = members(tree, node).collect();
                visitor.visit_map(MapAccess {
                    context,
                    entries: &entries,
                    at: 0,
                })
            }),
        };
        self.locate(result)
    }

    /// Raw JSON: the last value's text as written; `null` for a zero value.
    fn raw<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let text = match self.layers().last() {
            Some(&node) => self.tree().raw_text(node),
            None => Cow::Borrowed("null"),
        };
        self.locate(visitor.visit_map(RawAccess(Some(text))))
    }
}

/// An integer literal read as Go's `ParseInt`/`ParseUint` read one into a type of `bits`
/// bits; `Err` for what Go refuses (a fraction or exponent, out of range, a sign for an
/// unsigned type).
fn parse_integer(literal: &str, bits: u32, signed: bool) -> Result<i128, ()> {
    if literal.contains(['.', 'e', 'E']) || (!signed && literal.starts_with('-')) {
        return Err(());
    }
    let value: i128 = literal.parse().map_err(|_| ())?;
    let (min, max) = if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    };
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(())
    }
}

/// The integer deserializers of a value or a key, each reading through its `integer`.
macro_rules! integers {
    ($($method:ident: $bits:literal $signed:literal),*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
            self.integer(visitor, $bits, $signed)
        }
    )*};
}

impl<'a> de::Deserializer<'a> for Value<'_, 'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.any(visitor)
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let context = self.context;
        let mut value = false;
        for &node in self.layers() {
            match self.tree().kind(node) {
                Kind::True => value = true,
                Kind::False => value = false,
                Kind::Null => context.null(node, &visitor),
                _ => context.mismatch(node, &visitor),
            }
        }
        self.locate(visitor.visit_bool(value))
    }

    integers! {
        deserialize_i8: 8 true, deserialize_i16: 16 true, deserialize_i32: 32 true,
        deserialize_i64: 64 true, deserialize_i128: 64 true,
        deserialize_u8: 8 false, deserialize_u16: 16 false, deserialize_u32: 32 false,
        deserialize_u64: 64 false, deserialize_u128: 64 false
    }

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.float(visitor, true)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.float(visitor, false)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let result = match self.text(&visitor) {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        };
        self.locate(result)
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let layers = self.after_last_null();
        let result = if layers.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(Value::many(self.context, layers, self.anchor))
        };
        self.locate(result)
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        for &node in self.layers() {
            if self.tree().kind(node) != Kind::Null {
                self.context.mismatch(node, &visitor);
            }
        }
        self.locate(visitor.visit_unit())
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == RAW_VALUE_STRUCT {
            return self.raw(visitor);
        }
        if name == OBJECT_STRUCT {
            // A struct asking for itself with its field names (`#[wire]`).
            return self.locate(visitor.visit_some(self));
        }
        self.locate(visitor.visit_newtype_struct(self))
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let context = self.context;
        context.nested(|| self.slice(visitor))
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, len: usize, visitor: V) -> Result<V::Value> {
        let context = self.context;
        context.nested(|| self.array(len, visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        let context = self.context;
        context.nested(|| self.map(visitor))
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let context = self.context;
        context.nested(|| self.structure(name, fields, visitor))
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let text = self.text(&visitor);
        let text: StringDeserializer<Error> = text.into_owned().into_deserializer();
        let result = visitor.visit_enum(text);
        self.locate(result)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.locate(visitor.visit_unit())
    }
}

/// A struct's members for serde's derive: each field given, once, with all its values.
struct StructAccess<'s, 'c, 'a> {
    context: &'c Context<'a>,
    fields: &'static [&'static str],
    /// Each value given and the field it fills: in body order when no field is given
    /// twice, else by field.
    filled: &'s [(usize, u32)],
    /// When a field is given more than once, the values of `filled`, in its order.
    nodes: &'s [u32],
    /// The fields given their zero value, after those given.
    zero: &'s [usize],
    /// How far `filled` (then `zero`) has been given.
    at: usize,
    anchor: u32,
}

impl StructAccess<'_, '_, '_> {
    /// The next field to give, and where its values are in `filled`.
    fn next(&self) -> Option<(usize, std::ops::Range<usize>)> {
        match self.filled.get(self.at) {
            Some((field, _)) => {
                let mut end = self.at + 1;
                if !self.nodes.is_empty() {
                    end += self.filled[end..].partition_point(|(at, _)| at == field);
                }
                Some((*field, self.at..end))
            }
            None => {
                let zero = *self.zero.get(self.at - self.filled.len())?;
                Some((zero, self.at..self.at))
            }
        }
    }
}

impl<'a> de::MapAccess<'a> for StructAccess<'_, '_, 'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((field, _)) = self.next() else {
            return Ok(None);
        };
        seed.deserialize(BorrowedStrDeserializer::new(self.fields[field]))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        let Some((_, range)) = self.next() else {
            return Err(Error::message("a value without its key".to_owned()));
        };
        let value = if range.is_empty() {
            // A zero value, its range empty.
            self.at += 1;
            Value::zero(self.context, self.anchor)
        } else if self.nodes.is_empty() {
            self.at = range.end;
            Value::one(self.context, self.filled[range.start].1)
        } else {
            self.at = range.end;
            Value::many(self.context, &self.nodes[range], self.anchor)
        };
        seed.deserialize(value)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.filled.len() + self.zero.len() - self.at)
    }
}

/// Which of a struct's fields were given: bits for up to 64 fields.
enum Seen {
    Few(u64),
    Many(Vec<bool>),
}

impl Seen {
    fn new(fields: usize) -> Self {
        if fields <= 64 {
            Self::Few(0)
        } else {
            Self::Many(vec![false; fields])
        }
    }

    /// Marks `field` given; whether it was not before.
    fn insert(&mut self, field: usize) -> bool {
        let new = !self.contains(field);
        match self {
            Self::Few(bits) => *bits |= 1 << field,
            Self::Many(seen) => seen[field] = true,
        }
        new
    }

    fn contains(&self, field: usize) -> bool {
        match self {
            Self::Few(bits) => bits & (1 << field) != 0,
            Self::Many(seen) => seen[field],
        }
    }
}

/// The elements of one array, each a value of its own.
struct ElementAccess<'c, 'a> {
    context: &'c Context<'a>,
    children: Children<'c, 'a>,
}

impl<'a> de::SeqAccess<'a> for ElementAccess<'_, 'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.children.next() {
            None => Ok(None),
            Some(node) => seed.deserialize(Value::one(self.context, node)).map(Some),
        }
    }
}

/// The elements of a slice or array built from several arrays: each its layers.
struct BuiltAccess<'s, 'c, 'a> {
    context: &'c Context<'a>,
    elements: &'s [Vec<u32>],
    at: usize,
    anchor: u32,
}

impl<'a> de::SeqAccess<'a> for BuiltAccess<'_, '_, 'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let Some(layers) = self.elements.get(self.at) else {
            return Ok(None);
        };
        self.at += 1;
        seed.deserialize(Value::many(self.context, layers, self.anchor))
            .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.elements.len() - self.at)
    }
}

/// A map's members: each key read, each value a value of its own.
struct MapAccess<'s, 'c, 'a> {
    context: &'c Context<'a>,
    entries: &'s [(u32, u32)],
    at: usize,
}

impl<'a> de::MapAccess<'a> for MapAccess<'_, '_, 'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some(&(key, _)) = self.entries.get(self.at) else {
            return Ok(None);
        };
        seed.deserialize(Key {
            context: self.context,
            node: key,
        })
        .map(Some)
        .map_err(|error| error.at(key))
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        let (_, value) = self.entries[self.at];
        self.at += 1;
        seed.deserialize(Value::one(self.context, value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.at)
    }
}

/// A map's key: a string, or an integer written as one (as Go reads `map[int64]T` keys).
struct Key<'c, 'a> {
    context: &'c Context<'a>,
    node: u32,
}

impl<'a> Key<'_, 'a> {
    fn integer<V: Visitor<'a>>(self, visitor: V, bits: u32, signed: bool) -> Result<V::Value> {
        let text = self.context.key(self.node);
        match parse_integer(&text, bits, signed) {
            Ok(value) => match (u64::try_from(value), i64::try_from(value)) {
                (Ok(value), _) => visitor.visit_u64(value),
                (_, Ok(value)) => visitor.visit_i64(value),
                _ => visitor.visit_i128(value),
            },
            Err(()) => Err(Error::invalid_value(Unexpected::Str(&text), &visitor)),
        }
    }
}

impl<'a> de::Deserializer<'a> for Key<'_, 'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.context.key(self.node) {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    integers! {
        deserialize_i8: 8 true, deserialize_i16: 16 true, deserialize_i32: 32 true,
        deserialize_i64: 64 true, deserialize_u8: 8 false, deserialize_u16: 16 false,
        deserialize_u32: 32 false, deserialize_u64: 64 false
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i128 u128 f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Raw JSON's one entry, as serde_json hands it over: the raw value's name, then its
/// text.
struct RawAccess<'a>(Option<Cow<'a, str>>);

impl<'a> de::MapAccess<'a> for RawAccess<'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.0.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(RAW_VALUE_STRUCT))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        match self.0.take() {
            Some(Cow::Borrowed(text)) => seed.deserialize(BorrowedStrDeserializer::new(text)),
            Some(Cow::Owned(text)) => seed.deserialize(StringDeserializer::new(text)),
            None => Err(Error::message("raw JSON read twice".to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::de::DeserializeOwned;
    use serde::Deserialize;

    use super::{coerce_utf8, decode_rune, equal_fold, read, unquote};
    use crate::codec::{DecodeError, Decoded, Limits, WarningKind};
    use crate::primitives::RawJson;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Item {
        a: i64,
        b: String,
    }

    /// Go's `struct { TicketId int64; Limit *int32; Items []Item; Ids []int64;
    /// M map[string]Item; P *Item; Raw json.RawMessage; U uint8; F float64; Text string }`.
    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Shape {
        ticket_id: i64,
        limit: Option<i32>,
        items: Vec<Item>,
        ids: Vec<i64>,
        m: BTreeMap<String, Item>,
        p: Option<Item>,
        raw: RawJson,
        u: u8,
        f: f64,
        text: String,
    }

    fn go<T: DeserializeOwned>(body: impl AsRef<[u8]>) -> Result<Decoded<T>, DecodeError> {
        read(body.as_ref(), &Limits::default(), 100)
    }

    fn shape(body: &str) -> Shape {
        match go::<Shape>(body) {
            Ok(decoded) => decoded.value,
            Err(error) => panic!("{body}: {error}"),
        }
    }

    fn item(a: i64, b: &str) -> Item {
        Item { a, b: b.to_owned() }
    }

    fn kinds(body: &str) -> Vec<(WarningKind, String)> {
        let decoded = go::<Shape>(body).unwrap();
        decoded
            .warnings
            .iter()
            .map(|warning| (warning.kind(), warning.path().to_owned()))
            .collect()
    }

    // The expected values are what Go 1.19's `json.Unmarshal` gives into the Go struct.

    #[test]
    fn duplicate_slices_reuse_their_elements_as_go_1_19_does() {
        let body =
            r#"{"Items":[{"A":1},{"A":2}],"Items":[{"B":"x"}],"Items":[{"B":"y"},{"B":"z"}]}"#;
        assert_eq!(shape(body).items, [item(1, "y"), item(2, "z")]);
        let five = r#"{"A":1},{"A":2},{"A":3},{"A":4},{"A":5}"#;
        let body = format!(
            r#"{{"Items":[{five}],"Items":[{{"B":"x"}}],"Items":[{{"B":"y"}},{{"B":"z"}}]}}"#
        );
        assert_eq!(shape(&body).items, [item(1, "y"), item(2, "z")]);
        // An empty array or `null` makes a new slice.
        for reset in ["[]", "null"] {
            let body = format!(r#"{{"Items":[{{"A":1}}],"Items":{reset},"Items":[{{"B":"y"}}]}}"#);
            assert_eq!(shape(&body).items, [item(0, "y")]);
        }
        assert_eq!(shape(r#"{"Ids":[1,2,3],"Ids":[4]}"#).ids, [4]);
    }

    #[test]
    fn maps_take_fresh_values_and_pointers_merge_until_null() {
        let body = r#"{"M":{"a":{"A":1}},"M":{"a":{"B":"x"},"b":{"A":2}}}"#;
        let m = shape(body).m;
        assert_eq!(m["a"], item(0, "x"));
        assert_eq!(m["b"], item(2, ""));
        assert_eq!(
            shape(r#"{"P":{"A":1},"P":{"B":"x"}}"#).p,
            Some(item(1, "x"))
        );
        assert_eq!(
            shape(r#"{"P":{"A":1},"P":null,"P":{"B":"x"}}"#).p,
            Some(item(0, "x"))
        );
        assert_eq!(shape(r#"{"Limit":5,"Limit":null}"#).limit, None);
        assert_eq!(shape(r#"{"Text":"a","Text":null}"#).text, "a");
        assert_eq!(shape(r#"{"Raw":{"a": 1},"Raw":null}"#).raw.get(), "null");
        assert_eq!(shape(r#"{"Raw":  [1, 2]  }"#).raw.get(), "[1, 2]");
    }

    #[test]
    fn numbers_read_as_go_reads_them() {
        assert_eq!(shape(r#"{"TicketId":-0}"#).ticket_id, 0);
        assert!(shape(r#"{"F":-0}"#).f.is_sign_negative());
        for (body, message) in [
            (r#"{"U":-0}"#, "invalid value: number -0, expected u8"),
            (r#"{"U":300}"#, "invalid value: integer `300`, expected u8"),
            (
                r#"{"F":1e400}"#,
                "invalid value: number 1e400, expected f64",
            ),
            (
                r#"{"TicketId":1.0}"#,
                "invalid type: floating point `1.0`, expected i64",
            ),
            (
                r#"{"TicketId":1e2}"#,
                "invalid type: floating point `100.0`, expected i64",
            ),
            (
                r#"{"Limit":2147483648}"#,
                "invalid value: integer `2147483648`, expected i32",
            ),
        ] {
            let error = go::<Shape>(body).unwrap_err();
            assert_eq!(error.message(), message, "{body}");
        }
    }

    #[test]
    fn the_first_type_error_in_the_body_is_the_error_as_in_go() {
        let error = go::<Shape>(r#"{"TicketId":"x","U":300,"Text":5}"#).unwrap_err();
        assert_eq!((error.path(), error.column()), ("TicketId", 13));
        let error = go::<Shape>(r#"{"Text":5,"TicketId":"x"}"#).unwrap_err();
        assert_eq!((error.path(), error.column()), ("Text", 9));
        // A syntax error anywhere comes first: Go checks the whole body before decoding.
        let error = go::<Shape>(r#"{"TicketId":"x", "Text": 01}"#).unwrap_err();
        assert_eq!(
            error.message(),
            "invalid character '1' after object key:value pair"
        );
    }

    #[test]
    fn strings_and_keys_read_as_go_reads_them() {
        let decoded = go::<Shape>(b"{\"Text\":\"a\xe2\x82x\"}").unwrap();
        assert_eq!(decoded.value.text, "a\u{fffd}\u{fffd}x");
        assert_eq!(
            shape(r#"{"Text":"\ud800\ud83d\ude00"}"#).text,
            "\u{fffd}\u{1f600}"
        );
        assert_eq!(shape(r#"{"TICKETID":1,"ticketid":2}"#).ticket_id, 2);
        assert_eq!(shape(r#"{"Tic\u212aetId":3}"#).ticket_id, 3);
        assert_eq!(
            kinds(r#"{"TICKETID":1,"ticketid":2}"#)[..3],
            [
                (WarningKind::KeyCase, "TICKETID".to_owned()),
                (WarningKind::KeyCase, "ticketid".to_owned()),
                (WarningKind::DuplicateKey, "ticketid".to_owned()),
            ]
        );
    }

    #[test]
    fn null_and_empty_bodies_are_the_zero_value() {
        assert_eq!(shape("null"), Shape::default());
        assert_eq!(shape(""), Shape::default());
        assert_eq!(kinds("null"), [(WarningKind::NullBody, String::new())]);
        assert_eq!(kinds(""), [(WarningKind::EmptyBody, String::new())]);
        // Missing fields of an absent struct are not each warned about.
        let missing = kinds("{}");
        assert!(missing
            .iter()
            .all(|(kind, _)| *kind == WarningKind::MissingField));
        assert!(missing.contains(&(WarningKind::MissingField, "TicketId".to_owned())));
        assert!(!missing
            .iter()
            .any(|(_, path)| path == "Limit" || path == "P"));
    }

    #[test]
    fn keys_fold_as_go_folds_them() {
        assert!(equal_fold("TicketId", "ticketid"));
        assert!(equal_fold("TicketId", "TICKETID"));
        assert!(equal_fold("TicketId", "tic\u{212a}etId"));
        assert!(equal_fold("Text", "TEXT"));
        assert!(equal_fold("UserId", "u\u{17f}erid"));
        assert!(!equal_fold("TicketId", "TicketI"));
        assert!(!equal_fold("TicketId", "TicketIdx"));
        assert!(!equal_fold("Text", "T\u{212a}xt"));
        assert!(!equal_fold("OK", "0K"));
        assert!(!equal_fold("A_B", "A-B"));
        assert!(equal_fold("A_B", "a_b"));
        // Only the long s and the Kelvin sign: not other non-ASCII letters.
        assert!(!equal_fold("Id", "\u{130}d"));
    }

    #[test]
    fn invalid_utf8_becomes_one_replacement_per_byte_as_in_go() {
        // A truncated sequence: Go gives one U+FFFD per byte (Rust's lossy decoding, one
        // for the whole maximal prefix).
        assert_eq!(coerce_utf8(b"a\xe2\x82x"), "a\u{fffd}\u{fffd}x");
        assert_eq!(String::from_utf8_lossy(b"a\xe2\x82x"), "a\u{fffd}x");
        assert_eq!(coerce_utf8(b"\xed\xa0\x80"), "\u{fffd}\u{fffd}\u{fffd}");
        assert_eq!(coerce_utf8(b"\xf0\x9f\x98\x80\xff"), "\u{1f600}\u{fffd}");
        assert_eq!(decode_rune(b"\xc3\xa9"), ('\u{e9}', 2));
        assert_eq!(decode_rune(b"\xc0\x80"), ('\u{fffd}', 1));
    }

    #[test]
    fn strings_unquote_as_in_go() {
        assert_eq!(unquote(br"a\n\u00e9\/"), "a\n\u{e9}/");
        assert_eq!(unquote(br"\ud83d\ude00"), "\u{1f600}");
        assert_eq!(unquote(br"\ud800"), "\u{fffd}");
        assert_eq!(unquote(br"\udc00x"), "\u{fffd}x");
        // A high surrogate followed by another: the first alone, then the pair.
        assert_eq!(unquote(br"\ud800\ud83d\ude00"), "\u{fffd}\u{1f600}");
        assert_eq!(unquote(br"\ud800\u0041"), "\u{fffd}A");
        assert_eq!(unquote(b"caf\xe9"), "caf\u{fffd}");
    }
}
