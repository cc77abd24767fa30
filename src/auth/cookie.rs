//! The `Set-Cookie` header with which a server gives a client its session (public API
//! §2.1-§2.2: the web widget's anonymous re-login sends only cookies).

use std::fmt;

use super::{check_cookie_value, CredentialsError, CLIENT_SESSION_COOKIE, SET_COOKIE};

/// Server side: the `Set-Cookie` header that sets a client's `client-session` cookie on a
/// successful login or signup, or expires it.
///
/// By default the cookie is `Path=/; HttpOnly; Secure; SameSite=None; Partitioned`, with
/// no `Domain` and no `Max-Age` (a session cookie, gone when the browser closes):
///
/// - the web widget is an iframe on the IQChannels host inside a customer's page, so its
///   requests, same-origin as they are, are in a cross-site context (the top-level site is
///   the customer's): a `SameSite=Lax` or `Strict` cookie would not go with its requests,
///   nor with its `EventSource`; only `SameSite=None` does, and browsers take that only
///   with `Secure`;
/// - `Partitioned` (CHIPS) keeps the cookie per top-level site: browsers that block
///   third-party cookies still keep a partitioned one, and a widget embedded in two sites
///   has a session in each; browsers that do not know it ignore it. Browsers that block
///   cookies in iframes altogether (Safari) leave the widget its token in the
///   `X-Client-Authorization` header and the stream's `x-client-token`;
/// - `HttpOnly`: scripts cannot read it; `Path=/` as the widget expires it; no `Domain`,
///   so no other host under the same domain gets it.
///
/// [`secure(false)`](Self::secure) is for plain-HTTP development hosts: the cookie then
/// goes without `Secure` and `Partitioned` and with `SameSite=Lax` (browsers refuse
/// `SameSite=None` and `Partitioned` without `Secure`), so it works only when the widget's
/// page is not embedded cross-site.
///
/// ```
/// use iqchannels_proto::ClientSessionCookie;
///
/// let cookie = ClientSessionCookie::new("example-session-token")?;
/// assert_eq!(cookie.header_name(), "Set-Cookie");
/// assert_eq!(
///     cookie.header_value(),
///     "client-session=example-session-token; Path=/; HttpOnly; Secure; SameSite=None; Partitioned"
/// );
/// assert_eq!(
///     ClientSessionCookie::new("t")?.max_age(86_400).header_value(),
///     "client-session=t; Path=/; HttpOnly; Secure; SameSite=None; Partitioned; Max-Age=86400"
/// );
/// assert_eq!(format!("{cookie:?}"), "ClientSessionCookie { token: <redacted>, secure: true, http_only: true, partitioned: true, max_age: None }");
/// # Ok::<(), iqchannels_proto::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct ClientSessionCookie {
    /// `None` to expire the cookie.
    token: Option<String>,
    secure: bool,
    http_only: bool,
    partitioned: bool,
    max_age: Option<u64>,
}

impl ClientSessionCookie {
    /// The cookie that gives the client its session token.
    ///
    /// ```
    /// use iqchannels_proto::{ClientSessionCookie, CredentialsError};
    ///
    /// assert!(ClientSessionCookie::new("abc").is_ok());
    /// assert_eq!(ClientSessionCookie::new("a;b").unwrap_err(), CredentialsError::InvalidByte { position: 1 });
    /// ```
    ///
    /// # Errors
    ///
    /// When the token is empty or has a byte outside RFC 6265's cookie-octet, as
    /// [`Credentials::client`](crate::Credentials::client) checks.
    pub fn new(token: impl Into<String>) -> Result<Self, CredentialsError> {
        let token = token.into();
        check_cookie_value(token.as_bytes())?;
        Ok(Self {
            token: Some(token),
            ..Self::expire()
        })
    }

    /// The cookie that expires the client's session cookie (logout): an empty value and
    /// `Max-Age=0`, with the same attributes as the one that set it (a browser deletes a
    /// partitioned cookie only with a partitioned `Set-Cookie`), so build it with the same
    /// [`secure`](Self::secure), [`http_only`](Self::http_only) and
    /// [`partitioned`](Self::partitioned). [`max_age`](Self::max_age) has no effect on it.
    ///
    /// ```
    /// use iqchannels_proto::ClientSessionCookie;
    ///
    /// assert_eq!(
    ///     ClientSessionCookie::expire().header_value(),
    ///     "client-session=; Path=/; HttpOnly; Secure; SameSite=None; Partitioned; Max-Age=0"
    /// );
    /// ```
    pub fn expire() -> Self {
        Self {
            token: None,
            secure: true,
            http_only: true,
            partitioned: true,
            max_age: None,
        }
    }

    /// Whether to mark the cookie `Secure` (HTTPS only), which `SameSite=None` and
    /// `Partitioned` need; on by default. Off, the cookie is `SameSite=Lax` and not
    /// partitioned: for plain-HTTP development hosts only.
    ///
    /// ```
    /// use iqchannels_proto::ClientSessionCookie;
    ///
    /// assert_eq!(
    ///     ClientSessionCookie::new("t")?.secure(false).header_value(),
    ///     "client-session=t; Path=/; HttpOnly; SameSite=Lax"
    /// );
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    #[must_use]
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// Whether to mark the cookie `HttpOnly`; on by default. The web widget as it is
    /// expires the cookie from script on logout (public API §2.2), which it cannot do to an
    /// `HttpOnly` cookie: a server serving it either answers its logout with
    /// [`expire`](Self::expire) or turns this off. (The widget also keeps the token in
    /// script for its `X-Client-Authorization` header, so `HttpOnly` hides it only from
    /// other pages of the host.)
    ///
    /// ```
    /// use iqchannels_proto::ClientSessionCookie;
    ///
    /// assert_eq!(
    ///     ClientSessionCookie::new("t")?.http_only(false).header_value(),
    ///     "client-session=t; Path=/; Secure; SameSite=None; Partitioned"
    /// );
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    #[must_use]
    pub fn http_only(mut self, http_only: bool) -> Self {
        self.http_only = http_only;
        self
    }

    /// Whether to mark the cookie `Partitioned` (CHIPS: kept per top-level site) when it is
    /// `Secure`; on by default. Off, a browser blocking third-party cookies drops it in the
    /// widget's iframe.
    ///
    /// ```
    /// use iqchannels_proto::ClientSessionCookie;
    ///
    /// assert_eq!(
    ///     ClientSessionCookie::new("t")?.partitioned(false).header_value(),
    ///     "client-session=t; Path=/; HttpOnly; Secure; SameSite=None"
    /// );
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    #[must_use]
    pub fn partitioned(mut self, partitioned: bool) -> Self {
        self.partitioned = partitioned;
        self
    }

    /// How long the browser keeps the cookie, in seconds (`Max-Age`); without it the cookie
    /// lasts as long as the browser's session. Browsers cap it at 400 days.
    ///
    /// ```
    /// use iqchannels_proto::ClientSessionCookie;
    ///
    /// let value = ClientSessionCookie::new("t")?.max_age(3600).header_value();
    /// assert!(value.ends_with("; Max-Age=3600"));
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    #[must_use]
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// The header's name: `Set-Cookie`.
    ///
    /// ```
    /// use iqchannels_proto::ClientSessionCookie;
    ///
    /// assert_eq!(ClientSessionCookie::expire().header_name(), "Set-Cookie");
    /// ```
    pub fn header_name(&self) -> &'static str {
        SET_COOKIE
    }

    /// The header's value: holds the secret (unless it expires the cookie). Made only of
    /// bytes allowed in a header value.
    ///
    /// ```
    /// use iqchannels_proto::ClientSessionCookie;
    ///
    /// assert!(ClientSessionCookie::new("abc")?.header_value().starts_with("client-session=abc; Path=/"));
    /// # Ok::<(), iqchannels_proto::CredentialsError>(())
    /// ```
    pub fn header_value(&self) -> String {
        let token = self.token.as_deref().unwrap_or_default();
        let mut value = format!("{CLIENT_SESSION_COOKIE}={token}; Path=/");
        if self.http_only {
            value.push_str("; HttpOnly");
        }
        if self.secure {
            value.push_str("; Secure; SameSite=None");
            if self.partitioned {
                value.push_str("; Partitioned");
            }
        } else {
            value.push_str("; SameSite=Lax");
        }
        match (&self.token, self.max_age) {
            (None, _) => value.push_str("; Max-Age=0"),
            (Some(_), Some(seconds)) => value.push_str(&format!("; Max-Age={seconds}")),
            (Some(_), None) => {}
        }
        value
    }
}

impl fmt::Debug for ClientSessionCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = if self.token.is_some() {
            "<redacted>"
        } else {
            "<expired>"
        };
        f.debug_struct("ClientSessionCookie")
            .field("token", &format_args!("{token}"))
            .field("secure", &self.secure)
            .field("http_only", &self.http_only)
            .field("partitioned", &self.partitioned)
            .field("max_age", &self.max_age)
            .finish()
    }
}
