//! Rust values into JavaScript values in one crossing: the serde form is written to a tape
//! (operations, numbers, and all the text in one UTF-8 buffer) in WebAssembly's memory,
//! and one JavaScript function builds the values from it. Building a value field by field
//! from WebAssembly costs a call into JavaScript per field and per string; here the
//! engine's own code does it, and the text is decoded once.
//!
//! A struct's field names are sent once, as its shape (the names in order), which the
//! builder keeps from call to call: each object is a copy of its shape's template, which
//! `JSON.parse` gave V8's fast layout (adding twenty fields one by one leaves an object in
//! the slow dictionary layout). A value may be written in parts ([`write_js`]), with
//! objects shared between them: the same JavaScript object wherever the same part of the
//! body (a graph's object) is written.
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
use crate::codec::interpret::data::{Data, MessageValue, WriteParts};
use crate::codec::interpret::response::{WRITTEN_DATA, WRITTEN_PART};
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
/// A struct: `OBJECT shape`, then the value of each of the shape's fields in order.
const OBJECT: u32 = 9;
// The definitions, which the builder reads before the value (`defs`):
/// `DEFINE_SHAPE id count key...`: a struct's field names, by their numbers.
const DEFINE_SHAPE: u32 = 11;
/// `DEFINE_KEY id start end`: a field name, `text[start..end]`.
const DEFINE_KEY: u32 = 12;
/// How many shapes are kept before they are forgotten and their ids given again (the
/// builder's are then defined again over them): each struct has one per set of its
/// optional fields present, so this bounds what a stream of unusual values can make both
/// sides keep.
const MAX_SHAPES: usize = 1024;
/// How many field names are kept before they are forgotten with the shapes: a map's keys
/// are names too ([`MAX_SHAPED_KEYS`]), so this bounds what a stream of maps can make both
/// sides keep.
const MAX_KEYS: usize = 4096;
/// The most keys of a map of a given length built as a struct of its shape (whose keys are
/// then names the builder keeps); a larger one is built by `Object.fromEntries`. An object
/// read in the body's order comes as a map of no given length, and is always built from its
/// shape: its keys are the body's, which bounds them, and [`MAX_KEYS`] bounds what is kept.
const MAX_SHAPED_KEYS: usize = 64;
/// A `Uint8Array` of `len` bytes, the next `len` of `nums`.
const BYTES: u32 = 13;
/// A map: key and value pairs until `END`, made an object by `Object.fromEntries`.
const MAP: u32 = 14;
/// `JSON.parse(text[start..end])`.
const PARSE: u32 = 15;
/// `SHARED id` and a value: the value, kept as shared object `id`.
const SHARED: u32 = 17;
/// `REF id`: shared object `id`, the same JavaScript object again.
const REF: u32 = 18;
/// `LET`, values until `END`, then the value: the first are each a `SHARED` one, built
/// before the value that refers to them (the parts written in the walk that checks them),
/// or a `LAZY` one.
const LET: u32 = 19;
/// `LAZY id ops nums` and a value (in a `LET`): shared object `id`, built where a `REF`
/// first asks for it, and not at all if none does; `ops` and `nums` are where the tape
/// goes on after it (from the start of each). A graph's element that no message refers
/// to is never built.
const LAZY: u32 = 20;

#[wasm_bindgen(inline_js = r#"
const decoder = new TextDecoder();
const keys = [];
const shapes = [];
// An object of a shape's fields, each null: JSON.parse gives it the fast layout that
// adding the fields one by one (past about 16) would not, and a copy keeps it.
function shape(names) {
  return { names, template: JSON.parse(`{${names.map((name) => `${JSON.stringify(name)}:null`).join(",")}}`) };
}
// Views of the whole memory, made again only when it grows (which detaches them).
let viewed = null;
let words = null;
let floats = null;
let bytes = null;
export function build_from_tape(memory, opsAt, opsLen, numsAt, numsLen, textAt, textLen, defsAt, defsLen) {
  if (memory.buffer !== viewed) {
    viewed = memory.buffer;
    words = new Uint32Array(viewed);
    floats = new Float64Array(viewed);
    bytes = new Uint8Array(viewed);
  }
  const ops = words;
  const nums = floats;
  const text = textLen === 0 ? "" : decoder.decode(bytes.subarray(textAt, textAt + textLen));
  for (let d = defsAt >>> 2, end = d + defsLen; d < end; ) {
    if (words[d] === 12) { keys[words[d + 1]] = text.slice(words[d + 2], words[d + 3]); d += 4; continue; }
    const id = words[d + 1];
    const count = words[d + 2];
    const names = [];
    for (let k = 0; k < count; k++) names.push(keys[words[d + 3 + k]]);
    shapes[id] = shape(names);
    d += 3 + count;
  }
  let i = opsAt >>> 2;
  let n = numsAt >>> 3;
  const shared = [];
  const lazy = [];
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
        const { names, template } = shapes[ops[i++]];
        const object = { ...template };
        for (let k = 0; k < names.length; k++) object[names[k]] = value();
        return object;
      }
      case 13: { const array = new Uint8Array(ops[i++]); for (let j = 0; j < array.length; j++) array[j] = nums[n++]; return array; }
      case 14: {
        const entries = [];
        while (ops[i] !== 8) { const key = value(); entries.push([key, value()]); }
        i++;
        return Object.fromEntries(entries);
      }
      case 15: { const start = ops[i++]; return JSON.parse(text.slice(start, ops[i++])); }
      case 17: { const id = ops[i++]; return (shared[id] = value()); }
      case 18: {
        const id = ops[i++];
        const at = lazy[id];
        if (at !== undefined) {
          lazy[id] = undefined;
          const [from, fromNum] = at;
          const back = i, backNum = n;
          i = from; n = fromNum;
          shared[id] = value();
          i = back; n = backNum;
        }
        return shared[id];
      }
      case 19: { while (ops[i] !== 8) value(); i++; return value(); }
      case 20: {
        const id = ops[i++];
        const end = (opsAt >>> 2) + ops[i++], endNum = (numsAt >>> 3) + ops[i++];
        lazy[id] = [i, n];
        i = end; n = endNum;
        return undefined;
      }
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
        defs: u32,
        defs_len: u32,
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
    /// The definitions of the names and shapes this tape uses first.
    defs: Vec<u32>,
    /// Field names the builder knows (or learns from this tape): by the address and length
    /// of the `&'static str`, which does not move.
    keys: HashMap<(usize, usize), u32, foldhash::fast::FixedState>,
    /// The names this tape defines, forgotten if it is not built.
    new_keys: Vec<(usize, usize)>,
    /// The keys of maps the builder knows as names (of their shapes), by their text.
    named: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    /// The map keys this tape defines, forgotten if it is not built.
    new_named: Vec<Box<str>>,
    /// Whether the string written next is a key of a map written as a struct
    /// ([`Tape::named_key`]).
    naming: bool,
    /// Struct shapes (field names in order) the builder knows, by their field numbers.
    /// The builder makes each shape's objects from one template, so that they have the
    /// engine's fast layout however many fields they have.
    shapes: HashMap<Vec<u32>, u32, foldhash::fast::FixedState>,
    /// The shapes this tape defines, forgotten if it is not built.
    new_shapes: Vec<Vec<u32>>,
    /// The field numbers of the structs being written, innermost last.
    fields: Vec<u32>,
    /// The shared objects written so far: their ids by where their part of the body
    /// starts in memory (no two parts start at the same byte).
    shared: HashMap<usize, u32, foldhash::fast::FixedState>,
    /// The graph's elements written as they were checked ([`WriteParts::element`]), in
    /// their order: the ids that the elements of a response written after them refer to
    /// ([`WRITTEN_PART`]).
    elements: Vec<u32>,
    /// The next of `elements` to refer to.
    next_element: usize,
    /// The response's data written as it was checked ([`WriteParts::data`]): the id that
    /// the response written after it refers to ([`WRITTEN_DATA`]).
    data_part: Option<u32>,
    /// Where the tape was when a reading began ([`WriteParts::begin`]), and how many
    /// shared values and elements it had: what [`WriteParts::undo`] takes back to.
    begun: Option<(Mark, usize, usize)>,
    /// The structs being written, innermost last: where each one's shape goes in `ops`,
    /// and where its field numbers start in `fields`.
    open: Vec<(usize, usize)>,
}

/// Where a tape was ([`Tape::mark`]).
struct Mark {
    ops: usize,
    nums: usize,
    fields: usize,
    open: usize,
}

thread_local! {
    static TAPE: RefCell<Tape> = RefCell::default();
}

/// `value` as a JavaScript value, in one crossing.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    write_js(|writer| writer.value(value))
}

/// The value `write` writes, as a JavaScript value, in one crossing: for values made of
/// several parts, and of objects shared between them ([`Writer::shared`]).
pub(crate) fn write_js<E: From<Error>>(
    write: impl FnOnce(&mut Writer<'_>) -> Result<(), E>,
) -> Result<JsValue, E> {
    TAPE.with(|tape| {
        let Ok(mut tape) = tape.try_borrow_mut() else {
            return Err(E::from(<Error as ser::Error>::custom(
                "a value built while another is",
            )));
        };
        tape.begin();
        let built = match write(&mut Writer(&mut tape, None)) {
            Ok(()) => tape.build().map_err(E::from),
            Err(error) => Err(error),
        };
        if built.is_err() {
            tape.forget_new();
        }
        built
    })
}

/// Writes a value in parts onto the tape: `write_js`'s argument.
pub(crate) struct Writer<'t>(&'t mut Tape, Option<Error>);

impl Writer<'_> {
    /// A value, as serde gives it.
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.0)
    }

    /// An object, whose fields `fields` writes, each with [`Self::key`] and its value.
    pub(crate) fn object<E>(
        &mut self,
        fields: impl FnOnce(&mut Self) -> Result<(), E>,
    ) -> Result<(), E> {
        self.0.open();
        fields(self)?;
        self.0.close();
        Ok(())
    }

    /// The key of the field whose value is written next.
    pub(crate) fn key(&mut self, key: &'static str) {
        self.0.key(key);
    }

    /// A field and its value, as serde gives it.
    pub(crate) fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.key(key);
        self.value(value)
    }

    /// An array, whose items `items` writes.
    pub(crate) fn array<E>(
        &mut self,
        items: impl FnOnce(&mut Self) -> Result<(), E>,
    ) -> Result<(), E> {
        self.0.op(ARRAY);
        items(self)?;
        self.0.op(END);
        Ok(())
    }

    /// The values that `parts` writes as shared ones ([`WriteParts`], [`Self::shared`]),
    /// before the value written next, which refers to them: so that a part of the body is
    /// written in the walk that checks it, wherever it is used. Gives what `parts` read.
    pub(crate) fn preamble<T, E>(
        &mut self,
        parts: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        self.0.op(LET);
        let read = parts(self)?;
        self.0.op(END);
        Ok(read)
    }

    /// The error the tape gave a part that [`WriteParts`] wrote, if it gave one.
    pub(crate) fn refused(&mut self) -> Result<(), Error> {
        self.1.take().map_or(Ok(()), Err)
    }

    /// `value`, the view of `part` (a graph's object, a slice of the body), one JavaScript
    /// object however many times it is written: the same object again wherever the same
    /// part is written in this value.
    pub(crate) fn shared(&mut self, part: &str, value: &impl Serialize) -> Result<(), Error> {
        if let Some(id) = self.0.shared.get(&(part.as_ptr() as usize)) {
            self.0.ops.extend([REF, *id]);
            return Ok(());
        }
        self.0.define(part.as_ptr());
        self.value(value)
    }
}

/// Each part written as a shared value ([`Writer::preamble`]), in the walk that checks it:
/// a message as the data's walk meets it, an element of the graph taken back from the tape
/// when it is not a value of its kind.
impl WriteParts for Writer<'_> {
    fn message(&mut self, message: &MessageValue<'_, '_, '_, '_>) -> bool {
        self.0.define(message.start());
        match message.serialize(&mut *self.0) {
            Ok(()) => true,
            Err(error) => {
                // The response is refused: its fault is the walk's, or this one.
                self.1.get_or_insert(error);
                false
            }
        }
    }

    fn element(&mut self, json: &str, element: &Data<'_, '_>) -> bool {
        let written = self.lazy(json.as_ptr(), element);
        if let Some(id) = written {
            self.0.elements.push(id);
        }
        written.is_some()
    }

    fn data(&mut self, data: &Data<'_, '_>) -> bool {
        self.0.data_part = self.lazy(data.start(), data);
        self.0.data_part.is_some()
    }

    fn begin(&mut self) {
        let tape = &mut *self.0;
        tape.begun = Some((tape.mark(), tape.shared.len(), tape.elements.len()));
    }

    fn undo(&mut self) {
        let tape = &mut *self.0;
        let Some((mark, shared, elements)) = tape.begun.take() else {
            return;
        };
        tape.ops.truncate(mark.ops);
        tape.nums.truncate(mark.nums);
        tape.fields.truncate(mark.fields);
        tape.open.truncate(mark.open);
        tape.shared.retain(|_, id| (*id as usize) < shared);
        tape.elements.truncate(elements);
        tape.data_part = None;
        self.1 = None;
    }
}

impl Writer<'_> {
    /// `value`, the part of the body at `start`, written as a lazy shared value in the walk
    /// that checks it: its id; `None` when it is not a value of its kind (the walk keeps
    /// the fault) or the tape refused it (its error kept), nothing of it then kept.
    fn lazy(&mut self, start: *const u8, value: &Data<'_, '_>) -> Option<u32> {
        let mark = self.0.mark();
        let id = self.0.define_lazy(start);
        let written = value.serialize(&mut *self.0);
        self.0.end_lazy(mark.ops);
        if value.faulty() {
            self.0.take_back(start, id, &mark);
            return None;
        }
        match written {
            Ok(()) => Some(id),
            Err(error) => {
                self.0.take_back(start, id, &mark);
                self.1.get_or_insert(error);
                None
            }
        }
    }
}

/// An address in WebAssembly's memory, as the builder reads it (32 bits on `wasm32`).
fn address<T>(pointer: *const T) -> u32 {
    u32::try_from(pointer as usize).unwrap_or(u32::MAX)
}

fn len(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Tape {
    /// Empties the tape for a value.
    #[inline(never)]
    fn begin(&mut self) {
        self.ops.clear();
        self.nums.clear();
        self.text.clear();
        self.utf16 = 0;
        self.defs.clear();
        self.new_keys.clear();
        self.new_named.clear();
        self.naming = false;
        self.new_shapes.clear();
        self.fields.clear();
        self.open.clear();
        self.shared.clear();
        self.elements.clear();
        self.next_element = 0;
        self.data_part = None;
        self.begun = None;
        if self.shapes.len() >= MAX_SHAPES || self.keys.len() + self.named.len() >= MAX_KEYS {
            self.shapes.clear();
        }
        if self.keys.len() + self.named.len() >= MAX_KEYS {
            self.keys.clear();
            self.named.clear();
        }
    }

    /// The value the tape holds, built in JavaScript. (Not generic: the same code for
    /// every type.)
    #[inline(never)]
    fn build(&self) -> Result<JsValue, Error> {
        build_from_tape(
            &wasm_bindgen::memory(),
            address(self.ops.as_ptr()),
            len(self.ops.len()),
            address(self.nums.as_ptr()),
            len(self.nums.len()),
            address(self.text.as_ptr()),
            len(self.text.len()),
            address(self.defs.as_ptr()),
            len(self.defs.len()),
        )
        .map_err(|_| ser::Error::custom("could not build the value"))
    }

    /// Forgets the names and shapes this tape defined: it was not built, so the builder
    /// did not learn them.
    #[inline(never)]
    fn forget_new(&mut self) {
        for key in self.new_keys.drain(..) {
            self.keys.remove(&key);
        }
        for key in self.new_named.drain(..) {
            self.named.remove(&key);
        }
        for shape in self.new_shapes.drain(..) {
            self.shapes.remove(&shape);
        }
    }

    /// Starts the shared value of the part of the body that starts at `start`: its id,
    /// defined.
    fn define(&mut self, start: *const u8) -> u32 {
        let id = len(self.shared.len());
        self.shared.insert(start as usize, id);
        self.ops.extend([SHARED, id]);
        id
    }

    /// [`Self::define`] for a value built only if it is referred to (`LAZY`), its end
    /// given by [`Self::end_lazy`].
    fn define_lazy(&mut self, start: *const u8) -> u32 {
        let id = len(self.shared.len());
        self.shared.insert(start as usize, id);
        self.ops.extend([LAZY, id, 0, 0]);
        id
    }

    /// Ends the lazy value whose `LAZY` is at `at` in `ops`: the tape goes on here.
    fn end_lazy(&mut self, at: usize) {
        let end = [len(self.ops.len()), len(self.nums.len())];
        if let Some(slots) = self.ops.get_mut(at + 2..at + 4) {
            slots.copy_from_slice(&end);
        }
    }

    /// Where the tape is: to take back what is written after it ([`Self::take_back`]).
    fn mark(&self) -> Mark {
        Mark {
            ops: self.ops.len(),
            nums: self.nums.len(),
            fields: self.fields.len(),
            open: self.open.len(),
        }
    }

    /// Forgets the shared value `id` of `part`, and what was written since `mark`. (Its
    /// text stays: a name defined since is in it.)
    fn take_back(&mut self, start: *const u8, id: u32, mark: &Mark) {
        let slot = start as usize;
        if self.shared.get(&slot) == Some(&id) {
            self.shared.remove(&slot);
        }
        self.ops.truncate(mark.ops);
        self.nums.truncate(mark.nums);
        self.fields.truncate(mark.fields);
        self.open.truncate(mark.open);
    }

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
        if self.naming {
            self.naming = false;
            self.named_key(text);
            return;
        }
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

    /// The key of a field of the innermost struct: its number, defined first if the
    /// builder lacks it.
    #[inline(never)]
    fn key(&mut self, key: &'static str) {
        let slot = (key.as_ptr() as usize, key.len());
        let id = match self.keys.get(&slot) {
            Some(id) => *id,
            None => {
                let id = len(self.keys.len() + self.named.len());
                self.keys.insert(slot, id);
                self.new_keys.push(slot);
                let (start, end) = self.push_text(key);
                self.defs.extend([DEFINE_KEY, id, start, end]);
                id
            }
        };
        self.fields.push(id);
    }

    /// A map's key as a field of the innermost struct: its number, defined first if the
    /// builder lacks it.
    #[inline(never)]
    fn named_key(&mut self, key: &str) {
        let id = match self.named.get(key) {
            Some(id) => *id,
            None => {
                let id = len(self.keys.len() + self.named.len());
                let (start, end) = self.push_text(key);
                let key: Box<str> = key.into();
                self.named.insert(key.clone(), id);
                self.new_named.push(key);
                self.defs.extend([DEFINE_KEY, id, start, end]);
                id
            }
        };
        self.fields.push(id);
    }

    /// Opens a struct: its operation, with room for its shape, known when it closes.
    #[inline(never)]
    fn open(&mut self) {
        self.ops.extend([OBJECT, 0]);
        self.open.push((self.ops.len() - 1, self.fields.len()));
    }

    /// Closes the innermost open struct: its shape is the fields written since it opened.
    #[inline(never)]
    fn close(&mut self) {
        let Some((slot, start)) = self.open.pop() else {
            return;
        };
        let fields = self.fields.get(start..).unwrap_or_default();
        let id = match self.shapes.get(fields) {
            Some(id) => *id,
            None => {
                let id = len(self.shapes.len());
                let fields = fields.to_vec();
                self.defs.extend([DEFINE_SHAPE, id, len(fields.len())]);
                self.defs.extend_from_slice(&fields);
                self.shapes.insert(fields.clone(), id);
                self.new_shapes.push(fields);
                id
            }
        };
        if let Some(slot) = self.ops.get_mut(slot) {
            *slot = id;
        }
        self.fields.truncate(start);
    }

    /// A struct of one field, `key`, and its value: an enum's variant.
    fn variant<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open();
        self.key(key);
        value.serialize(&mut *self)?;
        self.close();
        Ok(())
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
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        // The data written already, in the walk that checked it.
        if name == WRITTEN_DATA {
            if let Some(id) = self.data_part.take() {
                self.ops.extend([REF, id]);
                return Ok(());
            }
        }
        // A graph's element written already, in the walk that checked it: the next one.
        if name == WRITTEN_PART {
            if let Some(id) = self.elements.get(self.next_element) {
                self.ops.extend([REF, *id]);
                self.next_element += 1;
                return Ok(());
            }
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(variant, value)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'t>, Error> {
        self.op(ARRAY);
        Ok(Seq {
            tape: self,
            variant: false,
            shaped: false,
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
        self.open();
        self.key(variant);
        self.op(ARRAY);
        Ok(Seq {
            tape: self,
            variant: true,
            shaped: false,
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Seq<'t>, Error> {
        // A struct with keys it does not model is a map, and so is an object read in the
        // body's order (of no length given): of a few keys, or any, it is built as a
        // struct whose shape has them, so that it has the engine's fast layout.
        let shaped = len.is_none_or(|len| len <= MAX_SHAPED_KEYS);
        if shaped {
            self.open();
        } else {
            self.op(MAP);
        }
        Ok(Seq {
            tape: self,
            variant: false,
            shaped,
        })
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Struct<'t>, Error> {
        let raw = name == RAW_VALUE_STRUCT;
        if !raw {
            self.open();
        }
        Ok(Struct {
            tape: self,
            raw,
            variant: false,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Struct<'t>, Error> {
        self.open();
        self.key(variant);
        self.open();
        Ok(Struct {
            tape: self,
            raw: false,
            variant: true,
        })
    }
}

/// An array, a map, or a tuple variant (the struct of its name around the array) being
/// written.
struct Seq<'t> {
    tape: &'t mut Tape,
    variant: bool,
    /// A map written as a struct whose shape is its keys ([`MAX_SHAPED_KEYS`]).
    shaped: bool,
}

impl Seq<'_> {
    fn end(self) -> Result<(), Error> {
        if self.shaped {
            self.tape.close();
        } else {
            self.tape.op(END);
        }
        if self.variant {
            self.tape.close();
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
        let refused = || ser::Error::custom("a map key must be a string");
        if self.shaped {
            // Not a value: one of the shape's names, by its number ([`Tape::string`]).
            self.tape.naming = true;
            key.serialize(&mut *self.tape)?;
            if std::mem::take(&mut self.tape.naming) {
                return Err(refused());
            }
            return Ok(());
        }
        let at = self.tape.ops.len();
        key.serialize(&mut *self.tape)?;
        if self.tape.ops.get(at) != Some(&STR) {
            return Err(refused());
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

/// A struct being written (and, for a struct variant, the struct of its name around it),
/// or raw JSON waiting for its one field, its text.
struct Struct<'t> {
    tape: &'t mut Tape,
    raw: bool,
    variant: bool,
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
                    self.tape.close();
                }
                if self.variant {
                    self.tape.close();
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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use serde::Serialize;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::{to_js, write_js, Error, MAX_SHAPES};
    use crate::codec::interpret::data::{Data, WriteParts};
    use crate::schema::Wire;

    /// A struct with a shape per set of its fields present: 2^11 of them.
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Sparse {
        #[serde(skip_serializing_if = "Option::is_none")]
        a: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        b: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        c: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        d: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        e: Option<Inner>,
        #[serde(skip_serializing_if = "Option::is_none")]
        f: Option<Vec<Inner>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        g: Option<Variant>,
        #[serde(skip_serializing_if = "Option::is_none")]
        h: Option<Variant>,
        #[serde(skip_serializing_if = "Option::is_none")]
        i: Option<Variant>,
        #[serde(skip_serializing_if = "Option::is_none")]
        j: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        k: Option<u8>,
    }

    #[derive(Serialize)]
    struct Inner {
        x: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        y: Option<Box<Inner>>,
    }

    #[derive(Serialize)]
    enum Variant {
        Newtype(Inner),
        Tuple(u8, Inner),
        Struct { z: Inner, w: u8 },
    }

    fn inner(x: u32) -> Inner {
        Inner {
            x,
            y: Some(Box::new(Inner { x: x + 1, y: None })),
        }
    }

    fn sparse(set: u32) -> Sparse {
        let has = |bit: u32| set & (1 << bit) != 0;
        Sparse {
            a: has(0).then_some(set),
            b: has(1).then(|| format!("b{set}")),
            c: has(2).then_some(-i64::from(set)),
            d: has(3).then_some(true),
            e: has(4).then(|| inner(set)),
            f: has(5).then(|| vec![inner(1), Inner { x: 2, y: None }]),
            g: has(6).then(|| Variant::Newtype(inner(3))),
            h: has(7).then(|| Variant::Tuple(4, inner(5))),
            i: has(8).then(|| Variant::Struct { z: inner(6), w: 7 }),
            j: has(9).then_some(9),
            k: has(10).then_some(10),
        }
    }

    /// The tape's objects read back as JSON, `BigInt`s as strings.
    fn json(value: &wasm_bindgen::JsValue) -> String {
        let replacer = js_sys::Function::new_with_args(
            "key, value",
            "return typeof value === 'bigint' ? value.toString() : value",
        );
        js_sys::JSON::stringify_with_replacer(value, &replacer)
            .unwrap()
            .as_string()
            .unwrap()
    }

    /// Every shape, past the number the builder keeps (so that it forgets them and is
    /// given them again), builds the object serde_json writes, key for key and in order;
    /// nested structs and variants have their own shapes inside their parents'.
    #[wasm_bindgen_test]
    fn objects_of_every_shape_have_their_fields_in_order() {
        let sets = 1u32 << 11;
        assert!(sets as usize > MAX_SHAPES);
        for round in 0..2 {
            for set in 0..sets {
                let value = sparse(set);
                let built = to_js(&value).unwrap();
                let expected = serde_json::to_string(&value)
                    .unwrap()
                    .replace(&format!("\"C\":-{set}"), &format!("\"C\":\"-{set}\""));
                assert_eq!(json(&built), expected, "set {set:#b}, round {round}");
                assert!(built.is_instance_of::<js_sys::Object>());
            }
        }
    }

    /// What a reading wrote before it started again ([`WriteParts::undo`]) is taken back:
    /// the tape is as it was when the reading began.
    #[wasm_bindgen_test]
    fn what_a_reading_wrote_before_it_started_again_is_taken_back() {
        let user = r#"{"Id": 5, "Name": "Anna", "Extra": [1, 2]}"#;
        let kind = <crate::User as Wire>::KIND;
        let built = write_js(|writer| {
            writer.preamble(|writer| {
                let tape = |writer: &super::Writer<'_>| {
                    let tape = &*writer.0;
                    (
                        tape.ops.len(),
                        tape.nums.len(),
                        tape.shared.len(),
                        tape.fields.len(),
                    )
                };
                let before = tape(writer);
                writer.begin();
                assert!(writer.element(user, &Data::new(user, user, &kind, "")));
                assert!(writer.data(&Data::new(user, user, &kind, "")));
                assert_ne!(tape(writer), before);
                writer.undo();
                assert_eq!(tape(writer), before);
                assert!(writer.0.elements.is_empty());
                assert!(writer.0.data_part.is_none());
                Ok::<_, Error>(())
            })?;
            writer.value(&())
        });
        assert!(built.unwrap().is_null());
    }
}
