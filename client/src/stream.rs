//! The streams: a client's events and unread counts, an operator's chat, channel and user
//! events, as a [`Stream`] of the codec's frames that reconnects by itself.
//!
//! A stream connects with the client's credentials, reads frames with the codec's
//! [`StreamDecoder`], and on a dropped connection, a server restart or a stall (no byte,
//! not even a keep-alive, for [`ClientBuilder::stall_after`](crate::ClientBuilder::stall_after))
//! waits its back-off and connects again from the decoder's resume point: the last event
//! it yielded. Events at or before that point are never yielded again, so each event comes
//! once, in order. Keep-alives are not yielded. An `OK: false` answer ends the stream with
//! its error, unless its code says a retry may succeed (`internal_server_error`).

use std::collections::VecDeque;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use iqchannels_proto::api::chats::{ListenToChannel, ListenToChat, ListenToUser};
use iqchannels_proto::api::public::chats::{ChannelEvents, ChannelUnread, MultichatUnread};
use iqchannels_proto::methods::Method;
use iqchannels_proto::stream::{Answer, Frame, FrameError, StreamDecoder, StreamKind};
use iqchannels_proto::ChatEventId;

use crate::{Client, Error};

/// A stream method: what its frames carry, and how a reconnection resumes it.
///
/// ```
/// use iqchannels_client::Listen;
/// use iqchannels_proto::api::chats::ListenToChat;
/// use iqchannels_proto::{ChatEventId, ChatId};
///
/// let mut listen = ListenToChat::new(ChatId::new(10));
/// listen.resume_after(Some(ChatEventId::new(99)));
/// assert_eq!(listen.from_id, Some(ChatEventId::new(99)));
/// ```
pub trait Listen: Method + Clone + Send + Sync + 'static {
    /// What the frames' `Result` is.
    const STREAM: StreamKind;

    /// Resumes after event `id` (`None`: from the start), where the stream takes it.
    fn resume_after(&mut self, id: Option<ChatEventId>);
}

impl Listen for ChannelEvents {
    const STREAM: StreamKind = StreamKind::Events;

    fn resume_after(&mut self, id: Option<ChatEventId>) {
        self.last_event_id = id;
    }
}

impl Listen for ListenToChat {
    const STREAM: StreamKind = StreamKind::Events;

    fn resume_after(&mut self, id: Option<ChatEventId>) {
        self.from_id = id;
    }
}

impl Listen for ListenToChannel {
    const STREAM: StreamKind = StreamKind::Events;

    fn resume_after(&mut self, id: Option<ChatEventId>) {
        self.from_id = id;
    }
}

impl Listen for ListenToUser {
    const STREAM: StreamKind = StreamKind::Events;

    fn resume_after(&mut self, id: Option<ChatEventId>) {
        self.from_id = id;
    }
}

/// The unread counts carry no event: a reconnection opens them afresh (their first frame
/// is the current count).
impl Listen for ChannelUnread {
    const STREAM: StreamKind = StreamKind::Unread;

    fn resume_after(&mut self, _: Option<ChatEventId>) {}
}

/// As [`ChannelUnread`]: the first frames are the current state.
impl Listen for MultichatUnread {
    const STREAM: StreamKind = StreamKind::MultichatUnread;

    fn resume_after(&mut self, _: Option<ChatEventId>) {}
}

/// A stream's state between the frames it yields.
struct Follow<M> {
    client: Client,
    request: M,
    decoder: StreamDecoder,
    body: Option<futures_util::stream::BoxStream<'static, reqwest::Result<Bytes>>>,
    ready: VecDeque<Result<Frame, Error>>,
    /// Reconnections in a row without an event between them.
    attempt: usize,
    /// Whether it has connected before: the next connection is a reconnection.
    connected: bool,
    /// The last event yielded: nothing at or before it is yielded again.
    last: Option<ChatEventId>,
    ended: bool,
}

impl Client {
    /// Follows the stream of `request` (starting where it says: `LastEventId`,
    /// `FromId`), reconnecting as the [module](crate::Listen) says. Each item is a frame
    /// with events, an unread count or state, or the error that ended the stream.
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    /// use iqchannels_client::Client;
    /// use iqchannels_proto::api::public::chats::ChannelEvents;
    /// use iqchannels_proto::stream::Frame;
    /// use iqchannels_proto::ChatType;
    /// # async fn run(client: Client) {
    /// let mut events = Box::pin(client.stream(ChannelEvents::new("support", ChatType::Regular)));
    /// while let Some(Ok(Frame::Events { events, .. })) = events.next().await {
    ///     println!("{} events", events.len());
    /// }
    /// # }
    /// ```
    pub fn stream<M: Listen>(
        &self,
        request: M,
    ) -> impl Stream<Item = Result<Frame, Error>> + Send + 'static {
        let follow = Follow {
            client: self.clone(),
            request,
            decoder: StreamDecoder::for_stream(M::STREAM),
            body: None,
            ready: VecDeque::new(),
            attempt: 0,
            connected: false,
            last: None,
            ended: false,
        };
        futures_util::stream::unfold(follow, |mut follow| async move {
            let item = follow.next().await?;
            Some((item, follow))
        })
    }
}

impl<M: Listen> Follow<M> {
    /// The next item, reading and reconnecting as needed; `None` once ended.
    async fn next(&mut self) -> Option<Result<Frame, Error>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            if self.ended {
                return None;
            }
            let Some(body) = &mut self.body else {
                self.connect().await;
                continue;
            };
            let stall = self.client.shared.settings.stall;
            match tokio::time::timeout(stall, body.next()).await {
                Ok(Some(Ok(chunk))) => {
                    self.decoder.push(&chunk);
                    self.take_frames();
                }
                // Ended, broken or stalled: connect again.
                _ => self.body = None,
            }
        }
    }

    /// Connects, after the back-off when this is a reconnection (at least its first
    /// delay, however recent the last event: no reconnection in a tight loop). What the
    /// answer is decides the rest (the codec's [`Answer`]): a stream is read; the server's
    /// refusal ends the stream, unless its code says a retry may succeed; a failure
    /// outside the API (a 5xx, 408, 429, no answer) is retried; anything else ends it.
    async fn connect(&mut self) {
        let settings = &self.client.shared.settings;
        if self.connected {
            let delays = &settings.reconnect_delays;
            tokio::time::sleep(delays[self.attempt.min(delays.len() - 1)]).await;
            self.attempt += 1;
        }
        self.connected = true;
        // From the last event yielded; before any, where the request itself starts.
        let mut request = self.request.clone();
        if self.last.is_some() {
            request.resume_after(self.last);
        }
        let http = match self.client.http_request(&request, None) {
            Ok(http) => http,
            Err(error) => return self.end(error),
        };
        // A server that accepts the connection and says nothing is as good as gone.
        let sent = tokio::time::timeout(settings.stall, self.client.shared.http.execute(http));
        let Ok(Ok(response)) = sent.await else {
            return;
        };
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        match Answer::of(status, content_type) {
            Answer::Stream => {
                self.decoder = StreamDecoder::for_stream(M::STREAM).resume_after(self.last);
                self.body = Some(response.bytes_stream().boxed());
            }
            Answer::Envelope => {
                let Some(body) = read_capped(response, settings.stall).await else {
                    return;
                };
                let mut decoder = StreamDecoder::for_stream(M::STREAM);
                decoder.push_message(&body);
                match decoder.next_frame() {
                    Some(Ok(Frame::Error(error))) if error.code.is_retryable() => {}
                    Some(Ok(Frame::Error(error))) => self.end(Error::Api(error)),
                    Some(Err(FrameError::Decode(error))) => self.end(Error::Decode(error)),
                    _ => {}
                }
            }
            Answer::Unavailable => {}
            _ => {
                let body = read_capped(response, settings.stall)
                    .await
                    .unwrap_or_default();
                self.end(Error::Status(status, crate::error::excerpt(&body)));
            }
        }
    }

    /// The decoder's complete frames, into `ready`: keep-alives dropped, events at or
    /// before the last one yielded dropped, an error frame ending the stream. A frame
    /// that cannot be read is reported and the connection dropped, so that the next one
    /// resumes before it: its events are not skipped.
    fn take_frames(&mut self) {
        while let Some(frame) = self.decoder.next_frame() {
            match frame {
                Ok(Frame::Ping) => {}
                Ok(Frame::Events {
                    mut events,
                    graph,
                    warnings,
                }) => {
                    let last = self.last;
                    events.retain(|event| event.transitive || Some(event.id) > last);
                    if events.is_empty() {
                        continue;
                    }
                    let stored = events.iter().filter(|e| !e.transitive).map(|e| e.id);
                    if let Some(newest) = stored.max() {
                        self.last = Some(newest);
                        self.attempt = 0;
                    }
                    self.ready.push_back(Ok(Frame::Events {
                        events,
                        graph,
                        warnings,
                    }));
                }
                Ok(Frame::Error(error)) if error.code.is_retryable() => {
                    self.body = None;
                    return;
                }
                Ok(Frame::Error(error)) => return self.end(Error::Api(error)),
                Ok(frame) => {
                    self.attempt = 0;
                    self.ready.push_back(Ok(frame));
                }
                Err(error) => {
                    self.ready.push_back(Err(Error::Frame(error)));
                    self.body = None;
                    return;
                }
            }
        }
    }

    /// Ends the stream with `error`.
    fn end(&mut self, error: Error) {
        self.ready.push_back(Err(error));
        self.ended = true;
        self.body = None;
    }
}

/// The most of an answer that is not a stream that is read: an envelope with an error.
const MAX_REFUSAL: usize = 64 << 10;

/// The body of `response`, at most [`MAX_REFUSAL`] bytes, each chunk within `stall`;
/// `None` when it does not arrive.
async fn read_capped(response: reqwest::Response, stall: std::time::Duration) -> Option<Bytes> {
    let mut chunks = response.bytes_stream();
    let mut body = Vec::new();
    while body.len() < MAX_REFUSAL {
        match tokio::time::timeout(stall, chunks.next()).await {
            Ok(Some(Ok(chunk))) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            _ => return None,
        }
    }
    body.truncate(MAX_REFUSAL);
    Some(Bytes::from(body))
}
