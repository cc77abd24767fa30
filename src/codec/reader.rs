//! The fast path: a JSON reader that decodes a body in one pass, checking its syntax, its
//! UTF-8 and the [`Limits`] as it goes, and gives up at the first thing it does not read
//! exactly as serde_json would.
//!
//! It is a serde `Deserializer`, so the crate's types decode through it unchanged. Its
//! contract is one-sided: when it reads a value, serde_json (with the limits scan) reads
//! the same value from the same body; when it gives up ([`GiveUp`], which carries nothing),
//! the codec decodes the body again the careful way, which finds and locates the error, or
//! reads what this reader left to it. It leaves to it:
//! - anything malformed or over a limit (the careful way names the path, line and column);
//! - floating-point numbers where a value is built from them, but for those whose value
//!   every correct reading agrees on, serde_json's two included (see [`Reader::fraction`]);
//!   integers beyond 64 bits and `-0` (a float to serde_json);
//! - an escaped lone surrogate (`"\ud800"`);
//! - a struct written as an array, enums, bytes and chars (the crate's types have none).
//!
//! What it gains: one pass instead of a limits scan and a parse, strings found eight bytes
//! at a time, integers read directly, and no error ever built on the way.
//!
//! Not in wasm: there the time goes into building JavaScript values, serde_json's typed
//! pass is as fast (`web/bench.mjs`), and the reader's own copy of every type's decoding
//! would add 12 KB to the gzipped module.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::limits::{Limits, SERDE_JSON_MAX_DEPTH};
use super::swar::{eight_digits, next_escape, word_at};
use crate::primitives::wire::OBJECT_STRUCT;
use crate::primitives::RAW_VALUE_STRUCT;

/// Decodes `body` as one `T` with nothing after it, within `limits`, or gives up.
pub(super) fn decode<'a, T: Deserialize<'a>>(body: &'a [u8], limits: &Limits) -> Option<T> {
    read(body, limits, false)
}

/// [`decode`] for a request: it also gives up at a key that is no field of its struct but
/// that Go's decoder would match to one ignoring case (`"ticketid"`), so that what it
/// reads, Go's reading (`go.rs`) reads the same, with no warning.
pub(super) fn decode_request<'a, T: Deserialize<'a>>(body: &'a [u8], limits: &Limits) -> Option<T> {
    read(body, limits, true)
}

fn read<'a, T: Deserialize<'a>>(body: &'a [u8], limits: &Limits, fold: bool) -> Option<T> {
    if body.len() > limits.max_body_bytes {
        return None;
    }
    let mut reader = Reader {
        text: simdutf8::basic::from_utf8(body).ok()?,
        at: 0,
        depth: 0,
        // serde_json stops typed values at level 128 (it allows 127).
        max_depth: limits.max_depth.min(SERDE_JSON_MAX_DEPTH - 1),
        max_items: limits.max_items.max(1),
        scratch: String::new(),
        fold,
    };
    let value = T::deserialize(&mut reader).ok()?;
    reader.skip_whitespace().is_none().then_some(value)
}

/// Why the reader stopped: it does not say, the careful way will.
#[derive(Debug)]
pub(super) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to the careful decoder")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

struct Reader<'a> {
    text: &'a str,
    /// The offset of the next byte to read.
    at: usize,
    /// How many arrays and objects are open.
    depth: usize,
    max_depth: usize,
    /// The most items an array or object may hold (at least 1, as the limits scan has it).
    max_items: usize,
    /// An escaped string's contents, unescaped.
    scratch: String,
    /// Whether to give up at a key that Go would fold onto a field ([`decode_request`]).
    fold: bool,
}

/// A string as read: a slice of the body, or unescaped into the scratch buffer.
enum Text<'a> {
    Borrowed(&'a str),
    Unescaped,
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Skips whitespace and gives the next byte, if any, without reading it.
    #[inline]
    fn skip_whitespace(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        let mut at = self.at;
        while let Some(&byte) = bytes.get(at) {
            if !matches!(byte, b' ' | b'\n' | b'\t' | b'\r') {
                self.at = at;
                return Some(byte);
            }
            at += 1;
        }
        self.at = at;
        None
    }

    /// Skips whitespace and reads `byte`.
    #[inline]
    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.skip_whitespace() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Reads the rest of `literal`, whose first byte was peeked at.
    #[inline]
    fn literal(&mut self, literal: &[u8]) -> Result<()> {
        let end = self.at + literal.len();
        if self.bytes().get(self.at..end) == Some(literal) {
            self.at = end;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Opens an array or object, within the depth limit.
    #[inline]
    fn open(&mut self) -> Result<()> {
        if self.depth >= self.max_depth {
            return Err(GiveUp);
        }
        self.depth += 1;
        self.at += 1;
        Ok(())
    }

    /// Closes an array or object with `byte`, which must come next.
    #[inline]
    fn close(&mut self, byte: u8) -> Result<()> {
        self.depth -= 1;
        self.expect(byte)
    }

    /// Reads a string, its opening quote next.
    #[inline(always)]
    fn string(&mut self) -> Result<Text<'a>> {
        let start = self.at + 1;
        let end = next_escape(self.bytes(), start);
        match self.bytes().get(end) {
            Some(b'"') => {
                self.at = end + 1;
                // Both ends are next to ASCII quotes: character boundaries.
                self.text.get(start..end).map(Text::Borrowed).ok_or(GiveUp)
            }
            Some(b'\\') => {
                self.scratch.clear();
                self.scratch
                    .push_str(self.text.get(start..end).ok_or(GiveUp)?);
                self.at = end;
                self.unescape()?;
                Ok(Text::Unescaped)
            }
            // A control character, or the end of the body.
            _ => Err(GiveUp),
        }
    }

    /// Reads the rest of a string that has an escape at the next byte into the scratch
    /// buffer, up to and past its closing quote.
    fn unescape(&mut self) -> Result<()> {
        loop {
            match self.bytes().get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    let escaped = *self.bytes().get(self.at + 1).ok_or(GiveUp)?;
                    self.at += 2;
                    let character = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(GiveUp),
                    };
                    self.scratch.push(character);
                }
                _ => {
                    let end = next_escape(self.bytes(), self.at);
                    if !matches!(self.bytes().get(end), Some(b'"' | b'\\')) {
                        return Err(GiveUp);
                    }
                    self.scratch
                        .push_str(self.text.get(self.at..end).ok_or(GiveUp)?);
                    self.at = end;
                }
            }
        }
    }

    /// The character of a `\u` escape whose four hex digits are next; a surrogate pair
    /// takes a second escape. A lone surrogate is left to serde_json.
    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first).ok_or(GiveUp);
        }
        if self.bytes().get(self.at..self.at + 2) != Some(b"\\u") {
            return Err(GiveUp);
        }
        self.at += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(GiveUp);
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)).ok_or(GiveUp)
    }

    /// Four hex digits, as a number.
    fn hex4(&mut self) -> Result<u32> {
        let digits = self.bytes().get(self.at..self.at + 4).ok_or(GiveUp)?;
        let mut value = 0;
        for digit in digits {
            value = value << 4 | char::from(*digit).to_digit(16).ok_or(GiveUp)?;
        }
        self.at += 4;
        Ok(value)
    }

    /// Skips a string, its opening quote next, checking its escapes as serde_json does
    /// when it skips one (any four hex digits after `\u`).
    fn skip_string(&mut self) -> Result<()> {
        self.at += 1;
        loop {
            self.at = next_escape(self.bytes(), self.at);
            match self.bytes().get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    let escaped = *self.bytes().get(self.at + 1).ok_or(GiveUp)?;
                    self.at += 2;
                    match escaped {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            self.hex4()?;
                        }
                        _ => return Err(GiveUp),
                    }
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// Reads a number, its first byte next, as serde_json does: an integer is a `u64` when
    /// not negative, an `i64` when negative; a number with a fraction or an exponent is an
    /// `f64` when [`Reader::fraction`] reads it. Anything else is left to serde_json.
    #[inline]
    fn number(&mut self) -> Result<Number> {
        let bytes = self.bytes();
        let negative = bytes.get(self.at) == Some(&b'-');
        let start = self.at + usize::from(negative);
        let mut at = start;
        let mut value: u64 = 0;
        // Up to 19 digits cannot overflow a `u64`: eight at a time while a whole word of
        // them fits, then one at a time; a 20th is checked.
        while at - start <= 11 {
            let Some(eight) = word_at(bytes, at).and_then(eight_digits) else {
                break;
            };
            value = value * 100_000_000 + eight;
            at += 8;
        }
        while let Some(digit) = bytes.get(at).map(|byte| byte.wrapping_sub(b'0')) {
            if digit > 9 {
                break;
            }
            value = if at - start < 19 {
                value * 10 + u64::from(digit)
            } else {
                value
                    .checked_mul(10)
                    .and_then(|value| value.checked_add(u64::from(digit)))
                    .ok_or(GiveUp)?
            };
            at += 1;
        }
        self.at = at;
        let digits = at - start;
        let leading_zero = digits > 1 && bytes[start] == b'0';
        if digits == 0 || leading_zero {
            return Err(GiveUp);
        }
        if matches!(bytes.get(at), Some(b'.' | b'e' | b'E')) {
            return self.fraction(negative, value);
        }
        if !negative {
            return Ok(Number::Positive(value));
        }
        // serde_json reads `-0` and what is below `i64::MIN` as floats.
        match 0i64.checked_sub_unsigned(value) {
            Some(value) if value < 0 => Ok(Number::Negative(value)),
            _ => Err(GiveUp),
        }
    }

    /// Reads the fraction and the exponent of a number whose integer part was `integer`,
    /// the `.`, `e` or `E` next, as an `f64`, when its value is the same however it is
    /// read: its digits make an integer of at most 2^53 and its power of ten is within
    /// ±22, so both are exact `f64`s and their one product or quotient is correctly
    /// rounded. serde_json computes just that product or quotient (without its
    /// `float_roundtrip` feature) or the correctly rounded value (with it), so either way
    /// the same `f64`: prices (`1234.56`), ratings, coordinates. Other numbers (more than
    /// 15 or 16 significant digits, far exponents) are left to serde_json.
    fn fraction(&mut self, negative: bool, integer: u64) -> Result<Number> {
        /// The powers of ten that are exact `f64`s.
        const POWERS: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        const EXACT: u64 = 1 << 53;
        let bytes = self.bytes();
        let digit = |at: usize| {
            bytes
                .get(at)
                .map(|byte| u64::from(byte.wrapping_sub(b'0')))
                .filter(|digit| *digit <= 9)
        };
        // Below 2^53 before each digit, so `significand * 10 + digit` cannot overflow.
        if integer > EXACT {
            return Err(GiveUp);
        }
        let mut at = self.at;
        let mut significand = integer;
        let mut exponent: i64 = 0;
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            let start = at;
            while let Some(digit) = digit(at) {
                significand = significand * 10 + digit;
                if significand > EXACT {
                    return Err(GiveUp);
                }
                at += 1;
            }
            if at == start {
                return Err(GiveUp);
            }
            // At most 16 digits fit below 2^53, leading zeros aside: bounded by the body.
            exponent = -i64::try_from(at - start).map_err(|_| GiveUp)?;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            let sign = match bytes.get(at) {
                Some(b'-') => -1,
                Some(b'+') => 1,
                _ => 0,
            };
            at += usize::from(sign != 0);
            let start = at;
            let mut power: i64 = 0;
            while let Some(digit) = digit(at) {
                // A fourth digit: far beyond any exponent read here.
                if at - start == 3 {
                    return Err(GiveUp);
                }
                power = power * 10 + digit as i64;
                at += 1;
            }
            if at == start {
                return Err(GiveUp);
            }
            exponent += if sign < 0 { -power } else { power };
        }
        let power = *POWERS
            .get(usize::try_from(exponent.unsigned_abs()).map_err(|_| GiveUp)?)
            .ok_or(GiveUp)?;
        if significand > EXACT {
            return Err(GiveUp);
        }
        self.at = at;
        // Exact: `significand` is at most 2^53.
        #[allow(clippy::cast_precision_loss)]
        let value = significand as f64;
        let value = if exponent >= 0 {
            value * power
        } else {
            value / power
        };
        Ok(Number::Float(if negative { -value } else { value }))
    }

    /// Skips a number, its first byte next, checking it is one by JSON's grammar.
    fn skip_number(&mut self) -> Result<()> {
        if self.bytes().get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let start = self.at;
        let digits = self.digits();
        if digits == 0 || digits > 1 && self.bytes()[start] == b'0' {
            return Err(GiveUp);
        }
        if self.bytes().get(self.at) == Some(&b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(GiveUp);
            }
        }
        if matches!(self.bytes().get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.bytes().get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(GiveUp);
            }
        }
        Ok(())
    }

    /// Skips a run of digits and gives how many there were.
    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.bytes().get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - start
    }

    /// Skips any JSON value, checking it as serde_json does when it skips one, within the
    /// limits.
    fn skip_value(&mut self) -> Result<()> {
        match self.skip_whitespace().ok_or(GiveUp)? {
            b'"' => self.skip_string(),
            b'-' | b'0'..=b'9' => self.skip_number(),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'[' => {
                self.open()?;
                let mut items = 0;
                if self.skip_whitespace() != Some(b']') {
                    loop {
                        self.item(&mut items)?;
                        self.skip_value()?;
                        if self.skip_whitespace() != Some(b',') {
                            break;
                        }
                        self.at += 1;
                    }
                }
                self.close(b']')
            }
            b'{' => {
                self.open()?;
                let mut items = 0;
                if self.skip_whitespace() != Some(b'}') {
                    loop {
                        self.item(&mut items)?;
                        if self.skip_whitespace() != Some(b'"') {
                            return Err(GiveUp);
                        }
                        self.skip_string()?;
                        self.expect(b':')?;
                        self.skip_value()?;
                        if self.skip_whitespace() != Some(b',') {
                            break;
                        }
                        self.at += 1;
                    }
                }
                self.close(b'}')
            }
            _ => Err(GiveUp),
        }
    }

    /// Counts one more item of an array or object, within the items limit.
    #[inline]
    fn item(&self, items: &mut usize) -> Result<()> {
        *items += 1;
        if *items > self.max_items {
            return Err(GiveUp);
        }
        Ok(())
    }

    /// Visits an object, its opening brace next: the members of a struct with these
    /// `fields` when they are to be checked against Go's matching of keys.
    #[inline]
    fn object<V: Visitor<'a>>(
        &mut self,
        fields: Option<&'static [&'static str]>,
        visitor: V,
    ) -> Result<V::Value> {
        if self.skip_whitespace() != Some(b'{') {
            return Err(GiveUp);
        }
        self.open()?;
        let value = visitor.visit_map(Items {
            reader: self,
            items: 0,
            fields,
            key_start: 0,
        })?;
        self.close(b'}')?;
        Ok(value)
    }

    /// Visits a string, its opening quote next.
    #[inline(always)]
    fn visit_string<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Text::Borrowed(text) => visitor.visit_borrowed_str(text),
            Text::Unescaped => visitor.visit_str(&self.scratch),
        }
    }
}

/// A number as serde_json reads one.
enum Number {
    Positive(u64),
    Negative(i64),
    Float(f64),
}

impl Number {
    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Self::Positive(value) => visitor.visit_u64(value),
            Self::Negative(value) => visitor.visit_i64(value),
            Self::Float(value) => visitor.visit_f64(value),
        }
    }
}

/// Deserializers that read as another one does: every integer type as serde_json reads
/// them, through the same visits.
macro_rules! forward {
    ($to:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.$to(visitor)
        }
    )*};
}

/// Deserializers that leave everything to the careful way; `name(types)` for those that
/// take arguments before the visitor.
macro_rules! give_up {
    ($($method:ident $(($($argument:ty),*))?)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($(_: $argument,)*)? _: V) -> Result<V::Value> {
            Err(GiveUp)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.skip_whitespace().ok_or(GiveUp)? {
            b'"' => self.visit_string(visitor),
            b'-' | b'0'..=b'9' => self.number()?.visit(visitor),
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b'[' => self.deserialize_seq(visitor),
            b'{' => self.deserialize_map(visitor),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.skip_whitespace() {
            Some(b't') => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            Some(b'f') => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.skip_whitespace() {
            Some(b'-' | b'0'..=b'9') => self.number()?.visit(visitor),
            _ => Err(GiveUp),
        }
    }

    forward! {
        deserialize_i64: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f64
    }

    // serde_json reads an `f32` at single precision with `float_roundtrip`.
    give_up! {
        deserialize_f32 deserialize_char deserialize_bytes deserialize_byte_buf
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.skip_whitespace() {
            Some(b'"') => self.visit_string(visitor),
            _ => Err(GiveUp),
        }
    }

    forward! {
        deserialize_str: deserialize_string deserialize_identifier
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.skip_whitespace() {
            Some(b'n') => {
                self.literal(b"null")?;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.skip_whitespace() {
            Some(b'n') => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == OBJECT_STRUCT {
            // A struct asking for itself with its field names (`#[wire]`).
            return visitor.visit_some(self);
        }
        if name != RAW_VALUE_STRUCT {
            return visitor.visit_newtype_struct(self);
        }
        // Raw JSON, as serde_json hands it over: a map of one entry, the raw value's
        // name and the value's text, from its first byte to its last.
        self.skip_whitespace();
        let start = self.at;
        self.skip_value()?;
        let raw = self.text.get(start..self.at).ok_or(GiveUp)?;
        visitor.visit_map(RawAccess(Some(raw)))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.skip_whitespace() != Some(b'[') {
            return Err(GiveUp);
        }
        self.open()?;
        let value = visitor.visit_seq(Items {
            reader: self,
            items: 0,
            fields: None,
            key_start: 0,
        })?;
        self.close(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.object(None, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let fields = self.fold.then_some(fields);
        self.object(fields, visitor)
    }

    give_up! {
        deserialize_enum(&'static str, &'static [&'static str])
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

/// The items of an array or the entries of an object being read.
struct Items<'r, 'a> {
    reader: &'r mut Reader<'a>,
    /// How many were read so far.
    items: usize,
    /// The fields of the struct whose members these are, when its keys are checked
    /// against Go's matching.
    fields: Option<&'static [&'static str]>,
    /// Where the last key read starts, its quote.
    key_start: usize,
}

impl Items<'_, '_> {
    /// Whether another item comes, reading the comma before it; `close` ends them.
    #[inline]
    fn next(&mut self, close: u8) -> Result<bool> {
        let mut next = self.reader.skip_whitespace();
        if next == Some(close) {
            return Ok(false);
        }
        if self.items > 0 {
            if next != Some(b',') {
                return Err(GiveUp);
            }
            self.reader.at += 1;
            next = self.reader.skip_whitespace();
        }
        // A trailing comma, or the end of the body.
        if next.is_none() || next == Some(close) {
            return Err(GiveUp);
        }
        self.reader.item(&mut self.items)?;
        Ok(true)
    }
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.next(b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.next(b'}')? {
            return Ok(None);
        }
        if self.reader.skip_whitespace() != Some(b'"') {
            return Err(GiveUp);
        }
        self.key_start = self.reader.at;
        seed.deserialize(Key(&mut *self.reader)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        // Right after the key's closing quote.
        let key_end = self.reader.at;
        self.reader.expect(b':')?;
        match self.fields {
            None => seed.deserialize(&mut *self.reader),
            Some(fields) => seed.deserialize(Member {
                reader: &mut *self.reader,
                fields,
                key: (self.key_start, key_end),
            }),
        }
    }
}

/// The value of a struct's member whose key Go's matching is checked for: the struct
/// ignores it only when its key is no field's (serde matches keys exactly), and then Go
/// must not match it to one either.
struct Member<'r, 'a> {
    reader: &'r mut Reader<'a>,
    fields: &'static [&'static str],
    /// Where the key starts and ends, its quotes included.
    key: (usize, usize),
}

impl<'a> Member<'_, 'a> {
    /// The member's key as the body spells it, between its quotes.
    fn key_text(&self) -> Result<&'a str> {
        let (start, end) = self.key;
        self.reader.text.get(start + 1..end - 1).ok_or(GiveUp)
    }
}

/// Deserializers that read as the reader does.
macro_rules! to_reader {
    ($($method:ident $(($($argument:ident: $type:ty),*))?)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, $($($argument: $type,)*)? visitor: V) -> Result<V::Value> {
            self.reader.$method($($($argument,)*)? visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Member<'_, 'de> {
    type Error = GiveUp;

    to_reader! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_i128 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier
        deserialize_unit_struct(name: &'static str)
        deserialize_tuple(len: usize)
        deserialize_tuple_struct(name: &'static str, len: usize)
        deserialize_struct(name: &'static str, fields: &'static [&'static str])
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        // Raw JSON for a key that is no field's: a response object keeps it, Go ignores
        // it; the careful way (`go.rs`) reads the request as Go does.
        if name == RAW_VALUE_STRUCT && !self.fields.contains(&self.key_text()?) {
            return Err(GiveUp);
        }
        self.reader.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // An escaped key is left to the careful way rather than unescaped here.
        let key = self.key_text()?;
        if key.contains('\\') || super::go::folds_onto_any(key, self.fields) {
            return Err(GiveUp);
        }
        self.reader.deserialize_ignored_any(visitor)
    }
}

/// An object's key, its opening quote next: a string, as serde_json reads keys.
struct Key<'r, 'a>(&'r mut Reader<'a>);

impl<'de> de::Deserializer<'de> for Key<'_, 'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.visit_string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == RAW_VALUE_STRUCT {
            return Err(GiveUp);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Read, not skipped: serde_json reads an ignored key as a string.
        self.0.string()?;
        visitor.visit_unit()
    }

    give_up! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_i128
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_seq deserialize_map
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.visit_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.visit_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.visit_string(visitor)
    }

    give_up! {
        deserialize_unit_struct(&'static str)
        deserialize_tuple(usize)
        deserialize_tuple_struct(&'static str, usize)
        deserialize_struct(&'static str, &'static [&'static str])
        deserialize_enum(&'static str, &'static [&'static str])
    }
}

/// Raw JSON's one entry: the raw value's name, then its text.
struct RawAccess<'a>(Option<&'a str>);

impl<'de> MapAccess<'de> for RawAccess<'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.0.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(RAW_VALUE_STRUCT))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let raw = self.0.take().ok_or(GiveUp)?;
        seed.deserialize(BorrowedStrDeserializer::new(raw))
    }
}

#[cfg(test)]
mod tests {
    //! The reader against serde_json with the limits scan, the way it would otherwise go:
    //! whatever the reader reads, serde_json reads the same, on bodies made to hit every
    //! corner (escapes, surrogates, numbers at the edges, whitespace, limits, corruption).

    use std::fmt::Debug;

    use proptest::prelude::*;
    use serde::de::DeserializeOwned;

    use super::decode;
    use crate::api::tickets::{CreateMessage, CreateMessageData};
    use crate::codec::document::Document;
    use crate::codec::response::{self, decode_again};
    use crate::codec::Limits;
    use crate::{
        ChatMessage, ChatMessageId, Graph, Message, MessageId, Price, Product, ProductId, RawJson,
        Response, Timestamp, User, UserId,
    };

    /// serde_json's reading of `body` as a `T`, within `limits`.
    fn serde_json_reads<T: DeserializeOwned>(body: &[u8], limits: &Limits) -> Option<T> {
        Document::new::<T>(body, limits)
            .and_then(|document| document.decode())
            .ok()
    }

    /// Whatever the reader reads, serde_json reads the same. Returns whether the reader read.
    fn agrees<T: DeserializeOwned + PartialEq + Debug>(body: &[u8], limits: &Limits) -> bool {
        let Some(fast) = decode::<T>(body, limits) else {
            return false;
        };
        let slow = serde_json_reads::<T>(body, limits);
        assert_eq!(
            slow.as_ref(),
            Some(&fast),
            "{} from {:?}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(body)
        );
        true
    }

    /// Whatever the reader reads as a request, Go's reading reads the same, with no
    /// warning. (Not serde_json: a response object keeps the keys it does not model, a
    /// request ignores them, as Go does.) Returns whether the reader read.
    fn agrees_as_request<T: DeserializeOwned + PartialEq + Debug>(
        body: &[u8],
        limits: &Limits,
    ) -> bool {
        let Some(fast) = super::decode_request::<T>(body, limits) else {
            return false;
        };
        let go = crate::codec::go::read::<T>(body, limits, 100);
        let go = go.unwrap_or_else(|error| panic!("{error}: {:?}", String::from_utf8_lossy(body)));
        assert_eq!(
            (&go.value, go.warnings.len()),
            (&fast, 0),
            "{} from {:?}: {:?}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(body),
            go.warnings
        );
        true
    }

    fn agrees_on_all(body: &[u8], limits: &Limits) {
        agrees_as_request::<CreateMessage>(body, limits);
        agrees_as_request::<Vec<Message>>(body, limits);
        agrees_as_request::<User>(body, limits);
        agrees_as_request::<serde_json::Value>(body, limits);
        agrees_as_request::<std::collections::BTreeMap<String, RawJson>>(body, limits);
        agrees_as_request::<(i32, u8, i64, u64, bool, String, ())>(body, limits);
        agrees::<serde_json::Value>(body, limits);
        agrees::<Vec<Message>>(body, limits);
        agrees::<User>(body, limits);
        agrees::<Option<Vec<User>>>(body, limits);
        agrees::<CreateMessage>(body, limits);
        agrees::<RawJson>(body, limits);
        agrees::<std::collections::BTreeMap<String, RawJson>>(body, limits);
        agrees::<(i32, u8, i64, u64, bool, String, ())>(body, limits);
        // The whole response, as `decode_response` reads it and as it would without the
        // reader.
        let fast = response::decode::<Vec<Message>>(body, limits).ok();
        let slow = decode_again::<Vec<Message>>(body, limits).ok();
        assert_eq!(fast, slow, "{:?}", String::from_utf8_lossy(body));
    }

    #[rustfmt::skip]
    const KEYS: &[&str] = &[
        "OK", "Error", "Ping", "Data", "Result", "Graph", "Rels", "Code", "Text", "Id",
        "UID", "TicketId", "LocalId", "Author", "ClientId", "UserId", "Type", "Received",
        "Read", "CreatedAt", "UpdatedAt", "ReceivedAt", "ReadAt", "My", "Users", "Clients",
        "Files", "Name", "Permissions", "Message", "Tickets", "__proto__", "", "\\u0049d",
        "Te\\u0078t", "I\\d", "id", "ticketid", "MESSAGE", "\u{212a}", "Ti\u{212a}etId",
    ];

    #[rustfmt::skip]
    const NUMBERS: &[&str] = &[
        "0", "-0", "1", "-1", "01", "-01", "1632", "1548142724904", "9007199254740993",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "123456789012345678901234", "1.5", "-0.0", "1e3", "1E-3", "1e400", "2.", ".5", "-",
        "1.e3", "1e", "+1", "00", "12345678", "123456789", "1234567890123456789",
        "12345678901234567890", "99999999999999999999", "1234.56", "0.1", "-12.5e2", "1e22",
        "1e23", "1E-22", "1e-23", "9007199254740992.0", "9007199254740993.0", "4.9e-324",
        "0.000", "1.5e0001", "3.14159", "-0.5",
    ];

    #[rustfmt::skip]
    const STRINGS: &[&str] = &[
        "", "text", "Здравствуйте 😀", "a\\\"b", "\\\\", "\\/", "\\b\\f\\n\\r\\t", "\\u00e9",
        "\\u0000", "\\uD83D\\uDE00", "\\ud83d\\ude00", "\\ud800", "\\udc00",
        "\\ud800\\u0041", "\\ud800x", "\\u12", "\\uzzzz", "\\x", "tab\there", "nl\nhere",
        "\u{7f}", "user", "client", "text", "single-choice",
        "0123456789abcdef0123456789abcdef01234567",
        "long text that spans several words of eight bytes, with an escape\\n at the end",
    ];

    /// JSON-ish text: mostly valid, with the corners above and some corruption.
    fn json(depth: u32) -> BoxedStrategy<String> {
        let leaf = prop_oneof![
            proptest::sample::select(NUMBERS).prop_map(str::to_owned),
            proptest::sample::select(STRINGS).prop_map(|text| format!("\"{text}\"")),
            Just("true".to_owned()),
            Just("false".to_owned()),
            Just("null".to_owned()),
            Just("nul".to_owned()),
        ];
        if depth == 0 {
            return leaf.boxed();
        }
        let inner = json(depth - 1);
        prop_oneof![
            3 => leaf,
            1 => proptest::collection::vec(inner.clone(), 0..4)
                .prop_map(|items| format!("[{}]", items.join(","))),
            3 => proptest::collection::vec(
                (proptest::sample::select(KEYS), inner),
                0..6,
            )
            .prop_map(|entries| {
                let entries: Vec<String> = entries
                    .into_iter()
                    .map(|(key, value)| format!("\"{key}\":{value}"))
                    .collect();
                format!("{{{}}}", entries.join(","))
            }),
        ]
        .boxed()
    }

    /// Whitespace spread in `text` (some of it where JSON does not allow it), and a byte
    /// changed or the text cut short now and then.
    fn spoil(text: String, spaces: Vec<(usize, u8)>, cut: Option<usize>) -> Vec<u8> {
        let mut bytes = text.into_bytes();
        for (at, byte) in spaces {
            let at = at % (bytes.len() + 1);
            bytes.insert(at, byte);
        }
        if let Some(cut) = cut {
            bytes.truncate(cut % (bytes.len() + 1));
        }
        bytes
    }

    fn limits() -> impl Strategy<Value = Limits> {
        prop_oneof![
            3 => Just(Limits::default()),
            1 => (0usize..5, 0usize..6).prop_map(|(max_items, max_depth)| Limits {
                max_items,
                max_depth,
                ..Limits::default()
            }),
        ]
    }

    proptest! {
        #[test]
        fn the_reader_reads_what_serde_json_reads(
            text in json(4),
            spaces in proptest::collection::vec(
                (any::<usize>(), proptest::sample::select(&b" \n\t\r,:x\"\\\x01\xff"[..])),
                0..3,
            ),
            cut in proptest::option::weighted(0.1, any::<usize>()),
            limits in limits(),
        ) {
            agrees_on_all(&spoil(text, spaces, cut), &limits);
        }

        #[test]
        fn the_reader_reads_what_serde_json_reads_in_messages(
            messages in proptest::collection::vec(
                proptest::collection::vec(
                    (
                        proptest::sample::select(KEYS),
                        prop_oneof![
                            proptest::sample::select(NUMBERS).prop_map(str::to_owned),
                            proptest::sample::select(STRINGS).prop_map(|text| format!("\"{text}\"")),
                            Just("null".to_owned()),
                            Just("true".to_owned()),
                        ],
                    ),
                    0..8,
                ),
                0..4,
            ),
            limits in limits(),
        ) {
            // Message-shaped objects in a response, where most keys are known fields.
            let messages: Vec<String> = messages
                .into_iter()
                .map(|fields| {
                    let fields: Vec<String> = fields
                        .into_iter()
                        .map(|(key, value)| format!("\"{key}\":{value}"))
                        .collect();
                    format!("{{{}}}", fields.join(","))
                })
                .collect();
            let list = format!("[{}]", messages.join(","));
            let body = format!(r#"{{"OK":true,"Data":{list},"Graph":{{"Users":[{{"Id":1}}]}}}}"#);
            agrees_on_all(list.as_bytes(), &limits);
            agrees_on_all(body.as_bytes(), &limits);
        }
    }

    /// The reader's `f64`s are serde_json's and the correctly rounded ones (`str::parse`),
    /// to the bit; and it reads the numbers prices are written as.
    fn reads_float_as_serde_json(text: &str) -> bool {
        let Some(fast) = decode::<f64>(text.as_bytes(), &Limits::default()) else {
            return false;
        };
        let serde_json: f64 = serde_json::from_str(text).unwrap();
        let rounded: f64 = text.parse().unwrap();
        assert_eq!(fast.to_bits(), serde_json.to_bits(), "{text}");
        assert_eq!(fast.to_bits(), rounded.to_bits(), "{text}");
        true
    }

    #[test]
    fn floats_are_read_as_serde_json_reads_them_or_left_to_it() {
        for text in [
            "1234.56", "0.1", "-0.0", "99.9", "4710.74", "1e22", "-2.5E-3", "7.0e+1",
        ] {
            assert!(reads_float_as_serde_json(text), "{text}");
        }
        // More digits than 2^53 holds, powers of ten that are no exact `f64`: left.
        for text in [
            "900719925474099.33",
            "1e23",
            "1e-23",
            "0.1e-22",
            "1.7976931348623157e308",
            // Integer parts beyond 2^53, up to `u64::MAX`: no overflow on the next digit.
            "9007199254740993.5",
            "12345678901234567890.5",
            "18446744073709551615.9",
            "-18446744073709551615.99e-3",
        ] {
            assert!(!reads_float_as_serde_json(text), "{text}");
        }
        assert!(reads_float_as_serde_json("900719925474099.2"));
    }

    proptest! {
        #[test]
        fn random_floats_are_read_as_serde_json_reads_them(
            integer in prop_oneof![0u64..1000, 0u64..(1 << 53), Just(0u64), any::<u64>()],
            fraction in "[0-9]{0,17}",
            exponent in proptest::option::of((prop_oneof![Just(""), Just("+"), Just("-")], 0u32..40)),
            negative: bool,
        ) {
            let mut text = format!("{}{integer}", if negative { "-" } else { "" });
            if !fraction.is_empty() {
                text = format!("{text}.{fraction}");
            }
            if let Some((sign, power)) = exponent {
                text = format!("{text}e{sign}{power}");
            }
            reads_float_as_serde_json(&text);
            // In a document, as a value and in a struct's field.
            agrees::<serde_json::Value>(format!("[{text}]").as_bytes(), &Limits::default());
        }
    }

    #[test]
    fn the_documented_bodies_and_the_benchmark_pages_take_the_fast_path() {
        let limits = Limits::default();
        let request = include_bytes!("../../tests/fixtures/create_message.request.json");
        assert!(agrees::<CreateMessage>(request, &limits));
        assert!(agrees_as_request::<CreateMessage>(request, &limits));
        // A key Go matches ignoring case is left to Go's reading, escaped or not.
        for key in [
            "ticketid",
            "TICKETID",
            "Tic\u{212a}etId",
            "Ticket\\u0069d",
            "x\\u0020",
        ] {
            let body = format!(
                r#"{{"{key}": 1, "TicketId": 2, "Message": {{"LocalId": 1, "Type": "", "Text": ""}}}}"#
            );
            assert!(decode::<CreateMessage>(body.as_bytes(), &limits).is_some());
            assert!(super::decode_request::<CreateMessage>(body.as_bytes(), &limits).is_none());
        }
        let response = include_bytes!("../../tests/fixtures/create_message.response.json");
        assert!(response::reads_fast::<CreateMessageData>(response, &limits));
        let fast = response::decode::<CreateMessageData>(response, &limits).unwrap();
        assert_eq!(fast, decode_again(response, &limits).unwrap());
        // A page as the server writes it, through the crate's own encoder.
        let mut message = Message::new(MessageId::new(1632));
        message.text = "Здравствуйте! \"Line\"\n😀".to_owned();
        message.read_at = Some(Timestamp::from_millis(1548142724951));
        let graph = Graph {
            users: vec![User::new(UserId::new(1))],
            ..Graph::default()
        };
        let page = crate::codec::encode_response_as(
            &Response::success(vec![message; 3], graph),
            crate::envelope::Spelling::DataGraph,
        );
        let page = page.unwrap();
        assert!(response::reads_fast::<Vec<Message>>(&page, &limits));
        let fast = response::decode::<Vec<Message>>(&page, &limits).unwrap();
        assert_eq!(fast, decode_again(&page, &limits).unwrap());
        // The public API's history (`Result`, `Rels`), with a product whose price has a
        // fraction, as the fixture has it and as the crate writes it.
        let fixture: serde_json::Value = serde_json::from_slice(include_bytes!(
            "../../tests/fixtures/public/11-channel_messages.json"
        ))
        .unwrap();
        let history = serde_json::to_vec(&fixture["response"]).unwrap();
        assert!(response::reads_fast::<Vec<ChatMessage>>(&history, &limits));
        let mut message = ChatMessage::new(ChatMessageId::new(7));
        let mut product = Product::new(ProductId::new(9));
        product.periodic_payment_price = Price::from_f64(4710.74).unwrap();
        message.product = Some(Box::new(product));
        let page = crate::codec::encode_response_as(
            &Response::success(vec![message; 3], Graph::default()),
            crate::envelope::Spelling::ResultRels,
        );
        let page = page.unwrap();
        assert!(response::reads_fast::<Vec<ChatMessage>>(&page, &limits));
        let fast = response::decode::<Vec<ChatMessage>>(&page, &limits).unwrap();
        assert_eq!(fast, decode_again(&page, &limits).unwrap());
        let messages = fast.value.data.unwrap();
        let price = &messages[0].product.as_ref().unwrap().periodic_payment_price;
        assert_eq!(price.as_f64().to_bits(), 4710.74f64.to_bits());
    }
}
