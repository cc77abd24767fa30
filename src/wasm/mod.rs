//! The JavaScript API, for web frontends (feature `wasm`): the crate itself, compiled to
//! WebAssembly with `wasm-bindgen`, so a frontend gets exact ids, the same validation and
//! the same graph resolution as a Rust client.
//!
//! | JavaScript | does |
//! |---|---|
//! | `decodeResponse(path, body)` | [`decode_response`]: the envelope as plain objects, and its warnings |
//! | `resolveResponse(path, body)` | [`resolve_response`]: each message with its author, and the dangling references |
//! | `encodeRequest(path, request)` | [`encode_request`]: the verb, target, headers and body, from a plain object |
//! | `credentialsHeader(kind, token)` | [`credentials_header`]: the header that carries credentials |
//! | `new StreamDecoder()`, `StreamDecoder.forPath(path, lastEventId)` | with the `chat` or `public` feature, [`stream::StreamDecoder`]: a real-time stream's frames, events with their messages resolved |
//! | `streamPath(...)` | with the `chat` feature, [`crate::stream::stream_path`] |
//! | `clientStreamToken(session, nowMs)`, `eventsPath(...)`, `unreadPath(channel)` | with the `public` feature: the signed `x-client-token` and the streams' paths ([`public`]) |
//! | `uploadFields(contentType)`, `filePath(id, token)`, `imagePath(id, size)` | with the `public` feature: an upload's `FormData` fields and the files' URLs ([`public`]) |
//!
//! Values cross as `JSON.parse` would give them (the wire's field names, `null` for an
//! absent nullable value; a graph leaves out its empty typed collections), with one
//! difference: every 64-bit integer (ids, timestamps, `LocalId`) is a `BigInt`, so an id
//! above 2^53 stays exact. Every key is an own property, `__proto__` too. `Number(message.CreatedAt)` gives a number
//! for a `Date`. On the way in, a `number` is accepted too where a `BigInt` is (a safe
//! integer; anything else is an error, never a rounded id).
//!
//! A failure throws a JavaScript `Error` whose `code` is the protocol's error code
//! (`invalid` for a body or request that does not decode, `not_found` for an unknown
//! path, or the server's own code for an error response given to `resolveResponse`), and
//! whose `path`, `line` and `column` say where (or are `null`).
//!
//! The TypeScript declarations come with the package (`web/build.sh`): the wire types, the
//! graph and the `Methods` map generated from the schemas (`examples/typescript.rs`), and
//! the functions, typed by method path, in `web/types/`.

mod js;
#[cfg(feature = "public")]
pub mod public;
mod source;
#[cfg(any(feature = "chat", feature = "public"))]
pub mod stream;
mod tape;

use crate::references::graph_collections;
use std::cell::RefCell;
use std::collections::HashMap;

use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use wasm_bindgen::prelude::*;

use crate::codec::interpret::data::{Data, DataError, Noted};
use crate::codec::interpret::response::{
    message_kind, AuthorView, DataParts, IndexView, ResponseView,
};
use crate::codec::{self, DecodeError, DecodeErrorKind, Limits};
use crate::envelope::{Spelled, Spelling};
use crate::methods::{Method, Target};
use crate::schema::{Kind, MessageKind, Wire};
use js::Writer;

use crate::{Carrier, Credentials, ErrorCode};

/// `decodeResponse(path, body)`: decodes the response `body` (a string or a `Uint8Array`)
/// of the method at `path` (`/api/tickets/create_message`), as
/// [`codec::decode_response`] does: the whole body validated, a malformed graph element
/// left out with a warning.
///
/// # Errors
///
/// A `ProtocolError`: `not_found` for an unknown path, `invalid` for a body that does not
/// decode.
#[wasm_bindgen(js_name = decodeResponse, skip_typescript)]
pub fn decode_response(path: &JsValue, body: &JsValue) -> Result<JsValue, JsValue> {
    let path = text(path, "the path")?;
    let entry = method(&path)?;
    with_body(body, |body| decode_response_js(body, &entry))
}

/// `resolveResponse(path, body)`: decodes like [`decode_response`], then resolves each
/// message the data carries against the graph, as
/// [`GraphIndex::resolve`](crate::graph::GraphIndex::resolve) does, and lists the
/// references the graph lacks. A user, client or file is one JavaScript object however
/// many messages point at it.
///
/// # Errors
///
/// As [`decode_response`], and the server's own error for an error response.
#[wasm_bindgen(js_name = resolveResponse, skip_typescript)]
pub fn resolve_response(path: &JsValue, body: &JsValue) -> Result<JsValue, JsValue> {
    let path = text(path, "the path")?;
    let entry = method(&path)?;
    with_body(body, |body| resolve_response_js(body, &entry))
}

/// `encodeRequest(path, request)`: checks the plain object `request` against the method at
/// `path` and encodes it, as [`codec::encode_request`] does, by the method's description
/// ([`codec::interpret`]). For a method whose path carries an id, `path` is the path with
/// the id (`/api/v1/chats/get/10`).
///
/// # Errors
///
/// A `ProtocolError`: `not_found` for an unknown path, `invalid` (with the path of the
/// field) for a request of the wrong shape.
#[wasm_bindgen(js_name = encodeRequest, skip_typescript)]
pub fn encode_request(path: &JsValue, request: JsValue) -> Result<JsValue, JsValue> {
    let path = text(path, "the path")?;
    let entry = method(&path)?;
    check_called(entry.metadata, &path)?;
    let encoded = codec::interpret::encode_request(entry.metadata, &entry.request, &path, &request)
        .map_err(|error| {
            let location = Some((Some(DecodeErrorKind::Data.as_str()), error.path(), None));
            protocol_error(&ErrorCode::Invalid, &error.to_string(), location)
        })?;
    encoded_js(encoded)
}

/// `credentialsHeader(kind, token)`: the header that carries a user's session
/// (`"user_session"`: `Cookie`), a service account's token (`"service_account"`:
/// `Authorization: Bearer`) or a client's session token (`"client"`:
/// `Authorization: Client`), as [`Credentials`] renders it. In a browser, the session cookie is
/// sent by the browser itself; this is for other JavaScript clients.
///
/// # Errors
///
/// A `ProtocolError` with code `invalid` for an unknown kind or a token that cannot stand
/// in the header; its message never contains the token.
///
/// With `carrier`, the header of that carrier instead: `"x-client-authorization"` (the
/// web widget's `X-Client-Authorization: <token>`, a client's only), `"authorization"`
/// or `"cookie"`.
#[wasm_bindgen(js_name = credentialsHeader, skip_typescript)]
pub fn credentials_header(
    kind: &JsValue,
    token: &JsValue,
    carrier: &JsValue,
) -> Result<JsValue, JsValue> {
    let token = text(token, "the token")?;
    let credentials =
        match kind.as_string().as_deref().unwrap_or_default() {
            "user_session" => Credentials::user_session(token),
            "service_account" => Credentials::service_account(token),
            "client" => Credentials::client(token),
            _ => return Err(protocol_error(
                &ErrorCode::Invalid,
                "the kind of credentials is \"user_session\", \"service_account\" or \"client\"",
                None,
            )),
        }
        .map_err(|error| protocol_error(&ErrorCode::Invalid, &error.to_string(), None))?;
    let (name, value) = match carrier.as_string().as_deref() {
        None if carrier.is_undefined() || carrier.is_null() => {
            (credentials.header_name(), credentials.header_value())
        }
        Some("authorization") => header_in(&credentials, Carrier::Authorization)?,
        Some("x-client-authorization") => header_in(&credentials, Carrier::XClientAuthorization)?,
        Some("cookie") => {
            let cookie = match credentials.kind() {
                crate::CredentialKind::UserSession => Carrier::UserSessionCookie,
                _ => Carrier::ClientSessionCookie,
            };
            header_in(&credentials, cookie)?
        }
        _ => {
            return Err(protocol_error(
                &ErrorCode::Invalid,
                "the carrier is \"authorization\", \"x-client-authorization\" or \"cookie\"",
                None,
            ))
        }
    };
    let header = Header {
        name: name.to_owned(),
        value,
    };
    convert(&header)
}

/// The header of `credentials` in `carrier`, or an `invalid` error when they cannot go there.
fn header_in(
    credentials: &Credentials,
    carrier: Carrier,
) -> Result<(&'static str, String), JsValue> {
    credentials.header_in(carrier).ok_or_else(|| {
        protocol_error(
            &ErrorCode::Invalid,
            "these credentials do not go in that header",
            None,
        )
    })
}

/// What `decodeResponse` gives (its TypeScript, typed by the method's spelling, is in
/// `web/types/core.d.ts`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DecodedResponse<'a, T> {
    /// The envelope, field for field, spelled as the method's API spells it.
    pub response: Spelled<'a, T>,
    /// The parts of the response left out because they were malformed.
    pub warnings: Vec<Warning>,
    /// How many more warnings there were than `warnings` keeps.
    pub more_warnings: u32,
}

/// A part of a response that was left out: [`codec::Warning`].
#[derive(Serialize)]
#[non_exhaustive]
pub struct Warning {
    /// The JSON path of the part left out (`Graph.Users[1]`).
    pub path: String,
    /// Why, without the location.
    pub message: String,
    /// The 1-based line in the body.
    pub line: u32,
    /// The 1-based column (in bytes) in that line.
    pub column: u32,
}

/// The JavaScript side of [`crate::references::Reference`], from the one list of the
/// typed collections (`graph_collections!`).
macro_rules! js_reference {
    ($($entity:ident($kind:ident $id:ident) $one:ident $field:ident $wire:literal $constant:ident $what:literal,)*) => {
        /// An id that names an object of the graph: [`crate::references::Reference`].
        #[derive(Serialize)]
        #[serde(tag = "kind", rename_all = "camelCase")]
        #[non_exhaustive]
        pub enum Reference {
            $(
                #[doc = concat!("In `Graph.", $wire, "`.")]
                $entity {
                    /// The id.
                    id: crate::primitives::$id,
                },
            )*
        }

        fn reference(reference: crate::references::Reference) -> Reference {
            use crate::references::Reference as Wire;
            match reference {
                $(Wire::$entity(id) => Reference::$entity { id },)*
            }
        }
    };
}

graph_collections!(js_reference);

/// A reference whose object the graph does not carry: [`crate::graph::Dangling`].
#[derive(Serialize)]
#[non_exhaustive]
pub struct Dangling {
    /// Where the id stands (`Data.Message.UserId`).
    pub path: String,
    /// The id.
    pub reference: Reference,
}

/// What `encodeRequest` gives: what to send where.
#[derive(Serialize)]
#[non_exhaustive]
pub struct EncodedRequest {
    /// The HTTP method: `GET` or `POST`.
    pub verb: &'static str,
    /// The path with its parameters, then the query if any (`/api/v1/chats/get/10`).
    pub target: String,
    /// The headers the body needs (`Content-Type`), before the credentials': name, value.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body; empty for a method that takes none.
    pub body: String,
}

/// What `credentialsHeader` gives: a header's name and value.
#[derive(Serialize)]
#[non_exhaustive]
pub struct Header {
    /// `Cookie` or `Authorization`.
    pub name: String,
    /// The header's value, token included.
    pub value: String,
}

/// A method as the JavaScript functions need it: its metadata and the kinds of its request
/// and its data. Nothing of it is code: every method is read and written by the same
/// interpreters ([`codec::interpret`]).
#[derive(Clone, Copy)]
struct Entry {
    metadata: &'static crate::methods::Metadata,
    request: Kind,
    data: Kind,
}

thread_local! {
    /// Every method of the registry (`for_each_method!`), in its order.
    static METHODS: Vec<Entry> = {
        let mut methods = Vec::new();
        macro_rules! entry {
            ($method:ty) => {
                methods.push(Entry {
                    metadata: &<$method as Method>::METADATA,
                    request: <$method as Wire>::KIND,
                    data: <<$method as Method>::Data as Wire>::KIND,
                });
            };
        }
        crate::api::for_each_method!(entry);
        methods
    };

    /// The methods of the paths called lately, so that a path is matched once.
    static CALLED: RefCell<HashMap<String, usize>> = RefCell::default();
}

/// The method at `target`, as [`crate::api::visit`] picks it: its template itself, or a path
/// with its parameters (with or without a query), the template with the most literal
/// segments where several fit. A `not_found` error for none.
fn method(target: &str) -> Result<Entry, JsValue> {
    let known = CALLED.with(|called| called.borrow().get(target).copied());
    let index = match known {
        Some(index) => Some(index),
        None => METHODS.with(|methods| {
            let literals = |path: &str| path.split('/').filter(|s| !s.starts_with(':')).count();
            let mut best: Option<(usize, usize)> = None;
            for (index, entry) in methods.iter().enumerate() {
                if target == entry.metadata.path {
                    return Some(index);
                }
                if Target::read(entry.metadata, target).is_some() {
                    let count = literals(entry.metadata.path);
                    if best.is_none_or(|(most, _)| count > most) {
                        best = Some((count, index));
                    }
                }
            }
            best.map(|(_, index)| index)
        }),
    };
    let Some(index) = index else {
        return Err(no_method(target));
    };
    if known.is_none() {
        CALLED.with(|called| {
            let mut called = called.borrow_mut();
            // Bounded: ids in paths make many paths of one method.
            if called.len() >= 256 {
                called.clear();
            }
            called.insert(target.to_owned(), index);
        });
    }
    METHODS
        .with(|methods| methods.get(index).copied())
        .ok_or_else(|| no_method(target))
}

/// `decodeResponse` for every method: the response read by the schemas, then written as
/// JavaScript values in one crossing.
fn decode_response_js(body: &[u8], entry: &Entry) -> Result<JsValue, JsValue> {
    let fault = RefCell::default();
    let built = js::write(|writer| {
        // The graph's elements are written in the walks that check them, before the
        // response that refers to them.
        let view = writer.preamble(|writer| {
            let view = ResponseView::read_writing(
                body,
                &Limits::default(),
                &entry.data,
                false,
                writer,
                DataParts::Written,
            )
            .map_err(decode_error)?;
            writer.refused()?;
            Ok::<_, JsValue>(view)
        })?;
        let response = Written {
            view: &view,
            spelling: entry.metadata.spelling,
            kind: &entry.data,
            fault: &fault,
        };
        writer.object(|writer| {
            writer.field("response", &response)?;
            writer.field("warnings", &warnings(&view.warnings))?;
            writer.field("moreWarnings", &saturate(view.more_warnings))?;
            Ok(())
        })
    });
    match fault.take() {
        Some(fault) => Err(decode_error(fault)),
        None => built,
    }
}

/// A response read by the schemas, to serialize in `spelling`: its data's fault, if any,
/// kept aside for the error it becomes.
struct Written<'v, 'a> {
    view: &'v ResponseView<'a>,
    spelling: Spelling,
    kind: &'v Kind,
    fault: &'v RefCell<Option<DecodeError>>,
}

impl Serialize for Written<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view
            .write(self.spelling, self.kind, serializer)
            .map_err(|error| match error {
                DataError::Decode(fault) => {
                    *self.fault.borrow_mut() = Some(fault);
                    S::Error::custom("the data is not a value of its type")
                }
                DataError::Write(error) => error,
            })
    }
}

/// `resolveResponse` for every method: the response read by the schemas, each message
/// its data carries resolved against its graph.
fn resolve_response_js(body: &[u8], entry: &Entry) -> Result<JsValue, JsValue> {
    // The shape of `ResolvedResponse` (`web/types/core.d.ts`), in one crossing, each graph
    // object one JavaScript object however many messages it is of. The graph's objects and
    // the data's messages are written in the walks that check them, before the value
    // that refers to them.
    js::write(|writer| {
        let (view, found) = writer.preamble(|writer| {
            let view = ResponseView::read_writing(
                body,
                &Limits::default(),
                &entry.data,
                true,
                writer,
                DataParts::Found,
            )
            .map_err(decode_error)?;
            if !view.ok {
                return Err(match &view.error {
                    Some(error) => protocol_error(&error.code, &error.text, None),
                    None => protocol_error(
                        &ErrorCode::InternalServerError,
                        "the response is not OK and names no error",
                        None,
                    ),
                });
            }
            let found = view
                .find_writing(&entry.data, writer)
                .map_err(decode_error)?;
            writer.refused()?;
            Ok((view, found))
        })?;
        let index = view.index();
        let body = view.body();
        writer.object(|writer| {
            for (key, kind) in [
                ("messages", MessageKind::Ticket),
                ("chatMessages", MessageKind::Chat),
            ] {
                writer.key(key);
                writer.array(|writer| {
                    for (_, message) in found.messages.iter().filter(|(of, _)| *of == kind) {
                        write_resolved(writer, body, &index, kind, message.as_ref())?;
                    }
                    Ok::<_, js::Error>(())
                })?;
            }
            let dangling: Vec<Dangling> = view
                .dangling(&found, &index)
                .into_iter()
                .map(|dangling| Dangling {
                    path: dangling.path,
                    reference: reference(dangling.reference),
                })
                .collect();
            writer.field("dangling", &dangling)?;
            writer.field("warnings", &warnings(&view.warnings))?;
            writer.field("moreWarnings", &saturate(view.more_warnings))?;
            Ok(())
        })
    })
}

/// An `Author` as `web/types/core.d.ts` declares it: `{ kind: "user", user }`, ..., the
/// graph's objects shared.
fn write_author(
    writer: &mut Writer<'_>,
    body: &str,
    author: &AuthorView<'_>,
) -> Result<(), js::Error> {
    writer.object(|writer| match *author {
        AuthorView::User(user) => {
            writer.field("kind", "user")?;
            writer.key("user");
            writer.shared(
                user,
                &Data::new(body, user, &<crate::User as Wire>::KIND, ""),
            )
        }
        AuthorView::Client(client) => {
            writer.field("kind", "client")?;
            writer.key("client");
            writer.shared(
                client,
                &Data::new(body, client, &<crate::Client as Wire>::KIND, ""),
            )
        }
        AuthorView::System => writer.field("kind", "system"),
        AuthorView::Anonymous => writer.field("kind", "anonymous"),
        AuthorView::Missing(ref missing) => {
            writer.field("kind", "missing")?;
            writer.field("reference", &reference(missing.clone()))
        }
        _ => writer.field("kind", "unknown"),
    })
}

/// A file of the graph (shared), or `null`.
fn write_file(writer: &mut Writer<'_>, body: &str, file: Option<&str>) -> Result<(), js::Error> {
    match file {
        Some(file) => writer.shared(
            file,
            &Data::new(body, file, &<crate::File as Wire>::KIND, ""),
        ),
        None => writer.value(&()),
    }
}

/// A `ResolvedMessage` (`{message, author, avatar}`) of a ticket's message, or a
/// `ResolvedChatMessage` (`{message, author, avatar, file}`) of a chat's
/// (`web/types/core.d.ts`): the message (`None`: its zero value), its author, the author's
/// avatar and the file it carries, each as the graph has it.
fn write_resolved(
    writer: &mut Writer<'_>,
    body: &str,
    index: &IndexView<'_>,
    kind: MessageKind,
    message: Option<&Noted<'_>>,
) -> Result<(), js::Error> {
    let resolved = index.resolve(kind, message);
    let message_kind = message_kind(kind);
    writer.object(|writer| {
        writer.key("message");
        match resolved.message {
            Some(json) => writer.shared(json, &Data::new(body, json, &message_kind, ""))?,
            None => writer.value(&Data::zero(&message_kind))?,
        }
        writer.key("author");
        write_author(writer, body, &resolved.author)?;
        writer.key("avatar");
        write_file(writer, body, resolved.avatar)?;
        if kind == MessageKind::Chat {
            writer.key("file");
            write_file(writer, body, resolved.file)?;
        }
        Ok(())
    })
}

/// The parameters of the path `encodeRequest` was called with, checked before they are
/// set: a `:name` left in place is a value not given, which a server would read as the
/// text `:name`; a query parameter the method does not have, a server would ignore, so a
/// request being written should not carry one unseen.
fn check_called(metadata: &crate::methods::Metadata, path: &str) -> Result<(), JsValue> {
    let Some(target) = Target::read(metadata, path) else {
        return Ok(());
    };
    for (name, text) in metadata.path_params().zip(&target.params) {
        if text.strip_prefix(':') == Some(name) {
            return Err(call_error(format!(":{name}"), "give its value in the path"));
        }
    }
    match target
        .query
        .iter()
        .find(|(name, _)| !metadata.query.contains(&name.as_str()))
    {
        Some((name, _)) => Err(call_error(
            format!("?{name}"),
            "the method has no such query parameter",
        )),
        None => Ok(()),
    }
}

/// A path or query parameter of the called path that is wrong: `invalid`, at `:name` or
/// `?name`.
fn call_error(path: String, why: impl std::fmt::Display) -> JsValue {
    let location = Some((Some(DecodeErrorKind::Data.as_str()), &*path, None));
    protocol_error(&ErrorCode::Invalid, &format!("{path}: {why}"), location)
}

/// What `encodeRequest` gives, from the codec's encoding.
fn encoded_js(encoded: codec::EncodedRequest) -> Result<JsValue, JsValue> {
    convert(&EncodedRequest {
        verb: encoded.verb.as_str(),
        target: encoded.target,
        headers: encoded.headers,
        body: String::from_utf8(encoded.body).map_err(|_| {
            protocol_error(&ErrorCode::Invalid, "the encoded body is not UTF-8", None)
        })?,
    })
}

/// The text of a string argument; anything else is an `invalid` error naming `what`.
fn text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        protocol_error(
            &ErrorCode::Invalid,
            &format!("{what} is not a string"),
            None,
        )
    })
}

#[wasm_bindgen(inline_js = r#"
const encoder = new TextEncoder();
export function utf16_length(text) { return text.length; }
export function encode_utf8_into(memory, text, at, capacity) {
  return encoder.encodeInto(text, new Uint8Array(memory.buffer, at, capacity)).written;
}
"#)]
extern "C" {
    /// A string's length in UTF-16 units.
    fn utf16_length(text: &JsValue) -> u32;

    /// Writes a string's UTF-8 into WebAssembly's memory at `at` (room for `capacity`
    /// bytes) with the engine's `TextEncoder.encodeInto`, in one native call; gives the
    /// bytes written.
    fn encode_utf8_into(memory: &JsValue, text: &JsValue, at: u32, capacity: u32) -> u32;
}

thread_local! {
    /// The buffer bodies are copied into, kept from call to call: a string's UTF-8 needs
    /// room for three bytes per UTF-16 unit, which a fresh buffer would zero every time.
    static BODY: RefCell<Vec<u8>> = RefCell::default();
}

/// The largest buffer [`BODY`] keeps for the next call.
const KEEP_BODY_BUFFER: usize = 4 << 20;

/// Calls `f` with the bytes of a body given as a string (its UTF-8, written by the
/// engine's `TextEncoder.encodeInto` straight into WebAssembly's memory; a lone surrogate
/// becomes U+FFFD, as `TextEncoder` and `fetch` make it) or a `Uint8Array`.
///
/// One larger than the limits allow (`Limits::max_body_bytes`) is refused before it is
/// copied: a string's UTF-8 is at least as long as its UTF-16, so its length says.
fn with_body<R>(body: &JsValue, f: impl FnOnce(&[u8]) -> Result<R, JsValue>) -> Result<R, JsValue> {
    let limit = codec::Limits::default().max_body_bytes;
    let refuse = || {
        protocol_error(
            &ErrorCode::Invalid,
            &format!("the body is larger than the limit of {limit} bytes"),
            Some((Some("limit"), "", None)),
        )
    };
    let size = |length: u32| {
        usize::try_from(length)
            .ok()
            .filter(|length| *length <= limit)
    };
    // Taken, so that a call while it is lent (none is made) would find an empty one.
    let mut buffer = BODY.with(RefCell::take);
    let result = if body.is_string() {
        // At most 3 bytes per UTF-16 unit.
        match size(utf16_length(body)) {
            None => Err(refuse()),
            Some(units) => {
                let room = units.saturating_mul(3);
                if buffer.len() < room {
                    buffer.resize(room, 0);
                }
                let written = encode_utf8_into(
                    &wasm_bindgen::memory(),
                    body,
                    u32::try_from(buffer.as_ptr() as usize).unwrap_or(u32::MAX),
                    u32::try_from(room).unwrap_or(u32::MAX),
                );
                let written = usize::try_from(written).unwrap_or(0).min(room);
                f(&buffer[..written])
            }
        }
    } else if let Some(bytes) = body.dyn_ref::<js_sys::Uint8Array>() {
        match size(bytes.length()) {
            None => Err(refuse()),
            Some(length) => {
                if buffer.len() < length {
                    buffer.resize(length, 0);
                }
                bytes.copy_to(&mut buffer[..length]);
                f(&buffer[..length])
            }
        }
    } else {
        Err(protocol_error(
            &ErrorCode::Invalid,
            "the body is a string or a Uint8Array",
            None,
        ))
    };
    if buffer.len() <= KEEP_BODY_BUFFER {
        BODY.with(|kept| *kept.borrow_mut() = buffer);
    }
    result
}

fn convert<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    Ok(js::to_js(value)?)
}

fn warnings(warnings: &[codec::Warning]) -> Vec<Warning> {
    warnings
        .iter()
        .map(|warning| Warning {
            path: warning.path().to_owned(),
            message: warning.error().message().to_owned(),
            line: saturate(warning.error().line()),
            column: saturate(warning.error().column()),
        })
        .collect()
}

fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn no_method(path: &str) -> JsValue {
    protocol_error(
        &ErrorCode::NotFound,
        &format!("no method has the path {path:?}"),
        None,
    )
}

fn decode_error(error: DecodeError) -> JsValue {
    protocol_error(
        &ErrorCode::Invalid,
        &error.to_string(),
        Some((
            Some(error.kind().as_str()),
            error.path(),
            Some((error.line(), error.column())),
        )),
    )
}

/// Where an input was wrong: its kind, its JSON path, its line and column.
type Location<'a> = (Option<&'a str>, &'a str, Option<(usize, usize)>);

/// A JavaScript `Error` named `ProtocolError`, with `code`, `kind`, `path`, `line` and
/// `column`.
fn protocol_error(code: &ErrorCode, message: &str, location: Option<Location<'_>>) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name("ProtocolError");
    let (kind, path, position) = match location {
        Some((kind, path, position)) => (kind, Some(path), position),
        None => (None, None, None),
    };
    let text = |value: Option<&str>| value.map_or(JsValue::NULL, JsValue::from_str);
    let number = |value: Option<usize>| value.map_or(JsValue::NULL, |n| JsValue::from(saturate(n)));
    let fields = [
        ("code", JsValue::from_str(code.as_str())),
        ("kind", text(kind)),
        ("path", text(path)),
        ("line", number(position.map(|(line, _)| line))),
        ("column", number(position.map(|(_, column)| column))),
    ];
    for (name, value) in fields {
        // Setting a property of a fresh `Error` cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(name), &value);
    }
    error.into()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use js_sys::Array;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::primitives::ClientId;

    /// A body of three objects, and each one's part of it: a `static`, one address (the
    /// views are parts of the body by address; each use of a `const` may be a copy).
    static BODY: &str = r#"[{"Id": 1}, {"Id": 2}, {"Id": 1}]"#;

    fn parts() -> [&'static str; 3] {
        [&BODY[1..10], &BODY[12..21], &BODY[23..32]]
    }

    #[wasm_bindgen_test]
    fn writes_each_graph_object_once() {
        let [first, second, client] = parts();
        let authors = [
            AuthorView::User(first),
            AuthorView::User(first),
            AuthorView::User(second),
            AuthorView::Client(client),
        ];
        let built: Array = js::write(|writer| {
            writer.array(|writer| {
                for author in &authors {
                    write_author(writer, BODY, author)?;
                }
                Ok::<_, JsValue>(())
            })
        })
        .unwrap()
        .unchecked_into();
        let field = |at: u32, key: &str| js_sys::Reflect::get(&built.get(at), &key.into()).unwrap();
        let (a, b, c) = (field(0, "user"), field(1, "user"), field(2, "user"));
        assert!(a.is_object());
        assert!(js_sys::Object::is(&a, &b));
        assert!(!js_sys::Object::is(&a, &c));
        assert!(!js_sys::Object::is(&a, &field(3, "client")));
        // And once more in the next value: a new object, not the last value's.
        let again =
            js::write(|writer| Ok(write_author(writer, BODY, &AuthorView::User(first))?)).unwrap();
        let again = js_sys::Reflect::get(&again, &"user".into()).unwrap();
        assert!(!js_sys::Object::is(&a, &again));
        let id = |user: &JsValue| js_sys::Reflect::get(user, &"Id".into()).unwrap();
        assert!(id(&a).is_bigint());
        assert_eq!(id(&again), id(&a));
    }

    #[wasm_bindgen_test]
    fn authors_have_the_kinds_the_typescript_declares() {
        let [user, ..] = parts();
        let missing = crate::references::Reference::Client(ClientId::new(9));
        for (author, kind, field) in [
            (AuthorView::User(user), "user", Some("user")),
            (AuthorView::System, "system", None),
            (AuthorView::Anonymous, "anonymous", None),
            (AuthorView::Missing(missing), "missing", Some("reference")),
            (AuthorView::Unknown, "unknown", None),
        ] {
            let js = js::write(|writer| Ok(write_author(writer, BODY, &author)?)).unwrap();
            let get = |key: &str| js_sys::Reflect::get(&js, &key.into()).unwrap();
            assert_eq!(get("kind"), kind);
            let keys = js_sys::Object::keys(js.unchecked_ref::<js_sys::Object>()).length();
            assert_eq!(keys, 1 + u32::from(field.is_some()), "{kind}");
            if let Some(field) = field {
                assert!(get(field).is_object());
            }
        }
    }
}
