//! A whole response read by the schemas: the envelope as the typed path reads it, and its
//! data and each element of its graph's typed collections as [`data`]'s
//! views of the body, checked by their kinds. It serializes as the typed response does
//! ([`codec::decode_response`](crate::codec::decode_response), then
//! [`Response::spelled`](crate::Response::spelled)), leaves out the same malformed graph
//! elements with the same warnings, fails with the same error, and resolves messages as
//! [`GraphIndex`](crate::graph::GraphIndex) does: so that a module that only moves
//! responses into another form (the wasm package) carries no entity's typed code.
//! `tests/interpret.rs` holds it to the typed path.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use foldhash::fast::RandomState;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::data::{
    self, json_at, reference_at, text_at, Data, DataError, Discard, Found, Noted, NotedField,
    WriteParts,
};
use crate::codec::document::{push_index, push_key, Document};
use crate::codec::response::{collection_items, data_before, decode_raw, Warnings};
use crate::codec::scan::{self, skip_ws, Bounds};
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
    /// What the data carries, found when it was read ([`DataParts::Found`]), until
    /// [`find_writing`](Self::find_writing) takes it.
    found: RefCell<Option<Found<'a>>>,
    /// Whether the data was written as a part when it was read ([`DataParts::Written`]).
    data_written: bool,
    /// The data's items, an array's, as the walk that wrote it met them, when it was read
    /// for resolving.
    items: Option<Vec<Noted<'a>>>,
}

/// What a reading with a writer of parts ([`ResponseView::read_writing`]) does with the
/// data, in the walk that checks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DataParts {
    /// Writes it as a part of its own ([`WriteParts::data`]), to which
    /// [`write`](ResponseView::write) and [`data_part`](ResponseView::data_part) refer.
    Written,
    /// Writes each message it carries as a part ([`WriteParts::message`]), and keeps what
    /// it carries for [`find_writing`](ResponseView::find_writing).
    Found,
}

/// A graph read by the schemas: the elements of each typed collection that are values of
/// its kind, the other collections kept.
struct GraphView<'a> {
    body: &'a str,
    /// Each typed collection's elements kept, in the order of [`Graph::TYPED`].
    typed: Vec<Vec<Element<'a>>>,
    /// The typed collections (their places in [`Graph::TYPED`]) in the order they were
    /// read, and are written: the body's, when it was read in one pass.
    order: Vec<usize>,
    other: BTreeMap<String, RawJson>,
}

/// An element of a typed collection.
struct Element<'a> {
    /// Its JSON and its fields' places.
    noted: Noted<'a>,
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
    /// error `parts`' own), and the data as `data` says. [`write`](Self::write) then writes
    /// each element as a newtype struct named [`WRITTEN_PART`] around it, by which a writer
    /// that wrote them refers to them in their order instead; to any other, it is the
    /// element.
    ///
    /// A common body is read in one pass: its text checked as each part is read, each part
    /// read once, in the body's order. Any other (one the typed path would refuse, or read
    /// with more than this reading holds) is read again as [`read`](Self::read) reads it,
    /// what `parts` wrote the first time taken back ([`WriteParts::undo`]).
    ///
    /// # Errors
    ///
    /// As [`read`](Self::read), and the data's fault (but not that of the data of a
    /// response that is not OK, read for its messages: it is not resolved).
    pub fn read_writing(
        body: &'a [u8],
        limits: &Limits,
        kind: &Kind,
        resolving: bool,
        parts: &mut dyn WriteParts,
        data: DataParts,
    ) -> Result<Self, DecodeError> {
        Self::read_with(body, limits, kind, resolving, Some((parts, data)))
    }

    fn read_with(
        body: &'a [u8],
        limits: &Limits,
        kind: &Kind,
        resolving: bool,
        mut parts: Option<(&mut (dyn WriteParts + '_), DataParts)>,
    ) -> Result<Self, DecodeError> {
        if let Some((parts, _)) = parts.as_mut() {
            parts.begin();
        }
        let once = parts.as_mut().map(|(parts, data)| (&mut **parts, *data));
        if let Some(view) = Self::read_once(body, limits, kind, resolving, once) {
            return Ok(view);
        }
        let Some((parts, data)) = parts else {
            return Self::read_again(body, limits, kind, resolving, None);
        };
        parts.undo();
        let mut view = Self::read_again(body, limits, kind, resolving, Some(&mut *parts))?;
        view.read_data(kind, resolving, parts, data)?;
        Ok(view)
    }

    /// The data of a response read again, as `use_` says.
    fn read_data(
        &mut self,
        kind: &Kind,
        resolving: bool,
        parts: &mut (dyn WriteParts + '_),
        use_: DataParts,
    ) -> Result<(), DecodeError> {
        let Some(json) = self.data else {
            return Ok(());
        };
        match use_ {
            // A response that is not OK is not resolved: its data is left to `find`.
            DataParts::Found if !self.ok => {}
            DataParts::Found => {
                let found = data::find_writing(self.body, json, kind, self.data_key, parts)?;
                *self.found.get_mut() = Some(found);
            }
            DataParts::Written => {
                let data = Data::new(self.body, json, kind, self.data_key);
                let data = data.item_places(resolving);
                let written = parts.data(&data);
                self.items = data.items().filter(|_| resolving);
                if let Some(fault) = data.into_fault() {
                    return Err(fault);
                }
                self.data_written = written;
            }
        }
        Ok(())
    }

    /// The common response in one pass (see [`read_writing`](Self::read_writing)): the
    /// envelope's entries in the body's order, the data and each element of the graph read
    /// by its kind where it is met, the text checked on the way within `limits`. `None`
    /// for a body left to the careful reading ([`read_again`](Self::read_again)), which
    /// finds its fault or reads what this does not: text that is not JSON or goes over a
    /// limit, or that serde_json could read otherwise ([`scan`]'s pieces leave it); an
    /// escaped key of the envelope or its graph, or one given twice; an `Error` that is
    /// not `null`; the data not a value of its kind; a graph collection the crate does not
    /// model, or that is not an array or `null`.
    fn read_once(
        body: &'a [u8],
        limits: &Limits,
        kind: &Kind,
        resolving: bool,
        mut parts: Option<(&mut (dyn WriteParts + '_), DataParts)>,
    ) -> Option<Self> {
        if body.len() > limits.max_body_bytes {
            return None;
        }
        let text = std::str::from_utf8(body).ok()?;
        let bytes = text.as_bytes();
        let bounds = Bounds::of(limits);
        let mut envelope = Entries::open(text, skip_ws(bytes, 0), 0, &bounds)?;
        let (mut ok, mut error, mut ping) = (None, None, None);
        let (mut data, mut graph) = (None, None);
        let mut unknown = UnknownKeys::new();
        let mut warnings = Warnings {
            kept: Vec::new(),
            more: 0,
            max: limits.max_warnings,
        };
        let mut found = None;
        let mut data_written = false;
        let mut items = None;
        while let Some((key, value)) = envelope.next()? {
            // The name as the body spells it, of the two a field has.
            let spelled = |first: &'static str, other: &'static str| {
                if key == first {
                    first
                } else {
                    other
                }
            };
            let end = match key {
                "OK" if ok.is_none() => {
                    let (value, end) = boolean(bytes, value)?;
                    ok = Some(value);
                    end
                }
                "Ping" if ping.is_none() => {
                    let (value, end) = boolean(bytes, value)?;
                    ping = Some(value);
                    end
                }
                // An error's response is left to the careful reading: not the common case,
                // and one more reading of `Error` in the module.
                "Error" if error.is_none() && bytes.get(value..value + 4) == Some(b"null") => {
                    error = Some(());
                    value + 4
                }
                "Data" | "Result" if data.is_none() => {
                    let key = spelled("Data", "Result");
                    if bytes.get(value..value + 4) == Some(b"null") {
                        // As the envelope reads it: `null` is no data, whose key is `Data`.
                        data = Some(("Data", None));
                        value + 4
                    } else {
                        let end = match parts.as_mut() {
                            Some((parts, DataParts::Found)) => {
                                let references = (key, Some("Data"));
                                let walked =
                                    Data::unchecked(text, value, kind, references, 1, bounds)
                                        .writing(&mut **parts);
                                let (end, read) = found_once(text, walked)?;
                                found = Some(read);
                                end
                            }
                            Some((parts, DataParts::Written)) => {
                                let walked =
                                    Data::unchecked(text, value, kind, (key, None), 1, bounds);
                                let walked = walked.item_places(resolving);
                                data_written = parts.data(&walked);
                                items = walked.items().filter(|_| resolving);
                                checked_end(&walked, data_written)?
                            }
                            None => {
                                let walked =
                                    Data::unchecked(text, value, kind, (key, None), 1, bounds);
                                let _ = walked.serialize(Discard);
                                checked_end(&walked, true)?
                            }
                        };
                        data = Some((key, text.get(value..end)));
                        end
                    }
                }
                "Graph" | "Rels" if graph.is_none() => {
                    let name = spelled("Graph", "Rels");
                    if bytes.get(value..value + 4) == Some(b"null") {
                        graph = Some(None);
                        value + 4
                    } else {
                        let read = Read {
                            resolving,
                            parts: parts.as_mut().map(|(parts, _)| &mut **parts),
                        };
                        let (view, end) =
                            graph_once(text, (name, value), &bounds, read, &mut warnings)?;
                        graph = Some(Some(view));
                        end
                    }
                }
                "OK" | "Ping" | "Error" | "Data" | "Result" | "Graph" | "Rels" => return None,
                key => {
                    let end = scan::skip(bytes, value, 1, &bounds)?;
                    let raw = RawJson::from_string(text.get(value..end)?.to_owned()).ok()?;
                    unknown.push(key.to_owned(), raw);
                    end
                }
            };
            envelope.after(end)?;
        }
        if skip_ws(bytes, envelope.at) != bytes.len() {
            return None;
        }
        let (data_key, data) = data.unwrap_or(("Data", None));
        Some(Self {
            body: text,
            ok: ok.unwrap_or_default(),
            error: None,
            ping: ping.unwrap_or_default(),
            data,
            data_key,
            graph: graph.flatten(),
            unknown,
            warnings: warnings.kept,
            more_warnings: warnings.more,
            found: RefCell::new(found),
            data_written,
            items,
        })
    }

    /// A response read the careful way: the limits pass, then the envelope by serde_json
    /// with the data and the graph raw, then each element of the graph by its kind.
    fn read_again(
        body: &'a [u8],
        limits: &Limits,
        kind: &Kind,
        resolving: bool,
        mut parts: Option<&mut (dyn WriteParts + '_)>,
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
            // The collections in the body's order, as the one pass reads them; their
            // warnings in their own, as the typed path gives them.
            // (By hand: a few collections, and the standard library's sort adds 6 KB to the
            // wasm module.)
            let start = |at: usize| typed[at].map_or(0, |json| json.as_ptr() as usize);
            let mut order: Vec<usize> =
                (0..typed.len()).filter(|at| typed[*at].is_some()).collect();
            for next in 1..order.len() {
                let mut at = next;
                while at > 0 && start(order[at - 1]) > start(order[at]) {
                    order.swap(at - 1, at);
                    at -= 1;
                }
            }
            let mut kept: Vec<Vec<Element<'a>>> = typed.iter().map(|_| Vec::new()).collect();
            let mut found: Vec<Warnings> = typed.iter().map(|_| warnings.empty()).collect();
            for &at in &order {
                let (Some(collection), Some(kind)) = (Graph::TYPED.get(at), Graph::KINDS.get(at))
                else {
                    continue;
                };
                let read = Read {
                    resolving,
                    parts: parts.as_deref_mut(),
                };
                let warnings = &mut found[at];
                kept[at] = elements(
                    &document,
                    (name, collection),
                    kind,
                    typed[at],
                    read,
                    warnings,
                );
            }
            warnings.extend(found);
            GraphView {
                body: document.text(),
                order,
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
            found: RefCell::new(None),
            data_written: false,
            items: None,
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
        let data = self.data.map(|json| DataPart {
            data: Data::new(self.body, json, kind, self.data_key),
            written: self.data_written,
        });
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
        match (written, data.and_then(DataPart::into_fault)) {
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

    /// [`find`](Self::find), each message written by `parts` in the walk that finds it: the
    /// reading's walk, for a response read for that ([`DataParts::Found`]), whose finds it
    /// gives (once).
    ///
    /// # Errors
    ///
    /// As [`find`](Self::find).
    pub fn find_writing(
        &self,
        kind: &Kind,
        parts: &mut dyn WriteParts,
    ) -> Result<Found<'a>, DecodeError> {
        if let Some(found) = self.found.borrow_mut().take() {
            return Ok(found);
        }
        match self.data {
            Some(json) => data::find_writing(self.body, json, kind, self.data_key, parts),
            None => Ok(Found::default()),
        }
    }

    /// The data, a value of `kind` (its zero value when it is absent or `null`), as
    /// [`write`](Self::write) writes it: referring to the part the reading wrote, if it
    /// wrote one ([`DataParts::Written`]).
    pub fn data_part<'k>(&self, kind: &'k Kind) -> DataPart<'a, 'k> {
        match self.data {
            Some(json) => DataPart {
                data: Data::new(self.body, json, kind, self.data_key),
                written: self.data_written,
            },
            None => DataPart {
                data: Data::zero(kind),
                written: false,
            },
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
    pub fn index(&self) -> IndexView<'_> {
        let mut objects = HashMap::with_hasher(RandomState::default());
        for (elements, kind) in self.collections() {
            let Kind::Object(schema) = kind else {
                continue;
            };
            for element in elements {
                let id = element.noted.places.get(NotedField::Id);
                if let Some(id) = reference_at(self.body, schema(), NotedField::Id, id) {
                    objects.entry(id).or_insert(&element.noted);
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

    /// The items of the data, a value of `kind`, when it is an array, with their places: as
    /// the walk that wrote it met them, when it was read for resolving and written
    /// ([`DataParts::Written`]); else as a walk of it meets them. None when the data is not
    /// a value of `kind`.
    pub fn items(&self, kind: &Kind) -> Cow<'_, [Noted<'a>]> {
        if let Some(items) = self.items.as_ref().filter(|_| self.data_written) {
            return Cow::Borrowed(items);
        }
        let Some(json) = self.data else {
            return Cow::Owned(Vec::new());
        };
        let data = Data::new(self.body, json, kind, self.data_key).item_places(true);
        let items = data.serialize(Discard).ok().and_then(|()| data.items());
        Cow::Owned(items.unwrap_or_default())
    }

    /// The id of the newest stored (not `Transitive`) event among `events` (each a checked
    /// value of [`ChatEvent`](crate::ChatEvent), as [`items`](Self::items) gives them), as
    /// a stream's decoder moves its resume point
    /// ([`StreamDecoder::last_event_id`](crate::stream::StreamDecoder::last_event_id)).
    pub fn newest_stored(&self, events: &[Noted<'_>]) -> Option<i64> {
        events
            .iter()
            .filter_map(|event| {
                let id = event.places.get(NotedField::Id);
                let transitive = event.places.get(NotedField::Transitive);
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

/// The entries of an object of the envelope (the envelope, its graph) read in one pass:
/// each key, which has no escape (an escaped one is left to the careful reading), and where
/// its value starts.
struct Entries<'t> {
    text: &'t str,
    /// Where the next key starts; once the object ended, after it.
    at: usize,
    commas: usize,
    bounds: Bounds,
    ended: bool,
}

impl<'t> Entries<'t> {
    /// The object at `at`, inside `open` arrays and objects; `None` for another value, or
    /// one beyond the bounds.
    fn open(text: &'t str, at: usize, open: usize, bounds: &Bounds) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.get(at) != Some(&b'{') || !bounds.may_open(open) {
            return None;
        }
        let at = skip_ws(bytes, at + 1);
        let ended = bytes.get(at) == Some(&b'}');
        Some(Self {
            text,
            at: if ended { at + 1 } else { at },
            commas: 0,
            bounds: *bounds,
            ended,
        })
    }

    /// The next key and where its value starts; `Some(None)` once the object ended.
    fn next(&mut self) -> Option<Option<(&'t str, usize)>> {
        if self.ended {
            return Some(None);
        }
        let bytes = self.text.as_bytes();
        if bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let (end, escaped) = scan::string_end_escaped(bytes, self.at)?;
        let key = self.text.get(self.at + 1..end - 1).filter(|_| !escaped)?;
        let colon = skip_ws(bytes, end);
        (bytes.get(colon) == Some(&b':')).then(|| Some((key, skip_ws(bytes, colon + 1))))
    }

    /// After the value that ends at `end`: at the next key, or after the object.
    fn after(&mut self, end: usize) -> Option<()> {
        let bytes = self.text.as_bytes();
        let at = skip_ws(bytes, end);
        match bytes.get(at)? {
            b',' => {
                self.commas += 1;
                self.at = skip_ws(bytes, at + 1);
                self.bounds.may_have(self.commas).then_some(())
            }
            b'}' => {
                self.at = at + 1;
                self.ended = true;
                Some(())
            }
            _ => None,
        }
    }
}

/// `true`, `false` or `null` (false) at `at`, and where it ends.
fn boolean(bytes: &[u8], at: usize) -> Option<(bool, usize)> {
    let end = scan::literal_end(bytes, at)?;
    Some((bytes.get(at) == Some(&b't'), end))
}

/// Where `data`, serialized in one pass, ends: `None` when its text is not JSON, it is not
/// a value of its kind, or it was not `written`.
fn checked_end(data: &Data<'_, '_>, written: bool) -> Option<usize> {
    (written && !data.malformed() && !data.faulty()).then(|| data.end())
}

/// `data`, a part of `text` read in one pass for what it carries ([`DataParts::Found`]):
/// where it ends, and what it carries. `None` as [`checked_end`].
fn found_once<'a>(text: &'a str, data: Data<'_, '_>) -> Option<(usize, Found<'a>)> {
    let _ = data.serialize(Discard);
    let end = checked_end(&data, true)?;
    Some((end, data.into_found().ok()?.within(text)))
}

/// The graph at `at` (spelled `graph`) in one pass: each typed collection's elements kept
/// (each read as [`elements`] reads one), the collections in the body's order, and where
/// the graph ends. `None` for a
/// collection the crate does not model, or one given twice, or that is not an array or
/// `null` (the careful reading keeps or reads them), or text that is not JSON.
fn graph_once<'a>(
    text: &'a str,
    (graph, at): (&str, usize),
    bounds: &Bounds,
    mut read: Read<'_, '_>,
    warnings: &mut Warnings,
) -> Option<(GraphView<'a>, usize)> {
    let bytes = text.as_bytes();
    let mut typed: Vec<Option<Vec<Element<'a>>>> = Graph::TYPED.iter().map(|_| None).collect();
    // Each collection's warnings, given in the collections' own order, as the typed path
    // gives them.
    let mut found: Vec<Warnings> = Graph::TYPED.iter().map(|_| warnings.empty()).collect();
    let mut order = Vec::new();
    let mut collections = Entries::open(text, at, 1, bounds)?;
    while let Some((name, value)) = collections.next()? {
        let index = Graph::TYPED.iter().position(|typed| *typed == name)?;
        if typed[index].is_some() {
            return None;
        }
        let kind = Graph::KINDS.get(index)?;
        let (elements, end) = if bytes.get(value..value + 4) == Some(b"null") {
            (Vec::new(), value + 4)
        } else {
            let warnings = found.get_mut(index)?;
            collection_once(
                text,
                (graph, name, value),
                kind,
                bounds,
                &mut read,
                warnings,
            )?
        };
        typed[index] = Some(elements);
        order.push(index);
        collections.after(end)?;
    }
    warnings.extend(found);
    let graph = GraphView {
        body: text,
        typed: typed.into_iter().map(Option::unwrap_or_default).collect(),
        order,
        other: BTreeMap::new(),
    };
    Some((graph, collections.at))
}

/// The array at `at`, the collection `name` of the graph, in one pass: its elements of
/// `kind` kept, a warning for each other one, as [`elements`] reads them; and where it
/// ends.
fn collection_once<'a>(
    text: &'a str,
    (graph, name, at): (&str, &str, usize),
    kind: &Kind,
    bounds: &Bounds,
    read: &mut Read<'_, '_>,
    warnings: &mut Warnings,
) -> Option<(Vec<Element<'a>>, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'[') || !bounds.may_open(2) {
        return None;
    }
    let mut kept = Vec::new();
    let mut i = skip_ws(bytes, at + 1);
    if bytes.get(i) == Some(&b']') {
        return Some((kept, i + 1));
    }
    let mut index = 0;
    loop {
        let path = element_path(graph, name, index);
        // Below `Graph`, at the index among the elements kept, as the typed graph gives them.
        let references = read
            .resolving
            .then(|| element_path("Graph", name, kept.len()));
        let walked = Data::unchecked(text, i, kind, (&path, references.as_deref()), 3, *bounds);
        let walked = walked.part();
        let written = match read.parts.as_deref_mut() {
            Some(parts) => parts.element(text.get(i..)?, &walked),
            None => walked.serialize(Discard).is_ok() || walked.faulty(),
        };
        if walked.malformed() {
            return None;
        }
        // A fault stops the walk: the rest of the element is checked by a skip.
        let end = if walked.faulty() {
            scan::skip(bytes, i, 3, bounds)?
        } else {
            walked.end()
        };
        match walked.into_found() {
            Ok(found) if written => kept.push(Element {
                noted: Noted {
                    json: text.get(i..end)?,
                    places: found.places,
                },
                references: found.references,
            }),
            // Refused by `parts`, whose error it is.
            Ok(_) => {}
            Err(error) => warnings.push(path, error),
        }
        let next = skip_ws(bytes, end);
        match bytes.get(next)? {
            b',' => {
                index += 1;
                if !bounds.may_have(index) {
                    return None;
                }
                i = skip_ws(bytes, next + 1);
            }
            b']' => return Some((kept, next + 1)),
            _ => return None,
        }
    }
}

/// The path of the element at `index` of the collection `name` of `graph`:
/// `Graph.Users[3]`.
fn element_path(graph: &str, name: &str, index: usize) -> String {
    let mut path = graph.to_owned();
    push_key(&mut path, name);
    push_index(&mut path, index);
    path
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
    // As the typed path reads it: `null` is empty, a value not an array a warning.
    let items: Vec<&str> = collection_items(document, &collection_path, collection, warnings)
        .into_iter()
        .map(RawValue::get)
        .collect();
    let mut kept = Vec::with_capacity(items.len());
    for (index, json) in items.into_iter().enumerate() {
        let path = element_path(graph, name, index);
        // Below `Graph`, at the index among the elements kept, as the typed graph gives
        // them.
        let references = read
            .resolving
            .then(|| element_path("Graph", name, kept.len()));
        let read_as = (&*path, references.as_deref());
        let found = match read.parts.as_deref_mut() {
            Some(parts) => data::element_writing(body, json, kind, read_as, parts),
            None => data::find_under(body, json, kind, read_as).map(Some),
        };
        match found {
            Ok(Some(found)) => kept.push(Element {
                noted: Noted {
                    json,
                    places: found.places,
                },
                references: found.references,
            }),
            // Refused by `parts`, whose error it is.
            Ok(None) => {}
            Err(error) => warnings.push(path, error),
        }
    }
    kept
}

/// As [`Graph`] serializes: the typed collections that are not empty, in the order they
/// were read (the body's, when it was read in one pass; else their own), then the others
/// in name order.
impl Serialize for GraphView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let typed = self.typed.iter().filter(|elements| !elements.is_empty());
        let mut map = serializer.serialize_map(Some(typed.count() + self.other.len()))?;
        for &at in &self.order {
            let (Some(elements), Some(name), Some(kind)) = (
                self.typed.get(at),
                Graph::TYPED.get(at),
                Graph::KINDS.get(at),
            ) else {
                continue;
            };
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
            let value = Data::new(self.body, element.noted.json, self.kind, "");
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

/// The response's data as [`ResponseView::write`] writes it: when the reading wrote it as
/// a part ([`DataParts::Written`]), a newtype struct named [`WRITTEN_DATA`] around it, by
/// which that writer refers to it instead; to any other, the data.
pub struct DataPart<'a, 'k> {
    data: Data<'a, 'k>,
    written: bool,
}

impl DataPart<'_, '_> {
    /// Why writing it stopped, if the data is not a value of its kind.
    pub fn into_fault(self) -> Option<DecodeError> {
        self.data.into_fault()
    }
}

impl Serialize for DataPart<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.written {
            serializer.serialize_newtype_struct(WRITTEN_DATA, &self.data)
        } else {
            self.data.serialize(serializer)
        }
    }
}

/// The name of the newtype struct around the data that [`ResponseView::write`] writes when
/// the reading wrote it as a part ([`DataPart`]).
pub const WRITTEN_DATA: &str = "$iqchannels_proto::private::WrittenData";

/// The name of the newtype struct around each element of the graph that
/// [`ResponseView::write`] writes: a writer that wrote the elements as
/// [`ResponseView::read_writing`] read them refers to each, in their order, instead of
/// writing it again. (A newtype struct is its value to any other writer.)
pub const WRITTEN_PART: &str = "$iqchannels_proto::private::WrittenPart";

/// The graph's objects by id, as [`GraphIndex`](crate::graph::GraphIndex) has them (the
/// first object of an id counts): each one as the reading noted it.
pub struct IndexView<'a> {
    body: &'a str,
    objects: HashMap<Reference, &'a Noted<'a>, RandomState>,
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

    /// The object `reference` names, if the graph carries it.
    pub fn get(&self, reference: &Reference) -> Option<&'a Noted<'a>> {
        self.objects.get(reference).copied()
    }

    /// A message of `kind` (`message`: as the walk that read it noted it, or `None` for
    /// its zero value) with its author, the author's avatar and (a chat message's) its
    /// file: each value read at its place.
    pub fn resolve(&self, kind: MessageKind, message: Option<&Noted<'a>>) -> ResolvedView<'a> {
        let schema = message_schema(kind);
        let place = |field| message.and_then(|message| message.places.get(field));
        let field = |field| reference_at(self.body, schema, field, place(field));
        let actor = text_at(self.body, place(NotedField::Author))
            .map_or_else(ActorType::default, |text| ActorType::from(&*text));
        let user = match field(NotedField::UserId) {
            Some(Reference::User(id)) => Some(id),
            _ => None,
        };
        let client = match field(NotedField::ClientId) {
            Some(Reference::Client(id)) => Some(id),
            _ => None,
        };
        let actor = Actor::of(&actor, user, client);
        let author = match actor {
            Actor::User(id) => self.author(Reference::User(id), AuthorView::User),
            Actor::Client(id) => self.author(Reference::Client(id), AuthorView::Client),
            Actor::System => AuthorView::System,
            Actor::Anonymous => AuthorView::Anonymous,
            Actor::Unknown => AuthorView::Unknown,
        };
        // The author's, when the author is a user the graph carries.
        let avatar = match actor {
            Actor::User(id) => {
                let user = self.get(&Reference::User(id));
                let avatar = user.and_then(|user| user.places.get(NotedField::AvatarId));
                let schema = object_schema::<crate::User>();
                reference_at(self.body, schema, NotedField::AvatarId, avatar)
                    .and_then(|id| self.json(&id))
            }
            _ => None,
        };
        let file = match kind {
            MessageKind::Chat => field(NotedField::FileId).and_then(|id| self.json(&id)),
            _ => None,
        };
        ResolvedView {
            message: message.map(|message| message.json),
            author,
            avatar,
            file,
        }
    }

    /// The JSON of the object `reference` names, if the graph carries it.
    fn json(&self, reference: &Reference) -> Option<&'a str> {
        self.get(reference).map(|object| object.json)
    }

    /// The object `reference` names as `found` makes it, or `Missing`.
    fn author(&self, reference: Reference, found: fn(&'a str) -> AuthorView<'a>) -> AuthorView<'a> {
        match self.json(&reference) {
            Some(json) => found(json),
            None => AuthorView::Missing(reference),
        }
    }

    /// The chat message a chat event (as [`ResponseView::items`] gives it) names, if the
    /// graph carries it, as
    /// [`GraphIndex::event_message`](crate::graph::GraphIndex::event_message) finds it.
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn event_message(&self, event: &Noted<'_>) -> Option<&'a Noted<'a>> {
        let schema = object_schema::<crate::ChatEvent>();
        let message = event.places.get(NotedField::MessageId);
        reference_at(self.body, schema, NotedField::MessageId, message).and_then(|id| self.get(&id))
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

#[cfg(test)]
mod tests {
    use super::ResponseView;
    use crate::codec::Limits;
    use crate::schema::{Kind, Wire};

    /// A view as JSON (and its warnings): each object's keys in any order.
    fn json(view: &ResponseView<'_>, kind: &Kind) -> (serde_json::Value, Vec<String>) {
        let mut json = Vec::new();
        let written = view.write(
            crate::envelope::Spelling::DataGraph,
            kind,
            &mut serde_json::Serializer::new(&mut json),
        );
        assert!(written.is_ok(), "the view writes");
        let warnings = view.warnings.iter().map(ToString::to_string).collect();
        (serde_json::from_slice(&json).unwrap(), warnings)
    }

    /// The common bodies are read in one pass, as the careful reading reads them; what the
    /// careful reading would refuse or read with more is left to it.
    #[test]
    fn the_one_pass_reads_what_the_careful_reading_reads() {
        let documented = include_str!("../../../tests/fixtures/create_message.response.json");
        let history: serde_json::Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/public/11-channel_messages.json"
        ))
        .unwrap();
        let history = &history["response"];
        let message = <crate::api::tickets::CreateMessage as crate::Method>::Data::KIND;
        let messages = <Vec<crate::ChatMessage> as Wire>::KIND;
        let raw = Kind::Raw;
        let read = [
            (documented.to_owned(), &message),
            (serde_json::to_string(history).unwrap(), &messages),
            (serde_json::to_string_pretty(history).unwrap(), &messages),
            (
                r#"{"OK": true, "Data": null, "Graph": null}"#.to_owned(),
                &raw,
            ),
            (
                r#" {"Ping": true, "OK": null, "Error": null, "Result": {"a": 1},
                   "Rels": {"Users": null, "Clients": []}, "Other": {"k": "v"}, "Other": 3} "#
                    .to_owned(),
                &raw,
            ),
            (
                r#"{"Error": null, "Graph": {}, "Data": [], "OK": false}"#.to_owned(),
                &raw,
            ),
            (
                r#"{"OK": true, "Result": null, "Rels": {"Users": [{"Id": "x"}, {"Id": 2}]}}"#
                    .to_owned(),
                &raw,
            ),
        ];
        let limits = Limits::default();
        for (body, kind) in &read {
            let once = ResponseView::read_once(body.as_bytes(), &limits, kind, true, None)
                .unwrap_or_else(|| panic!("read in one pass: {body}"));
            let again =
                ResponseView::read_again(body.as_bytes(), &limits, kind, true, None).unwrap();
            assert_eq!(json(&once, kind), json(&again, kind), "{body}");
        }
        let left = [
            r#"{"OK": true, "OK": true}"#,
            r#"{"Data": 1, "Result": 2}"#,
            r#"{"Graph": {"Users": [], "Users": []}}"#,
            r#"{"Graph": {"X": 1}}"#,
            r#"{"Graph": {"Users": 5}}"#,
            r#"{"Error": {"Code": "x", "Text": "y"}}"#,
            r#"{"Graph": []}"#,
            r#"{"OK": 1}"#,
            r#"{"D\u0061ta": 1}"#,
            r#"{"OK": true} x"#,
            r#"{"OK": true,}"#,
            r#"{"Data": {"a": 1e5}}"#,
            r#"{"Graph": {"Users": [{"Id": 1,}]}}"#,
        ];
        for body in left {
            let read = ResponseView::read_once(body.as_bytes(), &limits, &raw, true, None);
            assert!(read.is_none(), "{body}");
        }
        // The data not a value of its kind is left to the careful reading, which locates
        // the fault as the typed decode does.
        let faulty = r#"{"OK": true, "Data": {"Message": 5}}"#;
        assert!(
            ResponseView::read_once(faulty.as_bytes(), &limits, &message, true, None).is_none()
        );
    }
}
