//! A whole response read by the schemas: the envelope as the typed path reads it, and its
//! data and each element of its graph's typed collections as [`data`]'s
//! views of the body, checked by their kinds. It serializes as the typed response does
//! ([`codec::decode_response`](crate::codec::decode_response), then
//! [`Response::spelled`](crate::Response::spelled)), leaves out the same malformed graph
//! elements with the same warnings, fails with the same error, and resolves messages as
//! [`GraphIndex`](crate::graph::GraphIndex) does: so that a module that only moves
//! responses into another form (the wasm package) carries no entity's typed code.
//! `tests/interpret.rs` holds it to the typed path.

use std::collections::{BTreeMap, HashMap};

use foldhash::fast::RandomState;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::data::{
    self, fields, json_at, reference_at, text_at, Data, DataError, Discard, Found, WriteParts,
};
use crate::codec::document::Document;
use crate::codec::response::{collection_items, data_before, decode_raw, Warnings};
use crate::codec::{DecodeError, Limits, Warning};
use crate::envelope::{Error, Parts, Spelling};
use crate::graph::{Actor, Author, Dangling, Graph};
use crate::model::ActorType;
use crate::primitives::{RawJson, UnknownKeys};
use crate::references::Reference;
use crate::schema::{Described, Kind, MessageKind, Schema, Wire};

/// A response read by the schemas: [`read`](Self::read) it, then [`write`](Self::write)
/// it to any serializer, or [`find`](Self::find) what its data carries and resolve it
/// against [`index`](Self::index).
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::codec::{interpret::response::ResponseView, Limits};
/// use iqchannels_proto::schema::Wire;
/// use iqchannels_proto::Method;
///
/// type Data = <CreateMessage as Method>::Data;
/// let body = std::fs::read("tests/fixtures/create_message.response.json")?;
/// let view = ResponseView::read(&body, &Limits::default(), &Data::KIND, false)?;
/// let mut json = Vec::new();
/// view.write(CreateMessage::METADATA.spelling, &Data::KIND, &mut serde_json::Serializer::new(&mut json))
///     .map_err(|_| "not a response of the method")?;
///
/// let typed = iqchannels_proto::codec::decode_response::<CreateMessage>(&body)?.value;
/// assert_eq!(json, serde_json::to_vec(&typed)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ResponseView<'a> {
    body: &'a str,
    /// `OK`.
    pub ok: bool,
    /// `Error`.
    pub error: Option<Error>,
    /// `Ping`.
    pub ping: bool,
    /// The data's JSON, when it is present and not `null`.
    data: Option<&'a str>,
    /// The data's key as it came, where its errors are.
    data_key: &'static str,
    graph: Option<GraphView<'a>>,
    /// The envelope's other keys, as they came.
    pub unknown: UnknownKeys,
    /// The graph's elements left out, as [`Decoded::warnings`](crate::codec::Decoded).
    pub warnings: Vec<Warning>,
    /// How many more there were than `warnings` keeps.
    pub more_warnings: usize,
}

/// A graph read by the schemas: the elements of each typed collection that are values of
/// its kind, the other collections kept.
struct GraphView<'a> {
    body: &'a str,
    /// Each typed collection's elements kept, in the order of [`Graph::TYPED`].
    typed: Vec<Vec<Element<'a>>>,
    other: BTreeMap<String, RawJson>,
}

/// An element of a typed collection.
struct Element<'a> {
    json: &'a str,
    /// Its references to the graph, at the paths the typed graph gives them
    /// (`Graph.Users[0].AvatarId`); found only when the response is read for resolving.
    references: Vec<(String, Reference)>,
}

impl<'a> ResponseView<'a> {
    /// Reads `body` within `limits` as [`codec::decode_response`](crate::codec::decode_response)
    /// does for a method whose data is a value of `kind`, the data left for
    /// [`write`](Self::write) or [`find`](Self::find).
    /// `resolving`: the graph's references are found too, for [`dangling`](Self::dangling).
    ///
    /// # Errors
    ///
    /// The body's JSON, limits, encoding or envelope: as the typed decode says.
    pub fn read(
        body: &'a [u8],
        limits: &Limits,
        kind: &Kind,
        resolving: bool,
    ) -> Result<Self, DecodeError> {
        Self::read_with(body, limits, kind, resolving, None)
    }

    /// [`read`](Self::read), each element of the graph's typed collections written by
    /// `parts` in the walk that checks it (an element `parts` refuses is left out, its
    /// error `parts`' own). [`write`](Self::write) then writes each element as a newtype
    /// struct named [`WRITTEN_PART`] around it, by which a writer that wrote them refers to
    /// them in their order instead; to any other, it is the element.
    ///
    /// # Errors
    ///
    /// As [`read`](Self::read).
    pub fn read_writing(
        body: &'a [u8],
        limits: &Limits,
        kind: &Kind,
        resolving: bool,
        parts: &mut dyn WriteParts,
    ) -> Result<Self, DecodeError> {
        Self::read_with(body, limits, kind, resolving, Some(parts))
    }

    fn read_with(
        body: &'a [u8],
        limits: &Limits,
        kind: &Kind,
        resolving: bool,
        mut parts: Option<&mut dyn WriteParts>,
    ) -> Result<Self, DecodeError> {
        let (document, envelope) = decode_raw(body, limits).map_err(|error| {
            // The typed decode reads the data as it goes: a fault in data that came whole
            // before the envelope's is the first.
            data_before(body, &error)
                // `null` is no data, as the envelope reads it.
                .filter(|(_, json, _)| *json != "null")
                .and_then(|(text, json, key)| data::write(text, json, kind, key, Discard).err())
                .and_then(|fault| match fault {
                    DataError::Decode(fault)
                        if (fault.line(), fault.column()) <= (error.line(), error.column()) =>
                    {
                        Some(fault)
                    }
                    _ => None,
                })
                .unwrap_or(error)
        })?;
        let mut warnings = Warnings {
            kept: Vec::new(),
            more: 0,
            max: limits.max_warnings,
        };
        let graph = envelope.graph.map(|(name, typed, other)| {
            let mut kept = Vec::with_capacity(typed.len());
            for (raw, (collection, kind)) in
                typed.into_iter().zip(Graph::TYPED.iter().zip(Graph::KINDS))
            {
                let read = Read {
                    resolving,
                    parts: parts.as_deref_mut(),
                };
                kept.push(elements(
                    &document,
                    (name, collection),
                    kind,
                    raw,
                    read,
                    &mut warnings,
                ));
            }
            GraphView {
                body: document.text(),
                typed: kept,
                other,
            }
        });
        Ok(Self {
            body: document.text(),
            ok: envelope.ok,
            error: envelope.error,
            ping: envelope.ping,
            data: envelope.data,
            data_key: envelope.data_key,
            graph,
            unknown: envelope.unknown,
            warnings: warnings.kept,
            more_warnings: warnings.more,
        })
    }

    /// Writes the response in `spelling`, its data a value of `kind`, as the typed response
    /// serializes.
    ///
    /// # Errors
    ///
    /// The data's fault, as the typed decode says it, or the serializer's error.
    pub fn write<S: Serializer>(
        &self,
        spelling: Spelling,
        kind: &Kind,
        serializer: S,
    ) -> Result<S::Ok, DataError<S::Error>> {
        let data = self
            .data
            .map(|json| Data::new(self.body, json, kind, self.data_key));
        let written = Parts {
            ok: self.ok,
            error: &self.error,
            ping: self.ping,
            data: &data,
            graph: self.graph.as_ref(),
            unknown: &self.unknown,
            spelling,
        }
        .serialize(serializer);
        match (written, data.and_then(Data::into_fault)) {
            (_, Some(fault)) => Err(DataError::Decode(fault)),
            (Ok(value), None) => Ok(value),
            (Err(error), None) => Err(DataError::Write(error)),
        }
    }

    /// The messages and references of the data, a value of `kind`; nothing for data that
    /// is absent or `null`.
    ///
    /// # Errors
    ///
    /// The data's fault, as the typed decode says it.
    pub fn find(&self, kind: &Kind) -> Result<Found<'a>, DecodeError> {
        match self.data {
            Some(json) => data::find(self.body, json, kind, self.data_key),
            None => Ok(Found::default()),
        }
    }

    /// [`find`](Self::find), each message written by `parts` in the walk that finds it.
    ///
    /// # Errors
    ///
    /// As [`find`](Self::find).
    pub fn find_writing(
        &self,
        kind: &Kind,
        parts: &mut dyn WriteParts,
    ) -> Result<Found<'a>, DecodeError> {
        match self.data {
            Some(json) => data::find_writing(self.body, json, kind, self.data_key, parts),
            None => Ok(Found::default()),
        }
    }

    /// The data's JSON, when it is present and not `null`.
    pub fn data(&self) -> Option<&'a str> {
        self.data
    }

    /// The data's key as it came (`Data` or `Result`): the root of its faults' paths.
    pub fn data_key(&self) -> &'static str {
        self.data_key
    }

    /// The body the views are parts of.
    pub fn body(&self) -> &'a str {
        self.body
    }

    /// The graph's objects by id, for resolving.
    pub fn index(&self) -> IndexView<'a> {
        let mut objects = HashMap::with_hasher(RandomState::default());
        for (elements, kind) in self.collections() {
            let Kind::Object(schema) = kind else {
                continue;
            };
            for element in elements {
                let [id] = fields(self.body, element.json, ["Id"]);
                if let Some(id) = reference_at(self.body, schema(), "Id", id) {
                    objects.entry(id).or_insert(element.json);
                }
            }
        }
        IndexView {
            body: self.body,
            objects,
        }
    }

    /// The references of `found` (the data's) and of the graph's own objects (when read
    /// for resolving) whose objects `index` lacks, in the order and at the paths
    /// [`GraphIndex::dangling`](crate::graph::GraphIndex::dangling) gives them for the data
    /// and then for the graph (below `Graph.`).
    pub fn dangling(&self, found: &Found<'_>, index: &IndexView<'_>) -> Vec<Dangling> {
        let graph = self
            .collections()
            .flat_map(|(elements, _)| elements)
            .flat_map(|element| &element.references);
        found
            .references
            .iter()
            .chain(graph)
            .filter(|(_, reference)| !index.contains(reference))
            .map(|(path, reference)| Dangling {
                path: path.clone(),
                reference: reference.clone(),
            })
            .collect()
    }

    /// The graph as it serializes, `{}` when the response has none (the graph of an
    /// [`Outcome`](crate::Outcome)'s data).
    pub fn graph_or_empty(&self) -> impl Serialize + '_ {
        GraphOrEmpty(self.graph.as_ref())
    }

    /// The items of the data, when it is an array.
    pub fn items(&self) -> Vec<&'a str> {
        self.data()
            .map(|json| data::items(self.body, json))
            .unwrap_or_default()
    }

    /// The id of the newest stored (not `Transitive`) event among `events` (each one's JSON,
    /// a checked value of [`ChatEvent`](crate::ChatEvent)), as a stream's decoder moves its
    /// resume point ([`StreamDecoder::last_event_id`](crate::stream::StreamDecoder::last_event_id)).
    pub fn newest_stored(&self, events: &[&str]) -> Option<i64> {
        events
            .iter()
            .filter_map(|event| {
                let [id, transitive] = fields(self.body, event, ["Id", "Transitive"]);
                let stored = json_at(self.body, transitive) != Some("true");
                let id = json_at(self.body, id).and_then(data::integer_of);
                stored.then(|| id.unwrap_or_default())
            })
            .max()
    }

    /// Each typed collection's elements kept, with their kind.
    fn collections(&self) -> impl Iterator<Item = (&[Element<'a>], &'static Kind)> {
        self.graph
            .iter()
            .flat_map(|graph| graph.typed.iter().map(Vec::as_slice).zip(Graph::KINDS))
    }
}

/// How the graph's elements are read: for their references too (`resolving`), and
/// written as they are checked (`parts`).
struct Read<'p, 'w> {
    resolving: bool,
    parts: Option<&'p mut (dyn WriteParts + 'w)>,
}

/// The elements of the typed collection at `(graph, name)` (`Graph`, `Users`) that are
/// values of `kind`, a warning for each other one, as the typed path's careful way reads
/// them.
fn elements<'a>(
    document: &Document<'a>,
    (graph, name): (&str, &str),
    kind: &Kind,
    collection: Option<&'a str>,
    mut read: Read<'_, '_>,
    warnings: &mut Warnings,
) -> Vec<Element<'a>> {
    let Some(collection) = collection else {
        return Vec::new();
    };
    let collection_path = format!("{graph}.{name}");
    let body = document.text();
    // An array's items by the body's checked text; any other value as the typed path reads
    // it (`null` is empty, another a warning).
    let items = if collection.starts_with('[') {
        data::items(body, collection)
    } else {
        collection_items(document, &collection_path, collection, warnings)
            .into_iter()
            .map(RawValue::get)
            .collect()
    };
    let mut kept = Vec::with_capacity(items.len());
    for (index, json) in items.into_iter().enumerate() {
        let path = format!("{collection_path}[{index}]");
        // Below `Graph`, at the index among the elements kept, as the typed graph gives
        // them.
        let below = || format!("Graph.{name}[{}]", kept.len());
        let found = match (read.resolving, read.parts.as_deref_mut()) {
            (resolving, Some(parts)) => {
                let references = resolving.then(below);
                data::element_writing(body, json, kind, (&path, references.as_deref()), parts)
            }
            (true, None) => data::find_under(body, json, kind, &path, &below()).map(Some),
            (false, None) => data::check(body, json, kind, &path).map(|()| Some(Found::default())),
        };
        match found {
            Ok(Some(found)) => kept.push(Element {
                json,
                references: found.references,
            }),
            // Refused by `parts`, whose error it is.
            Ok(None) => {}
            Err(error) => warnings.push(path, error),
        }
    }
    kept
}

/// As [`Graph`] serializes: the typed collections that are not empty, in their order, then
/// the others in name order.
impl Serialize for GraphView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let typed = self.typed.iter().filter(|elements| !elements.is_empty());
        let mut map = serializer.serialize_map(Some(typed.count() + self.other.len()))?;
        for (elements, (name, kind)) in self.typed.iter().zip(Graph::TYPED.iter().zip(Graph::KINDS))
        {
            if !elements.is_empty() {
                map.serialize_entry(
                    name,
                    &Elements {
                        body: self.body,
                        kind,
                        elements,
                    },
                )?;
            }
        }
        for (name, collection) in &self.other {
            map.serialize_entry(name, collection)?;
        }
        map.end()
    }
}

/// A graph, or the empty one.
struct GraphOrEmpty<'v, 'a>(Option<&'v GraphView<'a>>);

impl Serialize for GraphOrEmpty<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(graph) => graph.serialize(serializer),
            None => serializer.serialize_map(Some(0))?.end(),
        }
    }
}

/// A typed collection's elements kept, as an array of their views.
struct Elements<'v, 'a> {
    body: &'a str,
    kind: &'static Kind,
    elements: &'v [Element<'a>],
}

impl Serialize for Elements<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.elements.len()))?;
        for element in self.elements {
            // Checked when read: it serializes whole.
            let value = Data::new(self.body, element.json, self.kind, "");
            seq.serialize_element(&Written(&value))?;
        }
        seq.end()
    }
}

/// A graph's element as [`ResponseView::write`] writes it: a newtype struct named
/// [`WRITTEN_PART`] around it.
struct Written<'v, 'a, 'k>(&'v Data<'a, 'k>);

impl Serialize for Written<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(WRITTEN_PART, self.0)
    }
}

/// The name of the newtype struct around each element of the graph that
/// [`ResponseView::write`] writes: a writer that wrote the elements as
/// [`ResponseView::read_writing`] read them refers to each, in their order, instead of
/// writing it again. (A newtype struct is its value to any other writer.)
pub const WRITTEN_PART: &str = "$iqchannels_proto::private::WrittenPart";

/// The graph's objects by id, as [`GraphIndex`](crate::graph::GraphIndex) has them (the
/// first object of an id counts): each one's JSON.
pub struct IndexView<'a> {
    body: &'a str,
    objects: HashMap<Reference, &'a str, RandomState>,
}

/// Who wrote a message, as [`Author`] tells, the graph's user or client as its JSON.
pub type AuthorView<'a> = Author<'a, str, str>;

/// A message with what the graph tells about it, as
/// [`ResolvedMessage`](crate::graph::ResolvedMessage) has it, each part as its JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResolvedView<'a> {
    /// The message's JSON; `None` for one that is its zero value (missing or `null`).
    pub message: Option<&'a str>,
    /// Its author.
    pub author: AuthorView<'a>,
    /// The author's avatar, when the author is a user with an avatar in the graph.
    pub avatar: Option<&'a str>,
    /// The file a chat message carries, if the graph has it (`None` for a ticket's).
    pub file: Option<&'a str>,
}

impl<'a> IndexView<'a> {
    /// Whether the graph carries the object `reference` names.
    pub fn contains(&self, reference: &Reference) -> bool {
        self.objects.contains_key(reference)
    }

    /// The JSON of the object `reference` names, if the graph carries it.
    pub fn get(&self, reference: &Reference) -> Option<&'a str> {
        self.objects.get(reference).copied()
    }

    /// A message of `kind` (`message`: its JSON, or `None` for its zero value) with its
    /// author, the author's avatar and (a chat message's) its file.
    pub fn resolve(&self, kind: MessageKind, message: Option<&'a str>) -> ResolvedView<'a> {
        let schema = message_schema(kind);
        let [author, user, client, file] = message.map_or([None; 4], |json| {
            fields(self.body, json, ["Author", "UserId", "ClientId", "FileId"])
        });
        let field = |name, value| reference_at(self.body, schema, name, value);
        let actor = text_at(self.body, author)
            .map_or_else(ActorType::default, |text| ActorType::from(&*text));
        let user = match field("UserId", user) {
            Some(Reference::User(id)) => Some(id),
            _ => None,
        };
        let client = match field("ClientId", client) {
            Some(Reference::Client(id)) => Some(id),
            _ => None,
        };
        let author = match Actor::of(&actor, user, client) {
            Actor::User(id) => self.author(Reference::User(id), AuthorView::User),
            Actor::Client(id) => self.author(Reference::Client(id), AuthorView::Client),
            Actor::System => AuthorView::System,
            Actor::Anonymous => AuthorView::Anonymous,
            Actor::Unknown => AuthorView::Unknown,
        };
        let avatar = match author {
            AuthorView::User(user) => {
                let [avatar] = fields(self.body, user, ["AvatarId"]);
                reference_at(
                    self.body,
                    object_schema::<crate::User>(),
                    "AvatarId",
                    avatar,
                )
                .and_then(|id| self.get(&id))
            }
            _ => None,
        };
        let file = match kind {
            MessageKind::Chat => field("FileId", file).and_then(|id| self.get(&id)),
            _ => None,
        };
        ResolvedView {
            message,
            author,
            avatar,
            file,
        }
    }

    /// The object `reference` names as `found` makes it, or `Missing`.
    fn author(&self, reference: Reference, found: fn(&'a str) -> AuthorView<'a>) -> AuthorView<'a> {
        match self.get(&reference) {
            Some(json) => found(json),
            None => AuthorView::Missing(reference),
        }
    }

    /// The chat message a chat event (`event`, its JSON) names, if the graph carries it, as
    /// [`GraphIndex::event_message`](crate::graph::GraphIndex::event_message) finds it.
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn event_message(&self, event: &str) -> Option<&'a str> {
        let schema = object_schema::<crate::ChatEvent>();
        let [message] = fields(self.body, event, ["MessageId"]);
        reference_at(self.body, schema, "MessageId", message).and_then(|id| self.get(&id))
    }
}

/// The kind of the messages of `kind`: [`Message`](crate::Message) or
/// [`ChatMessage`](crate::ChatMessage).
pub fn message_kind(kind: MessageKind) -> Kind {
    match kind {
        #[cfg(any(feature = "chat", feature = "public"))]
        MessageKind::Chat => <crate::ChatMessage as Wire>::KIND,
        _ => <crate::Message as Wire>::KIND,
    }
}

/// The schema of the messages of `kind`.
fn message_schema(kind: MessageKind) -> &'static Schema {
    match kind {
        #[cfg(any(feature = "chat", feature = "public"))]
        MessageKind::Chat => object_schema::<crate::ChatMessage>(),
        _ => object_schema::<crate::Message>(),
    }
}

/// The schema of a wire struct.
fn object_schema<T: Described>() -> &'static Schema {
    &T::SCHEMA
}
