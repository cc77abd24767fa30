//! Server side: a Server-Sent Events stream written so that the official clients read it
//! (public API §6.3–§6.4): the web widget's browser `EventSource`, the Android SDK's line
//! reader and the iOS SDK's bundled TRVSEventSource.

use serde::Serialize;

use super::Frame;
use crate::codec::{self, EncodeError};
use crate::envelope::{Error, Response, Spelling};
use crate::graph::Graph;
use crate::model::ChatEvent;
use crate::primitives::ChatEventId;

/// How long a stream may stay silent before a keep-alive, in milliseconds: 15 seconds,
/// well inside the shortest idle timeout of the clients (the iOS SDK's URL session gives
/// up after 60 seconds without data, the Android SDK after 120) and of the proxies usually
/// in between (often 30 or 60 seconds).
pub const KEEP_ALIVE_INTERVAL_MS: i64 = 15_000;

/// A keep-alive: one comment line, which every client skips.
///
/// No SDK knows the envelope's `Ping` (the web widget would close the stream on a frame
/// without `Result` and `Rels`), so a keep-alive is a comment. It has no blank line after
/// it: the iOS SDK cuts its buffer at each blank line and hands on what came before it,
/// even a block with no data, as an event; a comment line without one is merged into the
/// next frame's block, where its parser skips it.
pub const KEEP_ALIVE: &[u8] = b": keep-alive\n";

/// When the next keep-alive is due on a stream last written to at `last_write_ms` (a clock
/// in milliseconds, of any origin: the caller's): [`KEEP_ALIVE_INTERVAL_MS`] later.
///
/// ```
/// use iqchannels_proto::stream::{next_keep_alive, KEEP_ALIVE_INTERVAL_MS};
///
/// assert_eq!(next_keep_alive(1_000), 1_000 + KEEP_ALIVE_INTERVAL_MS);
/// ```
pub fn next_keep_alive(last_write_ms: i64) -> i64 {
    last_write_ms.saturating_add(KEEP_ALIVE_INTERVAL_MS)
}

/// Writes one stream's frames, and knows when a keep-alive is due: the server side of the
/// streams, sans-I/O. The caller writes the bytes it returns to the response body (with
/// `Content-Type: text/event-stream`, exactly: the Android SDK refuses parameters) and
/// passes its clock to each call.
///
/// Each data frame is one unnamed event (the widget listens to `message` events only):
/// an `id:` line with the id of the frame's last stored event, when it has one, then the
/// envelope in `data:` lines, then a blank line, every line ended by a line feed (the iOS
/// SDK finds events by two line feeds, so CR LF would hide every event from it). The
/// envelope is spelled `Result`/`Rels` and always has both (the widget reconnects when
/// either is missing); its JSON is written by [`codec::encode_response_as`], with the
/// characters the iOS SDK would take for line ends (U+0085, U+2028, U+2029, only ever in
/// strings) written as `\u` escapes, and a raw line break in a kept
/// [`RawJson`](crate::RawJson) value starting a new `data:` line (a reader joins them with
/// a line feed).
///
/// ```
/// use iqchannels_proto::stream::{Frame, StreamDecoder, StreamEncoder};
/// use iqchannels_proto::{ChatEvent, ChatEventId, Graph};
///
/// let mut stream = StreamEncoder::new();
/// let mut bytes = stream.events(vec![ChatEvent::new(ChatEventId::new(7))], Graph::default(), 0)?;
/// assert!(bytes.starts_with(b"id: 7\ndata: {\"OK\":true,"));
/// assert_eq!(stream.keep_alive_due(), 15_000);
/// assert_eq!(stream.poll_keep_alive(14_999), None);
/// bytes.extend_from_slice(stream.poll_keep_alive(15_000).unwrap());
///
/// let mut decoder = StreamDecoder::new();
/// decoder.push(&bytes);
/// assert!(matches!(decoder.next_frame(), Some(Ok(Frame::Events { events, .. })) if events[0].id.get() == 7));
/// assert_eq!(decoder.next_frame(), None);
/// # Ok::<(), iqchannels_proto::EncodeError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamEncoder {
    /// When the stream was last written to; `None` before the first write.
    last_write_ms: Option<i64>,
    /// How long after a write the next keep-alive is due; `None`:
    /// [`KEEP_ALIVE_INTERVAL_MS`].
    interval_ms: Option<i64>,
}

impl StreamEncoder {
    /// An encoder for a stream not yet written to: a keep-alive is due at once, which
    /// also tells the client the stream is open.
    pub fn new() -> Self {
        Self::default()
    }

    /// An encoder whose keep-alives are due `interval_ms` after the last write (at least
    /// 1 ms), instead of [`KEEP_ALIVE_INTERVAL_MS`]: a server's own setting. Keep it under
    /// the iOS SDK's 60 s idle timeout (`public-api.md` §6.4).
    ///
    /// ```
    /// use iqchannels_proto::stream::StreamEncoder;
    ///
    /// let mut stream = StreamEncoder::with_keep_alive_interval(5_000);
    /// stream.keep_alive(100);
    /// assert_eq!(stream.keep_alive_due(), 5_100);
    /// ```
    pub fn with_keep_alive_interval(interval_ms: i64) -> Self {
        Self {
            interval_ms: Some(interval_ms.max(1)),
            ..Self::default()
        }
    }

    /// A frame of `events`, with the `graph` of what they refer to (the messages of
    /// `message_created`, the users of `typing`, ...), written at `now_ms`. The `id:` line
    /// holds the largest id of the frame's stored (not transitive) events.
    ///
    /// # Errors
    ///
    /// Only if a kept value does not serialize.
    pub fn events(
        &mut self,
        events: Vec<ChatEvent>,
        graph: Graph,
        now_ms: i64,
    ) -> Result<Vec<u8>, EncodeError> {
        let id = events
            .iter()
            .filter(|event| !event.transitive)
            .map(|event| event.id)
            .max();
        self.data(events, graph, id, now_ms)
    }

    /// A frame whose `Result` is `data` (the unread streams' count or state, or any
    /// other result), with `graph`, and the `id:` line `id` when given, written at
    /// `now_ms`.
    ///
    /// # Errors
    ///
    /// Only if `data` does not serialize.
    pub fn data<T: Serialize>(
        &mut self,
        data: T,
        graph: Graph,
        id: Option<ChatEventId>,
        now_ms: i64,
    ) -> Result<Vec<u8>, EncodeError> {
        self.write(&Response::success(data, graph), id, now_ms)
    }

    /// A frame that reports `error`, written at `now_ms`. Every client takes it as the end
    /// of the stream and reconnects.
    ///
    /// # Errors
    ///
    /// Never, in practice: an error serializes.
    pub fn error(&mut self, error: Error, now_ms: i64) -> Result<Vec<u8>, EncodeError> {
        self.write(&Response::<()>::failure(error), None, now_ms)
    }

    /// `frame` as [`events`](Self::events), [`data`](Self::data) or
    /// [`error`](Self::error) write it; a [`Frame::Ping`] is a [`keep_alive`](Self::keep_alive)
    /// (the clients of the public API know no ping envelope). A frame's warnings are not
    /// written.
    ///
    /// # Errors
    ///
    /// Only if a kept value does not serialize.
    pub fn frame(&mut self, frame: Frame, now_ms: i64) -> Result<Vec<u8>, EncodeError> {
        match frame {
            Frame::Events { events, graph, .. } => self.events(events, graph, now_ms),
            Frame::Unread(count) => self.data(count, Graph::default(), None, now_ms),
            Frame::MultichatUnread(unread) => self.data(unread, Graph::default(), None, now_ms),
            Frame::Ping => Ok(self.keep_alive(now_ms).to_vec()),
            Frame::Error(error) => self.error(error, now_ms),
        }
    }

    /// A keep-alive, written at `now_ms`.
    pub fn keep_alive(&mut self, now_ms: i64) -> &'static [u8] {
        self.last_write_ms = Some(now_ms);
        KEEP_ALIVE
    }

    /// When the next keep-alive is due: [`KEEP_ALIVE_INTERVAL_MS`] (or the encoder's own
    /// interval) after the last write ([`next_keep_alive`]), or at once (`i64::MIN`) before
    /// the first.
    pub fn keep_alive_due(&self) -> i64 {
        let interval = self.interval_ms.unwrap_or(KEEP_ALIVE_INTERVAL_MS);
        self.last_write_ms
            .map_or(i64::MIN, |last| last.saturating_add(interval))
    }

    /// A keep-alive if one is due at `now_ms`, written then; `None` if not. Call it when
    /// the timer set for [`keep_alive_due`](Self::keep_alive_due) fires.
    pub fn poll_keep_alive(&mut self, now_ms: i64) -> Option<&'static [u8]> {
        (now_ms >= self.keep_alive_due()).then(|| self.keep_alive(now_ms))
    }

    /// One event: the `id:` line, the envelope's `data:` lines, a blank line.
    fn write<T: Serialize>(
        &mut self,
        response: &Response<T>,
        id: Option<ChatEventId>,
        now_ms: i64,
    ) -> Result<Vec<u8>, EncodeError> {
        let json = codec::encode_response_as(response, Spelling::ResultRels)?;
        let mut out = Vec::with_capacity(json.len() + 32);
        if let Some(id) = id {
            out.extend_from_slice(format!("id: {}\n", id.get()).as_bytes());
        }
        out.extend_from_slice(b"data: ");
        let mut rest = &json[..];
        while let Some(at) = rest
            .iter()
            .position(|byte| matches!(byte, b'\n' | b'\r' | 0xc2 | 0xe2))
        {
            out.extend_from_slice(&rest[..at]);
            rest = &rest[at..];
            let (written, skip): (&[u8], usize) = match rest {
                [b'\r', b'\n', ..] => (b"\ndata: ", 2),
                [b'\n' | b'\r', ..] => (b"\ndata: ", 1),
                [0xc2, 0x85, ..] => (b"\\u0085", 2),
                [0xe2, 0x80, 0xa8, ..] => (b"\\u2028", 3),
                [0xe2, 0x80, 0xa9, ..] => (b"\\u2029", 3),
                [byte, ..] => (std::slice::from_ref(byte), 1),
                [] => break,
            };
            out.extend_from_slice(written);
            rest = &rest[skip..];
        }
        out.extend_from_slice(rest);
        out.extend_from_slice(b"\n\n");
        self.last_write_ms = Some(now_ms);
        Ok(out)
    }
}
