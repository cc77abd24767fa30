//! Credentials: a user's session cookie, a service account's bearer token, and a client's
//! session token (the public client API's), in each of the carriers it travels in.
//!
//! A token is checked when the credentials are built, so that it can always be put in an
//! HTTP header as is, and it never shows in `Debug`, `Display` or any error message.
//! Tokens are compared in constant time.
//!
//! # Carriers
//!
//! | kind | carrier ([`Carrier`]) | header |
//! |------|-----------------------|--------|
//! | [`CredentialKind::ServiceAccount`] | [`Carrier::Authorization`] | `Authorization: Bearer <token>` |
//! | [`CredentialKind::Client`] | [`Carrier::Authorization`] | `Authorization: Client <token>` (Android, iOS) |
//! | [`CredentialKind::Client`] | [`Carrier::XClientAuthorization`] | `X-Client-Authorization: <token>` (the web widget) |
//! | [`CredentialKind::Client`] | [`Carrier::ClientSessionCookie`] | `Cookie: client-session=<token>` |
//! | [`CredentialKind::UserSession`] | [`Carrier::UserSessionCookie`] | `Cookie: user-session=<token>` |
//!
//! A client's stream in a browser (an `EventSource`, which cannot set headers) carries the
//! signed [`ClientStreamToken`] in the `x-client-token` query parameter instead; a server
//! sets the `client-session` cookie with [`ClientSessionCookie`].
//!
//! # Which carrier wins
//!
//! A server reads a request's headers with [`Credentials::from_headers`], telling it which
//! kinds the endpoint accepts ([`CredentialKind::INTERNAL_API`],
//! [`CredentialKind::PUBLIC_API`]). Of the carriers present, of an accepted kind, the
//! first in this order counts:
//!
//! 1. `Authorization` (`Bearer` is a service account, `Client` a client): what the caller
//!    chose for this very request;
//! 2. `X-Client-Authorization`: the web widget's current token, which it swaps when the
//!    user switches between channels, while its cookie stays the one of the last login;
//! 3. the `client-session` cookie: attached by the browser, whoever asked;
//! 4. the `user-session` cookie: an operator's, which the browser also attaches to the
//!    widget's requests when the operator's application is served from the same host.
//!
//! The carrier that counts decides: when its token is malformed the answer is an error, even
//! if a later carrier holds a good one; so is an `Authorization` header of another scheme
//! (`Basic`, `Token`, ...), which is more likely a mistake to report than one to pass over
//! for a cookie. A carrier with an **empty** token counts as absent, not as malformed: iOS
//! sends `Authorization: Client ` with nothing after the scheme on its stream before it has
//! a token, and an empty header or a cookie left empty names no session either. A carrier
//! of a kind the endpoint does not accept is not looked at, not even for its form; so an
//! operator's `user-session` cookie never turns a widget's request into an operator's, nor
//! a widget's `client-session` cookie an operator's request into a client's.

use std::fmt;

mod cookie;
mod stream_token;

pub use cookie::ClientSessionCookie;
pub use stream_token::{
    ClientStreamToken, StreamTokenError, CLIENT_TOKEN_PARAM, STREAM_TOKEN_MAX_LEN,
    STREAM_TOKEN_SKEW_MS,
};

/// The name of the cookie that carries a user's session token.
pub const SESSION_COOKIE: &str = "user-session";

/// The name of the cookie that carries a client's session token (the public client API).
pub const CLIENT_SESSION_COOKIE: &str = "client-session";

/// The `Authorization` header's name: `Bearer <token>` or `Client <token>`.
pub const AUTHORIZATION: &str = "Authorization";

/// The web widget's header for a client's token, bare (no scheme word).
pub const X_CLIENT_AUTHORIZATION: &str = "X-Client-Authorization";

/// The `Cookie` header's name.
pub const COOKIE: &str = "Cookie";

/// The `Set-Cookie` header's name (see [`ClientSessionCookie`]).
pub const SET_COOKIE: &str = "Set-Cookie";

/// The `Authorization` scheme of a service account's token.
pub const BEARER_SCHEME: &str = "Bearer";

/// The `Authorization` scheme of a client's token.
pub const CLIENT_SCHEME: &str = "Client";

/// Which kind of [`Credentials`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialKind {
    /// A user's session, sent as `Cookie: user-session=<token>`.
    UserSession,
    /// A service account, sent as `Authorization: Bearer <token>`.
    ServiceAccount,
    /// A client's session (the public client API), sent as `Authorization: Client
    /// <token>`, `X-Client-Authorization: <token>` or `Cookie: client-session=<token>`.
    Client,
}

impl CredentialKind {
    /// What the internal API (operators, services) accepts: a user's session or a service
    /// account, never a client's token.
    ///
    /// ```
    /// use iqchannels_proto::CredentialKind;
    ///
    /// assert!(!CredentialKind::INTERNAL_API.contains(&CredentialKind::Client));
    /// ```
    pub const INTERNAL_API: &'static [Self] = &[Self::ServiceAccount, Self::UserSession];

    /// What the public client API (`/public/api/v1`) accepts: a client's token only.
    ///
    /// ```
    /// use iqchannels_proto::CredentialKind;
    ///
    /// assert_eq!(CredentialKind::PUBLIC_API, &[CredentialKind::Client]);
    /// ```
    pub const PUBLIC_API: &'static [Self] = &[Self::Client];

    /// Every kind.
    ///
    /// ```
    /// use iqchannels_proto::CredentialKind;
    ///
    /// assert_eq!(CredentialKind::ALL.len(), 3);
    /// ```
    pub const ALL: &'static [Self] = &[Self::ServiceAccount, Self::Client, Self::UserSession];
}

/// Where a request carries its credentials: the header, and for cookies which one.
///
/// ```
/// use iqchannels_proto::Carrier;
///
/// assert_eq!(Carrier::XClientAuthorization.header_name(), "X-Client-Authorization");
/// assert!(Carrier::ClientSessionCookie.is_cookie());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Carrier {
    /// `Authorization: Bearer <token>` (a service account) or `Authorization: Client
    /// <token>` (a client).
    Authorization,
    /// `X-Client-Authorization: <token>` (a client, the web widget's way).
    XClientAuthorization,
    /// `Cookie: client-session=<token>` (a client).
    ClientSessionCookie,
    /// `Cookie: user-session=<token>` (a user's session).
    UserSessionCookie,
}

impl Carrier {
    /// The header it is: `Authorization`, `X-Client-Authorization` or `Cookie`.
    ///
    /// ```
    /// use iqchannels_proto::Carrier;
    ///
    /// assert_eq!(Carrier::UserSessionCookie.header_name(), "Cookie");
    /// ```
    pub fn header_name(self) -> &'static str {
        match self {
            Self::Authorization => AUTHORIZATION,
            Self::XClientAuthorization => X_CLIENT_AUTHORIZATION,
            Self::ClientSessionCookie | Self::UserSessionCookie => COOKIE,
        }
    }

    /// Whether it is a cookie, which a browser attaches by itself to every request to the
    /// host, whichever page made it: a server accepting it must guard against cross-site
    /// request forgery, which a header the page set itself rules out.
    ///
    /// ```
    /// use iqchannels_proto::Carrier;
    ///
    /// assert!(!Carrier::Authorization.is_cookie());
    /// assert!(Carrier::UserSessionCookie.is_cookie());
    /// ```
    pub fn is_cookie(self) -> bool {
        matches!(self, Self::ClientSessionCookie | Self::UserSessionCookie)
    }
}

/// What authorises a request: a user's session token, a service account's token or a
/// client's session token.
///
/// ```
/// use iqchannels_proto::{Carrier, Credentials};
///
/// let session = Credentials::user_session("7b6ea6627729db70414da6518561ddc2e07a320e.00000000000000000")?;
/// assert_eq!(session.header_name(), "Cookie");
/// assert_eq!(session.header_value(), "user-session=7b6ea6627729db70414da6518561ddc2e07a320e.00000000000000000");
/// assert_eq!(format!("{session:?}"), "Credentials { kind: UserSession, token: <redacted> }");
///
/// let service = Credentials::service_account("3dd194ed5b5f6302")?;
/// assert_eq!((service.header_name(), service.header_value().as_str()), ("Authorization", "Bearer 3dd194ed5b5f6302"));
///
/// let client = Credentials::client("example-session-token")?;
/// assert_eq!(client.header_value(), "Client example-session-token");
/// assert_eq!(
///     client.header_in(Carrier::ClientSessionCookie),
///     Some(("Cookie", "client-session=example-session-token".to_owned()))
/// );
/// assert_eq!(client.to_string(), "client session (token redacted)");
/// # Ok::<(), iqchannels_proto::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Credentials {
    kind: CredentialKind,
    token: String,
}

/// Why a token or a header was refused. Never contains the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The token is empty.
    #[error("the token is empty")]
    Empty,
    /// A byte of the token cannot stand in the header: for a session or a client, only
    /// RFC 6265 cookie-octets can; for a service account, only RFC 6750 token68 characters.
    #[error("the token has a byte not allowed in its header at byte {position}")]
    InvalidByte {
        /// The 0-based index of the first such byte in the token.
        position: usize,
    },
    /// The `Cookie` header has no `user-session` cookie.
    #[error("the Cookie header has no user-session cookie")]
    NoSessionCookie,
    /// The `Cookie` header has no `client-session` cookie.
    #[error("the Cookie header has no client-session cookie")]
    NoClientSessionCookie,
    /// The `Authorization` header is neither `Bearer <token>` nor `Client <token>`.
    #[error("the Authorization header's scheme is neither \"Bearer\" nor \"Client\"")]
    UnknownScheme,
}

impl Credentials {
    /// A user's session token, as the login gave it.
    ///
    /// ```
    /// use iqchannels_proto::{CredentialKind, Credentials};
    ///
    /// assert_eq!(Credentials::user_session("abc")?.kind(), CredentialKind::UserSession);
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When the token is empty or has a byte outside RFC 6265's cookie-octet (control
    /// bytes, space, `"`, `,`, `;`, `\`, non-ASCII).
    pub fn user_session(token: impl Into<String>) -> Result<Self, CredentialsError> {
        Self::new(CredentialKind::UserSession, token.into())
    }

    /// A service account's token, as the product generated it.
    ///
    /// ```
    /// use iqchannels_proto::{CredentialsError, Credentials};
    ///
    /// assert!(Credentials::service_account("3dd194ed5b5f6302").is_ok());
    /// assert_eq!(Credentials::service_account("a b"), Err(CredentialsError::InvalidByte { position: 1 }));
    /// ```
    ///
    /// # Errors
    ///
    /// When the token is empty or is not RFC 6750's token68: letters, digits and
    /// `-._~+/`, then optionally `=` padding.
    pub fn service_account(token: impl Into<String>) -> Result<Self, CredentialsError> {
        Self::new(CredentialKind::ServiceAccount, token.into())
    }

    /// A client's session token: `Session.Token` of the `ClientAuth` that a login or a
    /// signup returned (public client API).
    ///
    /// ```
    /// use iqchannels_proto::{CredentialsError, Credentials};
    ///
    /// let client = Credentials::client("example-session-token")?;
    /// assert_eq!(client.header_name(), "Authorization");
    /// assert_eq!(client.header_value(), "Client example-session-token");
    /// assert_eq!(Credentials::client(""), Err(CredentialsError::Empty));
    /// # Ok::<(), CredentialsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When the token is empty or has a byte outside RFC 6265's cookie-octet, as for a
    /// user's session: the same token must also fit in the `client-session` cookie.
    pub fn client(token: impl Into<String>) -> Result<Self, CredentialsError> {
        Self::new(CredentialKind::Client, token.into())
    }

    fn new(kind: CredentialKind, token: String) -> Result<Self, CredentialsError> {
        check_token(kind, token.as_bytes())?;
        Ok(Self { kind, token })
    }

    /// Server side: the session in a `Cookie` header's value (`a=1; user-session=<token>`).
    /// The first `user-session` cookie counts; a value in double quotes is unquoted.
    ///
    /// ```
    /// use iqchannels_proto::{CredentialKind, Credentials};
    ///
    /// let read = Credentials::from_cookie_header("theme=dark; user-session=abc")?;
    /// assert_eq!((read.kind(), read.token()), (CredentialKind::UserSession, "abc"));
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When there is no such cookie or its token is not valid.
    pub fn from_cookie_header(value: impl AsRef<[u8]>) -> Result<Self, CredentialsError> {
        let token =
            find_cookie(value.as_ref(), SESSION_COOKIE).ok_or(CredentialsError::NoSessionCookie)?;
        Self::from_bytes(CredentialKind::UserSession, token)
    }

    /// Server side: the client's session in a `Cookie` header's value (`a=1;
    /// client-session=<token>`). The first `client-session` cookie counts; a value in double
    /// quotes is unquoted.
    ///
    /// ```
    /// use iqchannels_proto::{CredentialKind, Credentials, CredentialsError};
    ///
    /// let read = Credentials::from_client_cookie_header("user-session=op; client-session=abc")?;
    /// assert_eq!((read.kind(), read.token()), (CredentialKind::Client, "abc"));
    /// assert_eq!(
    ///     Credentials::from_client_cookie_header("user-session=op"),
    ///     Err(CredentialsError::NoClientSessionCookie)
    /// );
    /// # Ok::<(), CredentialsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When there is no such cookie or its token is not valid.
    pub fn from_client_cookie_header(value: impl AsRef<[u8]>) -> Result<Self, CredentialsError> {
        let token = find_cookie(value.as_ref(), CLIENT_SESSION_COOKIE)
            .ok_or(CredentialsError::NoClientSessionCookie)?;
        Self::from_bytes(CredentialKind::Client, token)
    }

    /// Server side: the credentials in an `Authorization` header's value: `Bearer <token>`
    /// (a service account) or `Client <token>` (a client); the scheme in any case, as RFC
    /// 7235 says.
    ///
    /// ```
    /// use iqchannels_proto::{CredentialKind, Credentials, CredentialsError};
    ///
    /// let service = Credentials::from_authorization_header("Bearer 3dd194ed5b5f6302")?;
    /// assert_eq!(service.kind(), CredentialKind::ServiceAccount);
    /// let client = Credentials::from_authorization_header("Client abc")?;
    /// assert_eq!((client.kind(), client.token()), (CredentialKind::Client, "abc"));
    /// // iOS's stream before it has a token:
    /// assert_eq!(Credentials::from_authorization_header("Client "), Err(CredentialsError::Empty));
    /// # Ok::<(), CredentialsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`CredentialsError::UnknownScheme`] when the scheme is neither, else when the token
    /// is empty or not valid.
    pub fn from_authorization_header(value: impl AsRef<[u8]>) -> Result<Self, CredentialsError> {
        let value = trim(value.as_ref());
        let (scheme, token) = match value.iter().position(|byte| *byte == b' ') {
            Some(space) => (&value[..space], trim(&value[space..])),
            None => (value, &[][..]),
        };
        let kind = if scheme.eq_ignore_ascii_case(BEARER_SCHEME.as_bytes()) {
            CredentialKind::ServiceAccount
        } else if scheme.eq_ignore_ascii_case(CLIENT_SCHEME.as_bytes()) {
            CredentialKind::Client
        } else {
            return Err(CredentialsError::UnknownScheme);
        };
        Self::from_bytes(kind, token)
    }

    /// Server side: the client's token in an `X-Client-Authorization` header's value, which
    /// is the bare token (the web widget's carrier).
    ///
    /// ```
    /// use iqchannels_proto::{CredentialKind, Credentials};
    ///
    /// let read = Credentials::from_x_client_authorization_header("abc")?;
    /// assert_eq!((read.kind(), read.token()), (CredentialKind::Client, "abc"));
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When the token is empty or not valid.
    pub fn from_x_client_authorization_header(
        value: impl AsRef<[u8]>,
    ) -> Result<Self, CredentialsError> {
        Self::from_bytes(CredentialKind::Client, trim(value.as_ref()))
    }

    /// Server side: the credentials a request carries, from its headers as (name, value)
    /// pairs in the order received (names in any case; several `Cookie` headers, as HTTP/2
    /// sends them, are all looked at), with which carrier they came in. Only kinds in
    /// `accept` are looked for: [`CredentialKind::INTERNAL_API`] for the internal API,
    /// [`CredentialKind::PUBLIC_API`] for the public client API. Which carrier wins when
    /// several are present, and what counts as absent, is in the [module
    /// documentation](self#which-carrier-wins).
    ///
    /// ```
    /// use iqchannels_proto::{Carrier, CredentialKind, Credentials};
    ///
    /// let headers = [
    ///     ("cookie", "user-session=operator; client-session=stale"),
    ///     ("x-client-authorization", "current"),
    /// ];
    /// let (client, carrier) = Credentials::from_headers(headers, CredentialKind::PUBLIC_API)?.unwrap();
    /// assert_eq!((client.kind(), client.token(), carrier), (CredentialKind::Client, "current", Carrier::XClientAuthorization));
    ///
    /// // The same request read as an internal API request: the operator's session.
    /// let (user, carrier) = Credentials::from_headers(headers, CredentialKind::INTERNAL_API)?.unwrap();
    /// assert_eq!((user.token(), carrier), ("operator", Carrier::UserSessionCookie));
    ///
    /// // iOS's empty token is no token.
    /// assert_eq!(Credentials::from_headers([("Authorization", "Client ")], CredentialKind::ALL)?, None);
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When the carrier that counts holds a token that is not valid for its kind, or is an
    /// `Authorization` header of another scheme ([`CredentialsError::UnknownScheme`]).
    pub fn from_headers<I, N, V>(
        headers: I,
        accept: &[CredentialKind],
    ) -> Result<Option<(Self, Carrier)>, CredentialsError>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        let accepts = |kind| accept.contains(&kind);
        // The best carrier seen so far, by its rank in the precedence (lower wins), with
        // what reading it gave; the iterator is read once, as headers may be owned.
        let mut best: Option<(u8, Result<Self, CredentialsError>, Carrier)> = None;
        let mut offer =
            |rank: u8, carrier: Carrier, read: Option<Result<Self, CredentialsError>>| {
                let Some(read) = read else { return };
                if best
                    .as_ref()
                    .is_none_or(|(best_rank, ..)| rank < *best_rank)
                {
                    best = Some((rank, read, carrier));
                }
            };
        for (name, value) in headers {
            let (name, value) = (name.as_ref(), value.as_ref());
            if name.eq_ignore_ascii_case(AUTHORIZATION.as_bytes()) {
                let read = match Self::from_authorization_header(value) {
                    Err(CredentialsError::Empty) => None,
                    // Another scheme counts, whatever is accepted, unless it is nothing.
                    Err(CredentialsError::UnknownScheme) if trim(value).is_empty() => None,
                    Err(CredentialsError::UnknownScheme) => {
                        Some(Err(CredentialsError::UnknownScheme))
                    }
                    Ok(credentials) if !accepts(credentials.kind) => None,
                    Err(_) if !scheme_accepted(value, accepts) => None,
                    read => Some(read),
                };
                offer(0, Carrier::Authorization, read);
            } else if name.eq_ignore_ascii_case(X_CLIENT_AUTHORIZATION.as_bytes()) {
                let read = accepts(CredentialKind::Client)
                    .then(|| Self::from_x_client_authorization_header(value));
                offer(1, Carrier::XClientAuthorization, absent_if_empty(read));
            } else if name.eq_ignore_ascii_case(COOKIE.as_bytes()) {
                let client = accepts(CredentialKind::Client)
                    .then(|| find_cookie(value, CLIENT_SESSION_COOKIE))
                    .flatten()
                    .map(|token| Self::from_bytes(CredentialKind::Client, token));
                offer(2, Carrier::ClientSessionCookie, absent_if_empty(client));
                let user = accepts(CredentialKind::UserSession)
                    .then(|| find_cookie(value, SESSION_COOKIE))
                    .flatten()
                    .map(|token| Self::from_bytes(CredentialKind::UserSession, token));
                offer(3, Carrier::UserSessionCookie, absent_if_empty(user));
            }
        }
        best.map(|(_, read, carrier)| read.map(|credentials| (credentials, carrier)))
            .transpose()
    }

    fn from_bytes(kind: CredentialKind, token: &[u8]) -> Result<Self, CredentialsError> {
        check_token(kind, token)?;
        // Checked: ASCII only, so valid UTF-8 and converted without loss.
        let token = String::from_utf8_lossy(token).into_owned();
        Ok(Self { kind, token })
    }

    /// Which kind of credentials these are.
    ///
    /// ```
    /// use iqchannels_proto::{CredentialKind, Credentials};
    ///
    /// assert_eq!(Credentials::client("abc")?.kind(), CredentialKind::Client);
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    pub fn kind(&self) -> CredentialKind {
        self.kind
    }

    /// The token itself: a secret, for the server's own lookup. Do not log it.
    ///
    /// ```
    /// use iqchannels_proto::Credentials;
    ///
    /// assert_eq!(Credentials::client("abc")?.token(), "abc");
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The carrier [`header_name`](Self::header_name) and
    /// [`header_value`](Self::header_value) render: the `user-session` cookie for a user's
    /// session, `Authorization` for the others.
    ///
    /// ```
    /// use iqchannels_proto::{Carrier, Credentials};
    ///
    /// assert_eq!(Credentials::client("abc")?.carrier(), Carrier::Authorization);
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    pub fn carrier(&self) -> Carrier {
        match self.kind {
            CredentialKind::UserSession => Carrier::UserSessionCookie,
            CredentialKind::ServiceAccount | CredentialKind::Client => Carrier::Authorization,
        }
    }

    /// The header that carries the credentials: `Cookie` or `Authorization`.
    ///
    /// ```
    /// use iqchannels_proto::Credentials;
    ///
    /// assert_eq!(Credentials::service_account("abc")?.header_name(), "Authorization");
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    pub fn header_name(&self) -> &'static str {
        self.carrier().header_name()
    }

    /// The header's value, `user-session=<token>`, `Bearer <token>` or `Client <token>`:
    /// holds the secret. Made only of bytes allowed in a header value.
    ///
    /// ```
    /// use iqchannels_proto::Credentials;
    ///
    /// assert_eq!(Credentials::client("abc")?.header_value(), "Client abc");
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    pub fn header_value(&self) -> String {
        self.render(self.carrier())
    }

    /// The header (name, value) that carries the credentials in `carrier`, or `None` when
    /// this kind does not travel there: a client's token travels in `Authorization`,
    /// `X-Client-Authorization` and the `client-session` cookie, a service account's in
    /// `Authorization` only, a user's session in the `user-session` cookie only. The
    /// value holds the secret.
    ///
    /// ```
    /// use iqchannels_proto::{Carrier, Credentials};
    ///
    /// let client = Credentials::client("abc")?;
    /// assert_eq!(client.header_in(Carrier::Authorization), Some(("Authorization", "Client abc".to_owned())));
    /// assert_eq!(client.header_in(Carrier::XClientAuthorization), Some(("X-Client-Authorization", "abc".to_owned())));
    /// assert_eq!(client.header_in(Carrier::ClientSessionCookie), Some(("Cookie", "client-session=abc".to_owned())));
    /// assert_eq!(client.header_in(Carrier::UserSessionCookie), None);
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    pub fn header_in(&self, carrier: Carrier) -> Option<(&'static str, String)> {
        let carries = match self.kind {
            CredentialKind::UserSession => carrier == Carrier::UserSessionCookie,
            CredentialKind::ServiceAccount => carrier == Carrier::Authorization,
            CredentialKind::Client => matches!(
                carrier,
                Carrier::Authorization
                    | Carrier::XClientAuthorization
                    | Carrier::ClientSessionCookie
            ),
        };
        carries.then(|| (carrier.header_name(), self.render(carrier)))
    }

    /// The value in `carrier`, which [`header_in`](Self::header_in) has checked fits.
    fn render(&self, carrier: Carrier) -> String {
        let token = &self.token;
        match (carrier, self.kind) {
            (Carrier::Authorization, CredentialKind::ServiceAccount) => {
                format!("{BEARER_SCHEME} {token}")
            }
            (Carrier::Authorization, _) => format!("{CLIENT_SCHEME} {token}"),
            (Carrier::XClientAuthorization, _) => token.clone(),
            (Carrier::ClientSessionCookie, _) => format!("{CLIENT_SESSION_COOKIE}={token}"),
            (Carrier::UserSessionCookie, _) => format!("{SESSION_COOKIE}={token}"),
        }
    }
}

/// Whether the scheme of an `Authorization` value that failed to read names an accepted
/// kind, so that its failure counts.
fn scheme_accepted(value: &[u8], accepts: impl Fn(CredentialKind) -> bool) -> bool {
    let value = trim(value);
    let scheme = value.split(|byte| *byte == b' ').next().unwrap_or(value);
    (scheme.eq_ignore_ascii_case(BEARER_SCHEME.as_bytes())
        && accepts(CredentialKind::ServiceAccount))
        || (scheme.eq_ignore_ascii_case(CLIENT_SCHEME.as_bytes())
            && accepts(CredentialKind::Client))
}

/// A carrier whose token is empty is absent.
fn absent_if_empty(
    read: Option<Result<Credentials, CredentialsError>>,
) -> Option<Result<Credentials, CredentialsError>> {
    read.filter(|read| *read != Err(CredentialsError::Empty))
}

/// The value of the first cookie called `name` in a `Cookie` header's value, unquoted.
fn find_cookie<'a>(header: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let value = header
        .split(|byte| *byte == b';')
        .map(trim)
        .find_map(|pair| pair.strip_prefix(name.as_bytes())?.strip_prefix(b"="))?;
    Some(match value {
        [b'"', inner @ .., b'"'] => inner,
        _ => value,
    })
}

/// Compares tokens in time that depends on their lengths only, not on where they differ,
/// so a server comparing a presented token with a stored one leaks nothing through timing.
impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.token.as_bytes(), other.token.as_bytes());
        let differ = a.iter().zip(b).fold(0u8, |differ, (x, y)| differ | (x ^ y));
        self.kind == other.kind && a.len() == b.len() && differ == 0
    }
}

impl Eq for Credentials {}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("kind", &self.kind)
            .field("token", &format_args!("<redacted>"))
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            CredentialKind::UserSession => f.write_str("user session (token redacted)"),
            CredentialKind::ServiceAccount => f.write_str("service account (token redacted)"),
            CredentialKind::Client => f.write_str("client session (token redacted)"),
        }
    }
}

/// Strips spaces and tabs at both ends (HTTP's optional white space).
fn trim(bytes: &[u8]) -> &[u8] {
    let is_space = |byte: &u8| *byte == b' ' || *byte == b'\t';
    let start = bytes
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// Whether `token` can be a token of this kind.
fn check_token(kind: CredentialKind, token: &[u8]) -> Result<(), CredentialsError> {
    match kind {
        CredentialKind::UserSession | CredentialKind::Client => check_cookie_value(token),
        CredentialKind::ServiceAccount => check_token68(token),
    }
}

/// RFC 6265: `cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E`.
fn check_cookie_value(token: &[u8]) -> Result<(), CredentialsError> {
    let allowed =
        |byte: u8| matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
    check(token, |_, byte| allowed(byte))
}

/// RFC 6750: `token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
fn check_token68(token: &[u8]) -> Result<(), CredentialsError> {
    let body_len = token
        .iter()
        .rposition(|byte| *byte != b'=')
        .map_or(0, |i| i + 1);
    check(token, |index, byte| {
        if index < body_len {
            byte.is_ascii_alphanumeric() || b"-._~+/".contains(&byte)
        } else {
            byte == b'='
        }
    })?;
    if body_len == 0 {
        // Only padding: token68 needs at least one character before it.
        return Err(CredentialsError::InvalidByte { position: 0 });
    }
    Ok(())
}

fn check(token: &[u8], allowed: impl Fn(usize, u8) -> bool) -> Result<(), CredentialsError> {
    if token.is_empty() {
        return Err(CredentialsError::Empty);
    }
    match token
        .iter()
        .enumerate()
        .position(|(index, byte)| !allowed(index, *byte))
    {
        Some(position) => Err(CredentialsError::InvalidByte { position }),
        None => Ok(()),
    }
}
