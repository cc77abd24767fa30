//! Types of the [`http`](https://docs.rs/http) crate (feature `http`): a client's request, a server's reading of it.

use ::http::header::{HeaderValue, CONTENT_TYPE};
use ::http::{Method as HttpMethod, Request, StatusCode};

use crate::auth::{ClientStreamToken, Credentials, CLIENT_TOKEN_PARAM};
use crate::codec::{self, EncodeError, Warning};
use crate::envelope::{Error, ErrorCode, Response};
use crate::methods::{Method, Verb};

/// Why a client's HTTP request could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The body could not be encoded.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The base URL and the path do not make a URI.
    #[error("the base URL and the method's path do not make a valid URI")]
    Uri,
    /// The credentials do not make a header value (never for credentials built by this
    /// crate, which checks their tokens).
    #[error("the credentials do not make a valid header value")]
    Header,
}

/// What a server reads from a request: the method's request, the departures from the
/// documented form that the Go server's reading let through, and the credentials, if any.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Incoming<M> {
    /// The decoded request.
    pub request: M,
    /// What the body did that the documented form does not (a field in another case, a
    /// `null`), for the server's log: [`codec::decode_request`].
    pub warnings: Vec<Warning>,
    /// The credentials sent, if any, of the kinds the method's credential takes, read as
    /// [`Credentials::from_headers`] reads them (which carrier wins is said there).
    /// Whether they are required is the server's to decide.
    pub credentials: Option<Credentials>,
    /// The signed `x-client-token` of the query (a browser's stream), parsed but not yet
    /// verified: verify it with [`ClientStreamToken::verify`] against the session it
    /// names.
    pub stream_token: Option<ClientStreamToken>,
}

/// Client side: the HTTP request for `request` to `base_url` (such as
/// `https://app.iqstore.ru`, or with a deployment's own prefix), with `credentials` if
/// the method needs them. The credentials' header is marked sensitive, so that
/// `http`-aware loggers leave it out.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::{Credentials, TicketId};
///
/// let request = CreateMessage::builder(TicketId::new(103), 1).text("Hello").build();
/// let credentials = Credentials::service_account("3dd194ed5b5f6302")?;
/// let http = iqchannels_proto::http::request("https://app.iqstore.ru", &request, Some(&credentials))?;
/// assert_eq!(http.method(), "POST");
/// assert_eq!(http.uri(), "https://app.iqstore.ru/api/tickets/create_message");
/// assert_eq!(http.headers()["authorization"], "Bearer 3dd194ed5b5f6302");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// When `base_url` and the target do not make a URI.
pub fn request<M: Method>(
    base_url: &str,
    request: &M,
    credentials: Option<&Credentials>,
) -> Result<Request<Vec<u8>>, RequestError> {
    let encoded = codec::encode_request(request)?;
    let uri = format!("{}{}", base_url.trim_end_matches('/'), encoded.target);
    let verb = match encoded.verb {
        Verb::Get => HttpMethod::GET,
        Verb::Post => HttpMethod::POST,
    };
    let mut builder = Request::builder().method(verb).uri(uri);
    for (name, value) in encoded.headers {
        builder = builder.header(name, value);
    }
    if let Some(credentials) = credentials {
        let mut value =
            HeaderValue::try_from(credentials.header_value()).map_err(|_| RequestError::Header)?;
        value.set_sensitive(true);
        builder = builder.header(credentials.header_name(), value);
    }
    builder.body(encoded.body).map_err(|_| RequestError::Uri)
}

/// Server side: reads a request for method `M`: its verb, a target of `M`'s path template
/// (with the path's and the query's parameters), the body as the Go server reads it
/// ([`codec::decode_request_at`]), and the credentials. (Which method a request is for:
/// [`Router`](crate::api::Router).) The body of a multipart method (`files/upload`) is not
/// JSON and is not read here: read it with [`files::read_upload`](crate::files::read_upload).
///
/// # Errors
///
/// The protocol error to send back: `bad_request` for another HTTP method, `not_found`
/// for another path, `invalid` for a body or a parameter that does not decode,
/// `unauthorized` for credentials or an `x-client-token` that are present but malformed.
pub fn read_request<M: Method, B: AsRef<[u8]>>(request: &Request<B>) -> Result<Incoming<M>, Error> {
    if request.method().as_str() != M::METADATA.verb.as_str() {
        return Err(Error::new(
            ErrorCode::BadRequest,
            format!("{} takes {} requests", M::METADATA.path, M::METADATA.verb),
        ));
    }
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |target| target.as_str());
    if crate::methods::Target::read(&M::METADATA, target).is_none() {
        return Err(Error::new(
            ErrorCode::NotFound,
            format!("this is not {}", M::METADATA.path),
        ));
    }
    let unauthorized = |text: String| Error::new(ErrorCode::Unauthorized, text);
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()));
    let credentials = Credentials::from_headers(headers, M::METADATA.auth.credential_kinds())
        .map_err(|error| unauthorized(error.to_string()))?
        .map(|(credentials, _carrier)| credentials);
    let query = target.split_once('?').map_or("", |(_, query)| query);
    let stream_token = crate::methods::parse_query(query)
        .into_iter()
        .find(|(name, _)| name == CLIENT_TOKEN_PARAM)
        .map(|(_, value)| ClientStreamToken::parse(value))
        .transpose()
        .map_err(|error| unauthorized(error.to_string()))?;
    let body = match M::METADATA.body {
        crate::methods::BodyKind::Multipart => &[][..],
        _ => request.body().as_ref(),
    };
    let decoded = codec::decode_request_at::<M>(target, body).map_err(Error::from)?;
    Ok(Incoming {
        request: decoded.value,
        warnings: decoded.warnings,
        credentials,
        stream_token,
    })
}

/// Server side: the `200 OK` response of method `M` carrying `response`, as the server
/// always answers, in the envelope spelling of `M`'s API ([`codec::encode_response`]).
///
/// # Errors
///
/// Only for data types defined outside the crate whose `Serialize` fails.
pub fn response<M: Method>(
    response: &Response<M::Data>,
) -> Result<::http::Response<Vec<u8>>, EncodeError> {
    let body = codec::encode_response::<M>(response)?;
    let mut http = ::http::Response::new(body);
    *http.status_mut() = StatusCode::OK;
    http.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(codec::CONTENT_TYPE));
    Ok(http)
}
