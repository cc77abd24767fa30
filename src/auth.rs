//! Credentials: a user's session cookie or a service account's bearer token.
//!
//! A token is checked when the credentials are built, so that it can always be put in an
//! HTTP header as is, and it never shows in `Debug`, `Display` or any error message.

use std::fmt;

/// The name of the cookie that carries a user's session token.
pub const SESSION_COOKIE: &str = "user-session";

/// Which kind of [`Credentials`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialKind {
    /// A user's session, sent as `Cookie: user-session=<token>`.
    UserSession,
    /// A service account, sent as `Authorization: Bearer <token>`.
    ServiceAccount,
}

/// What authorises a request: a user's session token or a service account's token.
///
/// ```
/// use iqchannels_proto::Credentials;
///
/// let session = Credentials::user_session("7b6ea6627729db70414da6518561ddc2e07a320e.00000000000000000")?;
/// assert_eq!(session.header_name(), "Cookie");
/// assert_eq!(session.header_value(), "user-session=7b6ea6627729db70414da6518561ddc2e07a320e.00000000000000000");
/// assert_eq!(format!("{session:?}"), "Credentials { kind: UserSession, token: <redacted> }");
///
/// let service = Credentials::service_account("3dd194ed5b5f6302")?;
/// assert_eq!((service.header_name(), service.header_value().as_str()), ("Authorization", "Bearer 3dd194ed5b5f6302"));
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
    /// A byte of the token cannot stand in the header: for a session, only RFC 6265
    /// cookie-octets can; for a service account, only RFC 6750 token68 characters.
    #[error("the token has a byte not allowed in its header at byte {position}")]
    InvalidByte {
        /// The 0-based index of the first such byte in the token.
        position: usize,
    },
    /// The `Cookie` header has no `user-session` cookie.
    #[error("the Cookie header has no user-session cookie")]
    NoSessionCookie,
    /// The `Authorization` header is not `Bearer <token>`.
    #[error("the Authorization header is not of the form \"Bearer <token>\"")]
    NotBearer,
}

impl Credentials {
    /// A user's session token, as the login gave it.
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
    /// # Errors
    ///
    /// When the token is empty or is not RFC 6750's token68: letters, digits and
    /// `-._~+/`, then optionally `=` padding.
    pub fn service_account(token: impl Into<String>) -> Result<Self, CredentialsError> {
        Self::new(CredentialKind::ServiceAccount, token.into())
    }

    fn new(kind: CredentialKind, token: String) -> Result<Self, CredentialsError> {
        let check = match kind {
            CredentialKind::UserSession => check_cookie_value,
            CredentialKind::ServiceAccount => check_token68,
        };
        check(token.as_bytes())?;
        Ok(Self { kind, token })
    }

    /// Server side: the session in a `Cookie` header's value (`a=1; user-session=<token>`).
    /// The first `user-session` cookie counts; a value in double quotes is unquoted.
    ///
    /// # Errors
    ///
    /// When there is no such cookie or its token is not valid.
    pub fn from_cookie_header(value: impl AsRef<[u8]>) -> Result<Self, CredentialsError> {
        let token = value
            .as_ref()
            .split(|byte| *byte == b';')
            .map(trim)
            .find_map(|pair| {
                pair.strip_prefix(SESSION_COOKIE.as_bytes())?
                    .strip_prefix(b"=")
            })
            .ok_or(CredentialsError::NoSessionCookie)?;
        let token = match token {
            [b'"', inner @ .., b'"'] => inner,
            _ => token,
        };
        check_cookie_value(token)?;
        Self::user_session(String::from_utf8_lossy(token))
    }

    /// Server side: the service account in an `Authorization` header's value
    /// (`Bearer <token>`; the scheme in any case, as RFC 7235 says).
    ///
    /// # Errors
    ///
    /// When the value is not `Bearer` and a valid token.
    pub fn from_authorization_header(value: impl AsRef<[u8]>) -> Result<Self, CredentialsError> {
        let value = trim(value.as_ref());
        let space = value
            .iter()
            .position(|byte| *byte == b' ')
            .ok_or(CredentialsError::NotBearer)?;
        let (scheme, token) = value.split_at(space);
        if !scheme.eq_ignore_ascii_case(b"Bearer") {
            return Err(CredentialsError::NotBearer);
        }
        let token = trim(token);
        check_token68(token)?;
        Self::service_account(String::from_utf8_lossy(token))
    }

    /// Which kind of credentials these are.
    pub fn kind(&self) -> CredentialKind {
        self.kind
    }

    /// The token itself: a secret, for the server's own lookup. Do not log it.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The header that carries the credentials: `Cookie` or `Authorization`.
    pub fn header_name(&self) -> &'static str {
        match self.kind {
            CredentialKind::UserSession => "Cookie",
            CredentialKind::ServiceAccount => "Authorization",
        }
    }

    /// The header's value, `user-session=<token>` or `Bearer <token>`: holds the secret.
    /// Made only of bytes allowed in a header value.
    pub fn header_value(&self) -> String {
        match self.kind {
            CredentialKind::UserSession => format!("{SESSION_COOKIE}={}", self.token),
            CredentialKind::ServiceAccount => format!("Bearer {}", self.token),
        }
    }
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
