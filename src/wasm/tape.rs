//! Rust values into JavaScript values in one crossing: the serde form is written to a tape
//! (operations, numbers, and all the text in one UTF-8 buffer) in WebAssembly's memory,
//! and one JavaScript function builds the values from it. Building a value field by field
//! from WebAssembly costs a call into JavaScript per field and per string; here the
//! engine's own code does it, and the text is decoded once.
//!
//! The values are those [`super::js`] describes: structs are plain objects with the wire's
//! field names, `None` and `()` are `null`, 64-bit integers are `BigInt`s, maps are
//! objects with own properties (`Object.fromEntries`), raw JSON is the value its text
//! holds (integers that fit 64 bits as `BigInt`s; one with a number beyond `f64` is what
//! `JSON.parse` makes of it).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserializer as _};
use serde::ser::{self, Serialize};
use wasm_bindgen::prelude::*;

use super::js::Error;
use crate::primitives::{string_of, RAW_VALUE_STRUCT};

// The tape's operations; the builder below reads the same numbers.
const NULL: u32 = 0;
const TRUE: u32 = 1;
const FALSE: u32 = 2;
/// A number, the next of `nums`.
const NUM: u32 = 3;
/// A `BigInt` of a safe integer, the next of `nums`.
const BIG: u32 = 4;
/// A `BigInt` of the digits at `text[start..end]`.
const BIG_TEXT: u32 = 5;
/// A string, `text[start..end]` (UTF-16 offsets).
const STR: u32 = 6;
/// An array: values until `END`.
const ARRAY: u32 = 7;
const END: u32 = 8;
/// A struct: `KEY id` and a value, or `DEFINE_KEY id start end`, until `END`.
const OBJECT: u32 = 9;
const KEY: u32 = 10;
const DEFINE_KEY: u32 = 12;
/// A `Uint8Array` of `len` bytes, the next `len` of `nums`.
const BYTES: u32 = 13;
/// A map: key and value pairs until `END`, made an object by `Object.fromEntries`.
const MAP: u32 = 14;
/// `JSON.parse(text[start..end])`.
const PARSE: u32 = 15;

#[wasm_bindgen(inline_js = r#"
const decoder = new TextDecoder();
const keys = [];
export function build_from_tape(memory, opsAt, opsLen, numsAt, numsLen, textAt, textLen) {
  const buffer = memory.buffer;
  const ops = new Uint32Array(buffer, opsAt, opsLen);
  const nums = new Float64Array(buffer, numsAt, numsLen);
  const text = textLen === 0 ? "" : decoder.decode(new Uint8Array(buffer, textAt, textLen));
  let i = 0;
  let n = 0;
  function value() {
    switch (ops[i++]) {
      case 0: return null;
      case 1: return true;
      case 2: return false;
      case 3: return nums[n++];
      case 4: return BigInt(nums[n++]);
      case 5: { const start = ops[i++]; return BigInt(text.slice(start, ops[i++])); }
      case 6: { const start = ops[i++]; return text.slice(start, ops[i++]); }
      case 7: { const array = []; while (ops[i] !== 8) array.push(value()); i++; return array; }
      case 9: {
        const object = {};
        while (ops[i] !== 8) {
          if (ops[i++] === 12) { keys[ops[i]] = text.slice(ops[i + 1], ops[i + 2]); i += 3; continue; }
          const key = keys[ops[i++]];
          object[key] = value();
        }
        i++;
        return object;
      }
      case 13: { const bytes = new Uint8Array(ops[i++]); for (let j = 0; j < bytes.length; j++) bytes[j] = nums[n++]; return bytes; }
      case 14: {
        const entries = [];
        while (ops[i] !== 8) { const key = value(); entries.push([key, value()]); }
        i++;
        return Object.fromEntries(entries);
      }
      case 15: { const start = ops[i++]; return JSON.parse(text.slice(start, ops[i++])); }
      default: throw new Error("a tape operation the builder does not know");
    }
  }
  return value();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn build_from_tape(
        memory: &JsValue,
        ops: u32,
        ops_len: u32,
        nums: u32,
        nums_len: u32,
        text: u32,
        text_len: u32,
    ) -> Result<JsValue, JsValue>;
}

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A tape being written, and the struct field names the builder knows by number.
#[derive(Default)]
struct Tape {
    ops: Vec<u32>,
    nums: Vec<f64>,
    text: String,
    /// The text's length in UTF-16 units, the builder's offsets.
    utf16: u32,
    /// Field names the builder knows (or learns from this tape): by the address and length
    /// of the `&'static str`, which does not move.
    keys: HashMap<(usize, usize), u32, foldhash::fast::FixedState>,
    /// The names this tape defines, forgotten if it is not built.
    new_keys: Vec<(usize, usize)>,
}

thread_local! {
    static TAPE: RefCell<Tape> = RefCell::default();
}

/// `value` as a JavaScript value, in one crossing.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    TAPE.with(|tape| {
        let Ok(mut tape) = tape.try_borrow_mut() else {
            return Err(ser::Error::custom("a value built while another is"));
        };
        tape.ops.clear();
        tape.nums.clear();
        tape.text.clear();
        tape.utf16 = 0;
        tape.new_keys.clear();
        let written = value.serialize(&mut *tape);
        let built = written.and_then(|()| {
            build_from_tape(
                &wasm_bindgen::memory(),
                address(tape.ops.as_ptr()),
                len(tape.ops.len()),
                address(tape.nums.as_ptr()),
                len(tape.nums.len()),
                address(tape.text.as_ptr()),
                len(tape.text.len()),
            )
            .map_err(|_| ser::Error::custom("could not build the value"))
        });
        if built.is_err() {
            // The builder did not learn this tape's names.
            let Tape { keys, new_keys, .. } = &mut *tape;
            for key in new_keys.drain(..) {
                keys.remove(&key);
            }
        }
        built
    })
}

/// An address in WebAssembly's memory, as the builder reads it (32 bits on `wasm32`).
fn address<T>(pointer: *const T) -> u32 {
    u32::try_from(pointer as usize).unwrap_or(u32::MAX)
}

fn len(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Tape {
    fn op(&mut self, op: u32) {
        self.ops.push(op);
    }

    /// Appends `text`; gives its start and end in UTF-16 units.
    fn push_text(&mut self, text: &str) -> (u32, u32) {
        let start = self.utf16;
        let units = if text.is_ascii() {
            text.len()
        } else {
            text.encode_utf16().count()
        };
        self.text.push_str(text);
        self.utf16 = start.saturating_add(len(units));
        (start, self.utf16)
    }

    fn string(&mut self, text: &str) {
        let (start, end) = self.push_text(text);
        self.ops.extend([STR, start, end]);
    }

    fn number(&mut self, value: f64) {
        self.ops.push(NUM);
        self.nums.push(value);
    }

    /// An integer as a `BigInt`: by its value when a number holds it, else by its digits.
    fn big(&mut self, value: impl fmt::Display + Copy + TryInto<i64>) {
        match value.try_into() {
            #[allow(clippy::cast_precision_loss)] // Checked: a safe integer is exact.
            Ok(small) if (small as f64).abs() <= MAX_SAFE => {
                self.ops.push(BIG);
                self.nums.push(small as f64);
            }
            _ => {
                let (start, end) = self.push_text(&value.to_string());
                self.ops.extend([BIG_TEXT, start, end]);
            }
        }
    }

    /// The key of a struct's field: its number, defined first if the builder lacks it.
    fn key(&mut self, key: &'static str) {
        let slot = (key.as_ptr() as usize, key.len());
        let id = match self.keys.get(&slot) {
            Some(id) => *id,
            None => {
                let id = len(self.keys.len());
                self.keys.insert(slot, id);
                self.new_keys.push(slot);
                let (start, end) = self.push_text(key);
                self.ops.extend([DEFINE_KEY, id, start, end]);
                id
            }
        };
        self.ops.extend([KEY, id]);
    }

    /// The value of a JSON text (valid JSON): walked onto the tape, or, for a number beyond
    /// `f64` (`1e400`), what `JSON.parse` makes of it.
    fn raw(&mut self, text: &str) {
        let (ops, nums, chars, utf16) =
            (self.ops.len(), self.nums.len(), self.text.len(), self.utf16);
        let mut deserializer = serde_json::Deserializer::from_str(text);
        if deserializer.deserialize_any(RawVisitor(self)).is_err() {
            self.ops.truncate(ops);
            self.nums.truncate(nums);
            self.text.truncate(chars);
            self.utf16 = utf16;
            let (start, end) = self.push_text(text);
            self.ops.extend([PARSE, start, end]);
        }
    }
}

/// The serializer's number methods: up to 32 bits and floats as numbers, wider integers
/// as `BigInt`s.
macro_rules! numbers {
    ($($method:ident: $type:ty => $how:ident),* $(,)?) => {$(
        fn $method(self, v: $type) -> Result<(), Error> {
            numbers!(@ $how self v);
            Ok(())
        }
    )*};
    (@ number $self:ident $v:ident) => { $self.number(f64::from($v)) };
    (@ big $self:ident $v:ident) => { $self.big($v) };
}

impl<'t> ser::Serializer for &'t mut Tape {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'t>;
    type SerializeTuple = Seq<'t>;
    type SerializeTupleStruct = Seq<'t>;
    type SerializeTupleVariant = Seq<'t>;
    type SerializeMap = Seq<'t>;
    type SerializeStruct = Struct<'t>;
    type SerializeStructVariant = Struct<'t>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.op(if v { TRUE } else { FALSE });
        Ok(())
    }

    numbers! {
        serialize_i8: i8 => number, serialize_i16: i16 => number,
        serialize_i32: i32 => number, serialize_u8: u8 => number,
        serialize_u16: u16 => number, serialize_u32: u32 => number,
        serialize_f32: f32 => number, serialize_f64: f64 => number,
        serialize_i64: i64 => big, serialize_i128: i128 => big,
        serialize_u64: u64 => big, serialize_u128: u128 => big,
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.ops.extend([BYTES, len(v.len())]);
        self.nums.extend(v.iter().map(|byte| f64::from(*byte)));
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.op(NULL);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.op(NULL);
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.op(NULL);
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.op(OBJECT);
        self.key(variant);
        value.serialize(&mut *self)?;
        self.op(END);
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'t>, Error> {
        self.op(ARRAY);
        Ok(Seq {
            tape: self,
            ends: 1,
        })
    }

    fn serialize_tuple(self, _: usize) -> Result<Seq<'t>, Error> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Seq<'t>, Error> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Seq<'t>, Error> {
        self.op(OBJECT);
        self.key(variant);
        self.op(ARRAY);
        Ok(Seq {
            tape: self,
            ends: 2,
        })
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Seq<'t>, Error> {
        self.op(MAP);
        Ok(Seq {
            tape: self,
            ends: 1,
        })
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Struct<'t>, Error> {
        let raw = name == RAW_VALUE_STRUCT;
        if !raw {
            self.op(OBJECT);
        }
        Ok(Struct {
            tape: self,
            raw,
            ends: 1,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Struct<'t>, Error> {
        self.op(OBJECT);
        self.key(variant);
        self.op(OBJECT);
        Ok(Struct {
            tape: self,
            raw: false,
            ends: 2,
        })
    }
}

/// An array, a map, or a tuple variant being written: `ends` closes it.
struct Seq<'t> {
    tape: &'t mut Tape,
    ends: usize,
}

impl Seq<'_> {
    fn end(self) -> Result<(), Error> {
        for _ in 0..self.ends {
            self.tape.op(END);
        }
        Ok(())
    }
}

macro_rules! seq {
    ($($trait:ident::$method:ident;)*) => {$(
        impl ser::$trait for Seq<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                value.serialize(&mut *self.tape)
            }

            fn end(self) -> Result<(), Error> {
                Seq::end(self)
            }
        }
    )*};
}

seq! {
    SerializeSeq::serialize_element;
    SerializeTuple::serialize_element;
    SerializeTupleStruct::serialize_field;
    SerializeTupleVariant::serialize_field;
}

impl ser::SerializeMap for Seq<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let at = self.tape.ops.len();
        key.serialize(&mut *self.tape)?;
        if self.tape.ops.get(at) != Some(&STR) {
            return Err(ser::Error::custom("a map key must be a string"));
        }
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.tape)
    }

    fn end(self) -> Result<(), Error> {
        Seq::end(self)
    }
}

/// A struct being written, or raw JSON waiting for its one field: its text.
struct Struct<'t> {
    tape: &'t mut Tape,
    raw: bool,
    ends: usize,
}

macro_rules! structs {
    ($($trait:ident;)*) => {$(
        impl ser::$trait for Struct<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                if self.raw {
                    let text = string_of(value)
                        .ok_or_else(|| ser::Error::custom("raw JSON without its text"))?;
                    self.tape.raw(&text);
                    return Ok(());
                }
                self.tape.key(key);
                value.serialize(&mut *self.tape)
            }

            fn end(self) -> Result<(), Error> {
                if !self.raw {
                    for _ in 0..self.ends {
                        self.tape.op(END);
                    }
                }
                Ok(())
            }
        }
    )*};
}

structs! {
    SerializeStruct;
    SerializeStructVariant;
}

/// Writes any JSON value onto the tape.
struct RawVisitor<'t>(&'t mut Tape);

impl<'de> de::Visitor<'de> for RawVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.0.op(if v { TRUE } else { FALSE });
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.0.big(v);
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.0.big(v);
        Ok(())
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.0.number(v);
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.0.string(v);
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.op(NULL);
        Ok(())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.op(ARRAY);
        while seq.next_element_seed(RawSeed(&mut *self.0))?.is_some() {}
        self.0.op(END);
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.op(MAP);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            self.0.string(&key);
            map.next_value_seed(RawSeed(&mut *self.0))?;
        }
        self.0.op(END);
        Ok(())
    }
}

/// [`RawVisitor`] for the items of arrays and objects.
struct RawSeed<'t>(&'t mut Tape);

impl<'de> de::DeserializeSeed<'de> for RawSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(RawVisitor(self.0))
    }
}
