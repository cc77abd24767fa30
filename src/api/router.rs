//! The router: which method a server's request is for, by verb and path.

use crate::codec::{self, DecodeError, Decoded, Limits, Reading};
use crate::envelope::{Error, ErrorCode};
use crate::methods::{Metadata, Method, Target, Verb};

use super::MethodVisitor;

/// Maps a request's verb and target to the method it is for, among every method of the
/// registry. A deployment's own prefix in front of the API's paths is an option.
///
/// ```
/// use iqchannels_proto::api::chats::GetChat;
/// use iqchannels_proto::api::{RouteError, Router};
/// use iqchannels_proto::ErrorCode;
///
/// let router = Router::new();
/// let route = router.route("POST", "/api/v1/chats/get/10")?;
/// assert!(route.is::<GetChat>());
/// let request = route.decode::<GetChat>(b"{}")?.value;
/// assert_eq!(request.chat_id.get(), 10);
///
/// assert_eq!(router.route("POST", "/api/v1/nope").unwrap_err(), RouteError::NotFound);
/// let wrong_verb = router.route("GET", "/api/v1/chats/get/10").unwrap_err();
/// assert_eq!(iqchannels_proto::Error::from(wrong_verb).code, ErrorCode::BadRequest);
///
/// let behind_a_prefix = Router::with_prefix("/chat");
/// assert!(behind_a_prefix.route("POST", "/chat/api/v1/chats/get/10")?.is::<GetChat>());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Router {
    prefix: String,
}

/// A request matched to its method by [`Router::route`]: decode its body with
/// [`decode`](Route::decode), which also reads the path's and the query's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route<'t> {
    metadata: &'static Metadata,
    index: usize,
    target: &'t str,
}

/// Why no method takes a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum RouteError {
    /// No method has this path: the API's `not_found`.
    #[error("no method has this path")]
    NotFound,
    /// A method has this path, with another verb: the API's `bad_request` (the iOS SDK
    /// fails on codes it does not know).
    #[error("this path takes {allowed} requests")]
    WrongVerb {
        /// The verb the path takes.
        allowed: Verb,
    },
}

impl From<RouteError> for Error {
    /// The error a server sends back: `not_found` or `bad_request`.
    fn from(error: RouteError) -> Self {
        let code = match error {
            RouteError::NotFound => ErrorCode::NotFound,
            RouteError::WrongVerb { .. } => ErrorCode::BadRequest,
        };
        Error::new(code, error.to_string())
    }
}

impl Router {
    /// A router for the API's paths as they are.
    pub fn new() -> Self {
        Self::default()
    }

    /// A router for a deployment that serves the API under `prefix` (`/chat` serves
    /// `/chat/api/v1/...`); a trailing `/` is ignored.
    pub fn with_prefix(prefix: impl Into<String>) -> Self {
        let mut prefix = prefix.into();
        while prefix.ends_with('/') {
            prefix.pop();
        }
        Self { prefix }
    }

    /// The method that `verb` (`GET`, `POST`) at `target` (the path, then optionally `?`
    /// and a query) is for.
    ///
    /// # Errors
    ///
    /// [`RouteError::NotFound`] for a path no method has, [`RouteError::WrongVerb`] for a
    /// path whose method takes another verb.
    pub fn route<'t>(&self, verb: &str, target: &'t str) -> Result<Route<'t>, RouteError> {
        let target = target
            .strip_prefix(self.prefix.as_str())
            .filter(|rest| rest.starts_with('/'))
            .ok_or(RouteError::NotFound)?;
        let verb = Verb::from_name(verb);
        let mut other_verb = None;
        // Of the methods whose template the path fits, the one with the most literal
        // segments: `info_requests/respond` before `info_requests/:channel`.
        let mut best: Option<(usize, Route<'t>)> = None;
        let mut index = 0;
        macro_rules! try_one {
            ($method:ty) => {
                let metadata = &<$method as Method>::METADATA;
                if Target::read(metadata, target).is_some() {
                    if Some(metadata.verb) == verb {
                        let literals = literal_segments(metadata.path);
                        if best.as_ref().is_none_or(|(most, _)| literals > *most) {
                            best = Some((
                                literals,
                                Route {
                                    metadata,
                                    index,
                                    target,
                                },
                            ));
                        }
                    } else {
                        other_verb.get_or_insert(metadata.verb);
                    }
                }
                index += 1;
            };
        }
        super::for_each_method!(try_one);
        let _ = index;
        if let Some((_, route)) = best {
            return Ok(route);
        }
        Err(match other_verb {
            Some(allowed) => RouteError::WrongVerb { allowed },
            None => RouteError::NotFound,
        })
    }
}

/// The number of a path template's segments that are not parameters: where two templates
/// fit a path (`/public/api/v1/info_requests/respond` fits `info_requests/:channel` too),
/// the one with more is the method, as a server's router prefers a literal segment.
pub(super) fn literal_segments(path: &str) -> usize {
    path.split('/')
        .filter(|segment| !segment.starts_with(':'))
        .count()
}

impl<'t> Route<'t> {
    /// The method's metadata.
    pub fn metadata(&self) -> &'static Metadata {
        self.metadata
    }

    /// The target, without the router's prefix.
    pub fn target(&self) -> &'t str {
        self.target
    }

    /// Whether the request is for method `M`.
    pub fn is<M: Method>(&self) -> bool {
        *self.metadata == M::METADATA
    }

    /// The request, as [`codec::decode_request_at`] reads it: the body as the Go server
    /// reads it, with the path's and the query's parameters.
    ///
    /// # Errors
    ///
    /// As `decode_request_at`; also when the request is not for `M`.
    pub fn decode<M: Method>(&self, body: &[u8]) -> Result<Decoded<M>, DecodeError> {
        self.decode_with::<M>(body, &Limits::default(), Reading::default())
    }

    /// [`decode`](Self::decode) within other [`Limits`], read as `reading` says.
    ///
    /// # Errors
    ///
    /// As `decode`, and for a body over a limit.
    pub fn decode_with<M: Method>(
        &self,
        body: &[u8],
        limits: &Limits,
        reading: Reading,
    ) -> Result<Decoded<M>, DecodeError> {
        codec::decode_request_at_with::<M>(self.target, body, limits, reading)
    }

    /// Visits the request's method: a server's dispatch, where each method's handler is
    /// generic code (a visitor holds the route and the body, and decodes with
    /// [`decode`](Self::decode)).
    pub fn visit<V: MethodVisitor>(&self, visitor: &mut V) -> V::Output {
        let mut index = 0;
        macro_rules! visit_one {
            ($method:ty) => {
                if index == self.index {
                    return visitor.visit::<$method>();
                }
                index += 1;
            };
        }
        super::for_each_method!(visit_one);
        let _ = index;
        unreachable!("a route's index is that of a method of the registry")
    }
}
