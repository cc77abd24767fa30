//! The public API's chats: a client's chat in a channel, its messages, sending and
//! typing, receipts, and the client's streams. The chat and message rules the operator's
//! side shares (a chat made on first use, a message stored once, receipts) live here.

use std::sync::Arc;

use axum::http::HeaderValue;
use iqchannels_proto::api::chats;
use iqchannels_proto::api::public::chats::{
    ChannelEvents, ChannelMessages, ChannelSend, ChannelTyping, ChannelUnread, ExistingTickets,
    MultichatUnread, OpenSystemChat,
};
use iqchannels_proto::api::public::messages::{
    AcceptProduct, CheckMessage, DeclineProduct, DeleteTransferToChannel, MarkMessageListened,
    MarkMessagesRead, MarkMessagesReceived,
};
use iqchannels_proto::methods::parse_query;
use iqchannels_proto::stream::public::server_resume_point;
use iqchannels_proto::{
    ActorType, Channel, Chat, ChatEvent, ChatEventId, ChatEventType, ChatMessage, ChatMessageId,
    ChatPayloadType, Client, ClientId, Error, InfoRequest, InfoRequestId, InfoRequestState,
    ProductId, RawJson, UserId,
};

use crate::caller::{AuthClient, AuthOperator};
use crate::errors::{forbidden, invalid, not_found};
use crate::files::{visible_file, within_storage};
use crate::routes::{Call, Reply, Serve};
use crate::seed;
use crate::settings::channel_named;
use crate::store::{Scope, Store};
use crate::streams::{self, mark_mine, StreamSlot, StreamSlots, Viewer};
use crate::{now_ms, App};

/// The client's chat in `channel`, created if need be (its `chat_created` event
/// published).
pub(crate) fn chat_of(
    app: &App,
    store: &mut Store,
    channel: &Channel,
    client: &Client,
) -> Result<Chat, Error> {
    let (chat, created) = store.chat_for(channel, client, now_ms())?;
    if let Some(event) = created {
        app.publish(store, event);
        if channel.name == seed::SALES {
            ask_for_personal_data(app, store, &chat, client)?;
        }
    }
    Ok(chat)
}

/// A pending info request for the client (the seeded form and policy link), sent as a
/// message that carries it: what `sales` does with each new chat.
fn ask_for_personal_data(
    app: &App,
    store: &mut Store,
    chat: &Chat,
    client: &Client,
) -> Result<(), Error> {
    let mut request = InfoRequest::new(InfoRequestId::new(0));
    request.client_id = client.id;
    request.state = InfoRequestState::Pending;
    request.processing_data_link = seed::POLICY_LINK.to_owned();
    request.form = seed::personal_data_form();
    let request = store.put_info_request(request)?;
    let mut message = ChatMessage::new(ChatMessageId::new(0));
    message.chat_id = chat.id;
    message.author = ActorType::System;
    message.payload = ChatPayloadType::Text;
    message.text = "Please fill in your details".to_owned();
    message.info_request_id = Some(request.id);
    store_message(app, store, message)?;
    Ok(())
}

/// The client's chat in the channel named `name`.
fn chat_in(app: &App, store: &mut Store, name: &str, client: &Client) -> Result<Chat, Error> {
    let channel = channel_named(store, name)?;
    chat_of(app, store, &channel, client)
}

/// Stores a message (a resend with the same `LocalId` gives the stored one back) and
/// publishes its event.
pub(crate) fn store_message(
    app: &App,
    store: &mut Store,
    message: ChatMessage,
) -> Result<ChatMessage, Error> {
    if message.chat_id.is_zero() || store.chat(message.chat_id)?.is_none() {
        return Err(not_found("no such chat"));
    }
    let max = app.config.max_message_bytes;
    if message.text.len() > max {
        return Err(invalid(format!(
            "the message's text is longer than {max} bytes"
        )));
    }
    if let (ActorType::Client, Some(client)) = (&message.author, message.client_id) {
        within_storage(app, store, client, message.text.len())?;
    }
    let (message, event) = store.insert_message(message, now_ms())?;
    if let Some(event) = event {
        app.publish(store, event);
    }
    Ok(message)
}

/// Who marks messages received, read or listened to: a client marks the operator's
/// messages in its chats, an operator the client's.
enum Marker {
    /// A client, in its own chats.
    Client(ClientId),
    /// An operator.
    Operator(UserId),
}

/// Receipts: each message that the marker's other side wrote is marked, with its event;
/// ids of other messages are ignored, as the receipts' callers expect.
fn mark(
    app: &Arc<App>,
    marker: &Marker,
    ids: &[ChatMessageId],
    kind: ChatEventType,
) -> Result<(), Error> {
    let max = app.config.max_receipts;
    if ids.len() > max {
        return Err(invalid(format!("at most {max} message ids at once")));
    }
    let store = app.store();
    let now = now_ms();
    for id in ids {
        let Some(mut message) = store.message(*id)? else {
            continue;
        };
        let Some(chat) = store.chat(message.chat_id)? else {
            continue;
        };
        let by_client = message.author == ActorType::Client;
        let theirs = match marker {
            Marker::Client(client) => chat.client_id == *client && !by_client,
            Marker::Operator(_) => by_client,
        };
        if !theirs {
            continue;
        }
        let changed = match kind {
            ChatEventType::MessageReceived => !std::mem::replace(&mut message.received, true),
            ChatEventType::MessageRead => {
                message.received = true;
                !std::mem::replace(&mut message.read, true)
            }
            _ => message.listened.replace(true) != Some(true),
        };
        if !changed {
            continue;
        }
        match kind {
            ChatEventType::MessageReceived => message.received_at = now.into(),
            ChatEventType::MessageRead => message.read_at = now.into(),
            _ => {}
        }
        let mut event = ChatEvent::new(ChatEventId::new(0));
        event.kind = kind.clone();
        event.chat_id = Some(chat.id);
        event.message_id = Some(message.id);
        match marker {
            Marker::Client(client) => {
                event.actor = ActorType::Client;
                event.client_id = Some(*client);
            }
            Marker::Operator(user) => {
                event.actor = ActorType::User;
                event.user_id = Some(*user);
            }
        }
        event.public = true;
        event.created_at = now.into();
        let event = store.atomically(|store| {
            store.update_message(&message)?;
            store.insert_event(event)
        })?;
        app.publish(&store, event);
    }
    Ok(())
}

/// A page of the client's chat in a channel: before `MaxId` (or `ToId`), after `FromId`,
/// matching `Q`.
impl Serve for ChannelMessages {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Vec<ChatMessage>>, Error> {
        let client = call.caller.client;
        let chat = chat_in(
            call.app,
            &mut call.app.store(),
            &call.request.channel,
            &client,
        )?;
        // The page (a search may read the whole chat) on a reader of its own.
        let store = call.app.reader()?;
        let query = &call.request.query;
        let limit = i64::try_from(call.app.page_size(query.limit)).unwrap_or(50);
        let before = query.max_id.or(query.to_id).map(ChatMessageId::get);
        let from = query.from_id.map(ChatMessageId::get);
        // `Q`: a search, applied before the page is cut, so that `Limit` counts what it found.
        let text = query.q.as_deref().filter(|q| !q.is_empty());
        let mut messages = store.messages(chat.id, before, from, text, limit)?;
        let viewer = Viewer::Client(client.id);
        mark_mine(&mut messages, viewer);
        let mut graph = store.graph(&messages)?;
        mark_mine(&mut graph.chat_messages, viewer);
        Ok(Reply::Data(messages, graph))
    }
}

impl Serve for ChannelSend {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        let AuthClient { client, session } = call.caller;
        let mut store = call.app.store();
        let chat = chat_in(call.app, &mut store, &call.request.channel, &client)?;
        let form = call.request.message;
        if let Some(file_id) = &form.file_id {
            visible_file(&store, file_id, &client)?;
        }
        // A reply is to a message of the same chat.
        if let Some(reply_to) = form.reply_to_message_id {
            let same_chat = store
                .message(reply_to)?
                .is_some_and(|m| m.chat_id == chat.id);
            if !same_chat {
                return Err(not_found("ReplyToMessageId: no such message in the chat"));
            }
        }
        let mut message = ChatMessage::new(ChatMessageId::new(0));
        message.chat_id = chat.id;
        message.session_id = session.id;
        message.local_id = form.local_id;
        message.author = ActorType::Client;
        message.client_id = Some(client.id);
        message.payload = form.payload;
        message.text = form.text;
        message.file_id = form.file_id;
        message.reply_to_message_id = form.reply_to_message_id;
        message.botpress_payload = form.botpress_payload;
        store_message(call.app, &mut store, message)?;
        Ok(Reply::data(RawJson::default()))
    }
}

impl Serve for ChannelTyping {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        let client = call.caller.client;
        let mut store = call.app.store();
        let chat = chat_in(call.app, &mut store, &call.request.channel, &client)?;
        let mut event = ChatEvent::new(ChatEventId::new(0));
        event.kind = ChatEventType::Typing;
        event.transitive = true;
        event.chat_id = Some(chat.id);
        event.actor = ActorType::Client;
        event.client_id = Some(client.id);
        event.created_at = now_ms().into();
        call.app.publish(&store, event);
        Ok(Reply::data(RawJson::default()))
    }
}

/// Receipts: each method marks the messages it names, as its caller, with its event.
macro_rules! receipts {
    ($($method:ty: $caller:ty => $kind:ident, $data:ty, |$request:ident| $ids:expr;)*) => {$(
        impl Serve for $method {
            type Caller = $caller;

            fn serve(call: Call<'_, Self>) -> Result<Reply<$data>, Error> {
                let $request = &call.request;
                mark(call.app, &Marker::from(&call.caller), $ids, ChatEventType::$kind)?;
                Ok(Reply::data(<$data>::default()))
            }
        }
    )*};
}

receipts! {
    MarkMessagesReceived: AuthClient => MessageReceived, RawJson, |request| &request.message_ids;
    MarkMessagesRead: AuthClient => MessageRead, RawJson, |request| &request.message_ids;
    MarkMessageListened: AuthClient => MessageListened, RawJson, |request| &[request.message_id];
    // The operator's: the client sees `message_received` and `message_read`.
    chats::MarkReceived: AuthOperator => MessageReceived, (), |request| &request.message_ids;
    chats::MarkRead: AuthOperator => MessageRead, (), |request| &request.message_ids;
}

impl From<&AuthClient> for Marker {
    fn from(caller: &AuthClient) -> Self {
        Self::Client(caller.client.id)
    }
}

impl From<&AuthOperator> for Marker {
    fn from(caller: &AuthOperator) -> Self {
        Self::Operator(caller.0)
    }
}

/// A place for one more stream of a client's session.
fn client_stream_slot(app: &Arc<App>, caller: &AuthClient) -> Result<StreamSlot, Error> {
    StreamSlots::take(app, &format!("client session {}", caller.session.id.get()))
}

/// The events of the client's chat in a channel, resumed after `LastEventId` (or the
/// `Last-Event-ID` header).
impl Serve for ChannelEvents {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Self::Data>, Error> {
        let client = &call.caller.client;
        let chat = chat_in(
            call.app,
            &mut call.app.store(),
            &call.request.channel,
            client,
        )?;
        let query = call.http.uri().query().unwrap_or("");
        let params = parse_query(query);
        let param = params
            .iter()
            .find(|(name, _)| name == "LastEventId")
            .map(|(_, value)| value.as_str());
        let header = call
            .http
            .headers()
            .get("last-event-id")
            .map(HeaderValue::as_bytes);
        let after = server_resume_point(param, header).map_or(0, ChatEventId::get);
        let slot = client_stream_slot(call.app, &call.caller)?;
        let viewer = Viewer::Client(client.id);
        let app = Arc::clone(call.app);
        Ok(Reply::Http(streams::events(
            app,
            slot,
            Scope::Chat(chat.id),
            viewer,
            after,
        )))
    }
}

/// The unread count of the client's chat in a channel.
impl Serve for ChannelUnread {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Self::Data>, Error> {
        let client = &call.caller.client;
        let chat = chat_in(
            call.app,
            &mut call.app.store(),
            &call.request.channel,
            client,
        )?;
        let slot = client_stream_slot(call.app, &call.caller)?;
        let app = Arc::clone(call.app);
        Ok(Reply::Http(streams::unread(app, slot, chat.id)))
    }
}

/// A frame for each of the client's chats on opening, then one for each chat whose
/// messages change.
impl Serve for MultichatUnread {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Self::Data>, Error> {
        let slot = client_stream_slot(call.app, &call.caller)?;
        let app = Arc::clone(call.app);
        let client = call.caller.client.id;
        Ok(Reply::Http(streams::multichat_unread(app, slot, client)))
    }
}

/// A bot ("system") chat: the client's chat in the channel, opened if need be. The
/// development server has no bot, so nothing more is said in it.
impl Serve for OpenSystemChat {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        let client = &call.caller.client;
        chat_in(
            call.app,
            &mut call.app.store(),
            &call.request.channel,
            client,
        )?;
        Ok(Reply::data(RawJson::default()))
    }
}

/// The spec does not know this method's answer (the widget defines it and never calls
/// it): the declared type's empty value, `null`, for the signed-in client's own id in a
/// channel that exists.
impl Serve for ExistingTickets {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        if call.request.client_id != call.caller.client.id {
            return Err(forbidden("ClientId: not the signed-in client"));
        }
        channel_named(&call.app.store(), &call.request.channel)?;
        Ok(Reply::data(RawJson::default()))
    }
}

/// The development server forbids no word: every text passes the check.
impl Serve for CheckMessage {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        let max = call.app.config.max_message_bytes;
        if call.request.msg_text.len() > max {
            return Err(invalid(format!(
                "the message's text is longer than {max} bytes"
            )));
        }
        Ok(Reply::data(RawJson::default()))
    }
}

/// Message `id` of one of the caller's chats.
fn own_message(
    store: &Store,
    id: ChatMessageId,
    caller: &AuthClient,
) -> Result<ChatMessage, Error> {
    let message = store
        .message(id)?
        .ok_or_else(|| not_found("no such message"))?;
    let chat = store
        .chat(message.chat_id)?
        .ok_or_else(|| not_found("no such chat"))?;
    if chat.client_id != caller.client.id {
        return Err(forbidden("the message is in another client's chat"));
    }
    Ok(message)
}

/// The product offer of the caller's message `message`: the offer must be `product`.
fn offered(
    call: &Call<'_, impl Serve<Caller = AuthClient>>,
    message: ChatMessageId,
    product: ProductId,
) -> Result<(), Error> {
    let message = own_message(&call.app.store(), message, &call.caller)?;
    match message.product {
        Some(offer) if offer.id == product => Ok(()),
        _ => Err(not_found("the message offers no such product")),
    }
}

impl Serve for AcceptProduct {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        offered(&call, call.request.message_id, call.request.product_id)?;
        Ok(Reply::data(RawJson::default()))
    }
}

impl Serve for DeclineProduct {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        offered(&call, call.request.message_id, call.request.product_id)?;
        Ok(Reply::data(RawJson::default()))
    }
}

/// The client took (or dismissed) a message's offer to move to another channel: the
/// offer is removed from the message; again, nothing changes (Android calls it twice).
impl Serve for DeleteTransferToChannel {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        let store = call.app.store();
        let mut message = own_message(&store, call.request.message_id, &call.caller)?;
        if message.transfer_to_channel.take().is_some() {
            store.update_message(&message)?;
        }
        Ok(Reply::data(RawJson::default()))
    }
}
