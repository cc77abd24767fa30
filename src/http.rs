//! Types of the [`http`](https://docs.rs/http) crate (feature `http`): a client's request, a server's reading of it.

use ::http::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, COOKIE};
use ::http::{Method as HttpMethod, Request, StatusCode};

use crate::auth::{Credentials, CredentialsError};
use crate::codec::{self, EncodeError};
use crate::envelope::{Error, ErrorCode, Response};
use crate::methods::Method;

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

/// What a server reads from a request: the method's request and the credentials, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Incoming<M> {
    /// The decoded request.
    pub request: M,
    /// The credentials sent, if any: the `Authorization` header's if there is one,
    /// otherwise the `user-session` cookie's. Whether they are required is the server's
    /// to decide.
    pub credentials: Option<Credentials>,
}

/// Client side: the `POST` request for `request` to `base_url` (such as
/// `https://app.iqstore.ru`) with `credentials`. The credentials' header is marked
/// sensitive, so that `http`-aware loggers leave it out.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::{Credentials, TicketId};
///
/// let request = CreateMessage::builder(TicketId::new(103), 1).text("Hello").build();
/// let credentials = Credentials::service_account("3dd194ed5b5f6302")?;
/// let http = iqchannels_proto::http::request("https://app.iqstore.ru", &request, &credentials)?;
/// assert_eq!(http.uri(), "https://app.iqstore.ru/api/tickets/create_message");
/// assert_eq!(http.headers()["authorization"], "Bearer 3dd194ed5b5f6302");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// When `base_url` and the path do not make a URI.
pub fn request<M: Method>(
    base_url: &str,
    request: &M,
    credentials: &Credentials,
) -> Result<Request<Vec<u8>>, RequestError> {
    let encoded = codec::encode_request(request)?;
    let uri = format!("{}{}", base_url.trim_end_matches('/'), encoded.path);
    let mut value =
        HeaderValue::try_from(credentials.header_value()).map_err(|_| RequestError::Header)?;
    value.set_sensitive(true);
    Request::post(uri)
        .header(CONTENT_TYPE, encoded.content_type)
        .header(credentials.header_name(), value)
        .body(encoded.body)
        .map_err(|_| RequestError::Uri)
}

/// Server side: reads a request for method `M`: `POST` to a path of `M::PATH` (with the
/// id it carries, for a method whose path has one), the body strictly, and the
/// credentials.
///
/// # Errors
///
/// The protocol error to send back: `bad_request` for another HTTP method, `not_found`
/// for another path, `invalid` for a body that does not decode, `unauthorized` for
/// credentials that are present but malformed.
pub fn read_request<M: Method, B: AsRef<[u8]>>(request: &Request<B>) -> Result<Incoming<M>, Error> {
    if request.method() != HttpMethod::POST {
        return Err(Error::new(
            ErrorCode::BadRequest,
            "the Internal API takes POST requests only",
        ));
    }
    let path = request.uri().path();
    if crate::methods::path_id(M::PATH, path).is_none() {
        return Err(Error::new(
            ErrorCode::NotFound,
            format!("this is not {}", M::PATH),
        ));
    }
    let credentials = credentials(request.headers())
        .map_err(|error| Error::new(ErrorCode::Unauthorized, error.to_string()))?;
    let request =
        codec::decode_request_at::<M>(path, request.body().as_ref()).map_err(Error::from)?;
    Ok(Incoming {
        request,
        credentials,
    })
}

/// The `Authorization` header's credentials if there is one, else the first `user-session`
/// cookie's; an error when the one that counts is malformed.
fn credentials(headers: &::http::HeaderMap) -> Result<Option<Credentials>, CredentialsError> {
    if let Some(value) = headers.get(AUTHORIZATION) {
        return Credentials::from_authorization_header(value.as_bytes()).map(Some);
    }
    for value in headers.get_all(COOKIE) {
        match Credentials::from_cookie_header(value.as_bytes()) {
            Err(CredentialsError::NoSessionCookie) => continue,
            found => return found.map(Some),
        }
    }
    Ok(None)
}

/// Server side: the `200 OK` response carrying `response`, as the server always answers.
///
/// # Errors
///
/// Only for data types defined outside the crate whose `Serialize` fails.
pub fn response<T: serde::Serialize>(
    response: &Response<T>,
) -> Result<::http::Response<Vec<u8>>, EncodeError> {
    let body = codec::encode_response(response)?;
    let mut http = ::http::Response::new(body);
    *http.status_mut() = StatusCode::OK;
    http.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(codec::CONTENT_TYPE));
    Ok(http)
}
