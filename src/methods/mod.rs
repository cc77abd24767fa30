//! What a method is on the wire: the [`Method`] trait, whose [`Metadata`] says the verb,
//! the path template with its typed parameters, the query, the body, what comes back, the
//! credential and the envelope's spelling, declared once per method beside its request and
//! response types. The registry of every method, and the router for servers, are in
//! [`api`](crate::api).

mod target;

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::auth::CredentialKind;
use crate::primitives::ParamError;
use crate::references::References;

pub use crate::envelope::Spelling;
pub use target::{parse_query, Target};
// For the paths that are not methods' (streams, file links).

/// A method of the API: the request type implements it. Requests and data are plain data:
/// comparable and printable, so decoded values can be checked against expected ones.
///
/// ```
/// use iqchannels_proto::api::chats::GetChat;
/// use iqchannels_proto::methods::{Spelling, Verb};
/// use iqchannels_proto::{ChatId, Method};
///
/// assert_eq!(GetChat::METADATA.verb, Verb::Post);
/// assert_eq!(GetChat::METADATA.path, "/api/v1/chats/get/:chatId");
/// assert_eq!(GetChat::METADATA.spelling, Spelling::ResultRels);
/// assert_eq!(GetChat::new(ChatId::new(10)).target(), "/api/v1/chats/get/10");
/// ```
///
/// Its [`Wire`](crate::schema::Wire) kind is its body's: the object of its fields (their
/// schema), its one body field's kind, or `null`.
pub trait Method:
    Serialize + DeserializeOwned + PartialEq + fmt::Debug + crate::schema::Wire
{
    /// Everything the request is on the wire besides its body's contents.
    const METADATA: Metadata;

    /// The type of the response's `Data` (or `Result`): the method's result, and what it
    /// points at in the graph.
    type Data: Serialize
        + DeserializeOwned
        + Default
        + PartialEq
        + fmt::Debug
        + References
        + crate::schema::Wire;

    /// The values of the path's parameters, in the template's order, as text (not yet
    /// percent-encoded).
    fn path_params(&self) -> Vec<String> {
        Vec::new()
    }

    /// Sets the path's parameters from their text (percent-decoded), in the template's
    /// order: what a server read from the path it was called at.
    ///
    /// # Errors
    ///
    /// The name of the first parameter whose text is not a value of its type, and why.
    fn set_path_params(&mut self, params: &[String]) -> Result<(), (&'static str, ParamError)> {
        let _ = params;
        Ok(())
    }

    /// The query's parameters that are present, by name, as text (not yet
    /// percent-encoded), in the order of [`Metadata::query`].
    fn query_params(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Sets the query parameter `name` (matched exactly) from its text; a name the method
    /// does not take is ignored, as the Go server ignores it.
    ///
    /// # Errors
    ///
    /// When the text is not a value of the parameter's type.
    fn set_query_param(&mut self, name: &str, text: &str) -> Result<(), ParamError> {
        let _ = (name, text);
        Ok(())
    }

    /// The body of a method whose body is a multipart form ([`BodyKind::Multipart`]), with
    /// the boundary it chose: `None` for other methods.
    ///
    /// # Errors
    ///
    /// When the form cannot be written as it is (see
    /// [`UploadEncodeError`](crate::files::UploadEncodeError)).
    fn multipart_body(
        &self,
    ) -> Option<Result<crate::files::MultipartBody, crate::files::UploadEncodeError>> {
        None
    }

    /// Where the request goes: the path with its parameters in place, percent-encoded,
    /// then the query, if any (`/api/v1/chats/get/10`).
    fn target(&self) -> String {
        Self::METADATA.render(&self.path_params(), &self.query_params())
    }
}

/// A method whose answer is one envelope (not a stream, not a file's bytes): what a
/// client sends and reads back with [`codec::decode_response`](crate::codec::decode_response).
/// `#[wire(request, ...)]` implements it for each such method, so that a client's `call`
/// refuses the others at compile time.
///
/// ```
/// use iqchannels_proto::api::public::clients::Me;
/// use iqchannels_proto::methods::Envelope;
///
/// fn answered_with_an_envelope<M: Envelope>() {}
/// answered_with_an_envelope::<Me>();
/// ```
///
/// ```compile_fail
/// use iqchannels_proto::api::public::chats::ChannelEvents;
/// use iqchannels_proto::methods::Envelope;
///
/// fn answered_with_an_envelope<M: Envelope>() {}
/// answered_with_an_envelope::<ChannelEvents>(); // a stream
/// ```
pub trait Envelope: Method {}

/// A method's wire form, besides its body's contents: see [`Method::METADATA`].
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Metadata {
    /// The HTTP method.
    pub verb: Verb,
    /// The path template, whole (`/public/api/v1/chats/channel/typing/:channel`): each
    /// `:name` segment is a parameter, a field of the request.
    pub path: &'static str,
    /// The names of the query parameters the method takes, each a field of the request.
    pub query: &'static [&'static str],
    /// The path's parameters, in the template's order, then the query's, in the request's:
    /// each one's name (`chatId`, `token`), kind and rule ([`Rule::Required`] for a path's,
    /// [`Rule::Optional`] for a query's that may be left out), as the wasm package reads a
    /// called path by them.
    ///
    /// [`Rule::Required`]: crate::schema::Rule::Required
    /// [`Rule::Optional`]: crate::schema::Rule::Optional
    pub params: &'static [crate::schema::FieldSchema],
    /// What the body is.
    pub body: BodyKind,
    /// What comes back.
    pub response: ResponseKind,
    /// The credential the method needs.
    pub auth: Auth,
    /// How the method's API spells the envelope's result and related objects.
    pub spelling: Spelling,
    /// Whether sending the request again, when its answer was lost, is safe: see
    /// [`Metadata::safe_to_retry`] (a client retries these on a transport failure, and
    /// nothing else without its caller asking).
    pub safe_to_retry: bool,
}

/// Equal when every part is, the parameters by their names (their kinds follow from the
/// request's type).
impl PartialEq for Metadata {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
            && self
                .params
                .iter()
                .map(|param| param.name)
                .eq(other.params.iter().map(|param| param.name))
    }
}

impl Eq for Metadata {}

impl std::hash::Hash for Metadata {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
        for param in self.params {
            param.name.hash(state);
        }
    }
}

/// What [`Metadata`]'s equality compares besides the parameters.
type MetadataKey = (
    (Verb, &'static str, &'static [&'static str], BodyKind),
    (ResponseKind, Auth, Spelling, bool),
);

impl Metadata {
    /// Every part but the parameters.
    fn key(&self) -> MetadataKey {
        (
            (self.verb, self.path, self.query, self.body),
            (self.response, self.auth, self.spelling, self.safe_to_retry),
        )
    }
}

/// The HTTP method of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verb {
    /// `GET`: files, widget settings, streams.
    Get,
    /// `POST`: everything else.
    Post,
}

/// What a request's body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyKind {
    /// A JSON object (`{"UserId": 5}`; `{}` when the path carries all there is).
    Object,
    /// A bare JSON array (`[1, 2]`).
    Array,
    /// A bare JSON scalar (`42`).
    Scalar,
    /// No body at all.
    Empty,
    /// A `multipart/form-data` form (an upload), written by the request's
    /// [`multipart_body`](Method::multipart_body) and read by a server with
    /// [`files::read_upload`](crate::files::read_upload); the JSON readers take only an
    /// empty body for it.
    Multipart,
}

/// What comes back from a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseKind {
    /// One JSON envelope.
    Envelope,
    /// The bytes of a file.
    Bytes,
    /// A real-time stream of envelopes ([`stream`](crate::stream)).
    Stream,
}

/// The credential a method needs ([`Credentials`](crate::Credentials)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Auth {
    /// None: signing in, public configuration.
    None,
    /// A client's session token (the public API).
    Client,
    /// An operator: a user's session or a service account's token.
    Operator,
    /// A file token in the query (`token`), or a client's session.
    FileToken,
}

impl Auth {
    /// The kinds of [`Credentials`](crate::Credentials) a server reads for a method that
    /// needs this: a client's for the public API (and its files), an operator's for the
    /// others; any kind for a method that needs none (a sign-in may still carry some).
    pub fn credential_kinds(self) -> &'static [CredentialKind] {
        match self {
            Self::None => CredentialKind::ALL,
            Self::Client | Self::FileToken => CredentialKind::PUBLIC_API,
            Self::Operator => CredentialKind::INTERNAL_API,
        }
    }
}

impl Verb {
    /// The method's name as HTTP writes it: `GET`, `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }

    /// The verb named `name` (`GET`, `POST`; HTTP methods are case-sensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "GET" => Some(Self::Get),
            "POST" => Some(Self::Post),
            _ => None,
        }
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Metadata {
    /// The metadata of a method taking `verb` requests at `path`, with no query, a JSON
    /// object for a body, an envelope for an answer, no credential and the `Data`/`Graph`
    /// spelling; the `with_` methods change each. For a [`Method`] implemented outside the
    /// crate.
    ///
    /// ```
    /// use iqchannels_proto::methods::{Auth, Metadata, Spelling, Verb};
    ///
    /// const METADATA: Metadata = Metadata::new(Verb::Get, "/custom/:name")
    ///     .with_query(&["Limit"])
    ///     .with_auth(Auth::Client)
    ///     .with_spelling(Spelling::ResultRels);
    /// assert_eq!(METADATA.path_params().collect::<Vec<_>>(), ["name"]);
    /// ```
    pub const fn new(verb: Verb, path: &'static str) -> Self {
        Self {
            verb,
            path,
            query: &[],
            params: &[],
            body: BodyKind::Object,
            response: ResponseKind::Envelope,
            auth: Auth::None,
            spelling: Spelling::DataGraph,
            safe_to_retry: matches!(verb, Verb::Get),
        }
    }

    /// Safe to send again when the first attempt's answer was lost: a read, a receipt, a
    /// setting, or a send with a `LocalId` (which the server deduplicates). A GET is safe
    /// already ([`new`](Self::new) says so); a POST is safe only when declared so
    /// (`#[wire(request, ..., retry)]`).
    ///
    /// ```
    /// use iqchannels_proto::api::public::chats::{ChannelMessages, ChannelSend};
    /// use iqchannels_proto::api::public::clients::AnonymousSignup;
    /// use iqchannels_proto::Method;
    ///
    /// assert!(ChannelMessages::METADATA.safe_to_retry); // a read
    /// assert!(ChannelSend::METADATA.safe_to_retry); // deduplicated by its LocalId
    /// assert!(!AnonymousSignup::METADATA.safe_to_retry); // a second client
    /// ```
    pub const fn safe_to_retry(mut self) -> Self {
        self.safe_to_retry = true;
        self
    }

    /// With these query parameters.
    pub const fn with_query(mut self, query: &'static [&'static str]) -> Self {
        self.query = query;
        self
    }

    /// With these path and query parameters ([`params`](Self::params)).
    pub const fn with_params(mut self, params: &'static [crate::schema::FieldSchema]) -> Self {
        self.params = params;
        self
    }

    /// With this kind of body.
    pub const fn with_body(mut self, body: BodyKind) -> Self {
        self.body = body;
        self
    }

    /// With this kind of answer.
    pub const fn with_response(mut self, response: ResponseKind) -> Self {
        self.response = response;
        self
    }

    /// Needing this credential.
    pub const fn with_auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// With this spelling of the envelope.
    pub const fn with_spelling(mut self, spelling: Spelling) -> Self {
        self.spelling = spelling;
        self
    }

    /// The names of the path's parameters, in order, without their `:`.
    ///
    /// ```
    /// use iqchannels_proto::api::chats::GetChat;
    /// use iqchannels_proto::Method;
    ///
    /// assert_eq!(GetChat::METADATA.path_params().collect::<Vec<_>>(), ["chatId"]);
    /// ```
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        self.path
            .split('/')
            .filter_map(|segment| segment.strip_prefix(':'))
    }

    /// The target for these parameters' values: the template with each `:name` replaced
    /// by its value, percent-encoded as RFC 3986 needs in a path segment, then the query
    /// (`?name=value&...`, encoded likewise), if any parameter is present.
    pub fn render(&self, params: &[String], query: &[(&str, String)]) -> String {
        let mut target = String::with_capacity(self.path.len() + 16);
        let mut params = params.iter();
        for (index, segment) in self.path.split('/').enumerate() {
            if index > 0 {
                target.push('/');
            }
            match segment.strip_prefix(':') {
                Some(_) => {
                    let value = params.next().map_or("", String::as_str);
                    target.extend(crate::primitives::encode_segment(value));
                }
                None => target.push_str(segment),
            }
        }
        for (index, (name, value)) in query.iter().enumerate() {
            target.push(if index == 0 { '?' } else { '&' });
            target.extend(crate::primitives::encode_query(name));
            target.push('=');
            target.extend(crate::primitives::encode_query(value));
        }
        target
    }
}
