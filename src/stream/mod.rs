//! Real-time streams, without I/O: the chat API pushes envelopes whose data is a list of
//! [`ChatEvent`]s, as Server-Sent Events or as WebSocket text messages; the public client
//! API pushes the same as Server-Sent Events, and, on its unread streams, counts
//! ([`public`]: the paths, and how a client resumes). Feed the bytes as they arrive; take
//! the frames as they complete. A server writes a stream with [`StreamEncoder`].
//!
//! ```
//! use iqchannels_proto::stream::{Frame, StreamDecoder};
//!
//! let mut stream = StreamDecoder::new();
//! // Chunks cut anywhere, even inside a line ending.
//! stream.push(b"data: {\"OK\": true, \"Result\": [{\"Id\": 7, \"Type\": \"typing\"}]}\r");
//! stream.push(b"\n\r\ndata: {\"OK\": true, \"Ping\": true}\n\n");
//! let frames: Vec<_> = std::iter::from_fn(|| stream.next_frame()).collect();
//! assert!(matches!(&frames[0], Ok(Frame::Events { events, .. }) if events[0].id.get() == 7));
//! assert!(matches!(frames[1], Ok(Frame::Ping)));
//! assert_eq!(stream.last_event_id().map(|id| id.get()), Some(7));
//! ```
//!
//! Server-Sent Events are read as the HTML standard reads them: lines end with CR LF, LF or
//! CR; `data:` lines join with a line feed; a blank line ends an event; `:` starts a
//! comment; `id`, `event` and `retry` are read and `id` kept. A frame that does not decode
//! is an [`Err`] in the sequence and the stream goes on; so is a line or an event longer
//! than the body limit, which is skipped without being kept. Either is a gap: the
//! decoder's [`resume_point`](StreamDecoder::resume_point) stays before it.
//!
//! # When the answer is not a stream
//!
//! A server refuses a stream request (a wrong or missing credential, a chat that does not
//! exist) with one JSON envelope instead of events: the Go server's convention, which the
//! development server keeps, is HTTP 200, `Content-Type: application/json` and
//! `{"OK": false, "Error": {"Code": "unauthorized", ...}}`. Tell it before reading the
//! body with [`Answer::of`] (status and content type); or feed the body to the decoder
//! anyway: a body that opens with `{` is read as that one envelope, never as an empty
//! stream, and its error is a [`Frame::Error`] (with [`StreamDecoder::is_envelope`]
//! true). Call [`StreamDecoder::finish`] when the connection ends, so that an envelope
//! cut short is reported too.
//!
//! ```
//! use iqchannels_proto::stream::{Answer, Frame, StreamDecoder};
//! use iqchannels_proto::ErrorCode;
//!
//! assert_eq!(Answer::of(200, Some("application/json")), Answer::Envelope);
//! let mut stream = StreamDecoder::new();
//! stream.push(br#"{"OK":false,"Error":{"Code":"unauthorized","Text":"no session"}}"#);
//! stream.finish();
//! let Some(Ok(Frame::Error(error))) = stream.next_frame() else { panic!("an error frame") };
//! assert_eq!(error.code, ErrorCode::Unauthorized);
//! assert!(stream.is_envelope() && !error.code.is_retryable());
//! ```
//!
//! What a client does with each answer:
//! - [`Answer::Stream`]: read the frames; a [`Frame::Error`] inside the stream, a dropped
//!   connection or a server restart reconnects from the
//!   [`resume_point`](StreamDecoder::resume_point), after a delay
//!   ([`public::reconnect_delay_ms`]).
//! - [`Answer::Envelope`]: its error ends the stream when its code is not retryable
//!   ([`ErrorCode::is_retryable`](crate::ErrorCode::is_retryable): `unauthorized`,
//!   `forbidden`, `not_found`, `invalid` and the rest need a new credential or request);
//!   `internal_server_error` reconnects as a dropped connection does.
//! - [`Answer::Unavailable`] (a 5xx, 408 or 429 without the API's envelope: a proxy, a
//!   restart): reconnect from the resume point, after the delay.
//! - [`Answer::Other`]: not the API's answer (a login page, a 404 of a proxy): end with it.

use std::collections::VecDeque;
use std::fmt;

use crate::codec::{self, DecodeError, Limits, Warning};
use crate::envelope::{Error, Outcome};
use crate::graph::Graph;
use crate::model::{AdvancedUnreadResult, ChatEvent};
use crate::primitives::ChatEventId;
#[cfg(feature = "chat")]
use crate::primitives::{ChannelId, ChatId, UserId};

mod answer;
mod encoder;
pub mod public;

pub use answer::Answer;
pub use encoder::{next_keep_alive, StreamEncoder, KEEP_ALIVE, KEEP_ALIVE_INTERVAL_MS};

/// One frame of a stream: what one envelope means.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
// The graph is the large part, in the variant that is the common case: boxing it would
// allocate once more per response to shrink the rare ones.
#[allow(clippy::large_enum_variant)]
pub enum Frame {
    /// Events, with the graph of the objects they refer to.
    Events {
        /// The events, in order.
        events: Vec<ChatEvent>,
        /// The related objects.
        graph: Graph,
        /// The malformed graph elements left out, as for any response.
        warnings: Vec<Warning>,
    },
    /// The unread count of a channel's chat: a frame of the public API's
    /// `sse/chats/channel/unread/:channel` (its `Result` is a bare integer, §6.1).
    Unread(i32),
    /// A channel's unread messages: a frame of the public API's
    /// `sse/chats/channel/unread/multichat` (its `Result` is an AdvancedUnreadResult,
    /// §4.11).
    MultichatUnread(AdvancedUnreadResult),
    /// A keep-alive: nothing to do.
    Ping,
    /// The server reported an error.
    Error(Error),
}

/// What a stream's frames carry, so how a [`StreamDecoder`] reads their `Result`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StreamKind {
    /// A list of events ([`Frame::Events`]): the chat API's streams and the public API's
    /// `sse/chats/channel/events/:channel`.
    #[default]
    Events,
    /// An unread count ([`Frame::Unread`]): the public API's
    /// `sse/chats/channel/unread/:channel`.
    Unread,
    /// An unread state ([`Frame::MultichatUnread`]): the public API's
    /// `sse/chats/channel/unread/multichat`.
    MultichatUnread,
}

/// A frame that could not be read; the stream goes on after it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrameError {
    /// The frame's envelope does not decode; the error is located in the frame's data.
    Decode(DecodeError),
    /// A line of the stream, or an event's data, is longer than the body limit; it was
    /// skipped, and its event with it.
    TooLong {
        /// The limit, in bytes.
        limit: usize,
    },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode(error) => write!(f, "the frame does not decode: {error}"),
            Self::TooLong { limit } => {
                write!(
                    f,
                    "a line or an event of the stream is longer than {limit} bytes"
                )
            }
        }
    }
}

impl std::error::Error for FrameError {}

/// How a [`StreamDecoder`] reads each frame's envelope: [`Frames`], the default, into a
/// [`Frame`]; another reader into a form of its own (the wasm package reads each into a
/// JavaScript value, by the schemas).
pub trait ReadFrame {
    /// What a frame is read into.
    type Frame: fmt::Debug;

    /// Reads `envelope`, a frame of a stream whose frames carry `kind`, within `limits`:
    /// the frame, and the id of the newest stored (not transitive) event it carries.
    ///
    /// # Errors
    ///
    /// A frame that does not decode.
    fn read(
        &mut self,
        kind: StreamKind,
        envelope: &[u8],
        limits: &Limits,
    ) -> Result<(Self::Frame, Option<ChatEventId>), FrameError>;
}

/// The crate's reading of frames, into [`Frame`]s: [`StreamDecoder`]'s default.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct Frames;

impl ReadFrame for Frames {
    type Frame = Frame;

    fn read(
        &mut self,
        kind: StreamKind,
        envelope: &[u8],
        limits: &Limits,
    ) -> Result<(Frame, Option<ChatEventId>), FrameError> {
        match kind {
            StreamKind::Events => events(envelope, limits),
            StreamKind::Unread => decode::<i32>(envelope, limits, Frame::Unread),
            StreamKind::MultichatUnread => {
                decode::<AdvancedUnreadResult>(envelope, limits, Frame::MultichatUnread)
            }
        }
    }
}

/// A frame of events, and the newest stored event's id.
fn events(envelope: &[u8], limits: &Limits) -> Result<(Frame, Option<ChatEventId>), FrameError> {
    let decoded =
        codec::decode_data::<Vec<ChatEvent>>(envelope, limits).map_err(FrameError::Decode)?;
    Ok(match decoded.value.into_outcome() {
        Outcome::Data { data, graph } => {
            let stored = data.iter().filter(|event| !event.transitive);
            let last = stored.map(|event| event.id).max();
            let frame = Frame::Events {
                events: data,
                graph,
                warnings: decoded.warnings,
            };
            (frame, last)
        }
        Outcome::Error(error) => (Frame::Error(error), None),
        Outcome::Ping => (Frame::Ping, None),
    })
}

/// A frame whose `Result` is a `T`, which `data` makes a frame of.
fn decode<T>(
    envelope: &[u8],
    limits: &Limits,
    data: fn(T) -> Frame,
) -> Result<(Frame, Option<ChatEventId>), FrameError>
where
    T: serde::de::DeserializeOwned + Default,
{
    let decoded = codec::decode_data::<T>(envelope, limits).map_err(FrameError::Decode)?;
    Ok(match decoded.value.into_outcome() {
        Outcome::Data { data: value, .. } => (data(value), None),
        Outcome::Error(error) => (Frame::Error(error), None),
        Outcome::Ping => (Frame::Ping, None),
    })
}

/// Reads a stream's frames from its bytes, in chunks of any size (Server-Sent Events), or
/// from whole messages (WebSocket). Keeps the id of the last stored event, to resume from.
/// Its frames are [`Frame`]s, or what another [`ReadFrame`] reads
/// ([`read_with`](Self::read_with)).
#[derive(Debug)]
pub struct StreamDecoder<R: ReadFrame = Frames> {
    reader: R,
    limits: Limits,
    /// What the frames carry.
    kind: StreamKind,
    /// The bytes of the line being read.
    line: Vec<u8>,
    /// The line being read is over the limit: skip to its end.
    skipping: bool,
    /// The event being read had a line over the limit: skip to its end.
    dropping: bool,
    /// The last byte pushed was a CR: a LF right after it ends nothing more.
    after_cr: bool,
    /// Whether the stream's first line is still to come (its byte-order mark is dropped).
    started: bool,
    /// The `data` lines of the event being read, each followed by a line feed; `None`
    /// before the first.
    data: Option<Vec<u8>>,
    /// Frames read and not yet taken.
    ready: VecDeque<Result<R::Frame, FrameError>>,
    /// The SSE `id` field last seen.
    sse_id: Option<String>,
    /// The id of the last stored (not transitive) event of a frame.
    last_event_id: Option<ChatEventId>,
    /// `last_event_id` when the first frame was lost (did not decode, or was too long).
    gap: Option<Option<ChatEventId>>,
    /// What the body is, from its first byte that is not white space.
    body: Body,
    /// Whether the last body that was told apart was one envelope, not a stream.
    envelope: bool,
}

/// The byte-order mark a stream may open with.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// The most bytes of an envelope body scanned for its first whole value as they come (to
/// give its frame before the connection ends); an envelope longer than that is read when
/// the body ends ([`StreamDecoder::finish`]).
const EAGER_ENVELOPE_BYTES: usize = 16 << 10;

/// JSON's white space: space, tab, line feed, carriage return.
fn is_json_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Where the first JSON value of `bytes` ends, once it is whole (syntax only: what it
/// means is the codec's to read).
fn first_value_end(bytes: &[u8]) -> Option<usize> {
    let mut values =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => Some(values.byte_offset()),
        _ => None,
    }
}

/// What a body pushed to a [`StreamDecoder`] is, told by its first byte that is not white
/// space or part of a byte-order mark: `{` opens an envelope, anything else a stream.
#[derive(Debug)]
enum Body {
    /// Nothing told yet: `bom` is how many bytes of a byte-order mark the body opened
    /// with, `None` once white space came.
    Opening { bom: Option<usize> },
    /// Server-Sent Events.
    Events,
    /// One envelope: its bytes so far; whether its frame was given; whether bytes other
    /// than white space came after it.
    Envelope {
        bytes: Vec<u8>,
        answered: bool,
        trailing: bool,
    },
    /// An envelope over the body limit, reported: the rest of the body is dropped.
    Dropped,
}

impl Default for Body {
    fn default() -> Self {
        Self::Opening { bom: Some(0) }
    }
}

impl<R: ReadFrame + Default> Default for StreamDecoder<R> {
    fn default() -> Self {
        Self::fresh(R::default(), Limits::default(), StreamKind::default())
    }
}

impl StreamDecoder {
    /// A decoder within the default [`Limits`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A decoder within `limits`: a frame's envelope is held to them, and a line of the
    /// stream to `max_body_bytes`.
    pub fn with_limits(limits: Limits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// A decoder for a stream whose frames carry `kind`, within the default [`Limits`].
    ///
    /// ```
    /// use iqchannels_proto::stream::{Frame, StreamDecoder, StreamKind};
    ///
    /// let mut unread = StreamDecoder::for_stream(StreamKind::Unread);
    /// unread.push(b"data: {\"OK\": true, \"Result\": 3}\n\n");
    /// assert_eq!(unread.next_frame(), Some(Ok(Frame::Unread(3))));
    /// ```
    pub fn for_stream(kind: StreamKind) -> Self {
        Self::for_stream_with_limits(kind, Limits::default())
    }

    /// A decoder for a stream whose frames carry `kind`, within `limits`.
    pub fn for_stream_with_limits(kind: StreamKind, limits: Limits) -> Self {
        Self {
            kind,
            ..Self::with_limits(limits)
        }
    }

    /// Starts the resume point at `id`: the id the stream was opened after (the newest
    /// `EventId` of the messages loaded before it, [`public`] §6.5), so that
    /// [`last_event_id`](Self::last_event_id) and
    /// [`resume_point`](Self::resume_point) say where to resume even before an event came.
    pub fn resume_after(self, id: Option<ChatEventId>) -> Self {
        self.resume_at(id)
    }
}

impl<R: ReadFrame> StreamDecoder<R> {
    /// The decoder, its frames read by `reader` from now on: its limits, its kind and
    /// where it resumes kept, what was pushed and not taken dropped (call it before the
    /// first bytes).
    pub fn read_with<S: ReadFrame>(self, reader: S) -> StreamDecoder<S> {
        StreamDecoder::fresh(reader, self.limits, self.kind).resume_at(self.last_event_id)
    }

    /// A decoder that has read nothing.
    fn fresh(reader: R, limits: Limits, kind: StreamKind) -> Self {
        Self {
            reader,
            limits,
            kind,
            line: Vec::new(),
            skipping: false,
            dropping: false,
            after_cr: false,
            started: false,
            data: None,
            ready: VecDeque::new(),
            sse_id: None,
            last_event_id: None,
            gap: None,
            body: Body::default(),
            envelope: false,
        }
    }

    fn resume_at(mut self, id: Option<ChatEventId>) -> Self {
        self.last_event_id = id;
        self
    }

    /// Feeds the next bytes of a Server-Sent Events stream, cut anywhere. A body that
    /// opens with `{` (after white space) is not a stream but one envelope, the server's
    /// refusal: its frame (a [`Frame::Error`]) comes as soon as it is whole, or at
    /// [`finish`](Self::finish).
    pub fn push(&mut self, bytes: &[u8]) {
        let mut bytes = bytes;
        if let Body::Opening { bom } = &mut self.body {
            let first = bytes.iter().position(|&byte| match *bom {
                Some(matched) if matched < BOM.len() && byte == BOM[matched] => {
                    *bom = Some(matched + 1);
                    false
                }
                Some(matched) if matched > 0 && matched < BOM.len() => true,
                _ if matches!(byte, b' ' | b'\t' | b'\r' | b'\n') => {
                    *bom = None;
                    false
                }
                _ => true,
            });
            let Some(first) = first else {
                self.push_events(bytes);
                return;
            };
            let (head, rest) = bytes.split_at(first);
            self.push_events(head);
            self.envelope = rest[0] == b'{';
            if self.envelope {
                self.body = Body::Envelope {
                    bytes: Vec::new(),
                    answered: false,
                    trailing: false,
                };
            } else {
                self.body = Body::Events;
            }
            bytes = rest;
        }
        match self.body {
            Body::Envelope { .. } => self.push_envelope(bytes),
            Body::Dropped => {}
            Body::Opening { .. } | Body::Events => self.push_events(bytes),
        }
    }

    /// Ends the body: call it when the connection closes. An envelope body whose frame
    /// has not come yet is read now, so that one cut short is reported (a
    /// [`FrameError`]); an event the stream left without its blank line is dropped, as
    /// the Server-Sent Events standard drops it. Bytes pushed after it start a new body
    /// (the next connection's), and the decoder keeps where to resume.
    ///
    /// ```
    /// use iqchannels_proto::stream::StreamDecoder;
    ///
    /// let mut stream = StreamDecoder::new();
    /// stream.push(br#"{"OK": false, "Error": {"Code": "forbidden""#);
    /// assert!(stream.next_frame().is_none());
    /// stream.finish();
    /// assert!(matches!(stream.next_frame(), Some(Err(_))));
    /// ```
    pub fn finish(&mut self) {
        if let Body::Envelope {
            bytes,
            answered,
            trailing,
        } = std::mem::take(&mut self.body)
        {
            // A trailing value makes the whole body an error: reading it again says where.
            if !answered || trailing {
                let frame = self.frame(&bytes);
                self.ready.push_back(frame);
            }
        }
        self.line.clear();
        self.skipping = false;
        self.dropping = false;
        self.after_cr = false;
        self.started = false;
        self.data = None;
    }

    /// Whether the body is (or the last one was) one JSON envelope rather than a stream:
    /// the server refused the stream, and its error is the one frame.
    pub fn is_envelope(&self) -> bool {
        self.envelope
    }

    /// The bytes of an envelope body: kept within the body limit, and read as soon as its
    /// first JSON value is whole (within the first [`EAGER_ENVELOPE_BYTES`]), so that the
    /// frame comes before the connection ends, and the same frame however the body was
    /// cut. Anything after that value makes the body an error, said at
    /// [`finish`](Self::finish).
    fn push_envelope(&mut self, more: &[u8]) {
        let Body::Envelope { bytes, .. } = &self.body else {
            return;
        };
        // What fits within the body limit is read as any bytes are; then the rest of the
        // body is dropped, reported once.
        let room = self.limits.max_body_bytes.saturating_sub(bytes.len());
        let (fits, over) = more.split_at(more.len().min(room));
        self.extend_envelope(fits);
        if !over.is_empty() {
            self.body = Body::Dropped;
            self.too_long();
        }
    }

    /// The bytes of an envelope body within the limit, kept whole (so that the error at
    /// the end says where, whatever the cuts).
    fn extend_envelope(&mut self, more: &[u8]) {
        let Body::Envelope {
            bytes,
            answered,
            trailing,
        } = &mut self.body
        else {
            return;
        };
        let scanned = bytes.len().min(EAGER_ENVELOPE_BYTES);
        bytes.extend_from_slice(more);
        if *answered {
            *trailing |= more.iter().any(|byte| !is_json_space(*byte));
            return;
        }
        // The first value is an object: it can only have become whole with a `}`.
        if scanned == EAGER_ENVELOPE_BYTES || !more.contains(&b'}') {
            return;
        }
        let head = &bytes[..bytes.len().min(EAGER_ENVELOPE_BYTES)];
        let Some(end) = first_value_end(head) else {
            return;
        };
        let rest = bytes[end..].iter().any(|byte| !is_json_space(*byte));
        let bytes = std::mem::take(bytes);
        let read = self.read(&bytes[..end]);
        if let Body::Envelope {
            bytes: kept,
            answered,
            trailing,
        } = &mut self.body
        {
            *kept = bytes;
            // One that does not decode waits for the end of the body, which reports it
            // whole.
            if let Ok(frame) = read {
                *answered = true;
                *trailing = rest;
                self.ready.push_back(Ok(frame));
            }
        }
    }

    /// The bytes of a Server-Sent Events stream.
    fn push_events(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some(&first) = rest.first() {
            // A LF right after a CR ends nothing more: CR LF is one line ending.
            if std::mem::take(&mut self.after_cr) && first == b'\n' {
                rest = &rest[1..];
                continue;
            }
            match rest.iter().position(|byte| matches!(byte, b'\n' | b'\r')) {
                Some(at) => {
                    self.extend_line(&rest[..at]);
                    self.after_cr = rest[at] == b'\r';
                    self.end_line();
                    rest = &rest[at + 1..];
                }
                None => {
                    self.extend_line(rest);
                    rest = &[];
                }
            }
        }
    }

    /// Reads one WebSocket text message: one envelope.
    pub fn push_message(&mut self, message: &[u8]) {
        let frame = self.frame(message);
        self.ready.push_back(frame);
    }

    /// The next frame read, if one is complete.
    pub fn next_frame(&mut self) -> Option<Result<R::Frame, FrameError>> {
        self.ready.pop_front()
    }

    /// The id of the last stored event received: where to resume with `FromId` (chat
    /// API) or `LastEventId` (public API) when no frame was lost. Transitive events
    /// (`typing`) do not move it; an older event (one sent again) does not move it back.
    pub fn last_event_id(&self) -> Option<ChatEventId> {
        self.last_event_id
    }

    /// Where to resume from: [`last_event_id`](Self::last_event_id) as it was before the
    /// first frame that was lost (that did not decode, or was too long), since the events
    /// of that frame are not in the ones after it; `last_event_id` if none was lost. See
    /// [`public`] for the rules around it.
    pub fn resume_point(&self) -> Option<ChatEventId> {
        self.gap.unwrap_or(self.last_event_id)
    }

    /// Whether a frame was lost (an [`Err`] in the sequence): the events it carried are
    /// missing, so the client should reconnect from [`resume_point`](Self::resume_point)
    /// (and reload what it shows), as the web widget does.
    pub fn has_gap(&self) -> bool {
        self.gap.is_some()
    }

    /// The last Server-Sent Events `id` field, as it came.
    pub fn last_sse_id(&self) -> Option<&str> {
        self.sse_id.as_deref()
    }

    fn extend_line(&mut self, text: &[u8]) {
        if self.skipping {
            return;
        }
        if self.line.len() + text.len() > self.limits.max_body_bytes {
            self.too_long();
            self.skipping = true;
            self.line = Vec::new();
            return;
        }
        self.line.extend_from_slice(text);
    }

    /// A line or an event over the limit: reported, and the event it was part of dropped.
    fn too_long(&mut self) {
        self.lost();
        self.ready.push_back(Err(FrameError::TooLong {
            limit: self.limits.max_body_bytes,
        }));
        self.data = None;
        self.dropping = true;
    }

    /// A line ended: dispatch an event on a blank line, else read a field.
    fn end_line(&mut self) {
        let mut line = std::mem::take(&mut self.line);
        if std::mem::take(&mut self.skipping) {
            return;
        }
        if !std::mem::replace(&mut self.started, true) && line.starts_with("\u{feff}".as_bytes()) {
            line.drain(..3);
        }
        if line.is_empty() {
            if std::mem::take(&mut self.dropping) {
                return;
            }
            if let Some(mut data) = self.data.take() {
                data.pop();
                let frame = self.frame(&data);
                self.ready.push_back(frame);
            }
            return;
        }
        if line[0] == b':' {
            return;
        }
        let (name, value) = match line.iter().position(|byte| *byte == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (&line[..], &b""[..]),
        };
        match name {
            b"data" if self.dropping => {}
            b"data" => {
                let data = self.data.get_or_insert_with(Vec::new);
                if data.len() + value.len() >= self.limits.max_body_bytes {
                    self.too_long();
                    return;
                }
                data.extend_from_slice(value);
                data.push(b'\n');
            }
            b"id" if !value.contains(&0) => {
                self.sse_id = Some(String::from_utf8_lossy(value).into_owned());
            }
            // `event`, `retry` and unknown fields carry nothing this API uses.
            _ => {}
        }
    }

    /// A frame was lost: the resume point stays where it is now.
    fn lost(&mut self) {
        self.gap.get_or_insert(self.last_event_id);
    }

    /// What one envelope means, and the last event id it moves to; one that does not
    /// decode is a gap.
    fn frame(&mut self, envelope: &[u8]) -> Result<R::Frame, FrameError> {
        let frame = self.read(envelope);
        if frame.is_err() {
            self.lost();
        }
        frame
    }

    /// What one envelope means, and the last event id it moves to.
    fn read(&mut self, envelope: &[u8]) -> Result<R::Frame, FrameError> {
        let (frame, last) = self.reader.read(self.kind, envelope, &self.limits)?;
        if last.is_some() {
            self.last_event_id = self.last_event_id.max(last);
        }
        Ok(frame)
    }
}

/// What a stream of the chat API listens to (feature `chat`).
#[cfg(feature = "chat")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Listen {
    /// One chat's events: [`ListenToChat`](crate::api::chats::ListenToChat).
    Chat(ChatId),
    /// A channel's events: [`ListenToChannel`](crate::api::chats::ListenToChannel).
    Channel(ChannelId),
    /// An operator's events: [`ListenToUser`](crate::api::chats::ListenToUser).
    User(UserId),
}

/// How a stream of the chat API is carried (feature `chat`).
#[cfg(feature = "chat")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Transport {
    /// Server-Sent Events, under `/api/v1/sse/` (phones and bots).
    ServerSentEvents,
    /// WebSocket, under `/api/v1/ws/` (browsers).
    WebSocket,
}

/// The path (with its query) to open a stream of the chat API at, resuming after `from`
/// when given: the target of its request ([`ListenToChat`](crate::api::chats::ListenToChat)
/// and the others), under `/api/v1/ws/` for a WebSocket.
///
/// ```
/// use iqchannels_proto::stream::{stream_path, Listen, Transport};
/// use iqchannels_proto::{ChatEventId, ChatId};
///
/// let path = stream_path(Transport::ServerSentEvents, Listen::Chat(ChatId::new(10)), Some(ChatEventId::new(100)));
/// assert_eq!(path, "/api/v1/sse/chats/events/listen_to_chat/10?FromId=100");
/// ```
#[cfg(feature = "chat")]
pub fn stream_path(transport: Transport, listen: Listen, from: Option<ChatEventId>) -> String {
    use crate::api::chats::{ListenToChannel, ListenToChat, ListenToUser};
    use crate::Method;

    let target = match listen {
        Listen::Chat(id) => ListenToChat::new(id).from_id(from).target(),
        Listen::Channel(id) => ListenToChannel::new(id).from_id(from).target(),
        Listen::User(id) => ListenToUser::new(id).from_id(from).target(),
    };
    match transport {
        Transport::ServerSentEvents => target,
        Transport::WebSocket => target.replacen(SSE_ROOT, "/api/v1/ws/", 1),
    }
}

/// Where the chat API's Server-Sent Events streams are.
#[cfg(feature = "chat")]
const SSE_ROOT: &str = "/api/v1/sse/";

/// The decoder for the stream whose request has the path `path` (a target as called,
/// with or without its query): the chat API's streams (feature `chat`, under
/// `/api/v1/sse/` or `/api/v1/ws/`) and the public API's ([`public::decoder_for`]);
/// `None` for a path that is no stream's.
///
/// ```
/// use iqchannels_proto::stream::{decoder_for, Frame};
///
/// let mut decoder = decoder_for("/api/v1/ws/chats/events/listen_to_user/5?FromId=9").unwrap();
/// decoder.push_message(br#"{"OK": true, "Result": [{"Id": 10, "Type": "typing"}]}"#);
/// assert!(matches!(decoder.next_frame(), Some(Ok(Frame::Events { .. }))));
/// assert!(decoder_for("/api/v1/chats/get/10").is_none());
/// ```
pub fn decoder_for(path: &str) -> Option<StreamDecoder> {
    #[cfg(feature = "chat")]
    {
        let path = path.split_once('?').map_or(path, |(path, _)| path);
        let sse = path
            .strip_prefix("/api/v1/ws/")
            .map_or_else(|| path.to_owned(), |rest| format!("{SSE_ROOT}{rest}"));
        let route = crate::api::Router::new().route(crate::methods::Verb::Get.as_str(), &sse);
        // Each of them has one parameter, an id, last.
        let id = sse
            .rsplit('/')
            .next()
            .map(<ChatId as crate::primitives::Param>::from_param);
        if route.is_ok_and(|route| {
            route.metadata().response == crate::methods::ResponseKind::Stream
                && route.metadata().path.starts_with(SSE_ROOT)
        }) && id.is_some_and(|id| id.is_ok())
        {
            return Some(StreamDecoder::new());
        }
    }
    public::decoder_for(path)
}
