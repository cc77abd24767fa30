//! Typed, exact, sans-I/O codec for the IQChannels API: the Internal API, the chat API and
//! the public client API.
//!
//! The API is JSON over HTTP. Every method is declared once ([`Method::METADATA`]): its
//! verb, its path with typed parameters, its query, its body, its credential and how its
//! API spells the envelope. Every response is one envelope ([`Response`]): `OK`, `Error`,
//! `Ping`, the method's result (`Data`, or `Result`) and the related objects side-loaded
//! by id (`Graph`, or `Rels`). This crate turns those bytes into typed Rust values and
//! back, for clients and for servers, natively and in WebAssembly. It does no I/O.
//!
//! # A client
//!
//! ```
//! use iqchannels_proto::api::tickets::CreateMessage;
//! use iqchannels_proto::{codec, Credentials, Outcome, TicketId};
//!
//! let request = CreateMessage::builder(TicketId::new(103), 1548142724904).text("Hello").build();
//! let encoded = codec::encode_request(&request)?;
//! let credentials = Credentials::service_account("3dd194ed5b5f6302")?;
//! assert_eq!(encoded.target, "/api/tickets/create_message");
//! assert_eq!(credentials.header_name(), "Authorization");
//! // Send `encoded.verb` to the server's address + `encoded.target`, with `encoded.headers`,
//! // the credentials' header and `encoded.body` (the fields named here are compiled):
//! let (_verb, _target, _headers, _body) =
//!     (encoded.verb, &encoded.target, &encoded.headers, &encoded.body);
//! // then read the body that comes back:
//! let body = br#"{"OK": true, "Data": {"Message": {"Id": 1632, "TicketId": 103, "Text": "Hello"}}}"#;
//! let decoded = codec::decode_response::<CreateMessage>(body)?;
//! match decoded.value.into_outcome() {
//!     Outcome::Data { data, .. } => assert_eq!(data.message.text, "Hello"),
//!     Outcome::Error(error) => panic!("the server said: {error}"),
//!     Outcome::Ping => {}
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # A server
//!
//! ```
//! use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
//! use iqchannels_proto::{codec, Error, Graph, Message, Response};
//!
//! let body = br#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text", "Text": "Hi"}}"#;
//! let reply = match codec::decode_request::<CreateMessage>(body) {
//!     Ok(decoded) => {
//!         // What the body did that the documented form does not, for the log.
//!         assert!(decoded.warnings.is_empty());
//!         let request = decoded.value;
//!         let mut message = Message::default();
//!         message.ticket_id = request.ticket_id;
//!         message.text = request.message.text;
//!         Response::success(CreateMessageData::new(message), Graph::default())
//!     }
//!     Err(error) => Response::failure(Error::from(error)),
//! };
//! let bytes = codec::encode_response::<CreateMessage>(&reply)?;
//! assert!(bytes.starts_with(br#"{"OK":true"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Layers
//!
//! `primitives` (timestamps, typed ids, string enums, URL parameters, the wire rules) <
//! `references` (the ids a value points at) < `model` (entities) < `graph` (wire form,
//! client index, server builder) < `envelope` < `methods` (the method model) < `api` (the
//! methods, their registry and the router) < `codec` < `stream` (real-time frames: it cuts a
//! stream into envelopes and has `codec` read each); `auth` (credentials) and the optional
//! `http` module stand beside them. Lower layers never name higher ones, and `codec` is
//! the only place that turns JSON into values.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The code `#[wire]` generates names the crate `::iqchannels_proto`, here too.
extern crate self as iqchannels_proto;

pub mod primitives;

pub mod references;

pub mod methods;

pub mod api;
pub mod auth;
pub mod codec;
pub mod envelope;
pub mod files;
pub mod graph;
#[cfg(feature = "http")]
pub mod http;
pub mod model;
pub mod schema;
pub mod stream;
#[cfg(feature = "wasm")]
pub mod wasm;

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// What `#[wire]` refuses to build, each pinned (the macros crate's errors name the
/// marker and what it needs). A struct that compiles first, so that the failures below
/// fail for their own reason:
///
/// ```
/// use iqchannels_proto::{ChatId, FileId, Presence};
/// use iqchannels_proto_macros::wire;
///
/// #[wire(new)]
/// pub struct Shape {
///     pub id: ChatId,
///     #[wire(reference)]
///     pub chat_id: ChatId,
///     #[wire(when_present)]
///     pub note: Option<String>,
///     #[wire(required)]
///     pub avatar_id: Presence<FileId>,
///     pub r#type: String,
/// }
///
/// let shape: Shape = serde_json::from_str(r#"{"Id": 1, "Type": "a", "Other": true}"#).unwrap();
/// assert_eq!(shape.id, ChatId::new(1));
/// assert_eq!(shape.r#type, "a");
/// assert_eq!(Shape::new(ChatId::new(2)).id, ChatId::new(2));
/// ```
///
/// `when_present` on a field that is not an `Option`:
///
/// ```compile_fail
/// use iqchannels_proto_macros::wire;
///
/// #[wire]
/// pub struct Shape {
///     #[wire(when_present)]
///     pub note: String,
/// }
/// ```
///
/// `required` on a field that is not a `Presence`:
///
/// ```compile_fail
/// use iqchannels_proto_macros::wire;
///
/// #[wire]
/// pub struct Shape {
///     #[wire(required)]
///     pub note: Option<String>,
/// }
/// ```
///
/// A reference marker on a field whose type points at nothing of the graph:
///
/// ```compile_fail
/// use iqchannels_proto_macros::wire;
///
/// #[wire]
/// pub struct Shape {
///     #[wire(reference)]
///     pub local_id: i64,
/// }
/// ```
///
/// A constructor for a struct without an `id`:
///
/// ```compile_fail
/// use iqchannels_proto_macros::wire;
///
/// #[wire(new)]
/// pub struct Shape {
///     pub note: String,
/// }
/// ```
///
/// A field of a type the schema cannot describe:
///
/// ```compile_fail
/// use iqchannels_proto_macros::wire;
///
/// #[wire]
/// pub struct Shape {
///     pub at: std::time::Duration,
/// }
/// ```
///
/// A marker the attribute does not know:
///
/// ```compile_fail
/// use iqchannels_proto_macros::wire;
///
/// #[wire]
/// pub struct Shape {
///     #[wire(nullable)]
///     pub note: Option<String>,
/// }
/// ```
///
/// A method: its request declared with its path, credential, spelling and data. (A method
/// must be in the registry, `api/mod.rs`: this one borrows a registered path.)
///
/// ```
/// use iqchannels_proto::{Chat, ChatId, Method};
/// use iqchannels_proto_macros::wire;
///
/// #[wire(
///     request,
///     post = "/api/v1/chats/get/:chatId",
///     auth = Operator, spelling = ResultRels, data = Chat,
/// )]
/// pub struct Get {
///     #[wire(path)]
///     pub chat_id: ChatId,
/// }
///
/// let request = Get { chat_id: ChatId::new(10) };
/// assert_eq!(request.target(), "/api/v1/chats/get/10");
/// ```
///
/// A method no router reaches, its path not in the registry (the assertion of a constant,
/// E0080):
///
/// ```compile_fail,E0080
/// use iqchannels_proto::{Chat, ChatId};
/// use iqchannels_proto_macros::wire;
///
/// #[wire(
///     request,
///     post = "/api/v1/chats/unlisted/:chatId",
///     auth = Operator, spelling = ResultRels, data = Chat,
/// )]
/// pub struct Get {
///     #[wire(path)]
///     pub chat_id: ChatId,
/// }
/// ```
///
/// A parameter of the path without its field:
///
/// ```compile_fail
/// use iqchannels_proto::{Chat, ChatId};
/// use iqchannels_proto_macros::wire;
///
/// #[wire(
///     request,
///     post = "/api/v1/chats/get/:chatId",
///     auth = Operator, spelling = ResultRels, data = Chat,
/// )]
/// pub struct Get {
///     pub chat_id: ChatId,
/// }
/// ```
///
/// A path field named for another parameter:
///
/// ```compile_fail
/// use iqchannels_proto::{Chat, ChatId};
/// use iqchannels_proto_macros::wire;
///
/// #[wire(
///     request,
///     post = "/api/v1/chats/get/:chatId",
///     auth = Operator, spelling = ResultRels, data = Chat,
/// )]
/// pub struct Get {
///     #[wire(path)]
///     pub id: ChatId,
/// }
/// ```
///
/// A bare array for a body without the field that is the body:
///
/// ```compile_fail
/// use iqchannels_proto::{ChatMessageId};
/// use iqchannels_proto_macros::wire;
///
/// #[wire(
///     request,
///     post = "/api/v1/chats/messages/read",
///     auth = Operator, spelling = ResultRels, body = Array, data = (),
/// )]
/// pub struct Read {
///     pub message_ids: Vec<ChatMessageId>,
/// }
/// ```
///
/// `retry` on a GET, which is safe to retry already:
///
/// ```compile_fail
/// use iqchannels_proto::FilesConfig;
/// use iqchannels_proto_macros::wire;
///
/// #[wire(
///     request, retry,
///     get = "/public/api/v1/files/config",
///     auth = None, spelling = ResultRels, body = Empty, data = FilesConfig,
/// )]
/// pub struct Config {}
/// ```
#[cfg(doctest)]
struct WireCompileErrors;

/// The guide's examples (`docs/guide.md`), run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/guide.md")]
struct GuideDoctests;

pub use api::{Route, RouteError, Router};
pub use auth::{
    Carrier, ClientSessionCookie, ClientStreamToken, CredentialKind, Credentials, CredentialsError,
    StreamTokenError, CLIENT_TOKEN_PARAM,
};
pub use codec::{
    DecodeError, DecodeErrorKind, Decoded, EncodeError, EncodedRequest, Warning, WarningKind,
};
pub use envelope::{Error, ErrorCode, Outcome, Response};
pub use graph::Graph;
pub use methods::Method;
pub use model::{
    Action, ActionType, ActorType, AdvancedUnread, AdvancedUnreadResult, Blocker, Channel,
    ChannelKind, ChannelMember, ChannelType, Chat, ChatEvent, ChatEventType, ChatInbox,
    ChatInboxThread, ChatMember, ChatMessage, ChatNotice, ChatNoticeType, ChatPayloadType,
    ChatSettings, ChatType, Client, ClientAuth, ClientDetails, ClientDetailsField, ClientSession,
    ClientType, EndAppealSettings, FieldValidation, File, FileImageSize, FileOwnerType, FileState,
    FileType, FilesConfig, GreetFrom, GreetingSettings, InfoRequest, InfoRequestState, Language,
    Languages, Message, MessageRef, MessageStyle, MessageType, Messages, MultiChatsInfo,
    PeriodicPayment, PeriodicPaymentType, PersonalDataField, PersonalDataForm,
    PersonalDataRequestType, PollQuestionScale, PollQuestionType, Price, Product, ProductType,
    PushKind, Rating, RatingPoll, RatingPollAnswer, RatingPollQuestion, RatingState, ServerVersion,
    SingleChoice, TransferToChannel, UnreadChannel, UnreadLastMessage, User,
};
#[doc(hidden)]
pub use primitives::wire::private as __private;
pub use primitives::{
    ActionId, ChannelId, ChannelMemberId, ChatEventId, ChatId, ChatInboxId, ChatInboxThreadId,
    ChatMemberId, ChatMessageId, ChatNoticeId, ChatSettingsId, ClientId, ClientSessionId, FileId,
    InfoRequestId, ManagerGroupId, MessageId, MessageUid, ProductId, ProjectId, RatingId,
    RatingPollAnswerId, RatingPollId, RatingPollQuestionId, RawJson, RoleId, Secret,
    SingleChoiceId, TicketId, Timestamp, TransferToChannelId, UserId,
};
pub use primitives::{LooseId, Presence, UnknownKeys};
