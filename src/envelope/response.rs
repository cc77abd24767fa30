use std::fmt;
use std::marker::PhantomData;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use super::{Error, ErrorCode};
use crate::graph::Graph;
use crate::primitives::UnknownKeys;
use crate::references::{References, Visitor};

/// The envelope of every response: `OK`, `Error`, `Ping`, `Data`, `Graph`.
///
/// This is the wire form, field for field, so that decoding and encoding lose nothing.
/// To act on a response, turn it into an [`Outcome`] with [`into_outcome`](Self::into_outcome).
/// Decode one with [`codec::decode_response`](crate::codec::decode_response), which
/// accepts both spellings, `Data`/`Graph` and `Result`/`Rels`. Encoding writes `null` for
/// what is absent, as the server does, in the [`Spelling`] of the method's API
/// ([`codec::encode_response`](crate::codec::encode_response)); its `Serialize` writes
/// `Data`/`Graph`.
#[derive(Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[non_exhaustive]
pub struct Response<T> {
    /// `OK`: `true` for success, `false` for an error.
    pub ok: bool,
    /// `Error`: why the call failed.
    pub error: Option<Error>,
    /// `Ping`: a keep-alive frame with no data (real-time streams).
    pub ping: bool,
    /// `Data` (or `Result`): the method's result.
    pub data: Option<T>,
    /// `Graph` (or `Rels`): the objects the data refers to; not written when absent.
    pub graph: Option<Graph>,
    /// The envelope's keys besides these, in the order they came, each with its raw JSON:
    /// written back after them, so that a proxy passes on what a newer server adds.
    pub unknown: UnknownKeys,
}

/// Written `Data`/`Graph`, as [`spelled`](Response::spelled) with
/// [`Spelling::DataGraph`].
impl<T: Serialize> Serialize for Response<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.spelled(Spelling::DataGraph).serialize(serializer)
    }
}

/// As the derive writes it, the unknown keys shown only when there are some.
impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Response");
        debug
            .field("ok", &self.ok)
            .field("error", &self.error)
            .field("ping", &self.ping)
            .field("data", &self.data)
            .field("graph", &self.graph);
        if !self.unknown.is_empty() {
            debug.field("unknown", &self.unknown);
        }
        debug.finish()
    }
}

/// How an API spells the envelope's result and related objects. Decoding accepts both
/// everywhere; a server writes its method's
/// ([`Metadata::spelling`](crate::methods::Metadata::spelling)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Spelling {
    /// `Data` and `Graph`: the Internal API.
    #[default]
    DataGraph,
    /// `Result` and `Rels`: the chat API v1 and the public client API, which the official
    /// widget and SDKs read.
    ResultRels,
}

impl Spelling {
    /// The key of the method's result: `Data` or `Result`.
    pub fn data_key(self) -> &'static str {
        match self {
            Self::DataGraph => "Data",
            Self::ResultRels => "Result",
        }
    }

    /// The key of the related objects: `Graph` or `Rels`.
    pub fn graph_key(self) -> &'static str {
        match self {
            Self::DataGraph => "Graph",
            Self::ResultRels => "Rels",
        }
    }
}

/// A response to write in a given [`Spelling`]: see [`Response::spelled`].
#[derive(Clone, Copy, Debug)]
pub struct Spelled<'a, T> {
    response: &'a Response<T>,
    spelling: Spelling,
}

impl<T: Serialize> Serialize for Spelled<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let response = self.response;
        Parts {
            ok: response.ok,
            error: &response.error,
            ping: response.ping,
            data: &response.data,
            graph: response.graph.as_ref(),
            unknown: &response.unknown,
            spelling: self.spelling,
        }
        .serialize(serializer)
    }
}

/// An envelope's parts, to write as a response in `spelling`: the one place its form is
/// written, for a [`Response`] and for a response read by the schemas
/// ([`crate::codec::interpret::response`]), whose data and graph are views of the body.
pub(crate) struct Parts<'a, D, G> {
    pub(crate) ok: bool,
    pub(crate) error: &'a Option<Error>,
    pub(crate) ping: bool,
    /// `Data`: `null` when `None`.
    pub(crate) data: &'a Option<D>,
    /// `Graph`: not written when `None`.
    pub(crate) graph: Option<&'a G>,
    pub(crate) unknown: &'a UnknownKeys,
    pub(crate) spelling: Spelling,
}

impl<D: Serialize, G: Serialize> Serialize for Parts<'_, D, G> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 4 + usize::from(self.graph.is_some());
        if !self.unknown.is_empty() {
            return self.serialize_with_unknown(serializer, len);
        }
        let mut envelope = serializer.serialize_struct("Response", len)?;
        envelope.serialize_field("OK", &self.ok)?;
        envelope.serialize_field("Error", self.error)?;
        envelope.serialize_field("Ping", &self.ping)?;
        // Literal keys in each arm, so that a writer sees each as a constant. A graph that
        // is absent is not written: never `null`, which a proxy would add.
        match self.spelling {
            Spelling::DataGraph => {
                envelope.serialize_field("Data", self.data)?;
                match self.graph {
                    Some(graph) => envelope.serialize_field("Graph", graph)?,
                    None => envelope.skip_field("Graph")?,
                }
            }
            Spelling::ResultRels => {
                envelope.serialize_field("Result", self.data)?;
                match self.graph {
                    Some(graph) => envelope.serialize_field("Rels", graph)?,
                    None => envelope.skip_field("Rels")?,
                }
            }
        }
        envelope.end()
    }
}

impl<D: Serialize, G: Serialize> Parts<'_, D, G> {
    /// The envelope as a map: its `fields` fields, then the keys it does not model (a key
    /// that names one of its fields, in either spelling, is not written twice).
    fn serialize_with_unknown<S: Serializer>(
        &self,
        serializer: S,
        fields: usize,
    ) -> Result<S::Ok, S::Error> {
        let unknown = || {
            self.unknown
                .iter()
                .filter(|(key, _)| !FIELDS.iter().any(|names| names.contains(key)))
        };
        let mut envelope = serializer.serialize_map(Some(fields + unknown().count()))?;
        envelope.serialize_entry("OK", &self.ok)?;
        envelope.serialize_entry("Error", self.error)?;
        envelope.serialize_entry("Ping", &self.ping)?;
        envelope.serialize_entry(self.spelling.data_key(), self.data)?;
        if let Some(graph) = self.graph {
            envelope.serialize_entry(self.spelling.graph_key(), graph)?;
        }
        for (key, raw) in unknown() {
            envelope.serialize_entry(key, raw)?;
        }
        envelope.end()
    }
}

/// The envelope's fields, each with its wire names (`Data` and `Graph`, or the older
/// `Result` and `Rels`): what the strict reading matches keys against, and the keys an
/// unknown one must not repeat when written.
const FIELDS: [&[&str]; 5] = [
    &["OK"],
    &["Error"],
    &["Ping"],
    &["Data", "Result"],
    &["Graph", "Rels"],
];

/// What a response means: the method's data with its graph, an API error, or a ping.
///
/// These three are all an envelope can mean, so the enum is exhaustive: match it whole.
#[derive(Clone, Debug, PartialEq, Eq)]
// The graph is the large part, in the variant that is the common case: boxing it would
// allocate once more per response to shrink the rare ones.
#[allow(clippy::large_enum_variant)]
pub enum Outcome<T> {
    /// Success: the data, and the graph of the objects it refers to (empty if none came).
    Data {
        /// The method's data.
        data: T,
        /// The related objects.
        graph: Graph,
    },
    /// The server reported an error.
    Error(Error),
    /// A keep-alive frame: nothing to do.
    Ping,
}

/// The graph of a response that has none.
static NO_GRAPH: Graph = Graph::EMPTY;

impl<T> Response<T> {
    /// The index of the response's graph by id, borrowing it (no copy); a response
    /// without a graph gives the index of an empty one.
    ///
    /// ```
    /// use iqchannels_proto::api::tickets::CreateMessage;
    /// use iqchannels_proto::{codec, UserId};
    ///
    /// let body = std::fs::read("tests/fixtures/create_message.response.json")?;
    /// let response = codec::decode_response::<CreateMessage>(&body)?.value;
    /// let index = response.index();
    /// assert_eq!(index.user(UserId::new(1)).unwrap().email, "i.korobkov@iqstore.ru");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn index(&self) -> crate::graph::GraphIndex<'_> {
        self.graph.as_ref().unwrap_or(&NO_GRAPH).index()
    }

    /// A successful response carrying `data` and the `graph` of what it refers to.
    pub fn success(data: T, graph: Graph) -> Self {
        Self {
            ok: true,
            error: None,
            ping: false,
            data: Some(data),
            graph: Some(graph),
            unknown: UnknownKeys::new(),
        }
    }

    /// A failed response carrying `error`.
    pub fn failure(error: Error) -> Self {
        Self {
            ok: false,
            error: Some(error),
            ping: false,
            data: None,
            graph: None,
            unknown: UnknownKeys::new(),
        }
    }

    /// A keep-alive frame.
    pub fn ping() -> Self {
        Self {
            ok: true,
            error: None,
            ping: true,
            data: None,
            graph: None,
            unknown: UnknownKeys::new(),
        }
    }

    /// The response, to write with the result and the related objects spelled as
    /// `spelling` says.
    ///
    /// ```
    /// use iqchannels_proto::envelope::Spelling;
    /// use iqchannels_proto::Response;
    ///
    /// let ping = Response::<()>::ping();
    /// let json = serde_json::to_string(&ping.spelled(Spelling::ResultRels))?;
    /// assert_eq!(json, r#"{"OK":true,"Error":null,"Ping":true,"Result":null}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn spelled(&self, spelling: Spelling) -> Spelled<'_, T> {
        Spelled {
            response: self,
            spelling,
        }
    }

    /// What the response means.
    ///
    /// `OK: false` is an error: the one in `Error`, or, when there is none, an
    /// `internal_server_error` that says so. Otherwise `Ping: true` is a ping. Otherwise
    /// it is the data; missing or `null` data is the data type's zero value (the wire's
    /// rule for every non-nullable value), and a missing graph is empty.
    ///
    /// ```
    /// use iqchannels_proto::{ErrorCode, Outcome, Response};
    ///
    /// let mut response = Response::<()>::ping();
    /// response.ok = false;
    /// match response.into_outcome() {
    ///     Outcome::Error(error) => assert_eq!(error.code, ErrorCode::InternalServerError),
    ///     _ => unreachable!(),
    /// }
    /// ```
    pub fn into_outcome(self) -> Outcome<T>
    where
        T: Default,
    {
        if !self.ok {
            return Outcome::Error(self.error.unwrap_or_else(|| {
                Error::new(
                    ErrorCode::InternalServerError,
                    "the response has \"OK\": false but no \"Error\"",
                )
            }));
        }
        if self.ping {
            return Outcome::Ping;
        }
        Outcome::Data {
            data: self.data.unwrap_or_default(),
            graph: self.graph.unwrap_or_default(),
        }
    }
}

/// Everything the response points at: in its data (`Data.Message.UserId`) and in its
/// graph's own objects (`Graph.Users[0].AvatarId`). Paths use the names the crate writes,
/// `Data` and `Graph`, whichever spelling the response came with.
/// Strictly, in either spelling: `OK`, `Error`, `Ping`, `Data` or `Result`, `Graph` or
/// `Rels`; a missing or `null` flag is `false` (Go's zero value), other keys are kept
/// ([`unknown`](Response::unknown)),
/// a key given twice (or both spellings of one) is an error, and so is a malformed element
/// of the data or the graph. [`codec::decode_response`](crate::codec::decode_response)
/// reads the same envelope leniently, with warnings, within its limits.
///
/// ```
/// use iqchannels_proto::{Response, User};
///
/// let response: Response<User> = serde_json::from_str(r#"{"OK": true, "Result": {"Id": 5}, "Rels": {}}"#)?;
/// assert_eq!(response.data.map(|user| user.id.get()), Some(5));
/// assert!(serde_json::from_str::<Response<User>>(r#"{"Data": {}, "Result": {}}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Response<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Envelope<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Envelope<T> {
            type Value = Response<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an envelope: an object of OK, Error, Ping, Data and Graph")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Response<T>, A::Error> {
                // Whether each field was read.
                let mut seen = [false; FIELDS.len()];
                let mut response = Response::<T> {
                    ok: false,
                    error: None,
                    ping: false,
                    data: None,
                    graph: None,
                    unknown: UnknownKeys::new(),
                };
                while let Some(key) = map.next_key::<String>()? {
                    let Some(field) = FIELDS
                        .iter()
                        .position(|names| names.contains(&key.as_str()))
                    else {
                        let raw = map.next_value()?;
                        response.unknown.push(key, raw);
                        continue;
                    };
                    if std::mem::replace(&mut seen[field], true) {
                        return Err(de::Error::custom(format_args!(
                            "duplicate field `{key}` (or its other spelling)"
                        )));
                    }
                    match field {
                        0 => response.ok = map.next_value::<Option<bool>>()?.unwrap_or_default(),
                        1 => response.error = map.next_value()?,
                        2 => response.ping = map.next_value::<Option<bool>>()?.unwrap_or_default(),
                        3 => response.data = map.next_value()?,
                        _ => response.graph = map.next_value()?,
                    }
                }
                Ok(response)
            }
        }

        deserializer.deserialize_map(Envelope(PhantomData))
    }
}

impl<T: References> References for Response<T> {
    fn references(&self, visitor: &mut Visitor<'_>) {
        visitor.field("Data", &self.data);
        visitor.field("Graph", &self.graph);
    }
}
