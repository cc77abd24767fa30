//! The Server-Sent Events streams, written by the crate's `StreamEncoder`.
//!
//! A stream subscribes to the live events first, then reads its chat's stored events
//! after its resume point from the database (with back-pressure: a reader that falls
//! behind holds no memory here, the events wait in SQLite), then sends the live ones,
//! skipping what it already sent. The live part goes through a bounded buffer: a client
//! that does not read past it is disconnected, and resumes from its `LastEventId`. A
//! stream that misses live events (the broadcast overtook it) reads them back from the
//! database, so that every client gets every event of its chat once, in order.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue};
use iqchannels_proto::stream::StreamEncoder;
use iqchannels_proto::{
    ActorType, AdvancedUnreadResult, ChatEvent, ChatEventType, ChatId, ChatMessage, ClientId,
    Error, ErrorCode, Graph, RawJson, UnreadLastMessage, UserId,
};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use crate::store::Scope;
use crate::{now_ms, App, Live};

/// The events read from the database at a time, one frame.
const BATCH: i64 = 100;

/// Who reads a stream: its graph's `My` is theirs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Viewer {
    /// A client of the public API.
    Client(ClientId),
    /// An operator of the chat API.
    Operator(UserId),
}

/// Sets `My` on the messages the viewer wrote (a page, a frame's graph).
pub(crate) fn mark_mine(messages: &mut [ChatMessage], viewer: Viewer) {
    for message in messages {
        message.my = match viewer {
            Viewer::Client(client) => {
                message.author == ActorType::Client && message.client_id == Some(client)
            }
            Viewer::Operator(user) => {
                message.author == ActorType::User && message.user_id == Some(user)
            }
        };
    }
}

/// A frame waiting for its client, holding its share of the stream's byte budget until
/// the response body takes it.
type Queued = (Vec<u8>, OwnedSemaphorePermit);

/// Where a stream's task puts its frames: at most [`Config::stream_buffer`] frames and
/// [`Config::stream_buffer_bytes`] bytes wait for a client at once (a frame larger than
/// the whole budget takes all of it).
///
/// [`Config::stream_buffer`]: crate::Config::stream_buffer
/// [`Config::stream_buffer_bytes`]: crate::Config::stream_buffer_bytes
pub(crate) struct Outbox {
    sender: mpsc::Sender<Queued>,
    bytes: Arc<Semaphore>,
    budget: usize,
    /// The stream's place among its session's, given back when the stream ends.
    _slot: StreamSlot,
}

impl Outbox {
    /// The permits `bytes` takes of the budget.
    fn share(&self, bytes: &[u8]) -> u32 {
        u32::try_from(bytes.len().clamp(1, self.budget)).unwrap_or(u32::MAX)
    }

    /// Queues `bytes`, waiting for room (the catch-up from the database); `false` when
    /// the client is gone.
    async fn send(&self, bytes: Vec<u8>) -> bool {
        let Ok(permit) = Arc::clone(&self.bytes)
            .acquire_many_owned(self.share(&bytes))
            .await
        else {
            return false;
        };
        self.sender.send((bytes, permit)).await.is_ok()
    }

    /// Queues `bytes` if there is room now (a live frame); `false` when the client does
    /// not keep up (it resumes from its last event) or is gone.
    fn try_send(&self, bytes: Vec<u8>) -> bool {
        let Ok(permit) = Arc::clone(&self.bytes).try_acquire_many_owned(self.share(&bytes)) else {
            return false;
        };
        self.sender.try_send((bytes, permit)).is_ok()
    }

    /// Resolves when the client is gone.
    async fn closed(&self) {
        self.sender.closed().await;
    }
}

/// A stream's outbox and its response.
fn open(app: &App, slot: StreamSlot) -> (Outbox, axum::response::Response<Body>) {
    let (sender, receiver) = mpsc::channel(app.config.stream_buffer.max(1));
    let budget = app.config.stream_buffer_bytes.clamp(1, u32::MAX as usize);
    let outbox = Outbox {
        sender,
        bytes: Arc::new(Semaphore::new(budget)),
        budget,
        _slot: slot,
    };
    (outbox, sse_response(receiver))
}

/// A client's or an operator's open streams, by the session they were opened with: at
/// most [`Config::max_streams_per_session`](crate::Config::max_streams_per_session).
#[derive(Default)]
pub(crate) struct StreamSlots {
    open: std::sync::Mutex<HashMap<String, usize>>,
}

/// One open stream of a session; its place is given back when it is dropped.
pub(crate) struct StreamSlot {
    slots: Arc<App>,
    session: String,
}

impl StreamSlots {
    /// A place for one more stream of `session`, or `forbidden` when it has `max` open.
    pub(crate) fn take(app: &Arc<App>, session: &str) -> Result<StreamSlot, Error> {
        let mut open = app
            .stream_slots
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = open.entry(session.to_owned()).or_insert(0);
        if *count >= app.config.max_streams_per_session {
            return Err(Error::new(
                ErrorCode::Forbidden,
                format!(
                    "this session has {} streams open already",
                    app.config.max_streams_per_session
                ),
            ));
        }
        *count += 1;
        Ok(StreamSlot {
            slots: Arc::clone(app),
            session: session.to_owned(),
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self
            .slots
            .stream_slots
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.session) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.session);
            }
        }
    }
}

fn sse_response(receiver: mpsc::Receiver<Queued>) -> axum::response::Response<Body> {
    let mut receiver = receiver;
    // The frame's permit is dropped as the body takes its bytes.
    let stream = futures_util::stream::poll_fn(move |cx| {
        receiver
            .poll_recv(cx)
            .map(|frame| frame.map(|(bytes, _permit)| Ok::<_, Infallible>(bytes)))
    });
    let mut response = axum::response::Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Whether `viewer` sees `event`: a client does not get its own typing back, nor the
/// operators' own events (assignment, membership, inboxes), which no official client
/// knows (the widget reports each unknown event through `log/message`).
fn shown(event: &ChatEvent, viewer: Viewer) -> bool {
    let Viewer::Client(_) = viewer else {
        return true;
    };
    let own_typing = event.transitive && event.actor == ActorType::Client;
    let operators_only = matches!(
        event.kind,
        ChatEventType::ChatChanged
            | ChatEventType::ChatAssigned
            | ChatEventType::ChatUnassigned
            | ChatEventType::MemberCreated
            | ChatEventType::MemberAdded
            | ChatEventType::MemberRemoved
            | ChatEventType::InboxChanged
            | ChatEventType::ThreadCreated
            | ChatEventType::ThreadOpened
            | ChatEventType::ThreadClosed
            | ChatEventType::ThreadChanged
    );
    !own_typing && !operators_only
}

/// Whether a live event belongs to `scope`.
fn in_scope(live: &Live, scope: Scope) -> bool {
    match scope {
        Scope::Chat(chat) => live.event.chat_id == Some(chat),
        Scope::Channel(channel) => live.channel == Some(channel),
        Scope::User(user) => live.members.contains(&user),
    }
}

fn frame(
    encoder: &mut StreamEncoder,
    events: Vec<ChatEvent>,
    mut graph: Graph,
    viewer: Viewer,
) -> Option<Vec<u8>> {
    mark_mine(&mut graph.chat_messages, viewer);
    encoder.events(events, graph, now_ms()).ok()
}

/// What `read` gives on a read-only connection, run off the async workers (which keep
/// serving the other streams meanwhile); `None` when it fails, which ends the stream (its
/// client resumes).
async fn read_off<T: Send + 'static>(
    app: &Arc<App>,
    read: impl FnOnce(&crate::store::Store) -> crate::store::StoreResult<T> + Send + 'static,
) -> Option<T> {
    let app = Arc::clone(app);
    tokio::task::spawn_blocking(move || read(&*app.reader().ok()?).ok())
        .await
        .ok()
        .flatten()
}

/// A stream's encoder, with the server's keep-alive interval.
fn encoder(app: &App) -> StreamEncoder {
    let interval = i64::try_from(app.config.keep_alive.as_millis()).unwrap_or(i64::MAX);
    StreamEncoder::with_keep_alive_interval(interval)
}

/// Sleeps until the encoder's next keep-alive is due.
async fn keep_alive_timer(due_ms: i64) {
    let wait = due_ms.saturating_sub(now_ms()).clamp(0, 60_000);
    tokio::time::sleep(Duration::from_millis(u64::try_from(wait).unwrap_or(0))).await;
}

/// The events stream of `scope` for `viewer`, after event `after`.
pub(crate) fn events(
    app: Arc<App>,
    slot: StreamSlot,
    scope: Scope,
    viewer: Viewer,
    after: i64,
) -> axum::response::Response<Body> {
    let (sender, response) = open(&app, slot);
    tokio::spawn(async move {
        let mut live = app.events.subscribe();
        let mut encoder = encoder(&app);
        let mut position = after;
        let open = encoder.keep_alive(now_ms()).to_vec();
        if !sender.send(open).await {
            return;
        }
        loop {
            // From the database, with back-pressure; a frame over the byte limit is read
            // again with half the events (down to one).
            let mut batch = BATCH;
            loop {
                // The graph of the events the viewer is shown only: what the others refer
                // to (an operator's membership) stays out of a client's frames.
                let read = read_off(&app, move |store| {
                    let events = store.events_after(scope, position, batch)?;
                    let last = events.last().map(|event| event.id.get());
                    let full = events.len() as i64 == batch;
                    let events: Vec<ChatEvent> =
                        events.into_iter().filter(|e| shown(e, viewer)).collect();
                    Ok((store.graph(&events)?, events, last, full))
                });
                let Some((graph, events, last, full)) = read.await else {
                    return;
                };
                let Some(last) = last else {
                    break;
                };
                if !events.is_empty() {
                    let Some(bytes) = frame(&mut encoder, events, graph, viewer) else {
                        return;
                    };
                    if bytes.len() > app.config.max_frame_bytes && batch > 1 {
                        batch /= 2;
                        continue;
                    }
                    // Back towards a full batch only while frames stay small.
                    if bytes.len() < app.config.max_frame_bytes / 4 {
                        batch = (batch * 2).min(BATCH);
                    }
                    if !sender.send(bytes).await {
                        return;
                    }
                }
                position = last;
                if !full {
                    break;
                }
            }
            // Live, through the bounded buffer.
            loop {
                tokio::select! {
                    received = live.recv() => match received {
                        Ok(item) => {
                            let event = &item.event;
                            if !in_scope(&item, scope) || !shown(event, viewer) {
                                continue;
                            }
                            if !event.transitive {
                                if event.id.get() <= position {
                                    continue;
                                }
                                position = event.id.get();
                            }
                            let Some(bytes) = frame(&mut encoder, vec![event.clone()], item.graph.clone(), viewer) else {
                                return;
                            };
                            if !sender.try_send(bytes) {
                                // Full (the client does not read) or gone: disconnect.
                                return;
                            }
                        }
                        // Overtaken: read back from the database.
                        Err(RecvError::Lagged(_)) => break,
                        Err(RecvError::Closed) => return,
                    },
                    () = keep_alive_timer(encoder.keep_alive_due()) => {
                        if let Some(bytes) = encoder.poll_keep_alive(now_ms()) {
                            if !sender.try_send(bytes.to_vec()) {
                                return;
                            }
                        }
                    }
                    () = sender.closed() => return,
                }
            }
        }
    });
    response
}

/// The unread count stream of `chat`: the count on opening, then each change.
pub(crate) fn unread(
    app: Arc<App>,
    slot: StreamSlot,
    chat: ChatId,
) -> axum::response::Response<Body> {
    let (sender, response) = open(&app, slot);
    tokio::spawn(async move {
        let mut live = app.events.subscribe();
        let mut encoder = encoder(&app);
        let mut last = None;
        loop {
            let Some(count) = read_off(&app, move |store| store.unread(chat)).await else {
                return;
            };
            if last != Some(count) {
                last = Some(count);
                let Ok(bytes) = encoder.data(count, Graph::default(), None, now_ms()) else {
                    return;
                };
                if !sender.try_send(bytes) {
                    return;
                }
            }
            loop {
                tokio::select! {
                    received = live.recv() => match received {
                        Ok(item) if item.event.chat_id == Some(chat) && !item.event.transitive => break,
                        Ok(_) => {}
                        Err(RecvError::Lagged(_)) => break,
                        Err(RecvError::Closed) => return,
                    },
                    () = keep_alive_timer(encoder.keep_alive_due()) => {
                        if let Some(bytes) = encoder.poll_keep_alive(now_ms()) {
                            if !sender.try_send(bytes.to_vec()) {
                                return;
                            }
                        }
                    }
                    () = sender.closed() => return,
                }
            }
        }
    });
    response
}

/// A chat's unread state, as the multichat stream and `clients/get_last_messages` give
/// it: the channel's name, the last message in short, the unread count.
pub(crate) fn chat_unread(
    store: &crate::store::Store,
    chat: &iqchannels_proto::Chat,
) -> crate::store::StoreResult<AdvancedUnreadResult> {
    let mut result = AdvancedUnreadResult::default();
    result.id = RawJson::from_string(chat.id.get().to_string()).unwrap_or_default();
    result.kind = Some("regular".to_owned());
    result.name = store
        .channel(chat.channel_id)?
        .map(|channel| channel.name)
        .unwrap_or_default();
    result.unread_count = store.unread(chat.id)?;
    result.last_message = store.last_message(chat.id)?.map(|message| {
        let mut last = UnreadLastMessage::default();
        last.text = Some(message.text);
        last.file_id = message.file_id;
        last.is_survey = message.rating_id.is_some();
        last.date = Some(message.created_at.to_string());
        last
    });
    Ok(result)
}

/// The multichat unread stream of `client`: each of its chats' state on opening, then a
/// chat's state whenever one of its stored events comes.
pub(crate) fn multichat_unread(
    app: Arc<App>,
    slot: StreamSlot,
    client: ClientId,
) -> axum::response::Response<Body> {
    let (sender, response) = open(&app, slot);
    tokio::spawn(async move {
        let mut live = app.events.subscribe();
        let mut encoder = encoder(&app);
        let mut pending: Option<Vec<ChatId>> = None;
        loop {
            let asked = pending.take();
            let frames = read_off(&app, move |store| {
                let chats = match &asked {
                    None => store.chats_of_client(client),
                    Some(ids) => ids
                        .iter()
                        .filter_map(|id| store.chat(*id).transpose())
                        .collect(),
                };
                chats.and_then(|chats| {
                    chats
                        .iter()
                        .filter(|chat| chat.client_id == client)
                        .map(|chat| chat_unread(store, chat))
                        .collect::<Result<Vec<_>, _>>()
                })
            });
            let Some(frames) = frames.await else {
                return;
            };
            for state in frames {
                let Ok(bytes) = encoder.data(state, Graph::default(), None, now_ms()) else {
                    return;
                };
                if !sender.try_send(bytes) {
                    return;
                }
            }
            pending = loop {
                tokio::select! {
                    received = live.recv() => match received {
                        Ok(item) if !item.event.transitive => {
                            if let Some(chat) = item.event.chat_id {
                                break Some(vec![chat]);
                            }
                        }
                        Ok(_) => {}
                        Err(RecvError::Lagged(_)) => break None,
                        Err(RecvError::Closed) => return,
                    },
                    () = keep_alive_timer(encoder.keep_alive_due()) => {
                        if let Some(bytes) = encoder.poll_keep_alive(now_ms()) {
                            if !sender.try_send(bytes.to_vec()) {
                                return;
                            }
                        }
                    }
                    () = sender.closed() => return,
                }
            };
        }
    });
    response
}
