//! `iqchannels-client`: an async client for the IQChannels API, on the sans-I/O codec
//! crate `iqchannels-proto`. Any method of the three APIs is one call, from its
//! declaration (verb, path and query, body, credential, envelope spelling); the
//! credentials a sign-in returns are kept; the events streams reconnect by themselves and
//! never yield an event twice or skip one.
//!
//! ```no_run
//! use iqchannels_client::Client;
//! use iqchannels_proto::api::public::chats::{ChannelMessages, ChannelSend, MessageQuery};
//! use iqchannels_proto::api::public::clients::AnonymousSignup;
//! use iqchannels_proto::ChatType;
//!
//! # async fn run() -> Result<(), iqchannels_client::Error> {
//! let anonymous = Client::new("http://127.0.0.1:8080");
//! let (client, _auth) = anonymous.sign_in(&AnonymousSignup::new("support")).await?;
//! client.call(&ChannelSend::builder("support", 1).text("Hello").build()).await?;
//! let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular));
//! let page = client.call(&history).await?;
//! println!("{} messages", page.data.len());
//! # Ok(())
//! # }
//! ```
//!
//! A call gives the method's data and graph ([`Answer`]), or one [`Error`] that tells a
//! transport failure, an HTTP status, an `OK: false` envelope and a body that does not
//! decode apart. Streams and downloads are not envelopes: [`Client::call`] refuses them at
//! compile time, and [`Client::stream`] and [`Client::download`] serve them. A call is
//! retried on a transport failure only when its method is declared safe to retry
//! ([`Metadata::safe_to_retry`](iqchannels_proto::methods::Metadata::safe_to_retry)): the
//! reads, the receipts, the settings and the sends carrying a `LocalId`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod files;
mod stream;

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use iqchannels_proto::methods::{Envelope, Method, ResponseKind};
use iqchannels_proto::{codec, Carrier, ClientAuth, Credentials, Graph, Outcome, Warning};

pub use error::Error;

/// The most of a JSON download read before it is taken as the file: what an error
/// envelope is at most.
const ENVELOPE_PEEK: usize = 64 << 10;
pub use stream::Listen;

/// A client of one server: its base URL, its settings and the credentials it sends.
/// Cheap to clone; clones share their connections.
///
/// ```
/// use iqchannels_client::Client;
/// use iqchannels_proto::Credentials;
///
/// let operator = Client::new("http://127.0.0.1:8080")
///     .with_credentials(Credentials::service_account("token").unwrap());
/// assert!(operator.credentials().is_some());
/// ```
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    credentials: Option<Credentials>,
    /// Each call's time limit: the builder's, or [`Client::with_timeout`]'s.
    timeout: Duration,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The credentials' kind only: their token is a secret.
        f.debug_struct("Client")
            .field("base", &self.shared.base)
            .field(
                "credentials",
                &self.credentials.as_ref().map(Credentials::kind),
            )
            .finish_non_exhaustive()
    }
}

/// What clones of a [`Client`] share.
struct Shared {
    http: reqwest::Client,
    base: String,
    settings: Settings,
}

/// A client's settings: see [`ClientBuilder`].
#[derive(Clone, Debug)]
struct Settings {
    timeout: Duration,
    retries: u32,
    carrier: Carrier,
    stall: Duration,
    reconnect_delays: Vec<Duration>,
}

/// Sets a [`Client`] up.
///
/// ```
/// use std::time::Duration;
/// use iqchannels_client::Client;
/// use iqchannels_proto::Carrier;
///
/// let client = Client::builder("http://127.0.0.1:8080")
///     .timeout(Duration::from_secs(10))
///     .retries(2)
///     .client_carrier(Carrier::XClientAuthorization)
///     .stall_after(Duration::from_secs(60))
///     .reconnect_delays(vec![Duration::from_millis(500), Duration::from_secs(5)])
///     .build();
/// # let _ = client;
/// ```
#[derive(Debug)]
pub struct ClientBuilder {
    base: String,
    settings: Settings,
}

impl ClientBuilder {
    /// Each call's time limit, from sending to the whole answer (30 s unless set);
    /// a call past it fails with [`Error::Transport`] (a timeout).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// How many times a call whose method is safe to retry is sent again after a
    /// transport failure (2 unless set); other calls are never sent again.
    #[must_use]
    pub fn retries(mut self, retries: u32) -> Self {
        self.settings.retries = retries;
        self
    }

    /// Where a client's session travels: `Authorization: Client <token>` (the default),
    /// `X-Client-Authorization` or the `client-session` cookie. Operators' credentials
    /// travel as their kind says.
    #[must_use]
    pub fn client_carrier(mut self, carrier: Carrier) -> Self {
        self.settings.carrier = carrier;
        self
    }

    /// How long a stream may go without a byte, not even a keep-alive, before it is
    /// taken as dropped and reconnected (45 s unless set: three of the server's 15 s
    /// keep-alives).
    #[must_use]
    pub fn stall_after(mut self, stall: Duration) -> Self {
        self.settings.stall = stall;
        self
    }

    /// The waits before each reconnection of a stream in a row, the last repeated (the
    /// web widget's 1, 2, 5, 10, 15, 20 and 30 s unless set); counting starts again
    /// when a frame with events arrives.
    #[must_use]
    pub fn reconnect_delays(mut self, delays: Vec<Duration>) -> Self {
        if !delays.is_empty() {
            self.settings.reconnect_delays = delays;
        }
        self
    }

    /// The client, with no credentials.
    pub fn build(self) -> Client {
        Client {
            timeout: self.settings.timeout,
            shared: Arc::new(Shared {
                http: reqwest::Client::new(),
                base: self.base,
                settings: self.settings,
            }),
            credentials: None,
        }
    }
}

/// What a call gives back: the method's data, the related objects (its graph), and what
/// the answer did that the documented form does not (malformed graph elements left out).
///
/// ```no_run
/// use iqchannels_client::Client;
/// use iqchannels_proto::api::public::chats::{ChannelMessages, MessageQuery};
/// use iqchannels_proto::ChatType;
/// # async fn run(client: Client) -> Result<(), iqchannels_client::Error> {
/// let page = client.call(&ChannelMessages::new("support", MessageQuery::new(ChatType::Regular))).await?;
/// for message in &page.data {
///     let author = page.graph.users.iter().find(|user| Some(user.id) == message.user_id);
///     println!("{}: {}", author.map_or("client", |user| user.display_name.as_str()), message.text);
/// }
/// for warning in &page.warnings {
///     eprintln!("{warning}");
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Answer<D> {
    /// The method's data.
    pub data: D,
    /// The related objects.
    pub graph: Graph,
    /// The answer's departures from the documented form, kept out of `data` and `graph`.
    pub warnings: Vec<Warning>,
}

impl Client {
    /// A client of the server at `base_url` (`https://app.iqstore.ru`, or with a
    /// deployment's prefix), with the default settings and no credentials.
    ///
    /// ```
    /// let client = iqchannels_client::Client::new("https://app.iqstore.ru/");
    /// assert_eq!(client.base_url(), "https://app.iqstore.ru");
    /// assert!(client.credentials().is_none());
    /// ```
    pub fn new(base_url: impl Into<String>) -> Self {
        Self::builder(base_url).build()
    }

    /// A [`ClientBuilder`] for the server at `base_url`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let client = iqchannels_client::Client::builder("http://127.0.0.1:8080")
    ///     .stall_after(Duration::from_secs(90))
    ///     .build();
    /// assert_eq!(client.base_url(), "http://127.0.0.1:8080");
    /// ```
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        let delays = (0..7)
            .map(|attempt| {
                let ms = iqchannels_proto::stream::public::reconnect_delay_ms(attempt);
                Duration::from_millis(u64::try_from(ms).unwrap_or(30_000))
            })
            .collect();
        ClientBuilder {
            base: base_url.into().trim_end_matches('/').to_owned(),
            settings: Settings {
                timeout: Duration::from_secs(30),
                retries: 2,
                carrier: Carrier::Authorization,
                stall: Duration::from_secs(45),
                reconnect_delays: delays,
            },
        }
    }

    /// This client, sending `credentials` with every request (the connections are
    /// shared with `self`).
    #[must_use]
    pub fn with_credentials(&self, credentials: Credentials) -> Self {
        Self {
            credentials: Some(credentials),
            ..self.clone()
        }
    }

    /// This client, with `timeout` for each of its calls instead (a long search, a large
    /// upload); the connections and credentials are shared with `self`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let client = iqchannels_client::Client::new("http://127.0.0.1:8080");
    /// let patient = client.with_timeout(Duration::from_secs(120));
    /// # let _ = patient;
    /// ```
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self {
            timeout,
            ..self.clone()
        }
    }

    /// The credentials it sends, if any.
    ///
    /// ```
    /// use iqchannels_proto::{CredentialKind, Credentials};
    /// let client = iqchannels_client::Client::new("http://127.0.0.1:8080")
    ///     .with_credentials(Credentials::client("token").unwrap());
    /// assert_eq!(client.credentials().map(Credentials::kind), Some(CredentialKind::Client));
    /// ```
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// The server's base URL, without a trailing `/` (see [`new`](Self::new)).
    pub fn base_url(&self) -> &str {
        &self.shared.base
    }

    /// Sends `request` and reads its envelope: the data and graph, or the error.
    ///
    /// ```no_run
    /// use iqchannels_client::Client;
    /// use iqchannels_proto::api::chats::GetChat;
    /// use iqchannels_proto::{ChatId, Credentials, ErrorCode};
    /// # async fn run() -> Result<(), iqchannels_client::Error> {
    /// let operator = Client::new("http://127.0.0.1:8080")
    ///     .with_credentials(Credentials::service_account("token").unwrap());
    /// match operator.call(&GetChat::new(ChatId::new(10))).await {
    ///     Ok(answer) => println!("chat {} is open: {}", answer.data.id.get(), answer.data.open),
    ///     Err(error) if error.code() == Some(&ErrorCode::NotFound) => println!("no such chat"),
    ///     Err(error) => return Err(error),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Api`] for an `OK: false` envelope, [`Error::Status`] for an HTTP status
    /// other than 200, [`Error::Decode`] for a body that does not decode,
    /// [`Error::Transport`] when no answer came (after the retries a method safe to
    /// retry gets), [`Error::Encode`] for a request that cannot be written.
    pub async fn call<M: Envelope>(&self, request: &M) -> Result<Answer<M::Data>, Error> {
        let body = self
            .send(request, true)
            .await?
            .bytes()
            .await
            .map_err(Error::transport)?;
        answer_of::<M>(&body)
    }

    /// Signs in with `request` (any sign-in or sign-up: its data is a `ClientAuth`) and
    /// gives back a client that sends the new session, with the `ClientAuth`.
    ///
    /// ```no_run
    /// use iqchannels_client::Client;
    /// use iqchannels_proto::api::public::clients::{ClientIntegrationAuth, Me};
    /// use iqchannels_proto::Secret;
    /// # async fn run() -> Result<(), iqchannels_client::Error> {
    /// let sign_in = ClientIntegrationAuth::new(Secret::new("crm-42"), "support");
    /// let (client, auth) = Client::new("http://127.0.0.1:8080").sign_in(&sign_in).await?;
    /// assert_eq!(Some(client.call(&Me::new()).await?.data.id), auth.client.value().map(|c| c.id));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`call`](Self::call); [`Error::Api`] with `unauthorized` when the answer has no
    /// session.
    pub async fn sign_in<M: Envelope<Data = ClientAuth>>(
        &self,
        request: &M,
    ) -> Result<(Client, ClientAuth), Error> {
        let auth = self.call(request).await?.data;
        let session = auth.session.value().ok_or_else(|| {
            Error::Api(iqchannels_proto::Error::new(
                iqchannels_proto::ErrorCode::Unauthorized,
                "the sign-in's answer has no session",
            ))
        })?;
        let credentials = Credentials::client(session.token.expose())
            .map_err(|error| Error::Encode(error.to_string()))?;
        Ok((self.with_credentials(credentials), auth))
    }

    /// The bytes of a file download (`files/get/:fileId`, `files/image/:fileId`), as
    /// they arrive; a method that is not a download is a compile error.
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    /// use iqchannels_client::Client;
    /// use iqchannels_proto::api::public::files::DownloadFile;
    /// use iqchannels_proto::FileId;
    /// # async fn run(client: Client) -> Result<(), iqchannels_client::Error> {
    /// let mut bytes = Box::pin(client.download(&DownloadFile::new(FileId::new("a.png"))).await?);
    /// let mut size = 0;
    /// while let Some(chunk) = bytes.next().await {
    ///     size += chunk?.len();
    /// }
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`call`](Self::call), for the request; the stream's items fail with
    /// [`Error::Transport`] if the connection breaks.
    pub async fn download<M: Method>(
        &self,
        request: &M,
    ) -> Result<impl Stream<Item = Result<Bytes, Error>> + Send + 'static, Error> {
        const {
            assert!(
                matches!(M::METADATA.response, ResponseKind::Bytes),
                "not a download"
            )
        };
        // The time limit is for the answer's head; the bytes then come at their pace,
        // each chunk within the stall bound.
        let response = self.send(request, false).await?;
        let stall = self.shared.settings.stall;
        let json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| {
                value
                    .split(';')
                    .next()
                    .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
            });
        let mut chunks = response.bytes_stream().boxed();
        let mut first = Vec::new();
        if json {
            // An error is an envelope: read what could be one before taking it as the file.
            let mut ended = false;
            while first.len() < ENVELOPE_PEEK {
                match tokio::time::timeout(stall, chunks.next()).await {
                    Ok(Some(Ok(chunk))) => first.extend_from_slice(&chunk),
                    Ok(None) => {
                        ended = true;
                        break;
                    }
                    Ok(Some(Err(error))) => return Err(Error::transport(error)),
                    Err(_) => return Err(Error::Timeout),
                }
            }
            if ended {
                if let Ok(decoded) = codec::decode_response::<M>(&first) {
                    if let Outcome::Error(error) = decoded.value.into_outcome() {
                        return Err(Error::Api(error));
                    }
                }
            }
        }
        let first = (!first.is_empty()).then(|| Ok(Bytes::from(first)));
        let rest = futures_util::stream::unfold(chunks, move |mut chunks| async move {
            match tokio::time::timeout(stall, chunks.next()).await {
                Ok(Some(chunk)) => Some((chunk.map_err(Error::transport), chunks)),
                Ok(None) => None,
                Err(_) => Some((Err(Error::Timeout), chunks)),
            }
        });
        Ok(futures_util::stream::iter(first).chain(rest))
    }

    /// Sends `request` with the client's credentials, retrying a method safe to retry on
    /// a transport failure; the answer when its status is 200. `whole`: the time limit
    /// covers the body too (else only the answer's head).
    async fn send<M: Method>(&self, request: &M, whole: bool) -> Result<reqwest::Response, Error> {
        let settings = &self.shared.settings;
        let tries = if M::METADATA.safe_to_retry {
            settings.retries + 1
        } else {
            1
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.send_once(request, whole).await {
                Err(error) if error.is_transport() && attempt < tries => {
                    tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
                }
                result => return result,
            }
        }
    }

    /// One attempt of [`send`](Self::send), within the client's timeout.
    async fn send_once<M: Method>(
        &self,
        request: &M,
        whole: bool,
    ) -> Result<reqwest::Response, Error> {
        let http = self.http_request(request, whole.then_some(self.timeout))?;
        let response = tokio::time::timeout(self.timeout, self.shared.http.execute(http))
            .await
            .map_err(|_| Error::Timeout)?
            .map_err(Error::transport)?;
        let status = response.status();
        if status != reqwest::StatusCode::OK {
            let body = response.bytes().await.unwrap_or_default();
            return Err(Error::Status(status.as_u16(), error::excerpt(&body)));
        }
        Ok(response)
    }

    /// `request` as reqwest sends it: the codec's request, with the credentials in the
    /// client's carrier, and `timeout` for the whole exchange (none for a stream).
    fn http_request<M: Method>(
        &self,
        request: &M,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Request, Error> {
        let mut http = iqchannels_proto::http::request(&self.shared.base, request, None)
            .map_err(|error| Error::Encode(error.to_string()))?;
        self.put_credentials(http.headers_mut())?;
        let mut http = reqwest::Request::try_from(http).map_err(Error::transport)?;
        *http.timeout_mut() = timeout;
        Ok(http)
    }

    /// The client's credentials into `headers`, in the client's carrier for a client's
    /// session, marked sensitive.
    fn put_credentials(&self, headers: &mut reqwest::header::HeaderMap) -> Result<(), Error> {
        let Some(credentials) = &self.credentials else {
            return Ok(());
        };
        let carrier = match credentials.kind() {
            iqchannels_proto::CredentialKind::Client => self.shared.settings.carrier,
            _ => credentials.carrier(),
        };
        let (name, value) = credentials
            .header_in(carrier)
            .unwrap_or((credentials.header_name(), credentials.header_value()));
        let mut value = reqwest::header::HeaderValue::try_from(value)
            .map_err(|_| Error::Encode("the credentials are not a header value".to_owned()))?;
        value.set_sensitive(true);
        headers.insert(name, value);
        Ok(())
    }
}

/// The answer of method `M` in `body`: its data and graph, or its error.
fn answer_of<M: Method>(body: &[u8]) -> Result<Answer<M::Data>, Error> {
    let decoded = codec::decode_response::<M>(body)?;
    match decoded.value.into_outcome() {
        Outcome::Data { data, graph } => Ok(Answer {
            data,
            graph,
            warnings: decoded.warnings,
        }),
        Outcome::Error(error) => Err(Error::Api(error)),
        // `OK: true` with no data: the data type's empty value, as the SDKs read it.
        _ => Ok(Answer {
            data: M::Data::default(),
            graph: Graph::default(),
            warnings: decoded.warnings,
        }),
    }
}
