//! The real-time streams in JavaScript (with the `chat` or the `public` feature):
//! [`StreamDecoder`], and with `chat` `streamPath`, as [`crate::stream`] has them.

use std::cell::RefCell;

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::js::Writer;
use super::{decode_error, js, protocol_error, warnings, with_body, write_resolved};
use crate::codec::interpret::data::Noted;
use crate::codec::interpret::response::{DataParts, ResponseView};
use crate::codec::{DecodeError, Limits};
use crate::envelope::{Outcome, Response};
use crate::model::{AdvancedUnreadResult, ChatEvent};
#[cfg(feature = "chat")]
use crate::primitives::{ChannelId, ChatId, UserId};
use crate::primitives::{ChatEventId, UnknownKeys};
use crate::schema::{Kind, MessageKind, Wire};
use crate::stream::{self, FrameError, ReadFrame, StreamKind};
#[cfg(feature = "chat")]
use crate::stream::{Listen, Transport};
use crate::ErrorCode;

/// `new StreamDecoder()`: reads a stream's frames from Server-Sent Events bytes pushed in
/// chunks of any size (`push`), or from whole WebSocket messages (`pushMessage`); takes
/// them with `nextFrame()`; `lastEventId` is where to resume.
#[wasm_bindgen(js_name = StreamDecoder, skip_typescript)]
pub struct StreamDecoder {
    inner: stream::StreamDecoder<JsFrames>,
}

impl Default for StreamDecoder {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen(js_class = StreamDecoder)]
impl StreamDecoder {
    /// A decoder within the default limits.
    #[wasm_bindgen(constructor, skip_typescript)]
    pub fn new() -> Self {
        Self {
            inner: stream::StreamDecoder::new().read_with(JsFrames),
        }
    }

    /// Feeds the next bytes of a Server-Sent Events stream (a `Uint8Array` or a string),
    /// cut anywhere.
    ///
    /// # Errors
    ///
    /// A `ProtocolError` for a chunk that is neither.
    #[wasm_bindgen(skip_typescript)]
    pub fn push(&mut self, chunk: &JsValue) -> Result<(), JsValue> {
        with_body(chunk, |chunk| {
            self.inner.push(chunk);
            Ok(())
        })
    }

    /// Reads one WebSocket message (or one `EventSource` event's `data`): one envelope.
    ///
    /// # Errors
    ///
    /// A `ProtocolError` for a message that is neither a string nor a `Uint8Array`.
    #[wasm_bindgen(js_name = pushMessage, skip_typescript)]
    pub fn push_message(&mut self, message: &JsValue) -> Result<(), JsValue> {
        with_body(message, |message| {
            self.inner.push_message(message);
            Ok(())
        })
    }

    /// Ends the body: call it when the connection closes. An envelope body (the server's
    /// refusal, not a stream) whose frame has not come yet is read now, so that one cut
    /// short is a `malformed` frame; bytes pushed after it start the next connection's
    /// body.
    #[wasm_bindgen(skip_typescript)]
    pub fn finish(&mut self) {
        self.inner.finish();
    }

    /// Whether the body is one JSON envelope rather than a stream: the server refused the
    /// stream, and its error is the one frame.
    #[wasm_bindgen(getter, skip_typescript, js_name = isEnvelope)]
    pub fn is_envelope(&self) -> bool {
        self.inner.is_envelope()
    }

    /// The next frame read (`undefined` if none is complete).
    ///
    /// # Errors
    ///
    /// Only if a frame's value cannot be built in JavaScript.
    #[wasm_bindgen(js_name = nextFrame, skip_typescript)]
    pub fn next_frame(&mut self) -> Result<JsValue, JsValue> {
        let error = match self.inner.next_frame() {
            None => return Ok(JsValue::UNDEFINED),
            Some(Ok(frame)) => return frame,
            Some(Err(FrameError::Decode(error))) => decode_error(error),
            Some(Err(error)) => protocol_error(&ErrorCode::Invalid, &error.to_string(), None),
        };
        let object = Object::new();
        js::set(&object, "type", &"malformed".into());
        js::set(&object, "error", &error);
        Ok(object.into())
    }

    /// The id of the last stored event received (`undefined` before one).
    #[wasm_bindgen(getter, skip_typescript, js_name = lastEventId)]
    pub fn last_event_id(&self) -> Option<i64> {
        self.inner.last_event_id().map(ChatEventId::get)
    }

    /// Where to resume after a reconnection: the last stored event before the first lost
    /// frame, or the last one (`undefined` before one).
    #[wasm_bindgen(getter, skip_typescript, js_name = resumePoint)]
    pub fn resume_point(&self) -> Option<i64> {
        self.inner.resume_point().map(ChatEventId::get)
    }

    /// Whether a frame was lost: reconnect from `resumePoint`.
    #[wasm_bindgen(getter, skip_typescript, js_name = hasGap)]
    pub fn has_gap(&self) -> bool {
        self.inner.has_gap()
    }

    /// A decoder for the stream at `path` (the public API's events, a channel's unread
    /// count or every channel's unread state; with the chat API, an operator's chat,
    /// channel or user stream): its frames typed as that stream's; `lastEventId` (the
    /// history's newest event) is where it resumes after.
    ///
    /// # Errors
    ///
    /// A `ProtocolError` with code `not_found` for a path that is no stream's, `invalid`
    /// for an id that is not an integer.
    #[wasm_bindgen(js_name = forPath, skip_typescript)]
    pub fn for_path(path: &JsValue, last_event_id: &JsValue) -> Result<StreamDecoder, JsValue> {
        let path = super::text(path, "the path")?;
        let inner = stream::decoder_for(&path).ok_or_else(|| {
            protocol_error(
                &ErrorCode::NotFound,
                &format!("no stream has the path {path:?}"),
                None,
            )
        })?;
        let last = event_id(last_event_id, "lastEventId")?;
        Ok(Self {
            inner: inner.resume_after(last).read_with(JsFrames),
        })
    }
}

/// Frames read by the schemas, each straight into the JavaScript value `nextFrame` gives
/// (or the error of building it), as [`stream::Frames`] reads them into [`stream::Frame`]s.
#[derive(Debug, Default)]
struct JsFrames;

impl ReadFrame for JsFrames {
    type Frame = Result<JsValue, JsValue>;

    fn read(
        &mut self,
        kind: StreamKind,
        envelope: &[u8],
        limits: &Limits,
    ) -> Result<(Self::Frame, Option<ChatEventId>), FrameError> {
        let data = match kind {
            StreamKind::Unread => <i32 as Wire>::KIND,
            StreamKind::MultichatUnread => <AdvancedUnreadResult as Wire>::KIND,
            _ => <Vec<ChatEvent> as Wire>::KIND,
        };
        let events = kind == StreamKind::Events;
        // One crossing: the graph's elements written in the walks that check them, then the
        // frame, its data written in the walk that checks it. A fault of the envelope or
        // the data is kept aside for the error it becomes.
        let fault = RefCell::new(None);
        let mut last = None;
        let frame = js::write(|writer| {
            let read = writer.preamble(|writer| {
                let data_parts = DataParts::Written;
                match ResponseView::read_writing(
                    envelope, limits, &data, events, writer, data_parts,
                ) {
                    Ok(view) => {
                        writer.refused()?;
                        Ok::<_, JsValue>(Some(view))
                    }
                    Err(error) => {
                        *fault.borrow_mut() = Some(error);
                        Ok(None)
                    }
                }
            })?;
            let Some(mut view) = read else {
                // The fault, kept aside, is the frame's error.
                return Err(JsValue::NULL);
            };
            // What the envelope means, by `Response::into_outcome`'s rule.
            let outcome = Response::<()> {
                ok: view.ok,
                error: view.error.take(),
                ping: view.ping,
                data: None,
                graph: None,
                unknown: UnknownKeys::new(),
            }
            .into_outcome();
            match outcome {
                Outcome::Data { .. } if events => {
                    let items = view.items(&data);
                    last = view.newest_stored(&items).map(ChatEventId::new);
                    write_events(writer, &view, &data, &items, &fault)
                }
                Outcome::Data { .. } => {
                    let (name, key) = match kind {
                        StreamKind::Unread => ("unread", "count"),
                        _ => ("multichatUnread", "unread"),
                    };
                    let value = view.data_part(&data);
                    let written = write_tagged(writer, name, key, &value);
                    if let Some(error) = value.into_fault() {
                        *fault.borrow_mut() = Some(error);
                    }
                    written
                }
                // (The data was read whatever the envelope says, as the typed decode reads it.)
                Outcome::Error(error) => write_tagged(writer, "error", "error", &error),
                _ => write_tagged(writer, "ping", "", &()),
            }
        });
        if let Some(error) = fault.take() {
            return Err(FrameError::Decode(error));
        }
        let last = last.filter(|_| frame.is_ok());
        Ok((frame, last))
    }
}

/// `{type, [key]: value}`; no `key` when it is empty.
fn write_tagged(
    writer: &mut Writer<'_>,
    kind: &'static str,
    key: &'static str,
    value: &impl serde::Serialize,
) -> Result<(), JsValue> {
    writer.object(|writer| {
        writer.field("type", kind)?;
        if !key.is_empty() {
            writer.field(key, value)?;
        }
        Ok(())
    })
}

/// A frame of events (`items`, each one's JSON): the events, the graph, each event's
/// message resolved as `resolveResponse` resolves one, the warnings. The events' fault, if
/// they are not values of their kind, goes to `fault`.
fn write_events(
    writer: &mut Writer<'_>,
    view: &ResponseView<'_>,
    data: &Kind,
    items: &[Noted<'_>],
    fault: &RefCell<Option<DecodeError>>,
) -> Result<(), JsValue> {
    let index = view.index();
    let body = view.body();
    writer.object(|writer| {
        writer.field("type", "events")?;
        writer.key("events");
        let events = view.data_part(data);
        let written = writer.value(&events);
        if let Some(error) = events.into_fault() {
            *fault.borrow_mut() = Some(error);
        }
        written?;
        writer.field("graph", &view.graph_or_empty())?;
        writer.key("messages");
        writer.array(|writer| {
            for message in items.iter().filter_map(|event| index.event_message(event)) {
                write_resolved(writer, body, &index, MessageKind::Chat, Some(message))?;
            }
            Ok::<_, JsValue>(())
        })?;
        writer.field("warnings", &warnings(&view.warnings))?;
        Ok(())
    })
}

/// `streamPath(transport, listen, id, fromId)`: the path to open a stream at, as
/// [`stream::stream_path`] builds it.
///
/// # Errors
///
/// A `ProtocolError` with code `invalid` for an unknown transport or target, or an id that
/// is not an integer.
#[cfg(feature = "chat")]
#[wasm_bindgen(js_name = streamPath, skip_typescript)]
pub fn stream_path(
    transport: &JsValue,
    listen: &JsValue,
    id: &JsValue,
    from_id: &JsValue,
) -> Result<String, JsValue> {
    let invalid = |message: &str| protocol_error(&ErrorCode::Invalid, message, None);
    let transport = match transport.as_string().as_deref() {
        Some("sse") => Transport::ServerSentEvents,
        Some("ws") => Transport::WebSocket,
        _ => return Err(invalid("the transport is \"sse\" or \"ws\"")),
    };
    let id = integer(id).ok_or_else(|| invalid("the id is an integer"))?;
    let listen = match listen.as_string().as_deref() {
        Some("chat") => Listen::Chat(ChatId::new(id)),
        Some("channel") => Listen::Channel(ChannelId::new(id)),
        Some("user") => Listen::User(UserId::new(id)),
        _ => {
            return Err(invalid(
                "the stream listens to a \"chat\", a \"channel\" or a \"user\"",
            ))
        }
    };
    let from = event_id(from_id, "fromId")?;
    Ok(stream::stream_path(transport, listen, from))
}

/// An optional event id argument named `name`: `None` for `undefined` or `null`, else an
/// [`integer`] or an `invalid` error.
pub(super) fn event_id(value: &JsValue, name: &str) -> Result<Option<ChatEventId>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let id = integer(value).ok_or_else(|| {
        protocol_error(&ErrorCode::Invalid, &format!("{name} is an integer"), None)
    })?;
    Ok(Some(ChatEventId::new(id)))
}

/// A `BigInt` in `i64`'s range, or a safe-integer `number`.
pub(super) fn integer(value: &JsValue) -> Option<i64> {
    if let Ok(big) = i64::try_from(value.clone()) {
        return Some(big);
    }
    let number = value.as_f64()?;
    let safe = number.fract() == 0.0 && number.abs() <= 9_007_199_254_740_991.0;
    safe.then_some(number as i64)
}
