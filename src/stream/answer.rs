//! What the answer to a stream request is, told before its body is read.

/// What the answer to a stream request is, from its HTTP status and `Content-Type`: a
/// stream, the server's refusal as one envelope, a failure to retry, or something else.
/// What a client does with each: the [module](super)'s "When the answer is not a stream".
///
/// ```
/// use iqchannels_proto::stream::Answer;
///
/// assert_eq!(Answer::of(200, Some("text/event-stream; charset=utf-8")), Answer::Stream);
/// assert_eq!(Answer::of(200, Some("application/json")), Answer::Envelope);
/// assert_eq!(Answer::of(502, Some("text/html")), Answer::Unavailable);
/// assert_eq!(Answer::of(404, Some("text/html")), Answer::Other);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Answer {
    /// A 2xx status and `text/event-stream`: the stream. Feed its body to a
    /// [`StreamDecoder`](super::StreamDecoder).
    Stream,
    /// `application/json` (or another JSON type), whatever the status: one envelope, the
    /// server's refusal. Feed its body to a [`StreamDecoder`](super::StreamDecoder), whose
    /// one frame is its [`Error`](crate::Error), or read it with
    /// [`codec::decode_response_as`](crate::codec::decode_response_as).
    Envelope,
    /// A 5xx, `408 Request Timeout` or `429 Too Many Requests` that is not the API's
    /// envelope: a failure outside the API (a proxy, a restart). Reconnect from the resume
    /// point after a delay.
    Unavailable,
    /// Anything else: not an answer of the API (a proxy's page, a redirect to a login).
    Other,
}

impl Answer {
    /// The answer with HTTP `status` and `content_type` (the header's value, if any). The
    /// media type is matched without its parameters and case, as HTTP compares them.
    pub fn of(status: u16, content_type: Option<&str>) -> Self {
        let media = content_type
            .and_then(|value| value.split(';').next())
            .map(|media| media.trim().to_ascii_lowercase());
        let json = media.as_deref().is_some_and(|media| {
            media == "application/json"
                || media
                    .strip_prefix("application/")
                    .is_some_and(|subtype| subtype.ends_with("+json"))
        });
        match (status, media.as_deref()) {
            (200..=299, Some("text/event-stream")) => Self::Stream,
            _ if json => Self::Envelope,
            (500..=599 | 408 | 429, _) => Self::Unavailable,
            _ => Self::Other,
        }
    }

    /// The answer of `response`, from its status and `Content-Type` header (feature
    /// `http`).
    ///
    /// ```
    /// use iqchannels_proto::stream::Answer;
    ///
    /// let response = http::Response::builder()
    ///     .header("Content-Type", "application/json")
    ///     .body(())?;
    /// assert_eq!(Answer::of_response(&response), Answer::Envelope);
    /// # Ok::<(), http::Error>(())
    /// ```
    #[cfg(feature = "http")]
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn of_response<B>(response: &::http::Response<B>) -> Self {
        let content_type = response
            .headers()
            .get(::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        Self::of(response.status().as_u16(), content_type)
    }
}
