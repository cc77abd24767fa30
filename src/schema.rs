//! Each wire type described as data: its fields, their wire names, value kinds and the rule
//! by which each is read and written.
//!
//! Every struct declared with `#[wire]` (the macros crate) has a [`Schema`], through
//! [`Described::SCHEMA`]; every type a field can have has a [`Kind`], through
//! [`Wire::KIND`]. The reference page (`docs/reference.md`), the property tests that hold
//! the serde code to the schema, and the wasm package read them; so can any tool.
//!
//! ```
//! use iqchannels_proto::schema::{Described, Kind, Rule};
//! use iqchannels_proto::ChatMessage;
//!
//! let schema = &ChatMessage::SCHEMA;
//! let uid = schema.field("UID").unwrap();
//! assert_eq!(uid.rust, "uid");
//! assert_eq!(uid.rule, Rule::Zero);
//! assert!(matches!(uid.kind, Kind::Id { text: true, .. }));
//! let rating = schema.field("RatingId").unwrap();
//! assert_eq!(rating.rule, Rule::WhenPresent);
//! assert!(rating.reference);
//! ```

use crate::model::MessageRef;
use std::fmt;

/// A struct on the wire: a JSON object.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Schema {
    /// The Rust type's name: `ChatMessage`.
    pub name: &'static str,
    /// The type's doc comment (empty in wasm).
    pub doc: &'static str,
    /// Its fields on the wire, in the order they are written.
    pub fields: &'static [FieldSchema],
    /// Whether keys the type does not model are kept and written back (every response
    /// object); a request's are ignored, as the Go server ignores them.
    pub keeps_unknown_keys: bool,
    /// Whether the type is a request body (strict reading, absent options left out).
    pub request: bool,
    /// Whether the type is a message, and of which kind: what resolution finds in a
    /// response's data (`#[wire(message = ...)]`).
    pub message: Option<MessageKind>,
}

/// The kind of a message type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageKind {
    /// A ticket's message ([`Message`](crate::Message)).
    Ticket,
    /// A chat's message ([`ChatMessage`](crate::ChatMessage)).
    Chat,
}

impl Schema {
    /// A schema, as `#[wire]` writes one (the struct is `#[non_exhaustive]`, so the code
    /// it generates in another crate builds it through this).
    #[doc(hidden)]
    pub const fn __new(
        name: &'static str,
        doc: &'static str,
        fields: &'static [FieldSchema],
        request: bool,
    ) -> Self {
        Self {
            name,
            doc: doc_kept(doc),
            fields,
            keeps_unknown_keys: !request,
            request,
            message: None,
        }
    }

    /// The schema of a message type of `kind`, as `#[wire(message = ...)]` writes it.
    #[doc(hidden)]
    pub const fn __message(mut self, kind: MessageKind) -> Self {
        self.message = Some(kind);
        self
    }

    /// The field with this wire name.
    pub fn field(&self, name: &str) -> Option<&'static FieldSchema> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// A doc comment, kept natively (for the reference page and the TypeScript); in wasm,
/// where nothing shows one, empty, so that the module does not carry every type's and
/// field's documentation as data.
const fn doc_kept(doc: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        doc
    }
}

/// A field of a [`Schema`].
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct FieldSchema {
    /// The wire name: `UID`.
    pub name: &'static str,
    /// The Rust field's name: `uid`.
    pub rust: &'static str,
    /// What its value is (without the nullability, which [`rule`](Self::rule) says).
    pub kind: Kind,
    /// How it is read and written.
    pub rule: Rule,
    /// Whether its ids point at objects of the graph.
    pub reference: bool,
    /// The field's doc comment (empty in wasm).
    pub doc: &'static str,
}

impl FieldSchema {
    /// A field, as `#[wire]` writes one (see [`Schema::__new`]).
    #[doc(hidden)]
    pub const fn __new(
        name: &'static str,
        rust: &'static str,
        kind: Kind,
        rule: Rule,
        reference: bool,
        doc: &'static str,
    ) -> Self {
        Self {
            name,
            rust,
            kind,
            rule,
            reference,
            doc: doc_kept(doc),
        }
    }
}

/// How a field is read and written: the wire rules of `primitives/wire.rs`, one per field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A response's non-nullable field: missing or `null` is read as its zero value (`0`,
    /// `""`, `false`, `[]`), as Go's `encoding/json` leaves it; always written.
    /// Normalises `null` and absence to the zero value.
    Zero,
    /// A response's nullable field (`Option<T>`): missing or `null` is `None`; always
    /// written, `null` for `None`. Normalises absence to `null`.
    Nullable,
    /// A field only some responses carry: missing or `null` is `None`; written only when
    /// present. Normalises `null` to absence.
    WhenPresent,
    /// A field whose absence, `null` and value an official client tells apart
    /// ([`Presence`](crate::Presence)): each is kept as it came. Never normalised.
    Kept,
    /// An id that a client declares as a string ([`LooseId`](crate::LooseId)): a number
    /// or a string of digits is the id, written as a number; other text is kept and
    /// written as it came; `null` or missing is `None`, written `null`.
    NumberOrDigits,
    /// A request's required field: a request without it is refused (read strictly) or
    /// given its zero value with a warning (read as Go reads it).
    Required,
    /// A request's optional field: may be missing; written only when present.
    Optional,
}

impl Rule {
    /// What a decode then an encode does to the field: the normalisation, or `None`.
    pub fn normalisation(self) -> Option<&'static str> {
        match self {
            Self::Zero => Some("`null` or absent becomes the zero value"),
            Self::Nullable => Some("absent becomes `null`"),
            Self::NumberOrDigits => Some("absent becomes `null`, a string of digits the number"),
            Self::WhenPresent => Some("`null` becomes absent"),
            Self::Kept | Self::Required | Self::Optional => None,
        }
    }
}

/// What a value is, on the wire.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Kind {
    /// `true` or `false`.
    Bool,
    /// An integer of 32 bits.
    Int32,
    /// An integer of 64 bits, exact.
    Int64,
    /// Milliseconds since the Unix epoch, an exact `i64`.
    Timestamp,
    /// Any JSON number, kept exactly as written (`Product.Price`).
    Number,
    /// A string.
    String,
    /// A secret string (a token): never shown by `Debug`.
    Secret,
    /// An id: an exact `i64`, or text.
    Id {
        /// The id's Rust type: `ChatMessageId`.
        name: &'static str,
        /// Whether the id is text (`MessageUid`, `FileId`) rather than a number.
        text: bool,
    },
    /// A string with documented values; any other value is kept verbatim.
    Enum {
        /// The enum's Rust type: `ChatPayloadType`.
        name: &'static str,
        /// Its documented values.
        values: &'static [&'static str],
    },
    /// Any JSON value, kept verbatim.
    Raw,
    /// A JSON array of the kind.
    List(&'static Kind),
    /// A JSON object with string keys and values of the kind.
    Map(&'static Kind),
    /// A wire struct.
    Object(fn() -> &'static Schema),
    /// Nothing: the data of a method that answers none (`null`).
    Unit,
}

impl Kind {
    /// The kind written as the reference page shows it: `ChatMessageId`, `[Action]`,
    /// `{string: string}`.
    pub fn describe(&self) -> String {
        match self {
            Self::Bool => "bool".into(),
            Self::Int32 => "int32".into(),
            Self::Int64 => "int64".into(),
            Self::Timestamp => "Timestamp".into(),
            Self::Number => "number".into(),
            Self::String => "string".into(),
            Self::Secret => "string (secret)".into(),
            Self::Id { name, .. } | Self::Enum { name, .. } => (*name).into(),
            Self::Raw => "any JSON".into(),
            Self::List(item) => format!("[{}]", item.describe()),
            Self::Map(value) => format!("{{string: {}}}", value.describe()),
            Self::Object(schema) => schema().name.into(),
            Self::Unit => "null".into(),
        }
    }
}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A type that can be a field's value: its [`Kind`].
pub trait Wire {
    /// What the type is on the wire.
    const KIND: Kind;

    /// Whether a value of the type may hold a [`Departure`] (then [`lint`](Self::lint)
    /// looks for them): known at compile time, so that decoding walks nothing else.
    #[doc(hidden)]
    const LINTS: bool = false;

    /// Reports each [`Departure`] in the value.
    #[doc(hidden)]
    #[inline]
    fn lint<'v>(&'v self, lints: &mut Lints<'v>) {
        let _ = lints;
    }

    /// Whether a value of the type may carry a message (a ticket's or a chat's): known at
    /// compile time, so that finding them walks nothing else.
    #[doc(hidden)]
    const MESSAGES: bool = false;

    /// Adds each message the value carries to `found`, in order: what
    /// [`Messages`](crate::Messages) gives.
    #[doc(hidden)]
    #[inline]
    fn find_messages<'v>(&'v self, found: &mut Vec<MessageRef<'v>>) {
        let _ = found;
    }
}

/// What a decoded response holds that an official client would not accept, kept as it
/// came: the codec reports each as a warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Departure {
    /// A field the official clients require is absent or `null` (a sign-in's `Client` or
    /// `Session`, `sdk-fidelity.md` M10).
    Absent,
    /// An id that a client declares as a string is neither a number nor a string of
    /// digits (`ChatMessage.NoticeId`, M6): kept as text.
    NotDigits,
}

/// The departures found in a value, each with its JSON path (`Result.Client`,
/// `Rels.ChatMessages[2].NoticeId`). The path is kept as steps and written out only for
/// a departure found: a walk that finds none (nearly every one) formats nothing.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Lints<'v> {
    path: Vec<Step<'v>>,
    found: Vec<(String, Departure)>,
}

/// One step of a [`Lints`] path.
#[derive(Clone, Copy, Debug)]
enum Step<'v> {
    Field(&'v str),
    Index(usize),
}

impl<'v> Lints<'v> {
    /// Lints under the path `root` (`Data`, `Result`; empty for none).
    pub fn new(root: &'v str) -> Self {
        let path = if root.is_empty() {
            Vec::new()
        } else {
            vec![Step::Field(root)]
        };
        Self {
            path,
            found: Vec::new(),
        }
    }

    /// Looks into `value`, the field `name` of the current value.
    #[inline]
    pub fn field<T: Wire + ?Sized>(&mut self, name: &'v str, value: &'v T) {
        if T::LINTS {
            self.path.push(Step::Field(name));
            value.lint(self);
            self.path.pop();
        }
    }

    /// Looks into `value`, at `index` of the current array.
    #[inline]
    pub fn index<T: Wire + ?Sized>(&mut self, index: usize, value: &'v T) {
        if T::LINTS {
            self.path.push(Step::Index(index));
            value.lint(self);
            self.path.pop();
        }
    }

    /// The current path, written out: `Result[1].NoticeId`.
    fn path(&self) -> String {
        let mut path = String::new();
        for step in &self.path {
            match step {
                Step::Field(name) if path.is_empty() => path.push_str(name),
                Step::Field(name) => {
                    path.push('.');
                    path.push_str(name);
                }
                Step::Index(index) => {
                    let _ = fmt::Write::write_fmt(&mut path, format_args!("[{index}]"));
                }
            }
        }
        path
    }

    /// Reports `departure` at the field `name` of the current value.
    pub fn found_at(&mut self, name: &'v str, departure: Departure) {
        self.path.push(Step::Field(name));
        self.found(departure);
        self.path.pop();
    }

    /// Reports `departure` at the current value.
    pub fn found(&mut self, departure: Departure) {
        let path = self.path();
        self.found.push((path, departure));
    }

    /// Every departure found, with its path, in the order of the value.
    pub fn into_found(self) -> Vec<(String, Departure)> {
        self.found
    }
}

/// A wire struct: its [`Schema`].
pub trait Described: Wire {
    /// The struct described as data.
    const SCHEMA: Schema;
}

macro_rules! kinds {
    ($($kind:ident: $($ty:ty),+;)*) => {$($(
        impl Wire for $ty {
            const KIND: Kind = Kind::$kind;
        }
    )+)*};
}

kinds! {
    Bool: bool;
    Int32: i32;
    Int64: i64;
    String: String;
    Timestamp: crate::Timestamp;
    Secret: crate::Secret;
    Number: crate::Price;
    Raw: crate::RawJson;
}

/// No data: a method whose answer carries none.
impl Wire for () {
    const KIND: Kind = Kind::Unit;
}

impl<T: Wire> Wire for Option<T> {
    const KIND: Kind = T::KIND;
    const LINTS: bool = T::LINTS;
    const MESSAGES: bool = T::MESSAGES;

    #[inline]
    fn find_messages<'v>(&'v self, found: &mut Vec<MessageRef<'v>>) {
        if let Some(value) = self {
            value.find_messages(found);
        }
    }

    #[inline]
    fn lint<'v>(&'v self, lints: &mut Lints<'v>) {
        if let Some(value) = self {
            value.lint(lints);
        }
    }
}

impl<T: Wire> Wire for Box<T> {
    const KIND: Kind = T::KIND;
    const LINTS: bool = T::LINTS;
    const MESSAGES: bool = T::MESSAGES;

    #[inline]
    fn find_messages<'v>(&'v self, found: &mut Vec<MessageRef<'v>>) {
        T::find_messages(self, found);
    }

    #[inline]
    fn lint<'v>(&'v self, lints: &mut Lints<'v>) {
        T::lint(self, lints);
    }
}

impl<T: Wire> Wire for Vec<T> {
    const KIND: Kind = Kind::List(&T::KIND);
    const LINTS: bool = T::LINTS;
    const MESSAGES: bool = T::MESSAGES;

    #[inline]
    fn find_messages<'v>(&'v self, found: &mut Vec<MessageRef<'v>>) {
        if T::MESSAGES {
            for value in self {
                value.find_messages(found);
            }
        }
    }

    #[inline]
    fn lint<'v>(&'v self, lints: &mut Lints<'v>) {
        for (index, value) in self.iter().enumerate() {
            lints.index(index, value);
        }
    }
}

impl<T: Wire> Wire for std::collections::BTreeMap<String, T> {
    const KIND: Kind = Kind::Map(&T::KIND);
    const LINTS: bool = T::LINTS;
    const MESSAGES: bool = T::MESSAGES;

    fn find_messages<'v>(&'v self, found: &mut Vec<MessageRef<'v>>) {
        if T::MESSAGES {
            for value in self.values() {
                value.find_messages(found);
            }
        }
    }

    fn lint<'v>(&'v self, lints: &mut Lints<'v>) {
        for (key, value) in self {
            lints.field(key, value);
        }
    }
}
