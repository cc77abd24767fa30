//! The methods: each request routed by the crate's `Router`, read by
//! `http::read_request` (as the Go server reads it), answered with `http::response` in
//! the method's spelling. Every failure is an `OK: false` envelope with HTTP 200.

use std::sync::Arc;

use subtle::ConstantTimeEq;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use iqchannels_proto::api::public::chats::{
    ChannelEvents, ChannelMessages, ChannelSend, ChannelTyping, ChannelUnread, MultichatUnread,
};
use iqchannels_proto::api::public::clients::{
    AnonymousAuth, AnonymousCreate, AnonymousSignup, ClientIntegrationAuth, ClientTokenAuth,
    GetLastMessages, Me, SetLanguage, Signup,
};
use iqchannels_proto::api::public::files::{
    DownloadFile, DownloadImage, FileToken, FileTokenData, GetFile, GetFilesConfig, UploadFile,
};
use iqchannels_proto::api::public::log::LogMessage;
use iqchannels_proto::api::public::messages::{
    MarkMessageListened, MarkMessagesRead, MarkMessagesReceived,
};
use iqchannels_proto::api::public::push::{ApnsToken, FcmToken, HcmToken};
use iqchannels_proto::api::public::ratings::{IgnoreRating, Rate};
use iqchannels_proto::api::public::settings::{
    AudioMessagesEnabled, GetBlocker, GetChatSettings, GetEndAppealsSettings, GetGreetings,
    GetLanguages, GetPersonalDataForm, GetServerVersion, InfoRequestLink,
};
use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
use iqchannels_proto::api::{chats, MethodVisitor};
use iqchannels_proto::files::{self, UploadLimits};
use iqchannels_proto::http::{read_request, Incoming};
use iqchannels_proto::methods::{parse_query, Auth, BodyKind, Metadata, Spelling};
use iqchannels_proto::model::Messages;
use iqchannels_proto::stream::public::server_resume_point;
use iqchannels_proto::{
    codec, ActorType, Channel, Chat, ChatEvent, ChatEventId, ChatEventType, ChatId, ChatMessage,
    ChatMessageId, ChatPayloadType, ChatSettings, Client, ClientAuth, ClientSession,
    ClientSessionCookie, CredentialKind, Credentials, Error, ErrorCode, File, FileId,
    FileOwnerType, FileState, FilesConfig, Graph, Message, MessageId, MessageType, Method, Rating,
    RatingState, RawJson, Response, ServerVersion, TicketId, UserId, CLIENT_TOKEN_PARAM,
};

use crate::store::{Store, StoreError, OPERATOR_ID};
use crate::streams::{self, mark_mine, StreamSlot, StreamSlots, Viewer};
use crate::{now_ms, App};

/// What a method's handler gives: its data and graph, or the error to send back.
type Outcome<D> = Result<(D, Graph), Error>;

/// The stream token of a browser's `EventSource` is good for this long after it was
/// signed (the widget signs one afresh for each connection).
const STREAM_TOKEN_MAX_AGE_MS: u64 = 5 * 60_000;

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        Error::new(ErrorCode::InternalServerError, error.to_string())
    }
}

fn invalid(text: impl Into<String>) -> Error {
    Error::new(ErrorCode::Invalid, text)
}

fn not_found(text: impl Into<String>) -> Error {
    Error::new(ErrorCode::NotFound, text)
}

fn unauthorized(text: impl Into<String>) -> Error {
    Error::new(ErrorCode::Unauthorized, text)
}

fn forbidden(text: impl Into<String>) -> Error {
    Error::new(ErrorCode::Forbidden, text)
}

/// An envelope in `spelling`, for a request no method's spelling applies to (an
/// unknown path, a body over the limit).
pub(crate) fn error_envelope(spelling: Spelling, error: Error) -> axum::response::Response<Body> {
    let body = codec::encode_response_as(&Response::<()>::failure(error), spelling)
        .unwrap_or_else(|_| br#"{"OK":false}"#.to_vec());
    json_response(body)
}

fn json_response(body: Vec<u8>) -> axum::response::Response<Body> {
    let mut response = axum::response::Response::new(Body::from(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(codec::CONTENT_TYPE),
    );
    response
}

/// The answer of method `M`: its envelope, in its spelling.
fn answer<M: Method>(outcome: Outcome<M::Data>) -> axum::response::Response<Body> {
    let response = match outcome {
        Ok((data, graph)) => Response::success(data, graph),
        Err(error) => Response::failure(error),
    };
    match iqchannels_proto::http::response::<M>(&response) {
        Ok(http) => http.map(Body::from),
        Err(error) => error_envelope(
            M::METADATA.spelling,
            Error::new(ErrorCode::InternalServerError, error.to_string()),
        ),
    }
}

/// The spelling of an API by its path, for errors before a method is known.
fn spelling_of(path: &str) -> Spelling {
    if path.starts_with("/public/") || path.starts_with("/api/v1/") {
        Spelling::ResultRels
    } else {
        Spelling::DataGraph
    }
}

/// Every request.
pub(crate) async fn handle(
    app: Arc<App>,
    request: axum::extract::Request,
) -> axum::response::Response<Body> {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    // A page served from another name that resolves here (DNS rebinding) is refused.
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .map(str::to_ascii_lowercase);
    if !host.is_some_and(|host| app.hosts.contains(&host)) {
        let mut response = axum::response::Response::new(Body::from(
            "this server does not answer for this Host (--allow-host NAME adds one)\n",
        ));
        *response.status_mut() = StatusCode::MISDIRECTED_REQUEST;
        return response;
    }
    if !(path.starts_with("/api/") || path.starts_with("/public/api/")) {
        return static_file(&app, &parts.method, &path).await;
    }
    let spelling = spelling_of(&path);
    // The route and the caller's credentials first: a request that will be refused is
    // refused before a byte of its body is read.
    let target = parts
        .uri
        .path_and_query()
        .map_or("/", |target| target.as_str())
        .to_owned();
    let metadata = match app.router.route(parts.method.as_str(), &target) {
        Ok(route) => route.metadata(),
        Err(error) => return error_envelope(spelling, Error::from(error)),
    };
    if let Err(error) = admitted(&app, metadata, &parts) {
        return error_envelope(metadata.spelling, error);
    }
    // A body that no credential stands behind (a sign-in), or that the method does not
    // take, needs no more than a small one.
    let limit = match (metadata.body, metadata.auth) {
        (BodyKind::Empty, _) | (_, Auth::None) => app.config.max_body.min(SMALL_BODY),
        _ => app.config.max_body,
    };
    let read = tokio::time::timeout(app.config.body_timeout, read_body(body, limit)).await;
    let body = match read {
        Ok(Ok(body)) => body,
        Ok(Err(text)) => return error_envelope(metadata.spelling, invalid(text)),
        Err(_) => {
            let seconds = app.config.body_timeout.as_secs_f64();
            let text = format!("the body took longer than {seconds} s to arrive");
            return error_envelope(metadata.spelling, invalid(text));
        }
    };
    let request = axum::http::Request::from_parts(parts, body);
    // The handlers' database work runs off the async workers, which keep serving
    // connections, streams and static files meanwhile.
    let spelling = metadata.spelling;
    tokio::task::spawn_blocking(move || dispatch(&app, metadata, &request))
        .await
        .unwrap_or_else(|error| {
            let text = format!("the request's handler failed: {error}");
            error_envelope(spelling, Error::new(ErrorCode::InternalServerError, text))
        })
}

/// The most a body is read of where no credential stands behind it (a sign-in) or the
/// method takes none.
const SMALL_BODY: usize = 64 << 10;

/// Whether the request's credentials are what its method needs, checked from its headers
/// alone (before its body is read): a client's session that exists, or the operator's
/// credentials. Streams that a browser opens with the signed `x-client-token` in the query
/// and file links with a file token are checked by their handler, as are methods that
/// need none.
fn admitted(
    app: &App,
    metadata: &Metadata,
    parts: &axum::http::request::Parts,
) -> Result<(), Error> {
    let credentials = || {
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()));
        Credentials::from_headers(headers, metadata.auth.credential_kinds())
            .map(|found| found.map(|(credentials, _)| credentials))
            .map_err(|error| unauthorized(error.to_string()))
    };
    match metadata.auth {
        Auth::Client => {
            let query = parts.uri.query().unwrap_or_default();
            let stream_token = metadata.query.contains(&CLIENT_TOKEN_PARAM)
                && parse_query(query)
                    .iter()
                    .any(|(name, _)| name == CLIENT_TOKEN_PARAM);
            // A browser's stream is by its token, whatever cookie comes with it.
            if stream_token {
                return Ok(());
            }
            match credentials()? {
                Some(credentials) => client_of(&app.store(), Some(&credentials)).map(drop),
                None => Err(unauthorized("no client credentials")),
            }
        }
        Auth::Operator => operator_of(app, credentials()?.as_ref()).map(drop),
        _ => Ok(()),
    }
}

/// The most bytes read (and dropped) of a body over the limit, so that its client gets
/// the error rather than a connection reset; past it the connection is dropped.
const MAX_DRAINED: usize = 256 << 20;

/// A request's body, at most `limit` bytes; a larger one is read to its end (up to
/// [`MAX_DRAINED`]) without being kept, and refused.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, String> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut kept: Vec<u8> = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|error| format!("the body could not be read: {error}"))?;
        total = total.saturating_add(chunk.len());
        if total <= limit {
            kept.extend_from_slice(&chunk);
        } else if total > MAX_DRAINED {
            break;
        }
    }
    if total > limit {
        return Err(format!("the body is larger than {limit} bytes"));
    }
    Ok(Bytes::from(kept))
}

/// Calls `$handler` for method `$method` if `metadata` is its.
macro_rules! methods {
    ($app:ident, $metadata:ident, $request:ident; $($method:ty => $handler:expr,)*) => {
        $(
            if *$metadata == <$method as Method>::METADATA {
                let outcome = read_request::<$method, Bytes>($request)
                    .and_then(|incoming| $handler($app, $request, incoming));
                return answer::<$method>(outcome);
            }
        )*
    };
}

fn dispatch(
    app: &Arc<App>,
    metadata: &'static Metadata,
    request: &axum::http::Request<Bytes>,
) -> axum::response::Response<Body> {
    // The methods whose answer is not an envelope on success: streams and downloads.
    if *metadata == ChannelEvents::METADATA {
        return client_events(app, request);
    }
    if *metadata == ChannelUnread::METADATA {
        return client_unread(app, request);
    }
    if *metadata == MultichatUnread::METADATA {
        return client_multichat_unread(app, request);
    }
    if *metadata == chats::ListenToChat::METADATA {
        return operator_chat_stream(app, request);
    }
    if *metadata == DownloadFile::METADATA {
        return download(app, request, false);
    }
    if *metadata == DownloadImage::METADATA {
        return download(app, request, true);
    }
    if *metadata == AnonymousSignup::METADATA
        || *metadata == Signup::METADATA
        || *metadata == AnonymousCreate::METADATA
        || *metadata == ClientIntegrationAuth::METADATA
        || *metadata == ClientTokenAuth::METADATA
        || *metadata == AnonymousAuth::METADATA
    {
        return sign_in(app, metadata, request);
    }
    methods! { app, metadata, request;
        Me => |app: &Arc<App>, _, incoming: Incoming<Me>| {
            let store = app.store();
            let (client, _) = client_of(&store, incoming.credentials.as_ref())?;
            Ok((client, Graph::default()))
        },
        ChannelMessages => channel_messages,
        GetLastMessages => |app: &Arc<App>, _, incoming: Incoming<GetLastMessages>| {
            let store = app.store();
            let (client, _) = client_of(&store, incoming.credentials.as_ref())?;
            let mut unread = iqchannels_proto::AdvancedUnread::default();
            for chat in store.chats_of_client(client.id)? {
                let Some(channel) = store.channel(chat.channel_id)? else { continue };
                if !incoming.request.channel_names.is_empty() && !incoming.request.channel_names.contains(&channel.name) {
                    continue;
                }
                let summary = streams::chat_unread(&store, &chat)?;
                let mut entry = iqchannels_proto::UnreadChannel::default();
                entry.name = summary.name;
                entry.chat_type = iqchannels_proto::ChatType::Regular;
                entry.last_message = summary.last_message;
                entry.unread_count = summary.unread_count;
                unread.channels.push(entry);
            }
            Ok((unread, Graph::default()))
        },
        ChannelSend => channel_send,
        ChannelTyping => channel_typing,
        MarkMessagesReceived => |app, _, incoming: Incoming<MarkMessagesReceived>| {
            client_marks(app, incoming.credentials.as_ref(), &incoming.request.message_ids, ChatEventType::MessageReceived)
        },
        MarkMessagesRead => |app, _, incoming: Incoming<MarkMessagesRead>| {
            client_marks(app, incoming.credentials.as_ref(), &incoming.request.message_ids, ChatEventType::MessageRead)
        },
        MarkMessageListened => |app, _, incoming: Incoming<MarkMessageListened>| {
            client_marks(app, incoming.credentials.as_ref(), &[incoming.request.message_id], ChatEventType::MessageListened)
        },
        UploadFile => upload,
        FileToken => file_token,
        GetFile => |app: &Arc<App>, _, incoming: Incoming<GetFile>| {
            let store = app.store();
            let (client, _) = client_of(&store, incoming.credentials.as_ref())?;
            let file = visible_file(&store, &incoming.request.file_id, &client)?;
            let graph = store.graph(&file)?;
            Ok((file, graph))
        },
        GetFilesConfig => |app: &Arc<App>, _, _| {
            let mut config = FilesConfig::default();
            config.max_file_size_mb = Some(i32::try_from(app.config.max_body >> 20).unwrap_or(i32::MAX));
            Ok((config, Graph::default()))
        },
        Rate => rate,
        IgnoreRating => ignore_rating,
        GetChatSettings => chat_settings,
        // A channel's settings that the development server has no content for: their
        // declared type's empty value, for a channel that exists (the widget's start-up
        // reads them before its name form).
        GetGreetings => |app: &Arc<App>, _, incoming: Incoming<GetGreetings>| channel_default(app, &incoming.request.channel),
        InfoRequestLink => |app: &Arc<App>, _, incoming: Incoming<InfoRequestLink>| channel_default(app, &incoming.request.channel),
        AudioMessagesEnabled => |app: &Arc<App>, _, incoming: Incoming<AudioMessagesEnabled>| channel_default(app, &incoming.request.channel),
        GetEndAppealsSettings => |app: &Arc<App>, _, incoming: Incoming<GetEndAppealsSettings>| channel_default(app, &incoming.request.channel),
        GetBlocker => |app: &Arc<App>, _, incoming: Incoming<GetBlocker>| channel_default(app, &incoming.request.channel),
        GetLanguages => |app: &Arc<App>, _, incoming: Incoming<GetLanguages>| channel_default(app, &incoming.request.channel),
        GetPersonalDataForm => |app: &Arc<App>, _, incoming: Incoming<GetPersonalDataForm>| channel_default(app, &incoming.request.channel),
        GetServerVersion => |_, _, _| Ok((ServerVersion::new(env!("CARGO_PKG_VERSION")), Graph::default())),
        SetLanguage => acknowledge::<SetLanguage>,
        LogMessage => |_, _, _| Ok((RawJson::default(), Graph::default())),
        ApnsToken => acknowledge::<ApnsToken>,
        FcmToken => acknowledge::<FcmToken>,
        HcmToken => acknowledge::<HcmToken>,
        CreateMessage => create_message,
        chats::GetChat => |app: &Arc<App>, _, incoming: Incoming<chats::GetChat>| {
            let store = app.store();
            operator_of(app, incoming.credentials.as_ref())?;
            let chat = store.chat(incoming.request.chat_id)?.ok_or_else(|| not_found("no such chat"))?;
            let graph = store.graph(&chat)?;
            Ok((chat, graph))
        },
        chats::QueryByChannel => |app: &Arc<App>, _, incoming: Incoming<chats::QueryByChannel>| {
            operator_of(app, incoming.credentials.as_ref())?;
            let store = app.reader()?;
            let query = &incoming.request.query;
            let limit = i64::from(query.limit.unwrap_or(50).clamp(1, 500));
            let offset = i64::from(query.offset.unwrap_or(0).max(0));
            // `Open` filters before the page is cut, so that `Limit` counts the chats it keeps.
            let chats = store.chats_of_channel(incoming.request.channel_id, query.open, limit, offset)?;
            let graph = store.graph(&chats)?;
            Ok((chats, graph))
        },
        chats::QueryMessages => |app: &Arc<App>, _, incoming: Incoming<chats::QueryMessages>| {
            let user = operator_of(app, incoming.credentials.as_ref())?;
            let store = app.reader()?;
            let chat = store.chat(incoming.request.chat_id)?.ok_or_else(|| not_found("no such chat"))?;
            let query = &incoming.request.query;
            let limit = i64::from(query.limit.unwrap_or(50).clamp(1, 500));
            let mut messages = store.messages(chat.id, query.max_id.map(ChatMessageId::get), None, None, limit)?;
            mark_mine(&mut messages, Viewer::Operator(user));
            let mut graph = store.graph(&messages)?;
            mark_mine(&mut graph.chat_messages, Viewer::Operator(user));
            Ok((messages, graph))
        },
        chats::SendMessage => |app: &Arc<App>, _, incoming: Incoming<chats::SendMessage>| {
            let mut store = app.store();
            let user = operator_of(app, incoming.credentials.as_ref())?;
            let form = incoming.request.message;
            let mut message = ChatMessage::new(ChatMessageId::new(0));
            message.chat_id = incoming.request.chat_id;
            message.local_id = form.local_id;
            message.author = ActorType::User;
            message.user_id = Some(user);
            message.payload = form.payload;
            message.text = form.text;
            message.file_id = form.file_id;
            let message = store_message(app, &mut store, message)?;
            Ok((message.id, Graph::default()))
        },
        chats::CloseChat => close_chat,
        chats::MarkReceived => |app, _, incoming: Incoming<chats::MarkReceived>| {
            operator_marks(app, incoming.credentials.as_ref(), &incoming.request.message_ids, ChatEventType::MessageReceived)
        },
        chats::MarkRead => |app, _, incoming: Incoming<chats::MarkRead>| {
            operator_marks(app, incoming.credentials.as_ref(), &incoming.request.message_ids, ChatEventType::MessageRead)
        },
        chats::Typing => |app: &Arc<App>, _, incoming: Incoming<chats::Typing>| {
            let store = app.store();
            let user = operator_of(app, incoming.credentials.as_ref())?;
            store.chat(incoming.request.chat_id)?.ok_or_else(|| not_found("no such chat"))?;
            let mut event = ChatEvent::new(ChatEventId::new(0));
            event.kind = ChatEventType::Typing;
            event.transitive = true;
            event.chat_id = Some(incoming.request.chat_id);
            event.actor = ActorType::User;
            event.user_id = Some(user);
            event.created_at = now_ms().into();
            app.publish(&store, event);
            Ok(((), Graph::default()))
        },
    }
    // Any other method of the registry: its body is read as the Go server reads it (so a
    // malformed one is `invalid`, as anywhere), then the server says it does not have it.
    metadata_visit(metadata, request)
}

/// A method the server does not implement, answered in its own spelling.
fn metadata_visit(
    metadata: &'static Metadata,
    request: &axum::http::Request<Bytes>,
) -> axum::response::Response<Body> {
    struct Unimplemented<'r>(&'r axum::http::Request<Bytes>);
    impl MethodVisitor for Unimplemented<'_> {
        type Output = axum::response::Response<Body>;
        fn visit<M: Method>(&mut self) -> Self::Output
        where
            M::Data: Messages,
        {
            let outcome = read_request::<M, Bytes>(self.0).and_then(|_| {
                Err(not_found(format!(
                    "{} is not implemented by the development server",
                    M::METADATA.path
                )))
            });
            answer::<M>(outcome)
        }
    }
    iqchannels_proto::api::visit(metadata.path, &mut Unimplemented(request)).unwrap_or_else(|| {
        error_envelope(
            spelling_of(metadata.path),
            not_found("no method has this path"),
        )
    })
}

/// A method whose result its callers ignore: the client must be signed in.
fn acknowledge<M: Method<Data = RawJson>>(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<M>,
) -> Outcome<RawJson> {
    let store = app.store();
    client_of(&store, incoming.credentials.as_ref())?;
    Ok((RawJson::default(), Graph::default()))
}

/// The client and session a request's client credentials name.
fn client_of(
    store: &Store,
    credentials: Option<&Credentials>,
) -> Result<(Client, ClientSession), Error> {
    let credentials = credentials.ok_or_else(|| unauthorized("no client credentials"))?;
    if credentials.kind() != CredentialKind::Client {
        return Err(unauthorized("not a client's credentials"));
    }
    let session = store
        .session_by_token(credentials.token())?
        .ok_or_else(|| unauthorized("no such session"))?;
    let client = store
        .client(session.client_id)?
        .ok_or_else(|| unauthorized("no such client"))?;
    Ok((client, session))
}

/// The operator a request's operator credentials name: the seeded operator's service
/// account token or user session.
fn operator_of(app: &App, credentials: Option<&Credentials>) -> Result<UserId, Error> {
    let credentials = credentials.ok_or_else(|| unauthorized("no operator credentials"))?;
    let expected = match credentials.kind() {
        CredentialKind::ServiceAccount => &app.operator_token,
        CredentialKind::UserSession => &app.operator_session,
        _ => return Err(unauthorized("not an operator's credentials")),
    };
    // In constant time: how long the comparison takes says nothing of the token.
    let same: bool = credentials
        .token()
        .as_bytes()
        .ct_eq(expected.expose().as_bytes())
        .into();
    if same {
        Ok(OPERATOR_ID)
    } else {
        Err(unauthorized("unknown operator credentials"))
    }
}

/// The empty value of a channel's setting, for a channel that exists.
fn channel_default<T: Default>(app: &App, channel: &str) -> Outcome<T> {
    channel_named(&app.store(), channel)?;
    Ok((T::default(), Graph::default()))
}

fn channel_named(store: &Store, name: &str) -> Result<Channel, Error> {
    store
        .channel_by_name(name)?
        .ok_or_else(|| not_found(format!("no channel named {name:?}")))
}

/// The client's chat in `channel`, created if need be (its `chat_created` event
/// published).
fn chat_of(
    app: &App,
    store: &mut Store,
    channel: &Channel,
    client: &Client,
) -> Result<Chat, Error> {
    let (chat, created) = store.chat_for(channel, client, now_ms())?;
    if let Some(event) = created {
        app.publish(store, event);
    }
    Ok(chat)
}

/// Stores a message (a resend with the same `LocalId` gives the stored one back) and
/// publishes its event.
fn store_message(app: &App, store: &mut Store, message: ChatMessage) -> Result<ChatMessage, Error> {
    if message.chat_id.is_zero() || store.chat(message.chat_id)?.is_none() {
        return Err(not_found("no such chat"));
    }
    let max = app.config.max_message_bytes;
    if message.text.len() > max {
        return Err(invalid(format!(
            "the message's text is longer than {max} bytes"
        )));
    }
    if let (ActorType::Client, Some(client)) = (&message.author, message.client_id) {
        within_storage(app, store, client, message.text.len())?;
    }
    let (message, event) = store.insert_message(message, now_ms())?;
    if let Some(event) = event {
        app.publish(store, event);
    }
    Ok(message)
}

fn sign_in(
    app: &Arc<App>,
    metadata: &'static Metadata,
    request: &axum::http::Request<Bytes>,
) -> axum::response::Response<Body> {
    macro_rules! read {
        ($method:ty) => {
            match read_request::<$method, Bytes>(request) {
                Ok(incoming) => incoming,
                Err(error) => return Err(Box::new(answer::<$method>(Err(error)))),
            }
        };
    }
    let now = now_ms();
    let outcome = (|| -> Result<Outcome<ClientAuth>, Box<axum::response::Response<Body>>> {
        let store = app.store();
        let fresh = |store: &Store,
                     channel: &str,
                     kind: &str,
                     name: &str,
                     key: Option<&str>|
         -> Outcome<ClientAuth> {
            channel_named(store, channel)?;
            let client = store.create_client(kind, name, key, now)?;
            let token = random_token()?;
            let session = store.create_session(&client, &token, key.is_some(), now)?;
            let mut auth = ClientAuth::default();
            auth.client = client.into();
            auth.session = session.into();
            Ok((auth, Graph::default()))
        };
        let existing = |store: &Store, token: &str| -> Outcome<ClientAuth> {
            let credentials =
                Credentials::client(token).map_err(|error| unauthorized(error.to_string()))?;
            let (client, session) = client_of(store, Some(&credentials))?;
            let mut auth = ClientAuth::default();
            auth.client = client.into();
            auth.session = session.into();
            Ok((auth, Graph::default()))
        };
        if *metadata == AnonymousSignup::METADATA {
            let incoming = read!(AnonymousSignup);
            let name = incoming.request.name.unwrap_or_default();
            Ok(fresh(
                &store,
                &incoming.request.channel,
                "anonymous",
                &name,
                None,
            ))
        } else if *metadata == Signup::METADATA {
            let incoming = read!(Signup);
            let name = incoming.request.name.unwrap_or_default();
            Ok(fresh(
                &store,
                &incoming.request.channel,
                "anonymous",
                &name,
                None,
            ))
        } else if *metadata == AnonymousCreate::METADATA {
            let incoming = read!(AnonymousCreate);
            let request = incoming.request;
            Ok(fresh(
                &store,
                &request.channel,
                "anonymous",
                &request.name,
                None,
            ))
        } else if *metadata == ClientIntegrationAuth::METADATA {
            let incoming = read!(ClientIntegrationAuth);
            let credentials = incoming.request.credentials.expose();
            if credentials.is_empty() {
                return Ok(Err(unauthorized("empty credentials")));
            }
            // The credentials are a secret: the client's key, not its name.
            Ok(fresh(
                &store,
                &incoming.request.channel,
                "integrated",
                "Integrated client",
                Some(credentials),
            ))
        } else if *metadata == ClientTokenAuth::METADATA {
            let incoming = read!(ClientTokenAuth);
            Ok(existing(&store, incoming.request.token.expose()))
        } else {
            let incoming = read!(AnonymousAuth);
            Ok(match incoming.credentials {
                Some(credentials) => existing(&store, credentials.token()),
                None => Err(unauthorized("no client session")),
            })
        }
    })();
    let outcome = match outcome {
        Ok(outcome) => outcome,
        // The request did not read: its error envelope is written.
        Err(response) => return *response,
    };
    let cookie = outcome
        .as_ref()
        .ok()
        .and_then(|(auth, _)| auth.session.value())
        .and_then(|session| ClientSessionCookie::new(session.token.expose()).ok())
        .map(|cookie| cookie.secure(false).header_value());
    // Every sign-in method answers a ClientAuth in the `Result`/`Rels` spelling.
    let mut response = answer::<AnonymousSignup>(outcome);
    if let Some(value) = cookie.and_then(|value| HeaderValue::try_from(value).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// 20 bytes of the operating system's random source, in hex: a session token, a file id
/// or a file token. Without that source, an error rather than a guessable token.
fn random_token() -> Result<String, Error> {
    crate::random_token()
        .map_err(|error| Error::new(ErrorCode::InternalServerError, error.to_string()))
}

fn channel_messages(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<ChannelMessages>,
) -> Outcome<Vec<ChatMessage>> {
    let (client, chat) = {
        let mut store = app.store();
        let (client, _) = client_of(&store, incoming.credentials.as_ref())?;
        let channel = channel_named(&store, &incoming.request.channel)?;
        let chat = chat_of(app, &mut store, &channel, &client)?;
        (client, chat)
    };
    // The page (a search may read the whole chat) on a reader of its own.
    let store = app.reader()?;
    let query = &incoming.request.query;
    let limit = i64::from(query.limit.unwrap_or(50).clamp(1, 500));
    let before = query.max_id.or(query.to_id).map(ChatMessageId::get);
    let from = query.from_id.map(ChatMessageId::get);
    // `Q`: a search, applied before the page is cut, so that `Limit` counts what it found.
    let text = query.q.as_deref().filter(|q| !q.is_empty());
    let mut messages = store.messages(chat.id, before, from, text, limit)?;
    let viewer = Viewer::Client(client.id);
    mark_mine(&mut messages, viewer);
    let mut graph = store.graph(&messages)?;
    mark_mine(&mut graph.chat_messages, viewer);
    Ok((messages, graph))
}

fn channel_send(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<ChannelSend>,
) -> Outcome<RawJson> {
    let mut store = app.store();
    let (client, session) = client_of(&store, incoming.credentials.as_ref())?;
    let channel = channel_named(&store, &incoming.request.channel)?;
    let chat = chat_of(app, &mut store, &channel, &client)?;
    let form = incoming.request.message;
    if let Some(file_id) = &form.file_id {
        visible_file(&store, file_id, &client)?;
    }
    let mut message = ChatMessage::new(ChatMessageId::new(0));
    message.chat_id = chat.id;
    message.session_id = session.id;
    message.local_id = form.local_id;
    message.author = ActorType::Client;
    message.client_id = Some(client.id);
    message.payload = form.payload;
    message.text = form.text;
    message.file_id = form.file_id;
    message.reply_to_message_id = form.reply_to_message_id;
    message.botpress_payload = form.botpress_payload;
    store_message(app, &mut store, message)?;
    Ok((RawJson::default(), Graph::default()))
}

fn channel_typing(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<ChannelTyping>,
) -> Outcome<RawJson> {
    let mut store = app.store();
    let (client, _) = client_of(&store, incoming.credentials.as_ref())?;
    let channel = channel_named(&store, &incoming.request.channel)?;
    let chat = chat_of(app, &mut store, &channel, &client)?;
    let mut event = ChatEvent::new(ChatEventId::new(0));
    event.kind = ChatEventType::Typing;
    event.transitive = true;
    event.chat_id = Some(chat.id);
    event.actor = ActorType::Client;
    event.client_id = Some(client.id);
    event.created_at = now_ms().into();
    app.publish(&store, event);
    Ok((RawJson::default(), Graph::default()))
}

/// Receipts: each message of the client's chats that someone else wrote is marked, with
/// its event; ids of other messages are ignored, as the receipts' callers expect.
/// Who marks messages received or read: a client marks the operator's messages in its
/// chats, an operator the client's.
enum Marker {
    Client(iqchannels_proto::ClientId),
    Operator(UserId),
}

fn mark(
    app: &Arc<App>,
    marker: &Marker,
    ids: &[ChatMessageId],
    kind: ChatEventType,
) -> Result<(), Error> {
    let store = app.store();
    let now = now_ms();
    for id in ids.iter().take(1000) {
        let Some(mut message) = store.message(*id)? else {
            continue;
        };
        let Some(chat) = store.chat(message.chat_id)? else {
            continue;
        };
        let by_client = message.author == ActorType::Client;
        let theirs = match marker {
            Marker::Client(client) => chat.client_id == *client && !by_client,
            Marker::Operator(_) => by_client,
        };
        if !theirs {
            continue;
        }
        let changed = match kind {
            ChatEventType::MessageReceived => !std::mem::replace(&mut message.received, true),
            ChatEventType::MessageRead => {
                message.received = true;
                !std::mem::replace(&mut message.read, true)
            }
            _ => message.listened.replace(true) != Some(true),
        };
        if !changed {
            continue;
        }
        match kind {
            ChatEventType::MessageReceived => message.received_at = now.into(),
            ChatEventType::MessageRead => message.read_at = now.into(),
            _ => {}
        }
        let mut event = ChatEvent::new(ChatEventId::new(0));
        event.kind = kind.clone();
        event.chat_id = Some(chat.id);
        event.message_id = Some(message.id);
        match marker {
            Marker::Client(client) => {
                event.actor = ActorType::Client;
                event.client_id = Some(*client);
            }
            Marker::Operator(user) => {
                event.actor = ActorType::User;
                event.user_id = Some(*user);
            }
        }
        event.public = true;
        event.created_at = now.into();
        let event = store.atomically(|store| {
            store.update_message(&message)?;
            store.insert_event(event)
        })?;
        app.publish(&store, event);
    }
    Ok(())
}

/// A client marks messages: the client by its credentials.
fn client_marks(
    app: &Arc<App>,
    credentials: Option<&Credentials>,
    ids: &[ChatMessageId],
    kind: ChatEventType,
) -> Outcome<RawJson> {
    let client = client_of(&app.store(), credentials)?.0;
    mark(app, &Marker::Client(client.id), ids, kind)?;
    Ok((RawJson::default(), Graph::default()))
}

/// The operator marks a client's messages.
fn operator_marks(
    app: &Arc<App>,
    credentials: Option<&Credentials>,
    ids: &[ChatMessageId],
    kind: ChatEventType,
) -> Outcome<()> {
    let user = operator_of(app, credentials)?;
    mark(app, &Marker::Operator(user), ids, kind)?;
    Ok(((), Graph::default()))
}

/// A file the client may see: its own upload, or one attached to a message of its chats
/// (the operator's).
fn visible_file(store: &Store, id: &FileId, client: &Client) -> Result<File, Error> {
    let file = store.file(id)?.ok_or_else(|| not_found("no such file"))?;
    match file.owner_client_id {
        Some(owner) if owner != client.id => Err(forbidden("the file is another client's")),
        _ => Ok(file),
    }
}

fn upload(
    app: &Arc<App>,
    request: &axum::http::Request<Bytes>,
    incoming: Incoming<UploadFile>,
) -> Outcome<File> {
    let store = app.store();
    let (client, _) = client_of(&store, incoming.credentials.as_ref())?;
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .map_or(&b""[..], HeaderValue::as_bytes);
    let mut limits = UploadLimits::default();
    limits.max_body_bytes = app.config.max_body;
    let upload = files::read_upload(content_type, request.body(), &limits)
        .map_err(|error| invalid(error.to_string()))?;
    let extension = upload
        .file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension)
        .filter(|extension| {
            !extension.is_empty()
                && extension.len() <= 8
                && extension.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    let id = match extension {
        Some(extension) => format!("{}.{}", random_token()?, extension.to_ascii_lowercase()),
        None => random_token()?,
    };
    let mut file = File::new(FileId::new(id));
    file.kind = upload.kind.clone();
    file.owner = FileOwnerType::Client;
    file.owner_client_id = Some(client.id);
    file.actor = ActorType::Client;
    file.actor_client_id = Some(client.id);
    file.name = upload.file_name.clone();
    file.path = files::file_path(&file.id, None);
    file.size = i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX);
    file.content_type = upload
        .content_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    file.created_at = now_ms().into();
    file.state = Some(FileState::Approved);
    within_storage(app, &store, client.id, upload.bytes.len())?;
    store.insert_file(&file, upload.bytes)?;
    let graph = store.graph(&file)?;
    Ok((file, graph))
}

/// Whether `client` may store `more` bytes within `--max-client-storage`.
fn within_storage(
    app: &App,
    store: &Store,
    client: iqchannels_proto::ClientId,
    more: usize,
) -> Result<(), Error> {
    let max = app.config.max_client_storage;
    let used = store.client_storage(client)?;
    if used.saturating_add(u64::try_from(more).unwrap_or(u64::MAX)) > max {
        return Err(invalid(format!(
            "the client's storage is full: {used} of {max} bytes used"
        )));
    }
    Ok(())
}

fn file_token(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<FileToken>,
) -> Outcome<FileTokenData> {
    let store = app.store();
    let (client, _) = client_of(&store, incoming.credentials.as_ref())?;
    let file = visible_file(&store, &incoming.request.file_id, &client)?;
    let token = random_token()?;
    store.insert_file_token(&token, &file.id)?;
    Ok((
        FileTokenData::new(iqchannels_proto::Secret::new(token)),
        Graph::default(),
    ))
}

/// `files/get/:fileId` (with a file token or the client's session) and
/// `files/image/:fileId` (the original image whatever the size: the server does not
/// resize): the bytes on success, an error envelope otherwise.
fn download(
    app: &Arc<App>,
    request: &axum::http::Request<Bytes>,
    image: bool,
) -> axum::response::Response<Body> {
    let result = (|| -> Result<(File, Vec<u8>), Error> {
        let (file_id, token, credentials) = if image {
            let incoming = read_request::<DownloadImage, Bytes>(request)?;
            (incoming.request.file_id, None, incoming.credentials)
        } else {
            let incoming = read_request::<DownloadFile, Bytes>(request)?;
            (
                incoming.request.file_id,
                incoming.request.token,
                incoming.credentials,
            )
        };
        let store = app.store();
        match token {
            Some(token) => {
                let allowed = store.file_for_token(token.expose())?;
                if allowed.as_ref() != Some(&file_id) {
                    return Err(unauthorized("the file token is not this file's"));
                }
            }
            None => {
                let (client, _) = client_of(&store, credentials.as_ref())?;
                visible_file(&store, &file_id, &client)?;
            }
        }
        store
            .file_data(&file_id)?
            .ok_or_else(|| not_found("no such file"))
    })();
    match result {
        Ok((file, data)) => uploaded(&file, data),
        Err(error) if image => answer::<DownloadImage>(Err(error)),
        Err(error) => answer::<DownloadFile>(Err(error)),
    }
}

/// The image types a browser is shown inline: formats that cannot carry script. (Not SVG.)
const INLINE_IMAGES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// An uploaded file's bytes, served so that a browser never runs them: an image of
/// [`INLINE_IMAGES`] inline as its type, anything else (whatever type its uploader
/// claimed) as an `application/octet-stream` attachment; never sniffed, and sandboxed by
/// its Content-Security-Policy should a browser render it anyway.
fn uploaded(file: &File, data: Vec<u8>) -> axum::response::Response<Body> {
    let claimed = file
        .content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let inline = INLINE_IMAGES.iter().find(|image| **image == claimed);
    let mut response = axum::response::Response::new(Body::from(data));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(inline.copied().unwrap_or("application/octet-stream")),
    );
    let disposition = if inline.is_some() {
        "inline".to_owned()
    } else {
        // RFC 6266's `filename*`: the name percent-encoded as UTF-8 (RFC 8187's attr-chars
        // left as they are), no quoting to get wrong.
        const ATTR_CHAR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'!')
            .remove(b'#')
            .remove(b'$')
            .remove(b'&')
            .remove(b'+')
            .remove(b'-')
            .remove(b'.')
            .remove(b'^')
            .remove(b'_')
            .remove(b'`')
            .remove(b'|')
            .remove(b'~');
        let name = percent_encoding::utf8_percent_encode(&file.name, ATTR_CHAR);
        format!("attachment; filename*=UTF-8''{name}")
    };
    if let Ok(value) = HeaderValue::try_from(disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; sandbox"),
    );
    response
}

fn rating_of_client(
    store: &Store,
    id: iqchannels_proto::RatingId,
    client: &Client,
) -> Result<Rating, Error> {
    let rating = store
        .rating(id)?
        .ok_or_else(|| not_found("no such rating"))?;
    if rating.client_id != client.id {
        return Err(forbidden("the rating is another client's"));
    }
    Ok(rating)
}

fn rate(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<Rate>,
) -> Outcome<Rating> {
    let store = app.store();
    let (client, _) = client_of(&store, incoming.credentials.as_ref())?;
    let mut rating = rating_of_client(&store, incoming.request.rating_id, &client)?;
    let form = incoming.request.rating;
    if !(1..=5).contains(&form.value) {
        return Err(invalid("Rating.Value: a rating is 1 to 5"));
    }
    rating.state = RatingState::Rated;
    rating.value = Some(form.value);
    rating.comment = form.comment;
    rating.updated_at = now_ms().into();
    store.update_rating(&rating)?;
    let graph = store.graph(&rating)?;
    Ok((rating, graph))
}

fn ignore_rating(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<IgnoreRating>,
) -> Outcome<Rating> {
    let store = app.store();
    let (client, _) = client_of(&store, incoming.credentials.as_ref())?;
    let mut rating = rating_of_client(&store, incoming.request.rating_id, &client)?;
    if rating.state == RatingState::Pending {
        rating.state = RatingState::Ignored;
        rating.updated_at = now_ms().into();
        store.update_rating(&rating)?;
    }
    let graph = store.graph(&rating)?;
    Ok((rating, graph))
}

fn chat_settings(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<GetChatSettings>,
) -> Outcome<ChatSettings> {
    let store = app.store();
    client_of(&store, incoming.credentials.as_ref())?;
    let channel = channel_named(&store, &incoming.request.channel)?;
    let mut settings = ChatSettings::default();
    settings.id = iqchannels_proto::ChatSettingsId::new(channel.id.get());
    settings.enabled = true.into();
    settings.message = format!("Welcome to {}", channel.title);
    settings.operator_name = Some("Operator".to_owned());
    settings.chat_title = channel.title;
    Ok((settings, Graph::default()))
}

/// `tickets/create_message`: ticket `N` is chat `N` (the chat API's id), so an
/// operator's answer to a ticket is a message of that chat.
fn create_message(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<CreateMessage>,
) -> Outcome<CreateMessageData> {
    let mut store = app.store();
    let user = operator_of(app, incoming.credentials.as_ref())?;
    let request = incoming.request;
    let chat_id = ChatId::new(request.ticket_id.get());
    let mut chat_message = ChatMessage::new(ChatMessageId::new(0));
    chat_message.chat_id = chat_id;
    chat_message.local_id = request.message.local_id;
    chat_message.author = ActorType::User;
    chat_message.user_id = Some(user);
    chat_message.payload = ChatPayloadType::Text;
    chat_message.text = request.message.text;
    chat_message.ticket_id = Some(TicketId::new(chat_id.get()));
    let stored = store_message(app, &mut store, chat_message)?;
    let mut message = Message::new(MessageId::new(stored.id.get()));
    message.uid = stored.uid.clone();
    message.ticket_id = request.ticket_id;
    message.local_id = stored.local_id;
    message.author = ActorType::User;
    message.user_id = Some(user);
    message.kind = MessageType::Text;
    message.text = stored.text.clone();
    message.created_at = stored.created_at;
    message.updated_at = stored.created_at;
    message.my = true;
    let data = CreateMessageData::new(message);
    let graph = store.graph(&data)?;
    Ok((data, graph))
}

/// `chats/close/:chatId`: closes the chat and asks its client for a rating: a pending
/// rating, a `rating` message carrying it, and `chat_closed`.
fn close_chat(
    app: &Arc<App>,
    _: &axum::http::Request<Bytes>,
    incoming: Incoming<chats::CloseChat>,
) -> Outcome<Chat> {
    let mut store = app.store();
    let user = operator_of(app, incoming.credentials.as_ref())?;
    let mut chat = store
        .chat(incoming.request.chat_id)?
        .ok_or_else(|| not_found("no such chat"))?;
    let now = now_ms();
    if chat.open {
        let mut rating = Rating::new(iqchannels_proto::RatingId::new(0));
        rating.client_id = chat.client_id;
        rating.ticket_id = TicketId::new(chat.id.get());
        rating.user_id = user;
        rating.state = RatingState::Pending;
        rating.created_at = now.into();
        rating.updated_at = now.into();
        let rating = store.insert_rating(chat.id, rating)?;
        let mut message = ChatMessage::new(ChatMessageId::new(0));
        message.chat_id = chat.id;
        message.author = ActorType::User;
        message.user_id = Some(user);
        message.payload = ChatPayloadType::Rating;
        message.rating_id = Some(rating.id);
        store_message(app, &mut store, message)?;
        chat = store
            .chat(chat.id)?
            .ok_or_else(|| not_found("no such chat"))?;
        chat.open = false;
        chat.closed_at = now.into();
        chat.changed_at = now.into();
        let mut event = ChatEvent::new(ChatEventId::new(0));
        event.kind = ChatEventType::ChatClosed;
        event.chat_id = Some(chat.id);
        event.actor = ActorType::User;
        event.user_id = Some(user);
        event.public = true;
        event.created_at = now.into();
        let event = store.atomically(|store| {
            store.update_chat(&chat)?;
            store.insert_event(event)
        })?;
        app.publish(&store, event);
    }
    let graph = store.graph(&chat)?;
    Ok((chat, graph))
}

/// The public events stream: the client by its credentials, or by the signed
/// `x-client-token` a browser's `EventSource` carries (verified against its session);
/// resumed after `LastEventId` (or the `Last-Event-ID` header).
fn client_events(
    app: &Arc<App>,
    request: &axum::http::Request<Bytes>,
) -> axum::response::Response<Body> {
    let opened = (|| -> Result<(StreamSlot, ChatId, Viewer, i64), Error> {
        let incoming = read_request::<ChannelEvents, Bytes>(request)?;
        let mut store = app.store();
        let (client, session) = match &incoming.stream_token {
            Some(token) => {
                let session = store
                    .session(token.session_id())?
                    .ok_or_else(|| unauthorized("no such session"))?;
                token
                    .verify(session.token.expose(), STREAM_TOKEN_MAX_AGE_MS, now_ms())
                    .map_err(|error| unauthorized(error.to_string()))?;
                let client = store
                    .client(session.client_id)?
                    .ok_or_else(|| unauthorized("no such client"))?;
                (client, session)
            }
            None => client_of(&store, incoming.credentials.as_ref())?,
        };
        let channel = channel_named(&store, &incoming.request.channel)?;
        let chat = chat_of(app, &mut store, &channel, &client)?;
        let query = request.uri().query().unwrap_or("");
        let params = parse_query(query);
        let param = params
            .iter()
            .find(|(name, _)| name == "LastEventId")
            .map(|(_, value)| value.as_str());
        let header = request
            .headers()
            .get("last-event-id")
            .map(HeaderValue::as_bytes);
        let after = server_resume_point(param, header).map_or(0, ChatEventId::get);
        let slot = client_stream_slot(app, &session)?;
        Ok((slot, chat.id, Viewer::Client(client.id), after))
    })();
    match opened {
        Ok((slot, chat, viewer, after)) => {
            streams::events(Arc::clone(app), slot, chat, viewer, after)
        }
        Err(error) => answer::<ChannelEvents>(Err(error)),
    }
}

/// A place for one more stream of a client's session.
fn client_stream_slot(app: &Arc<App>, session: &ClientSession) -> Result<StreamSlot, Error> {
    StreamSlots::take(app, &format!("client session {}", session.id.get()))
}

/// The unread count stream of the client's chat in a channel.
fn client_unread(
    app: &Arc<App>,
    request: &axum::http::Request<Bytes>,
) -> axum::response::Response<Body> {
    let opened = (|| -> Result<(StreamSlot, ChatId), Error> {
        let incoming = read_request::<ChannelUnread, Bytes>(request)?;
        let mut store = app.store();
        let (client, session) = client_of(&store, incoming.credentials.as_ref())?;
        let channel = channel_named(&store, &incoming.request.channel)?;
        let chat = chat_of(app, &mut store, &channel, &client)?.id;
        Ok((client_stream_slot(app, &session)?, chat))
    })();
    match opened {
        Ok((slot, chat)) => streams::unread(Arc::clone(app), slot, chat),
        Err(error) => answer::<ChannelUnread>(Err(error)),
    }
}

/// The multichat unread stream: a frame for each of the client's chats on opening,
/// then one for each chat whose messages change.
fn client_multichat_unread(
    app: &Arc<App>,
    request: &axum::http::Request<Bytes>,
) -> axum::response::Response<Body> {
    let opened = (|| -> Result<(StreamSlot, Client), Error> {
        let incoming = read_request::<MultichatUnread, Bytes>(request)?;
        let store = app.store();
        let (client, session) = client_of(&store, incoming.credentials.as_ref())?;
        Ok((client_stream_slot(app, &session)?, client))
    })();
    match opened {
        Ok((slot, client)) => streams::multichat_unread(Arc::clone(app), slot, client.id),
        Err(error) => answer::<MultichatUnread>(Err(error)),
    }
}

/// The chat API's `GET /api/v1/sse/chats/events/listen_to_chat/:chatId?FromId=N`, for
/// operators: resumed after `FromId`.
fn operator_chat_stream(
    app: &Arc<App>,
    request: &axum::http::Request<Bytes>,
) -> axum::response::Response<Body> {
    let opened = (|| -> Result<(StreamSlot, ChatId, UserId, i64), Error> {
        let incoming = read_request::<chats::ListenToChat, Bytes>(request)?;
        let user = operator_of(app, incoming.credentials.as_ref())?;
        let slot = StreamSlots::take(app, &format!("operator {}", user.get()))?;
        let store = app.store();
        let chat = store
            .chat(incoming.request.chat_id)?
            .ok_or_else(|| not_found("no such chat"))?;
        let after = incoming.request.from_id.map_or(0, |id| id.get().max(0));
        Ok((slot, chat.id, user, after))
    })();
    match opened {
        Ok((slot, chat, user, after)) => {
            streams::events(Arc::clone(app), slot, chat, Viewer::Operator(user), after)
        }
        Err(error) => answer::<chats::ListenToChat>(Err(error)),
    }
}

/// A file of the static folder, `index.html` for a folder; never outside it.
async fn static_file(
    app: &App,
    method: &axum::http::Method,
    path: &str,
) -> axum::response::Response<Body> {
    let not_found = || {
        let mut response = axum::response::Response::new(Body::from("not found\n"));
        *response.status_mut() = StatusCode::NOT_FOUND;
        response
    };
    let Some(root) = &app.config.static_dir else {
        return not_found();
    };
    if method != axum::http::Method::GET && method != axum::http::Method::HEAD {
        return not_found();
    }
    let mut file = root.clone();
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        // One plain name: not `..`, `.`, a root or a drive (`C:`), nor several names; and
        // no dotfile (`.git`, `.env`).
        let mut parts = std::path::Path::new(segment).components();
        let plain =
            matches!(parts.next(), Some(std::path::Component::Normal(_))) && parts.next().is_none();
        if !plain || segment.contains('\\') || segment.starts_with('.') {
            return not_found();
        }
        file.push(segment);
    }
    if tokio::fs::metadata(&file)
        .await
        .is_ok_and(|metadata| metadata.is_dir())
    {
        file.push("index.html");
    }
    // Never outside the root, symbolic links included: the file's real path is under the
    // root's real path.
    let (Ok(real_root), Ok(real_file)) = (
        tokio::fs::canonicalize(root).await,
        tokio::fs::canonicalize(&file).await,
    ) else {
        return not_found();
    };
    if !real_file.starts_with(&real_root) {
        return not_found();
    }
    let Ok(bytes) = tokio::fs::read(&real_file).await else {
        return not_found();
    };
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let mut response = axum::response::Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
