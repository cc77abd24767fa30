//! The route table: every method of the crate's registry and its handler, one entry each.
//! A request is routed once by the crate's [`Router`](iqchannels_proto::Router); its
//! caller is resolved from its declared credential before its body is read; its body is
//! read as the Go server reads it (`http::read_request`); its handler's answer, or its
//! error, is written in the method's spelling (`http::response`). Every failure is an
//! `OK: false` envelope with HTTP 200.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use futures_util::future::BoxFuture;
use iqchannels_proto::api::{self, public, tickets};
use iqchannels_proto::http::read_request;
use iqchannels_proto::methods::{Auth, BodyKind, Spelling};
use iqchannels_proto::{codec, Error, Graph, Method, Response};

use crate::caller::{same_auth, Caller};
use crate::errors::{internal, invalid};
use crate::App;

/// An HTTP response.
pub(crate) type HttpResponse = axum::response::Response<Body>;

/// A method the server answers: who may call it, and what it does.
pub(crate) trait Serve: Method + Send + Sized + 'static {
    /// Who may call it: resolved before its body is read, from the credential its
    /// declaration names (checked at compile time by [`route`]).
    type Caller: Caller;

    /// The answer to `request` from `caller`.
    fn serve(call: Call<'_, Self>) -> Result<Reply<Self::Data>, Error>;
}

/// A request for method `M`, with its caller.
pub(crate) struct Call<'a, M: Serve> {
    /// The server.
    pub(crate) app: &'a Arc<App>,
    /// Who calls, already checked.
    pub(crate) caller: M::Caller,
    /// The request, decoded as the Go server reads it.
    pub(crate) request: M,
    /// The HTTP request it came in (headers, query, body).
    pub(crate) http: &'a axum::http::Request<Bytes>,
}

/// A handler's answer: the method's data (and its graph) in the envelope, or an HTTP
/// response of its own (a stream, a file's bytes, a sign-in's cookie).
#[expect(
    clippy::large_enum_variant,
    reason = "made once per request and moved once, into its response"
)]
pub(crate) enum Reply<D> {
    /// The envelope's data and graph.
    Data(D, Graph),
    /// The whole response.
    Http(HttpResponse),
}

impl<D> Reply<D> {
    /// The data, with an empty graph.
    pub(crate) fn data(data: D) -> Self {
        Self::Data(data, Graph::default())
    }
}

/// A handler as the route table keeps it: the request's head and body in, its response
/// out.
type Handler = fn(Arc<App>, Parts, Body) -> BoxFuture<'static, HttpResponse>;

/// The route table entry of method `M`; refused at compile time when the caller its
/// handler takes is not the credential `M` declares.
fn route<M: Serve>() -> (&'static str, Handler) {
    const {
        assert!(
            same_auth(<M::Caller as Caller>::AUTH, M::METADATA.auth),
            "the handler's caller is not the credential the method declares"
        );
    }
    (M::METADATA.path, |app, parts, body| {
        Box::pin(respond::<M>(app, parts, body))
    })
}

/// Every method the server answers, keyed by its path template (which the crate's
/// router returns).
pub(crate) struct Routes(HashMap<&'static str, Handler>);

impl Routes {
    /// The table: one line per method of the crate's registry (the test below checks
    /// that none is missing).
    pub(crate) fn new() -> Self {
        use api::{chats, clients, inboxes};
        use public::{chats as public_chats, clients as public_clients, files, log, messages};
        use public::{push, ratings, settings};
        Self(HashMap::from([
            route::<tickets::CreateMessage>(),
            // The operator's chat API.
            route::<chats::Assign>(),
            route::<chats::CloseChat>(),
            route::<chats::GetChat>(),
            route::<chats::Invite>(),
            route::<chats::JoinChat>(),
            route::<chats::LeaveChat>(),
            route::<chats::ListenToChannel>(),
            route::<chats::ListenToChat>(),
            route::<chats::ListenToUser>(),
            route::<chats::MarkRead>(),
            route::<chats::MarkReceived>(),
            route::<chats::OpenChat>(),
            route::<chats::QueryByChannel>(),
            route::<chats::QueryMembers>(),
            route::<chats::QueryMessages>(),
            route::<chats::SendMessage>(),
            route::<chats::Transfer>(),
            route::<chats::Typing>(),
            route::<clients::Auth>(),
            route::<clients::IntegrationAuth>(),
            route::<inboxes::GetInbox>(),
            route::<inboxes::QueryThreads>(),
            // The public API: sign-in and the client.
            route::<public_clients::AnonymousAuth>(),
            route::<public_clients::AnonymousCreate>(),
            route::<public_clients::AnonymousSignup>(),
            route::<public_clients::ClientIntegrationAuth>(),
            route::<public_clients::ClientTokenAuth>(),
            route::<public_clients::GetLastMessages>(),
            route::<public_clients::IntegrationAuthInProject>(),
            route::<public_clients::IntegrationRefresh>(),
            route::<public_clients::Me>(),
            route::<public_clients::SetLanguage>(),
            route::<public_clients::Signup>(),
            route::<push::ApnsToken>(),
            route::<push::FcmToken>(),
            route::<push::HcmToken>(),
            route::<log::LogMessage>(),
            // The client's chats and their streams.
            route::<public_chats::ChannelEvents>(),
            route::<public_chats::ChannelMessages>(),
            route::<public_chats::ChannelSend>(),
            route::<public_chats::ChannelTyping>(),
            route::<public_chats::ChannelUnread>(),
            route::<public_chats::ExistingTickets>(),
            route::<public_chats::MultichatUnread>(),
            route::<public_chats::OpenSystemChat>(),
            route::<messages::AcceptProduct>(),
            route::<messages::CheckMessage>(),
            route::<messages::DeclineProduct>(),
            route::<messages::DeleteTransferToChannel>(),
            route::<messages::MarkMessageListened>(),
            route::<messages::MarkMessagesRead>(),
            route::<messages::MarkMessagesReceived>(),
            // Files.
            route::<files::DownloadFile>(),
            route::<files::DownloadImage>(),
            route::<files::FileToken>(),
            route::<files::GetFile>(),
            route::<files::GetFilesConfig>(),
            route::<files::UploadFile>(),
            // Ratings and polls.
            route::<ratings::FinishPoll>(),
            route::<ratings::IgnoreRating>(),
            route::<ratings::QueryPoll>(),
            route::<ratings::Rate>(),
            route::<ratings::SendPoll>(),
            // The channel's settings.
            route::<settings::AudioMessagesEnabled>(),
            route::<settings::GetBlocker>(),
            route::<settings::GetChatSettings>(),
            route::<settings::GetEndAppealsSettings>(),
            route::<settings::GetGreetings>(),
            route::<settings::GetLanguages>(),
            route::<settings::GetPersonalDataForm>(),
            route::<settings::GetServerVersion>(),
            route::<settings::GetStyles>(),
            route::<settings::IgnoreInfoRequest>(),
            route::<settings::InfoRequestLink>(),
            route::<settings::RespondInfoRequest>(),
        ]))
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

/// An envelope in `spelling`, for a request no method's spelling applies to (an
/// unknown path).
pub(crate) fn error_envelope(spelling: Spelling, error: Error) -> HttpResponse {
    let body = codec::encode_response_as(&Response::<()>::failure(error), spelling)
        .unwrap_or_else(|_| br#"{"OK":false}"#.to_vec());
    let mut response = HttpResponse::new(Body::from(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(codec::CONTENT_TYPE),
    );
    response
}

/// The envelope of method `M`, in its spelling.
pub(crate) fn answer<M: Method>(outcome: Result<(M::Data, Graph), Error>) -> HttpResponse {
    let response = match outcome {
        Ok((data, graph)) => Response::success(data, graph),
        Err(error) => Response::failure(error),
    };
    match iqchannels_proto::http::response::<M>(&response) {
        Ok(http) => http.map(Body::from),
        Err(error) => error_envelope(M::METADATA.spelling, internal(error.to_string())),
    }
}

/// Every request.
pub(crate) async fn handle(app: Arc<App>, request: axum::extract::Request) -> HttpResponse {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    // A page served from another name that resolves here (DNS rebinding) is refused.
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .map(str::to_ascii_lowercase);
    if !host.is_some_and(|host| app.hosts.contains(&host)) {
        let mut response = HttpResponse::new(Body::from(
            "this server does not answer for this Host (--allow-host NAME adds one)\n",
        ));
        *response.status_mut() = StatusCode::MISDIRECTED_REQUEST;
        return response;
    }
    if !(path.starts_with("/api/") || path.starts_with("/public/api/")) {
        return crate::static_files::serve(&app, &parts.method, path).await;
    }
    let target = parts
        .uri
        .path_and_query()
        .map_or("/", |target| target.as_str());
    let handler = match app.router.route(parts.method.as_str(), target) {
        Ok(route) => app.routes.0.get(route.metadata().path).copied(),
        Err(error) => return error_envelope(spelling_of(path), Error::from(error)),
    };
    match handler {
        Some(handler) => handler(app, parts, body).await,
        // The route table has every method of the registry (the test below).
        None => error_envelope(spelling_of(path), internal("no handler for this method")),
    }
}

/// The most a body is read of where no credential stands behind it (a sign-in) or the
/// method takes none.
const SMALL_BODY: usize = 64 << 10;

/// Method `M`'s answer to a request: its caller resolved first (a request that will be
/// refused is refused before a byte of its body is read), then its body read within the
/// limits, then its handler run. Database work runs off the async workers, which keep
/// serving connections, streams and static files meanwhile.
async fn respond<M: Serve>(app: Arc<App>, parts: Parts, body: Body) -> HttpResponse {
    let spelling = M::METADATA.spelling;
    let failed = |error: tokio::task::JoinError| {
        let text = format!("the request's handler failed: {error}");
        error_envelope(spelling, internal(text))
    };
    let resolved = {
        let app = Arc::clone(&app);
        tokio::task::spawn_blocking(move || {
            let caller = M::Caller::resolve(&app, &M::METADATA, &parts);
            (parts, caller)
        })
        .await
    };
    let (parts, caller) = match resolved {
        Ok((parts, Ok(caller))) => (parts, caller),
        Ok((_, Err(error))) => return answer::<M>(Err(error)),
        Err(error) => return failed(error),
    };
    // A body that no credential stands behind (a sign-in), or that the method does not
    // take, needs no more than a small one.
    let limit = match (M::METADATA.body, M::METADATA.auth) {
        (BodyKind::Empty, _) | (_, Auth::None) => app.config.max_body.min(SMALL_BODY),
        _ => app.config.max_body,
    };
    let body = match tokio::time::timeout(app.config.body_timeout, read_body(body, limit)).await {
        Ok(Ok(body)) => body,
        Ok(Err(text)) => return answer::<M>(Err(invalid(text))),
        Err(_) => {
            let seconds = app.config.body_timeout.as_secs_f64();
            let text = format!("the body took longer than {seconds} s to arrive");
            return answer::<M>(Err(invalid(text)));
        }
    };
    tokio::task::spawn_blocking(move || {
        let http = axum::http::Request::from_parts(parts, body);
        let reply = read_request::<M, Bytes>(&http).and_then(|incoming| {
            M::serve(Call {
                app: &app,
                caller,
                request: incoming.request,
                http: &http,
            })
        });
        match reply {
            Ok(Reply::Data(data, graph)) => answer::<M>(Ok((data, graph))),
            Ok(Reply::Http(response)) => response,
            Err(error) => answer::<M>(Err(error)),
        }
    })
    .await
    .unwrap_or_else(failed)
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

#[cfg(test)]
mod tests {
    use super::*;
    use iqchannels_proto::api::MethodVisitor;

    /// The route table and the crate's registry list the same methods.
    #[test]
    fn every_registry_method_has_a_handler() {
        struct Path;
        impl MethodVisitor for Path {
            type Output = &'static str;
            fn visit<M: Method>(&mut self) -> &'static str {
                M::METADATA.path
            }
        }
        let routes = Routes::new();
        let registry = api::visit_all(&mut Path);
        let unserved: Vec<_> = registry
            .iter()
            .filter(|path| !routes.0.contains_key(*path))
            .collect();
        assert!(unserved.is_empty(), "no handler for {unserved:?}");
        assert_eq!(routes.0.len(), registry.len(), "a route for no method");
    }

    /// The development server's page lists every endpoint it serves.
    #[test]
    fn the_docs_list_every_endpoint() {
        let page = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/devserver.md");
        let page = std::fs::read_to_string(page).expect("docs/devserver.md");
        let missing: Vec<_> = Routes::new()
            .0
            .into_keys()
            .filter(|path| !page.contains(&format!("`{path}`")))
            .collect();
        assert!(missing.is_empty(), "docs/devserver.md lacks {missing:?}");
    }
}
