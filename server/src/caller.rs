//! Who calls: resolved once per request, from its headers and query, before its body is
//! read, as the method's declared credential ([`Auth`]) says. A handler receives its
//! [`Caller`] already checked and cannot forget to check it; the route table checks at
//! compile time that each handler's caller is the one its method declares.

use axum::http::request::Parts;
use iqchannels_proto::methods::{parse_query, Auth, Metadata};
use iqchannels_proto::{
    Client, ClientSession, ClientStreamToken, CredentialKind, Credentials, Error, FileId, UserId,
    CLIENT_TOKEN_PARAM,
};
use subtle::ConstantTimeEq;

use crate::errors::unauthorized;
use crate::store::{Store, OPERATOR_ID};
use crate::{now_ms, App};

/// The stream token of a browser's `EventSource` is good for this long after it was
/// signed (the widget signs one afresh for each connection).
const STREAM_TOKEN_MAX_AGE_MS: u64 = 5 * 60_000;

/// The caller of a method whose credential is [`Caller::AUTH`].
pub(crate) trait Caller: Sized + Send + 'static {
    /// The credential of the methods this caller serves.
    const AUTH: Auth;

    /// The caller of a request for the method of `metadata`, or the error (`unauthorized`)
    /// that answers it.
    fn resolve(app: &App, metadata: &Metadata, parts: &Parts) -> Result<Self, Error>;
}

/// Whether two credentials are the same, at compile time: the route table asserts
/// `same_auth(Caller::AUTH, METADATA.auth)` for every method.
pub(crate) const fn same_auth(a: Auth, b: Auth) -> bool {
    matches!(
        (a, b),
        (Auth::None, Auth::None)
            | (Auth::Client, Auth::Client)
            | (Auth::Operator, Auth::Operator)
            | (Auth::FileToken, Auth::FileToken)
    )
}

/// The credentials the request's headers carry, of the kinds the method reads.
fn credentials(metadata: &Metadata, parts: &Parts) -> Result<Option<Credentials>, Error> {
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()));
    Credentials::from_headers(headers, metadata.auth.credential_kinds())
        .map(|found| found.map(|(credentials, _carrier)| credentials))
        .map_err(|error| unauthorized(error.to_string()))
}

/// A method anyone may call: a sign-in, the public configuration.
pub(crate) struct Anyone;

impl Caller for Anyone {
    const AUTH: Auth = Auth::None;

    fn resolve(_: &App, _: &Metadata, _: &Parts) -> Result<Self, Error> {
        Ok(Self)
    }
}

/// A signed-in client: its session named by its credentials, or, for a stream a
/// browser's `EventSource` opens, by the signed `x-client-token` of the query (verified
/// against that session; it wins over any cookie sent with it).
pub(crate) struct AuthClient {
    /// The client.
    pub(crate) client: Client,
    /// The session it called with.
    pub(crate) session: ClientSession,
}

impl AuthClient {
    /// The client whose session `token` is.
    pub(crate) fn by_token(store: &Store, token: &str) -> Result<Self, Error> {
        let session = store
            .session_by_token(token)?
            .ok_or_else(|| unauthorized("no such session"))?;
        Self::of_session(store, session)
    }

    fn of_session(store: &Store, session: ClientSession) -> Result<Self, Error> {
        let client = store
            .client(session.client_id)?
            .ok_or_else(|| unauthorized("no such client"))?;
        Ok(Self { client, session })
    }

    fn by_credentials(store: &Store, credentials: &Credentials) -> Result<Self, Error> {
        if credentials.kind() != CredentialKind::Client {
            return Err(unauthorized("not a client's credentials"));
        }
        Self::by_token(store, credentials.token())
    }

    fn by_stream_token(store: &Store, token: &ClientStreamToken) -> Result<Self, Error> {
        let session = store
            .session(token.session_id())?
            .ok_or_else(|| unauthorized("no such session"))?;
        token
            .verify(session.token.expose(), STREAM_TOKEN_MAX_AGE_MS, now_ms())
            .map_err(|error| unauthorized(error.to_string()))?;
        Self::of_session(store, session)
    }
}

impl Caller for AuthClient {
    const AUTH: Auth = Auth::Client;

    fn resolve(app: &App, metadata: &Metadata, parts: &Parts) -> Result<Self, Error> {
        let store = app.store();
        if metadata.query.contains(&CLIENT_TOKEN_PARAM) {
            let query = parts.uri.query().unwrap_or_default();
            let token = parse_query(query)
                .into_iter()
                .find(|(name, _)| name == CLIENT_TOKEN_PARAM);
            if let Some((_, token)) = token {
                let token = ClientStreamToken::parse(token)
                    .map_err(|error| unauthorized(error.to_string()))?;
                return Self::by_stream_token(&store, &token);
            }
        }
        match credentials(metadata, parts)? {
            Some(credentials) => Self::by_credentials(&store, &credentials),
            None => Err(unauthorized("no client credentials")),
        }
    }
}

/// The operator: the seeded operator's service-account token or user session, compared
/// in constant time.
pub(crate) struct AuthOperator(pub(crate) UserId);

impl Caller for AuthOperator {
    const AUTH: Auth = Auth::Operator;

    fn resolve(app: &App, metadata: &Metadata, parts: &Parts) -> Result<Self, Error> {
        let credentials =
            credentials(metadata, parts)?.ok_or_else(|| unauthorized("no operator credentials"))?;
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
            Ok(Self(OPERATOR_ID))
        } else {
            Err(unauthorized("unknown operator credentials"))
        }
    }
}

/// Who may read a file: the holder of a file token for it (the query's `token`, checked
/// against the file by the handler, which knows the file), or a signed-in client (the
/// widget's web mode opens file links with its cookie).
pub(crate) enum FileReader {
    /// A file token: the file it was made for.
    Token(Option<FileId>),
    /// A signed-in client.
    Client(Box<AuthClient>),
}

impl Caller for FileReader {
    const AUTH: Auth = Auth::FileToken;

    fn resolve(app: &App, metadata: &Metadata, parts: &Parts) -> Result<Self, Error> {
        let query = parts.uri.query().unwrap_or_default();
        let token = parse_query(query)
            .into_iter()
            .find(|(name, _)| name == "token");
        match token {
            Some((_, token)) => Ok(Self::Token(app.store().file_for_token(&token)?)),
            None => AuthClient::resolve(app, metadata, parts)
                .map(|caller| Self::Client(Box::new(caller))),
        }
    }
}
