//! A response's data read by its type's schema: a slice of the body seen as a value of a
//! [`Kind`], which serializes as the typed value would (the data decoded as its type, then
//! serialized), with the same errors (kind, JSON path, line, column, message) where the
//! typed decode fails. Any serializer takes it: the wasm package's tape of JavaScript
//! values, `serde_json` in the tests that hold it to the typed path (`tests/interpret.rs`),
//! and [`Discard`] when only what it finds is wanted ([`find`]).
//!
//! The walk reads each value once, in the body's order, where it meets it, and checks the
//! text it reads as serde_json would and the limits as the limits pass counts them
//! (`codec::scan`'s pieces): a response read in one pass
//! ([`ResponseView::read_writing`](super::response::ResponseView::read_writing)) is text no
//! one checked before, and leaves to the careful reading what the walk notes as not JSON
//! there. Read the careful way, the data is a part of a body whose JSON and limits were
//! checked already, so the only faults left are the types'.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt::Display;

use serde::de::{Error as _, Unexpected};
use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};

use crate::codec::document::{count_location, push_index, push_key};
use crate::codec::go::lone_surrogate_before;
use crate::codec::scan::{self, Bounds};
use crate::codec::swar::{bytes_equal, first_marked, next_escape, word_at, ONES};
use crate::codec::{DecodeError, DecodeErrorKind};
use crate::primitives::wire::private::ObjectWriter;
use crate::primitives::RAW_VALUE_STRUCT;
use crate::references::Reference;
use crate::schema::{FieldSchema, Kind, MessageKind, Rule, Schema};
use crate::UnknownKeys;

/// What a walk of the data finds besides its value: each message it carries (its kind and
/// its JSON, in order) and each reference to an object of the graph (its path, below
/// `Data`, as [`References`](crate::references::References) gives it).
#[derive(Debug, Default)]
pub struct Found<'a> {
    /// The messages, in the order of the value: each one as the walk read it, or `None`
    /// for one that is its zero value (a field that is missing or `null`).
    pub messages: Vec<(MessageKind, Option<Noted<'a>>)>,
    /// The references, in the order of the fields.
    pub references: Vec<(String, Reference)>,
    /// The places of the fields of a part's own object (a graph's element,
    /// [`element_writing`], [`find_under`]).
    pub places: Places,
}

impl Found<'_> {
    /// What was found, as parts of `body`, which it is of (a walk that lent a writer of
    /// parts lives only as long as the writer; what it found is the body's).
    pub(crate) fn within(self, body: &str) -> Found<'_> {
        let messages = self.messages.into_iter();
        Found {
            messages: messages
                .map(|(kind, noted)| (kind, noted.map(|noted| noted.within(body))))
                .collect(),
            references: self.references,
            places: self.places,
        }
    }
}

/// An object the walk read (a message it found, a graph's element, an item of the data):
/// its JSON, and the places of the fields resolution reads, noted as the walk passed them,
/// so that each is read where it is, with no search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Noted<'a> {
    /// Its JSON, its part of the body.
    pub json: &'a str,
    /// Where the values of the fields resolution reads start and end in the body.
    pub places: Places,
}

impl Noted<'_> {
    /// It, as a part of `body` (see [`Found::within`]).
    fn within(self, body: &str) -> Noted<'_> {
        Noted {
            json: part_of(body, self.json),
            places: self.places,
        }
    }
}

/// Declares the fields resolution reads ([`NotedField`]), each by its name on the wire.
macro_rules! noted_fields {
    ($($field:ident),* $(,)?) => {
        /// A field that resolution reads, whose place the walk notes wherever an object
        /// has it ([`Places`]): the ids by which the graph's objects are found, and what
        /// else resolution reads of a message, an author and a chat event.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum NotedField {
            $(
                #[doc = concat!("`", stringify!($field), "`.")]
                $field,
            )*
        }

        impl NotedField {
            /// How many there are.
            const COUNT: usize = [$(stringify!($field)),*].len();

            /// Its name on the wire.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$field => stringify!($field),)*
                }
            }

            /// The field named `name`, if it is one noted.
            fn of(name: &str) -> Option<Self> {
                match name {
                    $(stringify!($field) => Some(Self::$field),)*
                    _ => None,
                }
            }
        }
    };
}

noted_fields!(Id, Author, UserId, ClientId, FileId, AvatarId, Transitive, MessageId);

/// Where the values of the fields that resolution reads ([`NotedField`]) start and end in
/// the body, as the walk that read their object passed them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Places([(usize, usize); NotedField::COUNT]);

impl Places {
    /// Where the value of `field` starts and ends; `None` for a field the object did not
    /// give.
    pub fn get(&self, field: NotedField) -> Option<(usize, usize)> {
        let place = self.0.get(field as usize)?;
        Some(*place).filter(|(at, _)| *at != UNSET)
    }

    /// Notes the place of the field `name`, if it is one noted.
    fn note(&mut self, name: &str, at: usize, end: usize) {
        let field = NotedField::of(name);
        if let Some(place) = field.and_then(|field| self.0.get_mut(field as usize)) {
            *place = (at, end);
        }
    }
}

impl Default for Places {
    /// None noted.
    fn default() -> Self {
        Self([(UNSET, UNSET); NotedField::COUNT])
    }
}

/// Why the data could not be written: it is not a value of its type, or the serializer
/// refused.
#[derive(Debug)]
pub enum DataError<E> {
    /// The data is not a value of its type: as the typed decode says it.
    Decode(DecodeError),
    /// The serializer's own error.
    Write(E),
}

/// Where a walk writes the parts of a response as it meets them, so that each is read once:
/// the wasm package writes a message of the data, or an element of the graph, in the walk
/// that checks it, and refers to it wherever it is written again.
pub trait WriteParts {
    /// Writes `message`, a message met in the data, whose walk is the data's: a fault in
    /// it is the data's. `false` stops the walk: the message is not a value of its kind,
    /// or the writer refused (its error is its own to keep).
    fn message(&mut self, message: &MessageValue<'_, '_, '_, '_>) -> bool;

    /// Writes `element`, an element of the graph (`json`, its part of the body), with its
    /// own walk. `false`: it is not a value of its kind (its fault is the walk's), or the
    /// writer refused; either way nothing of it is kept.
    fn element(&mut self, json: &str, element: &Data<'_, '_>) -> bool;

    /// Writes `data`, the response's data, with its own walk: a part of its own, to which
    /// the response written after it refers ([`DataPart`](super::response::DataPart)).
    /// `false`: it is not a value of its kind (its fault is the walk's), or the writer
    /// refused.
    fn data(&mut self, data: &Data<'_, '_>) -> bool;

    /// Notes where the writer is: what is written from here on may be taken back.
    fn begin(&mut self);

    /// Takes back every part written since [`begin`](Self::begin): the reading that wrote
    /// them starts again.
    fn undo(&mut self);
}

/// A message met in the data, to [`WriteParts::message`]: it serializes as the message,
/// read in the data's walk.
pub struct MessageValue<'v, 'w, 'a, 'k> {
    view: &'v View<'w, 'a, 'k>,
    schema: &'k Schema,
}

impl<'a> MessageValue<'_, '_, 'a, '_> {
    /// Where the message starts in the body: the start of the JSON that
    /// [`Found::messages`] gives for it.
    pub fn start(&self) -> *const u8 {
        self.view.walk.body.as_ptr().wrapping_add(self.view.at)
    }

    /// Its JSON, its part of the body (found to its end when asked before it is written).
    pub fn json(&self) -> &'a str {
        self.view.text()
    }
}

impl Serialize for MessageValue<'_, '_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view.fields(self.schema, serializer)
    }
}

/// The data of a response, `json` (a slice of `body`, one JSON value, as the envelope's
/// raw data is) at the JSON path `root` (`Data`, `Result`), seen as a value of `kind`: it
/// serializes as the typed value would, and [`into_fault`](Self::into_fault) says why it
/// stopped if it did. Text that is not one JSON value gives some value or fault, never a
/// panic.
pub struct Data<'a, 'k> {
    walk: Walk<'a>,
    kind: &'k Kind,
    at: usize,
    end: usize,
    /// Whether it is the kind's zero value rather than a part of the body.
    zero: bool,
}

impl<'a, 'k> Data<'a, 'k> {
    /// The data `json` of `body`, at `root`, as a value of `kind`.
    pub fn new(body: &'a str, json: &str, kind: &'k Kind, root: &str) -> Self {
        Self::walking(body, json, kind, root, None)
    }

    /// The zero value of `kind`, as the typed value's `Default` serializes (a message
    /// that is missing or `null`).
    pub fn zero(kind: &'k Kind) -> Self {
        let mut zero = Self::new("", "", kind, "");
        zero.zero = true;
        zero
    }

    /// The data, finding its references below `references` (`Data`) when given.
    fn walking(
        body: &'a str,
        json: &str,
        kind: &'k Kind,
        root: &str,
        references: Option<&str>,
    ) -> Self {
        let at = offset_of(body, json);
        Self {
            walk: Walk::new(body, root, references),
            kind,
            at: skip_ws(body.as_bytes(), at),
            end: (at + json.len()).min(body.len()),
            zero: false,
        }
    }

    /// Why serializing it stopped, if the data is not a value of its kind: as the typed
    /// decode says it.
    pub fn into_fault(self) -> Option<DecodeError> {
        self.walk.into_fault()
    }

    /// Where it starts in the body: the start of its JSON.
    pub fn start(&self) -> *const u8 {
        self.walk.body.as_ptr().wrapping_add(self.at)
    }

    /// Whether serializing it stopped at a fault of the data.
    pub fn faulty(&self) -> bool {
        self.walk.fault.borrow().is_some()
    }

    /// The value at `at` of `body`, text no one checked (a response read in one pass), as
    /// [`walking`](Self::walking) reads one: inside `open` arrays and objects, its text
    /// checked as it is read, within `bounds`. Once serialized, [`malformed`](Self::malformed)
    /// says whether the text was not JSON where it was read (or beyond the bounds), and
    /// [`end`](Self::end) where it ended.
    pub(crate) fn unchecked(
        body: &'a str,
        at: usize,
        kind: &'k Kind,
        (root, references): (&str, Option<&str>),
        open: usize,
        bounds: Bounds,
    ) -> Self {
        let mut walk = Walk::new(body, root, references);
        walk.bounds = bounds;
        walk.open.set(open);
        Self {
            walk,
            kind,
            at,
            end: UNSET,
            zero: false,
        }
    }

    /// It, each message it meets written by `parts` ([`find_writing`]).
    pub(crate) fn writing(mut self, parts: &'a mut dyn WriteParts) -> Self {
        self.walk.parts = Some(RefCell::new(parts));
        self
    }

    /// The items of the value, of a list's kind, as its walk met them, taken from it (once):
    /// each one's JSON, and its places when they were asked for
    /// ([`item_places`](Self::item_places); an item that is a message found has them in
    /// [`Found::messages`]); none before it is serialized; `None` for another kind.
    pub(crate) fn items(&self) -> Option<Vec<Noted<'a>>> {
        let body = self.walk.body;
        let items = self.walk.items.take().into_iter();
        let items = items.filter_map(|(at, end, places)| {
            let json = body.get(at..end)?;
            Some(Noted { json, places })
        });
        matches!(self.kind, Kind::List(_)).then(|| items.collect())
    }

    /// It, the places of its items noted as it is read when `noted` and it is an array of
    /// objects (a stream frame's events, for resolving): see [`items`](Self::items).
    pub(crate) fn item_places(mut self, noted: bool) -> Self {
        self.walk.item_places = noted;
        self
    }

    /// Whether the text was not JSON (or was beyond the bounds) where the walk read it.
    pub(crate) fn malformed(&self) -> bool {
        self.walk.malformed.get()
    }

    /// Where the value ended, once serialized (found by skipping it when it was not read).
    pub(crate) fn end(&self) -> usize {
        self.walk.read_end(self.at)
    }

    /// A part of the body that the typed path decodes from its slice alone (a graph's
    /// element): a fault before its first byte is at that byte.
    pub(crate) fn part(mut self) -> Self {
        self.walk.part = Some(self.at);
        // Its messages are the graph's, not found as the data's.
        self.walk.in_message.set(true);
        self
    }

    /// What it carries, read to its end.
    fn found(self) -> Result<Found<'a>, DecodeError> {
        let _ = self.serialize(Discard);
        self.into_found()
    }

    /// What it carried, once read.
    pub(crate) fn into_found(self) -> Result<Found<'a>, DecodeError> {
        match self.walk.fault.take() {
            Some(fault) => Err(fault.into_error(&self.walk)),
            None => {
                let mut found = self.walk.found.into_inner();
                found.places = self.walk.noted.get();
                Ok(found)
            }
        }
    }
}

impl Serialize for Data<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.zero {
            return Zero(&self.walk, self.kind).serialize(serializer);
        }
        let view = View::new(&self.walk, self.kind, self.at, true);
        // (Where the envelope saw it end, unless it is read in one pass.)
        view.end.set(self.end);
        // A part's own fields are noted (a graph's element, for resolving).
        self.walk.note.set(self.walk.part.is_some());
        // An array's items are noted as it is read ([`Data::items`]).
        self.walk.items.borrow_mut().clear();
        self.walk
            .noting_items
            .set(matches!(self.kind, Kind::List(_)));
        view.serialize(serializer)
    }
}

/// Writes `json`, the data of `body` at the JSON path `root` (`Data`, `Result`), as a value
/// of `kind` to `serializer`.
///
/// # Errors
///
/// When `json` is not a value of `kind`, as the typed decode would say it.
pub fn write<S: Serializer>(
    body: &str,
    json: &str,
    kind: &Kind,
    root: &str,
    serializer: S,
) -> Result<S::Ok, DataError<S::Error>> {
    let data = Data::new(body, json, kind, root);
    let result = data.serialize(serializer);
    match (result, data.into_fault()) {
        (_, Some(fault)) => Err(DataError::Decode(fault)),
        (Ok(value), None) => Ok(value),
        (Err(error), None) => Err(DataError::Write(error)),
    }
}

/// Reads `json`, the data of `body` at `root`, as a value of `kind`, for what it carries:
/// its messages and its references to the graph.
///
/// # Errors
///
/// As [`write()`].
pub fn find<'a>(
    body: &'a str,
    json: &'a str,
    kind: &Kind,
    root: &str,
) -> Result<Found<'a>, DecodeError> {
    Data::walking(body, json, kind, root, Some("Data")).found()
}

/// [`find`], each message written by `parts` as it is met: one walk finds the messages and
/// writes them. (When `parts` refuses, what was found is given: its error is its own.)
///
/// # Errors
///
/// As [`write()`].
pub fn find_writing<'a>(
    body: &'a str,
    json: &'a str,
    kind: &Kind,
    root: &str,
    parts: &mut dyn WriteParts,
) -> Result<Found<'a>, DecodeError> {
    // The walk lives as long as `parts` is lent; the messages it finds are parts of the body.
    let data = Data::walking(body, json, kind, root, Some("Data")).writing(parts);
    Ok(data.found()?.within(body))
}

/// A graph's element (as [`find_under`] reads it), written by `parts` in the walk that
/// checks it: `Ok(Some)` with what it carries when it is a value of its kind and `parts`
/// kept it.
///
/// # Errors
///
/// As [`write()`]; `Ok(None)` when `parts` refused it.
pub fn element_writing<'a>(
    body: &'a str,
    json: &'a str,
    kind: &Kind,
    (root, references): (&str, Option<&str>),
    parts: &mut dyn WriteParts,
) -> Result<Option<Found<'a>>, DecodeError> {
    let data = Data::walking(body, json, kind, root, references).part();
    let written = parts.element(json, &data);
    let found = data.into_found()?;
    Ok(written.then_some(found))
}

/// A graph's element, which the typed path decodes from its slice, read for what it
/// carries: its fields' places ([`Found::places`]) and, when `references` is given
/// (`Graph.Users[0]`, as [`References`](crate::references::References) names them), its
/// references at paths below it. (Its messages are the graph's: none is found as the
/// data's.)
///
/// # Errors
///
/// As [`write()`].
pub fn find_under<'a>(
    body: &'a str,
    json: &'a str,
    kind: &Kind,
    (root, references): (&str, Option<&str>),
) -> Result<Found<'a>, DecodeError> {
    Data::walking(body, json, kind, root, references)
        .part()
        .found()
}

/// The graph object that the field `name` of `schema` names, its value at `value` in `body`
/// (its place, [`Places::get`]): its id, read by the field's kind and rule as [`find`] reads a
/// reference, whether or not the field is marked as one (an object's own `Id` is not).
/// `None` for the zero id, `null`, or no such field.
pub(crate) fn reference_at(
    body: &str,
    schema: &Schema,
    name: NotedField,
    value: Option<(usize, usize)>,
) -> Option<Reference> {
    let field = schema.field(name.name())?;
    let walk = Walk::new(body, "", Some(""));
    let value = Field {
        walk: &walk,
        field,
        at: Some(slot(body.as_bytes(), value?.0)),
        refs: true,
    };
    let _ = value.serialize(Discard);
    let found = walk.found.into_inner();
    found.references.into_iter().next().map(|(_, id)| id)
}

/// The text of the string value at `value` in `body` (its place, [`Places::get`]); `None` for
/// `null`, another value or no value.
pub(crate) fn text_at(body: &str, value: Option<(usize, usize)>) -> Option<Cow<'_, str>> {
    let (at, end) = value?;
    let text = body.get(at..end)?;
    text.starts_with('"').then(|| string(text))
}

/// The raw JSON at `value` in `body` (its place, [`Places::get`]).
pub(crate) fn json_at(body: &str, value: Option<(usize, usize)>) -> Option<&str> {
    let (at, end) = value?;
    body.get(at..end)
}

/// An integer's JSON as an `i64` (`None` for another value).
pub(crate) fn integer_of(json: &str) -> Option<i64> {
    digits(json)
}

/// `part`, a slice of `body`, as one.
fn part_of<'a>(body: &'a str, part: &str) -> &'a str {
    let at = offset_of(body, part);
    body.get(at..at + part.len()).unwrap_or_default()
}

/// Where `part` starts in `body`; `part` is a slice of it.
fn offset_of(body: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .checked_sub(body.as_ptr() as usize)
        .filter(|offset| *offset <= body.len())
        .unwrap_or(0)
}

/// The state of one walk: the body, the path being read, the first fault, what is found.
struct Walk<'a> {
    body: &'a str,
    /// The path of the data (`Data`, `Result`).
    root: String,
    /// The path its references are found below (`Data`).
    references: String,
    path: RefCell<Vec<Step>>,
    fault: RefCell<Option<Fault>>,
    finding: bool,
    /// Where the value read last ended ([`UNSET`] before it is read): where the walk goes
    /// on after it.
    end: Cell<usize>,
    /// Where the value starts when it is a part read on its own ([`Data::part`]).
    part: Option<usize>,
    /// Whether a message is being read, whose own messages are its.
    in_message: Cell<bool>,
    found: RefCell<Found<'a>>,
    /// Where the messages found are written, as they are met ([`find_writing`]).
    parts: Option<RefCell<&'a mut dyn WriteParts>>,
    /// The bounds of the text, which the walk checks as it reads it: none for text checked
    /// already.
    bounds: Bounds,
    /// The arrays and objects open around the value being read.
    open: Cell<usize>,
    /// Whether the text is not JSON, or not within the bounds, where the walk read it: a
    /// reading of unchecked text then leaves it to serde_json.
    malformed: Cell<bool>,
    /// Whether the array read next is the value's own, whose items are noted in `items`.
    noting_items: Cell<bool>,
    /// Where each item of the value, an array, starts and ends, and its places
    /// ([`Data::items`]).
    items: RefCell<Vec<(usize, usize, Places)>>,
    /// Whether the next object whose fields are read notes their places in `noted`: a
    /// part's own, a message found, an item of the data (when `item_places`).
    note: Cell<bool>,
    /// Whether the places of the items of the value, an array of objects, are noted
    /// ([`Data::item_places`]).
    item_places: bool,
    /// The places of the object noted last, until what asked for them takes them.
    noted: Cell<Places>,
}

/// One step of the path.
#[derive(Clone, Copy)]
enum Step {
    Field(&'static str),
    /// A map's key: where its JSON string starts and ends in the body.
    Key(usize, usize),
    Index(usize),
}

/// The first fault: where the typed decode would have stopped reading (the index after
/// the last byte it consumed), the path, and the message.
struct Fault {
    stopped: usize,
    path: String,
    message: String,
    kind: DecodeErrorKind,
}

impl Fault {
    /// The fault as a [`DecodeError`], located as serde_json locates it: at the last byte
    /// it consumed (at the first of a line when it consumed none of it).
    fn into_error(self, walk: &Walk<'_>) -> DecodeError {
        let bytes = walk.bytes();
        let at = match self.stopped.checked_sub(1) {
            // A part read on its own, none of it consumed: its first byte.
            _ if walk.part.is_some_and(|start| self.stopped <= start) => self.stopped,
            Some(before) if bytes.get(before) != Some(&b'\n') => before,
            _ => self.stopped,
        };
        DecodeError::new(
            self.kind,
            self.path,
            count_location(bytes, at),
            self.message,
        )
    }
}

impl<'a> Walk<'a> {
    fn new(body: &'a str, root: &str, references: Option<&str>) -> Self {
        Self {
            body,
            root: root.to_owned(),
            references: references.unwrap_or_default().to_owned(),
            path: RefCell::new(Vec::new()),
            fault: RefCell::new(None),
            finding: references.is_some(),
            part: None,
            end: Cell::new(UNSET),
            in_message: Cell::new(false),
            found: RefCell::default(),
            parts: None,
            bounds: Bounds::NONE,
            open: Cell::new(0),
            malformed: Cell::new(false),
            noting_items: Cell::new(false),
            items: RefCell::default(),
            note: Cell::new(false),
            item_places: false,
            noted: Cell::default(),
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.body.as_bytes()
    }

    /// How many references the walk has found.
    fn references(&self) -> usize {
        self.found.borrow().references.len()
    }

    /// Puts the references found under the fields of an object in its fields' order:
    /// `referring` gives each field that has some (its place in the schema) and where they
    /// start, in the body's order; each field's keep their order.
    fn order_references(&self, referring: &[(usize, usize)]) {
        let Some(&(_, from)) = referring.first() else {
            return;
        };
        let mut found = self.found.borrow_mut();
        let below: Vec<_> = found.references.drain(from..).collect();
        // Each field's run of references, by its place in the schema (a few fields).
        let mut runs: Vec<(usize, usize, usize)> = Vec::with_capacity(referring.len());
        for (at, &(field, start)) in referring.iter().enumerate() {
            let end = referring
                .get(at + 1)
                .map_or(below.len() + from, |next| next.1);
            let run = (field, start - from, end - from);
            let place = runs.partition_point(|(other, _, _)| *other <= field);
            runs.insert(place, run);
        }
        let mut below: Vec<Option<_>> = below.into_iter().map(Some).collect();
        for (_, start, end) in runs {
            let run = below.get_mut(start..end).unwrap_or_default();
            found
                .references
                .extend(run.iter_mut().filter_map(Option::take));
        }
    }

    /// Where the value read from `at` ended, as its reading noted it; found again only
    /// when it was not read (a serializer that left it, `null` written as zero).
    fn read_end(&self, at: usize) -> usize {
        match self.end.replace(UNSET) {
            end if end != UNSET && end > at => end,
            _ => self.skip(at),
        }
    }

    /// After the value at `at`, which the walk does not read as a kind (a key no schema
    /// has, raw JSON, `null`): checked on the way.
    fn skip(&self, at: usize) -> usize {
        let bytes = self.bytes();
        scan::skip(bytes, at, self.open.get(), &self.bounds).unwrap_or_else(|| {
            self.malformed.set(true);
            value_end(bytes, at)
        })
    }

    /// Opens an array or an object, closed when what it gives is dropped: its bounds
    /// checked.
    fn enter(&self) -> Opened<'_, 'a> {
        let open = self.open.get();
        if !self.bounds.may_open(open) {
            self.malformed.set(true);
        }
        self.open.set(open + 1);
        Opened(self)
    }

    /// Notes that the text is not JSON (or not within the bounds) where the walk read it.
    fn malformed(&self) {
        self.malformed.set(true);
    }

    /// The first fault, as a [`DecodeError`].
    fn into_fault(self) -> Option<DecodeError> {
        let fault = self.fault.take()?;
        Some(fault.into_error(&self))
    }

    /// The path being read, written out: `Data.Messages[2].Text`.
    fn path(&self) -> String {
        self.path_from(&self.root)
    }

    /// The path below the data, as references name it: `Data.Message.UserId`.
    fn reference_path(&self) -> String {
        self.path_from(&self.references)
    }

    /// The path being read, below `root`.
    fn path_from(&self, root: &str) -> String {
        let mut path = root.to_owned();
        for step in self.path.borrow().iter() {
            match *step {
                Step::Field(name) => push_key(&mut path, name),
                Step::Key(start, end) => {
                    push_key(
                        &mut path,
                        &string(self.body.get(start..end).unwrap_or_default()),
                    );
                }
                Step::Index(index) => push_index(&mut path, index),
            }
        }
        path
    }

    /// Records a fault at the current path (the first one only: the walk stops there),
    /// and gives the serializer's error that stops it.
    fn fail<E: ser::Error>(&self, stopped: usize, message: String) -> E {
        self.fault_of(DecodeErrorKind::Data, stopped, message)
    }

    /// [`fail`](Self::fail) of another kind of fault.
    fn fault_of<E: ser::Error>(&self, kind: DecodeErrorKind, stopped: usize, message: String) -> E {
        let mut fault = self.fault.borrow_mut();
        if fault.is_none() {
            *fault = Some(Fault {
                stopped,
                path: self.path(),
                message,
                kind,
            });
        }
        E::custom("the data is not a value of its type")
    }

    /// A number beyond `f64`, which serde_json refuses wherever it reads one as a number.
    fn out_of_range<E: ser::Error>(&self, end: usize) -> E {
        self.fault_of(DecodeErrorKind::Syntax, end, "number out of range".into())
    }

    /// `f` with `step` on the path.
    fn under<T>(&self, step: Step, f: impl FnOnce() -> T) -> T {
        self.path.borrow_mut().push(step);
        let result = f();
        self.path.borrow_mut().pop();
        result
    }
}

/// An array or an object open ([`Walk::enter`]), closed when dropped.
struct Opened<'w, 'a>(&'w Walk<'a>);

impl Drop for Opened<'_, '_> {
    fn drop(&mut self) {
        let walk = self.0;
        walk.open.set(walk.open.get().saturating_sub(1));
    }
}

/// A value of the body, at `at`, seen as a value of `kind`: read where the walk meets it,
/// in the body's order, once.
struct View<'w, 'a, 'k> {
    walk: &'w Walk<'a>,
    kind: &'k Kind,
    at: usize,
    /// Where the value ends, once known ([`UNSET`] until then): the reading of an array or
    /// an object notes it as it closes, a scalar's is found when asked for.
    end: Cell<usize>,
    /// Whether its references count (it is the data, or under fields that are
    /// references).
    refs: bool,
}

/// An end not known yet ([`View::end`], [`Walk::end`]).
const UNSET: usize = usize::MAX;

/// The zero value of a kind, as `Default` gives it and the typed value serializes it (a
/// message, zero, is still found).
struct Zero<'w, 'a, 'k>(&'w Walk<'a>, &'k Kind);

/// A field of a struct, by its rule: `Some(at)` where its value starts in the body.
struct Field<'w, 'a, 'k> {
    walk: &'w Walk<'a>,
    field: &'k FieldSchema,
    /// Where its value starts; [`NULL`] for `null`.
    at: Option<usize>,
    refs: bool,
}

/// Raw JSON, as [`RawJson`](crate::RawJson) serializes itself: the struct serde_json's raw values are.
struct Raw<'a>(&'a str);

impl Serialize for Raw<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut raw = serializer.serialize_struct(RAW_VALUE_STRUCT, 1)?;
        raw.serialize_field(RAW_VALUE_STRUCT, self.0)?;
        raw.end()
    }
}

impl<'w, 'a, 'k> View<'w, 'a, 'k> {
    fn new(walk: &'w Walk<'a>, kind: &'k Kind, at: usize, refs: bool) -> Self {
        Self {
            walk,
            kind,
            at,
            end: Cell::new(UNSET),
            refs,
        }
    }

    fn byte(&self) -> u8 {
        self.walk.bytes().get(self.at).copied().unwrap_or(0)
    }

    /// Where the value ends: as its reading noted it, else found (a scalar's is a few
    /// bytes on; an array's or an object's is skipped to, which only raw JSON asks for).
    fn end(&self) -> usize {
        let end = self.end.get();
        if end != UNSET {
            return end;
        }
        let end = self.walk.skip(self.at);
        self.end.set(end);
        end
    }

    /// Where serde_json stops when a visitor of any value refuses an array or an object:
    /// after its bracket and the whitespace after it, and after the closing bracket of
    /// an empty one.
    fn after_bracket(&self) -> usize {
        let bytes = self.walk.bytes();
        let next = skip_ws(bytes, self.at + 1);
        match bytes.get(next) {
            Some(b']' | b'}') => next + 1,
            _ => next,
        }
    }

    /// The value's text.
    fn text(&self) -> &'a str {
        // Both ends are at ASCII bytes of the body (or its end); empty for a slice that is
        // not JSON, which the callers never give.
        self.walk.body.get(self.at..self.end()).unwrap_or_default()
    }

    /// What serde says of the value when it is not what `expected` reads, and where the
    /// typed decode stopped: after a scalar, before an array or an object.
    fn unexpected<E: ser::Error>(&self, expected: &str) -> E {
        let text = self.text();
        let end = self.at + text.len();
        let (message, stopped) = match self.byte() {
            b'[' => (invalid_type(Unexpected::Seq, expected), self.at),
            b'{' => (invalid_type(Unexpected::Map, expected), self.at),
            b'"' => (invalid_type(Unexpected::Str(&string(text)), expected), end),
            b'n' => (invalid_type(Unexpected::Unit, expected), end),
            b't' => (invalid_type(Unexpected::Bool(true), expected), end),
            b'f' => (invalid_type(Unexpected::Bool(false), expected), end),
            _ => match number(text) {
                Number::Float(value) if value.is_infinite() => return self.walk.out_of_range(end),
                number => (invalid_type(number.unexpected(), expected), end),
            },
        };
        self.walk.fail(stopped, message)
    }

    /// The value as an integer of `expected` (`i64`, `i32`), as serde_json reads one.
    fn integer<E: ser::Error>(&self, expected: &str, range: (i64, i64)) -> Result<i64, E> {
        if !matches!(self.byte(), b'-' | b'0'..=b'9') {
            return Err(self.unexpected(expected));
        }
        let text = self.text();
        let end = self.at + text.len();
        let in_range = |value: i64| value >= range.0 && value <= range.1;
        match number(text) {
            Number::Signed(value) if in_range(value) => Ok(value),
            Number::Unsigned(value) if i64::try_from(value).is_ok_and(in_range) => Ok(value as i64),
            Number::Signed(value) => Err(self
                .walk
                .fail(end, invalid_value(Unexpected::Signed(value), expected))),
            Number::Unsigned(value) => Err(self
                .walk
                .fail(end, invalid_value(Unexpected::Unsigned(value), expected))),
            Number::Float(value) if value.is_infinite() => Err(self.walk.out_of_range(end)),
            Number::Float(value) => Err(self
                .walk
                .fail(end, invalid_type(Unexpected::Float(value), expected))),
        }
    }

    /// The value as a string, when it is one (else a fault: not what is `expected`): found
    /// to its end once, borrowed from the body unless it has an escape.
    fn string<E: ser::Error>(&self, expected: &dyn Display) -> Result<Cow<'a, str>, E> {
        if self.byte() != b'"' {
            return Err(self.unexpected(&expected.to_string()));
        }
        let bytes = self.walk.bytes();
        let (end, escaped) = scan::string_end_escaped(bytes, self.at).unwrap_or_else(|| {
            self.walk.malformed();
            string_end_escaped(bytes, self.at)
        });
        self.end.set(end);
        let text = self.walk.body.get(self.at..end).unwrap_or_default();
        if !escaped {
            let inner = text.get(1..text.len().saturating_sub(1));
            return Ok(Cow::Borrowed(inner.unwrap_or_default()));
        }
        // An escaped surrogate that is not half of a pair: the typed decode's encoding
        // error, at its backslash (the envelope's raw read let it through).
        if let Some((at, code)) = lone_surrogate_before(text.as_bytes(), text.len()) {
            return Err(self.walk.fault_of(
                DecodeErrorKind::Encoding,
                self.at + at + 1,
                format!("lone surrogate `\\u{code:04x}` in a string"),
            ));
        }
        Ok(string(text))
    }

    /// Writes a struct of `schema` ([`fields`](Self::fields)); a message is found, and
    /// handed to the walk's writer of parts when it has one.
    fn object<S: Serializer>(&self, schema: &'k Schema, serializer: S) -> Result<S::Ok, S::Error> {
        if self.byte() != b'{' {
            return Err(self.unexpected(&format!("a {} object", schema.name)));
        }
        // A message is found wherever it is, and reports itself, not what it holds.
        let message = schema
            .message
            .filter(|_| self.walk.finding && !self.walk.in_message.get());
        let Some(kind) = message else {
            return self.fields(schema, serializer);
        };
        self.walk.in_message.set(true);
        self.walk.note.set(true);
        let written = match self.walk.parts.as_ref().map(RefCell::try_borrow_mut) {
            // Written where it is met; the walk goes on past it.
            Some(Ok(mut parts)) => {
                if parts.message(&MessageValue { view: self, schema }) {
                    serializer.serialize_unit()
                } else {
                    Err(<S::Error as ser::Error>::custom(
                        "the message was not written",
                    ))
                }
            }
            _ => self.fields(schema, serializer),
        };
        self.walk.in_message.set(false);
        self.walk.note.set(false);
        let noted = Noted {
            json: self.text(),
            places: self.walk.noted.take(),
        };
        self.walk
            .found
            .borrow_mut()
            .messages
            .push((kind, Some(noted)));
        written
    }

    /// [`object`](Self::object)'s fields, each written as the walk meets it: a known
    /// field by its rule, a key the schema does not know as its raw JSON (when the type
    /// keeps them), and then each field the body did not give as its zero value (or not
    /// at all, by its rule). Written as a map, whose keys come in the body's order. A key
    /// given twice is an error where it is given again, as the typed decode says it.
    fn fields<S: Serializer>(&self, schema: &'k Schema, serializer: S) -> Result<S::Ok, S::Error> {
        let walk = self.walk;
        let bytes = walk.bytes();
        let fields = schema.fields;
        // The field of a key: the one after the last found first (the Go server writes
        // them in its order), else any.
        let mut next = 0;
        let mut seen = Seen::new(fields.len());
        // The references found below are put in the fields' order, as the typed value
        // gives them, when the body's is another: each field that has some, and where
        // they start.
        let mut referring: Vec<(usize, usize)> = Vec::new();
        let mut in_order = true;
        let mut places = walk.note.replace(false).then(Places::default);
        let mut object = serializer.serialize_map(None)?;
        let end = each_entry(walk, self.at, |key, (_, key_end), value| {
            let index = match fields.get(next) {
                Some(field) if field.name == key => Some(next),
                _ => fields.iter().position(|field| field.name == key),
            };
            let Some(index) = index else {
                let end = walk.skip(value);
                if schema.keeps_unknown_keys {
                    let text = walk.body.get(value..end).unwrap_or_default();
                    object.serialize_entry(key.as_ref(), &Raw(text))?;
                }
                return Ok(end);
            };
            next = index + 1;
            let field = &fields[index];
            if !seen.insert(index) {
                // Where serde_json stops: after the key and the white space after it,
                // which it skips to close the object once the visitor has refused it.
                let stopped = skip_ws(bytes, key_end);
                let message = format!("duplicate field `{}`", field.name);
                return Err(walk.under(Step::Field(field.name), || walk.fail(stopped, message)));
            }
            let written = Field {
                walk,
                field,
                at: Some(slot(bytes, value)),
                refs: self.refs && field.reference,
            };
            walk.end.set(UNSET);
            let before = walk.references();
            if written.written() {
                object.serialize_entry(field.name, &written)?;
            }
            if walk.references() > before {
                in_order &= referring.last().is_none_or(|(last, _)| index > *last);
                referring.push((index, before));
            }
            let end = walk.read_end(value);
            if let Some(places) = places.as_mut() {
                places.note(field.name, value, end);
            }
            Ok(end)
        })?;
        if let Some(places) = places {
            walk.noted.set(places);
        }
        for (index, field) in fields.iter().enumerate() {
            let zero = ZeroField(walk, field);
            if !seen.contains(index) && zero.written() {
                object.serialize_entry(field.name, &zero)?;
            }
        }
        if !in_order {
            walk.order_references(&referring);
        }
        self.end.set(end);
        object.end()
    }
}

/// Which fields of a struct its object gave: a bit each.
struct Seen {
    first: u64,
    more: Vec<bool>,
}

impl Seen {
    fn new(len: usize) -> Self {
        Self {
            first: 0,
            more: vec![false; len.saturating_sub(64)],
        }
    }

    /// Notes field `index`: `false` when it was noted already.
    fn insert(&mut self, index: usize) -> bool {
        if index < 64 {
            let bit = 1 << index;
            let new = self.first & bit == 0;
            self.first |= bit;
            return new;
        }
        self.more
            .get_mut(index - 64)
            .is_some_and(|seen| !std::mem::replace(seen, true))
    }

    fn contains(&self, index: usize) -> bool {
        match index.checked_sub(64) {
            None => self.first & (1 << index) != 0,
            Some(index) => self.more.get(index).copied().unwrap_or(false),
        }
    }
}

/// Writes a struct of `schema` whose fields are `fields` (in its order), as the typed
/// struct's `Serialize` writes it.
fn write_object<S: Serializer, F: FieldValue>(
    schema: &Schema,
    fields: &[F],
    unknown: &UnknownKeys,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let len = fields.iter().filter(|field| field.written()).count();
    let mut object = ObjectWriter::begin(serializer, schema.name, len, unknown, |_| false)?;
    for field in fields {
        let name = field.schema().name;
        if field.written() {
            object.field(name, field)?;
        } else {
            object.skip(name)?;
        }
    }
    object.end(unknown, |_| false)
}

/// A struct's field, given or zero.
trait FieldValue: Serialize {
    fn schema(&self) -> &FieldSchema;
    /// Whether the typed struct writes it (one only some responses carry is left out when
    /// absent).
    fn written(&self) -> bool;
}

/// A field given as `null`.
const NULL: usize = usize::MAX;

/// A field's value as [`Field::at`] holds it.
fn slot(bytes: &[u8], at: usize) -> usize {
    if is_null(bytes, at) {
        NULL
    } else {
        at
    }
}

impl FieldValue for Field<'_, '_, '_> {
    fn schema(&self) -> &FieldSchema {
        self.field
    }

    fn written(&self) -> bool {
        match self.field.rule {
            Rule::WhenPresent => !matches!(self.at, None | Some(NULL)),
            Rule::Kept => self.at.is_some(),
            _ => true,
        }
    }
}

impl Serialize for Field<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let field = self.field;
        let walk = self.walk;
        let value = |at| View::new(walk, &field.kind, at, self.refs);
        walk.under(Step::Field(field.name), || match (field.rule, self.at) {
            (Rule::Zero, None | Some(NULL)) => Zero(walk, &field.kind).serialize(serializer),
            (Rule::Zero, Some(at)) => value(at).serialize(serializer),
            (Rule::NumberOrDigits, Some(at)) if at != NULL => {
                serializer.serialize_some(&Loose(value(at)))
            }
            (_, None | Some(NULL)) => serializer.serialize_none(),
            (_, Some(at)) => serializer.serialize_some(&value(at)),
        })
    }
}

/// A field of a struct written as its zero value.
struct ZeroField<'w, 'a, 'k>(&'w Walk<'a>, &'k FieldSchema);

impl FieldValue for ZeroField<'_, '_, '_> {
    fn schema(&self) -> &FieldSchema {
        self.1
    }

    fn written(&self) -> bool {
        !matches!(self.1.rule, Rule::WhenPresent | Rule::Kept)
    }
}

impl Serialize for ZeroField<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.1.rule {
            Rule::Zero => Zero(self.0, &self.1.kind).serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

impl Serialize for Zero<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let walk = self.0;
        match self.1 {
            Kind::Bool => serializer.serialize_bool(false),
            Kind::Int32 => serializer.serialize_i32(0),
            Kind::Int64 | Kind::Timestamp | Kind::Id { text: false, .. } => {
                serializer.serialize_i64(0)
            }
            Kind::String | Kind::Secret | Kind::Id { text: true, .. } | Kind::Enum { .. } => {
                serializer.serialize_str("")
            }
            Kind::Number => {
                serializer.serialize_newtype_struct("Price", &serde_json::Number::from(0))
            }
            Kind::Raw => Raw("null").serialize(serializer),
            Kind::List(_) => serializer.serialize_seq(Some(0))?.end(),
            Kind::Map(_) => serializer.serialize_map(Some(0))?.end(),
            Kind::Object(schema) => {
                let schema = schema();
                let message = schema
                    .message
                    .filter(|_| walk.finding && !walk.in_message.get());
                if let Some(kind) = message {
                    walk.found.borrow_mut().messages.push((kind, None));
                    walk.in_message.set(true);
                }
                let fields: Vec<ZeroField<'_, '_, '_>> = schema
                    .fields
                    .iter()
                    .map(|field| ZeroField(walk, field))
                    .collect();
                let written = write_object(schema, &fields, &UnknownKeys::new(), serializer);
                if message.is_some() {
                    walk.in_message.set(false);
                }
                written
            }
            _ => serializer.serialize_unit(),
        }
    }
}

/// An id that a client declares as a string (`LooseId`): a number or a string of digits
/// is the id, other text is kept.
struct Loose<'w, 'a, 'k>(View<'w, 'a, 'k>);

impl Serialize for Loose<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        const EXPECTED: &str = "an integer or a string";
        let view = &self.0;
        match view.byte() {
            b'"' => {
                let text = string(view.text());
                match digits(&text) {
                    Some(id) => {
                        view.reference(id, None);
                        serializer.serialize_i64(id)
                    }
                    None => serializer.serialize_str(&text),
                }
            }
            b'-' | b'0'..=b'9' => {
                let id = view.integer(EXPECTED, (i64::MIN, i64::MAX))?;
                view.reference(id, None);
                serializer.serialize_i64(id)
            }
            b'[' | b'{' => {
                // Read as any value: serde_json consumed the bracket before the visitor
                // refused it.
                let unexpected = if view.byte() == b'[' {
                    Unexpected::Seq
                } else {
                    Unexpected::Map
                };
                Err(view
                    .walk
                    .fail(view.after_bracket(), invalid_type(unexpected, EXPECTED)))
            }
            _ => Err(view.unexpected(EXPECTED)),
        }
    }
}

/// `"5"` as 5; anything but an optional minus and digits (or out of range) is no id.
fn digits(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl View<'_, '_, '_> {
    /// Records the id at the current path, if it names an object of the graph and its
    /// references count.
    fn reference(&self, number: i64, text: Option<&str>) {
        if !(self.walk.finding && self.refs) {
            return;
        }
        let Kind::Id { name, .. } = self.kind else {
            return;
        };
        if let Some(reference) = Reference::of_id(name, number, text) {
            let path = self.walk.reference_path();
            self.walk
                .found
                .borrow_mut()
                .references
                .push((path, reference));
        }
    }
}

impl Serialize for View<'_, '_, '_> {
    /// Writes the value, and notes where it ended for the walk to go on from.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let written = self.read(serializer);
        if written.is_ok() {
            self.walk.end.set(self.end());
        }
        written
    }
}

impl View<'_, '_, '_> {
    /// The value read as its kind, to `serializer`.
    fn read<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.kind {
            Kind::Bool => match self.byte() {
                b't' => serializer.serialize_bool(true),
                b'f' => serializer.serialize_bool(false),
                _ => Err(self.unexpected("a boolean")),
            },
            Kind::Int32 => {
                let value = self.integer("i32", (i32::MIN.into(), i32::MAX.into()))?;
                serializer.serialize_i32(value as i32)
            }
            Kind::Int64 | Kind::Timestamp => {
                serializer.serialize_i64(self.integer("i64", (i64::MIN, i64::MAX))?)
            }
            Kind::Id { text: false, .. } => {
                let id = self.integer("i64", (i64::MIN, i64::MAX))?;
                self.reference(id, None);
                serializer.serialize_i64(id)
            }
            Kind::Id { text: true, .. } => {
                let text = self.string(&"a string")?;
                self.reference(0, Some(&text));
                serializer.serialize_str(&text)
            }
            Kind::String | Kind::Secret => serializer.serialize_str(&self.string(&"a string")?),
            Kind::Enum { name, .. } => {
                // What is expected, written only for the fault.
                let text = self.string(&format_args!("a string ({name})"))?;
                serializer.serialize_str(&text)
            }
            Kind::Raw => Raw(self.text()).serialize(serializer),
            Kind::Number => match self.byte() {
                b'-' | b'0'..=b'9' => {
                    let number = self.text().parse::<serde_json::Number>().map_err(|_| {
                        self.walk
                            .out_of_range::<S::Error>(self.at + self.text().len())
                    })?;
                    serializer.serialize_newtype_struct("Price", &number)
                }
                b'[' | b'{' => {
                    let unexpected = if self.byte() == b'[' {
                        Unexpected::Seq
                    } else {
                        Unexpected::Map
                    };
                    Err(self.walk.fail(
                        self.after_bracket(),
                        invalid_type(unexpected, "a JSON number"),
                    ))
                }
                _ => Err(self.unexpected("a JSON number")),
            },
            Kind::Unit => match self.byte() {
                b'n' => serializer.serialize_unit(),
                _ => Err(self.unexpected("unit")),
            },
            Kind::List(item) => {
                if self.byte() != b'[' {
                    return Err(self.unexpected("a sequence"));
                }
                let walk = self.walk;
                let bytes = walk.bytes();
                let noting = walk.noting_items.replace(false);
                let object = matches!(item, Kind::Object(_));
                let _open = walk.enter();
                let mut seq = serializer.serialize_seq(None)?;
                let mut at = skip_ws(bytes, self.at + 1);
                let (mut index, mut commas) = (0, 0);
                let end = if bytes.get(at) == Some(&b']') {
                    at + 1
                } else {
                    loop {
                        let element = View::new(walk, item, at, self.refs);
                        walk.end.set(UNSET);
                        walk.note.set(noting && object && walk.item_places);
                        walk.under(Step::Index(index), || seq.serialize_element(&element))?;
                        let end = walk.read_end(at).max(at + 1);
                        if noting {
                            let places = walk.noted.take();
                            walk.items.borrow_mut().push((at, end, places));
                        }
                        index += 1;
                        match next_item(walk, end, b']', &mut commas) {
                            Ok(next) => at = next,
                            Err(end) => break end,
                        }
                    }
                };
                self.end.set(end);
                seq.end()
            }
            Kind::Map(item) => {
                if self.byte() != b'{' {
                    return Err(self.unexpected("a map"));
                }
                // In the body's order: a key given twice is written twice, the last
                // value the one kept, as in the typed value (whose map orders its keys).
                let walk = self.walk;
                let mut map = serializer.serialize_map(None)?;
                let end = each_entry(walk, self.at, |key, (key_start, key_end), at| {
                    let element = View::new(walk, item, at, self.refs);
                    map.serialize_key(key.as_ref())?;
                    walk.end.set(UNSET);
                    walk.under(Step::Key(key_start, key_end), || {
                        map.serialize_value(&element)
                    })?;
                    Ok(walk.read_end(at))
                })?;
                self.end.set(end);
                map.end()
            }
            Kind::Object(schema) => self.object(schema(), serializer),
            #[allow(unreachable_patterns)]
            _ => Err(self
                .walk
                .fail(self.at, format!("no reading of a {:?}", self.kind))),
        }
    }
}

/// `invalid type: ..., expected ...`, as serde_json says it.
fn invalid_type(unexpected: Unexpected<'_>, expected: &str) -> String {
    serde_json::Error::invalid_type(unexpected, &expected).to_string()
}

/// `invalid value: ..., expected ...`, as serde_json says it.
fn invalid_value(unexpected: Unexpected<'_>, expected: &str) -> String {
    serde_json::Error::invalid_value(unexpected, &expected).to_string()
}

/// A number, as serde_json reads it: an integer that fits 64 bits as one, any other as a
/// float.
#[derive(Clone, Copy)]
enum Number {
    Signed(i64),
    Unsigned(u64),
    Float(f64),
}

impl Number {
    fn unexpected(self) -> Unexpected<'static> {
        match self {
            Self::Signed(value) => Unexpected::Signed(value),
            Self::Unsigned(value) => Unexpected::Unsigned(value),
            Self::Float(value) => Unexpected::Float(value),
        }
    }
}

fn number(text: &str) -> Number {
    let integer = !text.bytes().any(|byte| matches!(byte, b'.' | b'e' | b'E'));
    // serde_json reads `-0` as the float `-0.0`, keeping its sign.
    if integer && text != "-0" {
        if text.starts_with('-') {
            if let Ok(value) = text.parse::<i64>() {
                return Number::Signed(value);
            }
        } else if let Ok(value) = text.parse::<u64>() {
            return Number::Unsigned(value);
        }
    }
    // As serde_json reads it (its own algorithm, which may differ from the correctly
    // rounded one in the last digit); beyond `f64`, infinite, as the callers expect.
    Number::Float(
        serde_json::from_str::<f64>(text).unwrap_or_else(|_| text.parse().unwrap_or(f64::NAN)),
    )
}

/// A JSON string's text (`text` is the string with its quotes).
fn string(text: &str) -> Cow<'_, str> {
    let inner = text
        .get(1..text.len().saturating_sub(1))
        .unwrap_or_default();
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    Cow::Owned(serde_json::from_str::<String>(text).unwrap_or_default())
}

fn is_null(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&b'n')
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        at += 1;
    }
    at
}

/// Where the value at `at` ends (valid JSON).
fn value_end(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(b'"') => string_end(bytes, at),
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                // Eight bytes at a time to the next quote or bracket.
                while let Some(word) = word_at(bytes, i) {
                    let folded = word | (ONES * 0x20);
                    let marks = bytes_equal(word, b'"')
                        | bytes_equal(folded, b'{')
                        | bytes_equal(folded, b'}');
                    if marks != 0 {
                        i += first_marked(marks);
                        break;
                    }
                    i += 8;
                }
                let Some(&byte) = bytes.get(i) else {
                    break;
                };
                match byte {
                    b'"' => {
                        i = string_end(bytes, i);
                        continue;
                    }
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i
        }
        _ => {
            let mut i = at;
            while bytes.get(i).is_some_and(|byte| {
                byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'+' | b'.')
            }) {
                i += 1;
            }
            i
        }
    }
}

/// Where the string at `at` (its opening quote) ends, after its closing quote: eight bytes
/// at a time to the next quote or backslash.
fn string_end(bytes: &[u8], at: usize) -> usize {
    string_end_escaped(bytes, at).0
}

/// [`string_end`], and whether the string has an escape.
fn string_end_escaped(bytes: &[u8], at: usize) -> (usize, bool) {
    let mut i = at + 1;
    let mut escaped = false;
    loop {
        i = next_escape(bytes, i);
        match bytes.get(i) {
            Some(b'\\') => {
                escaped = true;
                i += 2;
            }
            Some(b'"') => return (i + 1, escaped),
            Some(_) => i += 1,
            None => return (i, escaped),
        }
    }
}

/// Reads the object at `at` (its `{`) entry by entry, in the body's order: `entry` is given
/// each key (its text, where its string starts and ends) and where its value starts, and
/// says where its value ends. Gives where the object ends, after its `}`. What is not JSON
/// is noted where it is met ([`Walk::malformed`]), and ends the object.
fn each_entry<'a, E>(
    walk: &Walk<'a>,
    at: usize,
    mut entry: impl FnMut(Cow<'a, str>, (usize, usize), usize) -> Result<usize, E>,
) -> Result<usize, E> {
    let body = walk.body;
    let bytes = body.as_bytes();
    let _open = walk.enter();
    let mut i = skip_ws(bytes, at + 1);
    if bytes.get(i) == Some(&b'}') {
        return Ok(i + 1);
    }
    let mut commas = 0;
    loop {
        if bytes.get(i) != Some(&b'"') {
            walk.malformed();
            return Ok(i.saturating_add(1).min(bytes.len()));
        }
        let (key_end, escaped) = scan::string_end_escaped(bytes, i).unwrap_or_else(|| {
            walk.malformed();
            string_end_escaped(bytes, i)
        });
        let key = if escaped {
            string(body.get(i..key_end).unwrap_or_default())
        } else {
            // Between its quotes.
            Cow::Borrowed(body.get(i + 1..key_end - 1).unwrap_or_default())
        };
        let colon = skip_ws(bytes, key_end);
        if bytes.get(colon) != Some(&b':') {
            walk.malformed();
        }
        let value = skip_ws(bytes, colon + 1);
        // Always forward, whatever the text.
        let end = entry(key, (i, key_end), value)?.max(value).max(i + 1);
        match next_item(walk, end, b'}', &mut commas) {
            Ok(next) => i = next,
            Err(end) => return Ok(end),
        }
    }
}

/// After an item of an array or an object (closed by `close`) that ends at `end`: where the
/// next one starts (`Ok`), or where the array or object ends, after `close` (`Err`). A
/// comma is counted in `commas`, within the walk's bounds; what is not JSON is noted, and
/// ends it.
fn next_item(walk: &Walk<'_>, end: usize, close: u8, commas: &mut usize) -> Result<usize, usize> {
    let bytes = walk.bytes();
    let next = skip_ws(bytes, end);
    match bytes.get(next) {
        Some(b',') => {
            *commas += 1;
            let item = skip_ws(bytes, next + 1);
            if !walk.bounds.may_have(*commas) || bytes.get(item) == Some(&close) {
                walk.malformed();
            }
            Ok(item)
        }
        Some(byte) if *byte == close => Err(next + 1),
        _ => {
            walk.malformed();
            Err(next.saturating_add(1).min(bytes.len()))
        }
    }
}

/// A serializer that writes nothing: for a walk that only finds ([`find`]).
pub struct Discard;

/// [`Discard`]'s error: only what `ser::Error` needs.
#[derive(Debug)]
pub struct Discarded;

impl std::fmt::Display for Discarded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stopped")
    }
}

impl std::error::Error for Discarded {}

impl ser::Error for Discarded {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Self
    }
}

macro_rules! discard {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<(), Discarded> {
            Ok(())
        }
    )*};
}

/// `Discard`'s compounds, each opened as `Discard` itself.
macro_rules! open_discarding {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self, Discarded> {
            Ok(self)
        }
    )*};
}

impl Serializer for Discard {
    type Ok = ();
    type Error = Discarded;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    discard! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Discarded> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Discarded> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Discarded> {
        value.serialize(self)
    }

    open_discarding! {
        serialize_seq(Option<usize>); serialize_tuple(usize);
        serialize_tuple_struct(&'static str, usize);
        serialize_tuple_variant(&'static str, u32, &'static str, usize);
        serialize_map(Option<usize>); serialize_struct(&'static str, usize);
        serialize_struct_variant(&'static str, u32, &'static str, usize);
    }
}

/// `Discard`'s compound serializers: each element, field or entry discarded in turn.
macro_rules! discard_each {
    ($($trait:path { $method:ident($($key:ty)?) })*) => {$(
        impl $trait for Discard {
            type Ok = ();
            type Error = Discarded;

            fn $method<T: Serialize + ?Sized>(
                &mut self,
                $(_: $key,)?
                value: &T,
            ) -> Result<(), Discarded> {
                value.serialize(Discard)
            }

            fn end(self) -> Result<(), Discarded> {
                Ok(())
            }
        }
    )*};
}

discard_each! {
    SerializeSeq { serialize_element() }
    ser::SerializeTuple { serialize_element() }
    ser::SerializeTupleStruct { serialize_field() }
    ser::SerializeTupleVariant { serialize_field() }
    SerializeStruct { serialize_field(&'static str) }
    ser::SerializeStructVariant { serialize_field(&'static str) }
}

impl SerializeMap for Discard {
    type Ok = ();
    type Error = Discarded;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Discarded> {
        key.serialize(Discard)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Discarded> {
        value.serialize(Discard)
    }

    fn end(self) -> Result<(), Discarded> {
        Ok(())
    }
}
