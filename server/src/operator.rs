//! The operator's side: the chat API v1 (chats, their messages, membership, inboxes,
//! streams) and the Internal API's `tickets/create_message`. The caller is always the
//! operator ([`AuthOperator`]).

use std::sync::Arc;

use iqchannels_proto::api::chats::{
    Assign, CloseChat, GetChat, Invite, JoinChat, LeaveChat, ListenToChannel, ListenToChat,
    ListenToUser, OpenChat, QueryByChannel, QueryMembers, QueryMessages, SendMessage, Transfer,
    Typing,
};
use iqchannels_proto::api::inboxes::{GetInbox, QueryThreads};
use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
use iqchannels_proto::{
    ActorType, Chat, ChatEvent, ChatEventId, ChatEventType, ChatId, ChatInbox, ChatInboxId,
    ChatInboxThread, ChatInboxThreadId, ChatMember, ChatMessage, ChatMessageId, ChatPayloadType,
    Error, Message, MessageId, MessageType, Rating, RatingId, RatingState, TicketId, UserId,
};

use crate::caller::AuthOperator;
use crate::chats::store_message;
use crate::errors::{forbidden, invalid, not_found};
use crate::routes::{Call, Reply, Serve};
use crate::seed::POLL_ID;
use crate::store::{Scope, Store};
use crate::streams::{self, mark_mine, StreamSlots, Viewer};
use crate::{now_ms, seed, App};

/// The chat `id`, or `not_found`.
pub(crate) fn chat(store: &Store, id: ChatId) -> Result<Chat, Error> {
    store.chat(id)?.ok_or_else(|| not_found("no such chat"))
}

/// `tickets/create_message`: ticket `N` is chat `N` (the chat API's id), so an
/// operator's answer to a ticket is a message of that chat.
impl Serve for CreateMessage {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<CreateMessageData>, Error> {
        let AuthOperator(user) = call.caller;
        let mut store = call.app.store();
        let request = call.request;
        let chat_id = ChatId::new(request.ticket_id.get());
        let mut chat_message = ChatMessage::new(ChatMessageId::new(0));
        chat_message.chat_id = chat_id;
        chat_message.local_id = request.message.local_id;
        chat_message.author = ActorType::User;
        chat_message.user_id = Some(user);
        chat_message.payload = ChatPayloadType::Text;
        chat_message.text = request.message.text;
        chat_message.ticket_id = Some(TicketId::new(chat_id.get()));
        let stored = store_message(call.app, &mut store, chat_message)?;
        let mut message = Message::new(MessageId::new(stored.id.get()));
        message.uid = stored.uid.clone();
        message.ticket_id = request.ticket_id;
        message.local_id = stored.local_id;
        message.author = ActorType::User;
        message.user_id = Some(user);
        message.kind = MessageType::Text;
        message.text = stored.text.clone();
        message.created_at = stored.created_at;
        message.updated_at = stored.created_at;
        message.my = true;
        let data = CreateMessageData::new(message);
        let graph = store.graph(&data)?;
        Ok(Reply::Data(data, graph))
    }
}

impl Serve for GetChat {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Chat>, Error> {
        let store = call.app.store();
        let chat = chat(&store, call.request.chat_id)?;
        let graph = store.graph(&chat)?;
        Ok(Reply::Data(chat, graph))
    }
}

/// A page of a channel's chats; `Open` filters before the page is cut, so that `Limit`
/// counts the chats it keeps.
impl Serve for QueryByChannel {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Vec<Chat>>, Error> {
        let store = call.app.reader()?;
        let query = &call.request.query;
        let limit = i64::try_from(call.app.page_size(query.limit)).unwrap_or(50);
        let offset = i64::from(query.offset.unwrap_or(0).max(0));
        let channel = call.request.channel_id;
        let chats = store.chats_of_channel(channel, query.open, limit, offset)?;
        let graph = store.graph(&chats)?;
        Ok(Reply::Data(chats, graph))
    }
}

/// A page of a chat's messages, before `MaxId`.
impl Serve for QueryMessages {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Vec<ChatMessage>>, Error> {
        let viewer = Viewer::Operator(call.caller.0);
        let store = call.app.reader()?;
        let chat = chat(&store, call.request.chat_id)?;
        let query = &call.request.query;
        let limit = i64::try_from(call.app.page_size(query.limit)).unwrap_or(50);
        let before = query.max_id.map(ChatMessageId::get);
        let mut messages = store.messages(chat.id, before, None, None, limit)?;
        mark_mine(&mut messages, viewer);
        let mut graph = store.graph(&messages)?;
        mark_mine(&mut graph.chat_messages, viewer);
        Ok(Reply::Data(messages, graph))
    }
}

impl Serve for SendMessage {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ChatMessageId>, Error> {
        let mut store = call.app.store();
        let chat = chat(&store, call.request.chat_id)?;
        let form = call.request.message;
        // An attachment: a file that exists and is not another client's.
        if let Some(file_id) = &form.file_id {
            let file = store
                .file(file_id)?
                .ok_or_else(|| not_found("no such file"))?;
            if file
                .owner_client_id
                .is_some_and(|owner| owner != chat.client_id)
            {
                return Err(forbidden("the file is another client's"));
            }
        }
        let mut message = ChatMessage::new(ChatMessageId::new(0));
        message.chat_id = chat.id;
        message.local_id = form.local_id;
        message.author = ActorType::User;
        message.user_id = Some(call.caller.0);
        message.payload = form.payload;
        message.text = form.text;
        message.file_id = form.file_id;
        let message = store_message(call.app, &mut store, message)?;
        Ok(Reply::data(message.id))
    }
}

/// Closes the chat and asks its client for a rating: a pending rating, a `rating`
/// message carrying it, and `chat_closed`.
impl Serve for CloseChat {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Chat>, Error> {
        let AuthOperator(user) = call.caller;
        let mut store = call.app.store();
        let mut chat = chat(&store, call.request.chat_id)?;
        let now = now_ms();
        if chat.open {
            let mut rating = Rating::new(RatingId::new(0));
            rating.client_id = chat.client_id;
            rating.ticket_id = TicketId::new(chat.id.get());
            rating.user_id = user;
            rating.state = RatingState::Pending;
            rating.created_at = now.into();
            rating.updated_at = now.into();
            let in_support = store
                .channel(chat.channel_id)?
                .is_some_and(|channel| channel.name == seed::SUPPORT);
            if in_support {
                rating.rating_poll_id = Some(POLL_ID);
            }
            let rating = store.insert_rating(chat.id, rating)?;
            let mut message = ChatMessage::new(ChatMessageId::new(0));
            message.chat_id = chat.id;
            message.author = ActorType::User;
            message.user_id = Some(user);
            message.payload = ChatPayloadType::Rating;
            message.rating_id = Some(rating.id);
            store_message(call.app, &mut store, message)?;
            chat = self::chat(&store, chat.id)?;
            chat.open = false;
            chat.closed_at = now.into();
            chat.changed_at = now.into();
            let mut event = ChatEvent::new(ChatEventId::new(0));
            event.kind = ChatEventType::ChatClosed;
            event.chat_id = Some(chat.id);
            event.actor = ActorType::User;
            event.user_id = Some(user);
            event.public = true;
            event.created_at = now.into();
            let event = store.atomically(|store| {
                store.update_chat(&chat)?;
                store.insert_event(event)
            })?;
            call.app.publish(&store, event);
        }
        let graph = store.graph(&chat)?;
        Ok(Reply::Data(chat, graph))
    }
}

impl Serve for Typing {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<()>, Error> {
        let store = call.app.store();
        chat(&store, call.request.chat_id)?;
        let mut event = ChatEvent::new(ChatEventId::new(0));
        event.kind = ChatEventType::Typing;
        event.transitive = true;
        event.chat_id = Some(call.request.chat_id);
        event.actor = ActorType::User;
        event.user_id = Some(call.caller.0);
        event.created_at = now_ms().into();
        call.app.publish(&store, event);
        Ok(Reply::data(()))
    }
}

/// The operator's events stream of `scope`, resumed after `from` (`FromId`).
fn operator_stream<M: Serve>(
    call: &Call<'_, M>,
    user: UserId,
    scope: Scope,
    from: Option<ChatEventId>,
) -> Result<Reply<M::Data>, Error> {
    let slot = StreamSlots::take(call.app, &format!("operator {}", user.get()))?;
    let after = from.map_or(0, |id| id.get().max(0));
    let app = Arc::clone(call.app);
    let viewer = Viewer::Operator(user);
    Ok(Reply::Http(streams::events(
        app, slot, scope, viewer, after,
    )))
}

/// `GET /api/v1/sse/chats/events/listen_to_chat/:chatId?FromId=N`: a chat's events.
impl Serve for ListenToChat {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Self::Data>, Error> {
        let chat = chat(&call.app.store(), call.request.chat_id)?;
        operator_stream(
            &call,
            call.caller.0,
            Scope::Chat(chat.id),
            call.request.from_id,
        )
    }
}

/// The events of every chat of a channel.
impl Serve for ListenToChannel {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Self::Data>, Error> {
        let channel = call
            .app
            .store()
            .channel(call.request.channel_id)?
            .ok_or_else(|| not_found("no such channel"))?;
        operator_stream(
            &call,
            call.caller.0,
            Scope::Channel(channel.id),
            call.request.from_id,
        )
    }
}

/// The events of every chat the operator is a member of: the operator's own only.
impl Serve for ListenToUser {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Self::Data>, Error> {
        if call.request.user_id != call.caller.0 {
            return Err(forbidden("another operator's events"));
        }
        operator_stream(
            &call,
            call.caller.0,
            Scope::User(call.caller.0),
            call.request.from_id,
        )
    }
}

/// An operator-side event of `chat` by `actor`, not shown to clients.
fn operator_event(kind: ChatEventType, chat: ChatId, actor: UserId, now: i64) -> ChatEvent {
    let mut event = ChatEvent::new(ChatEventId::new(0));
    event.kind = kind;
    event.chat_id = Some(chat);
    event.actor = ActorType::User;
    event.user_id = Some(actor);
    event.created_at = now.into();
    event
}

/// Stores `chat` and `members` with `events`, in one transaction, and publishes the
/// events.
fn commit(
    app: &App,
    store: &Store,
    chat: &Chat,
    members: Vec<ChatMember>,
    events: Vec<ChatEvent>,
) -> Result<Vec<ChatMember>, Error> {
    let (members, events) = store.atomically(|store| {
        store.update_chat(chat)?;
        let members = members
            .into_iter()
            .map(|member| store.put_member(member))
            .collect::<Result<Vec<_>, _>>()?;
        let events = events
            .into_iter()
            .map(|event| store.insert_event(event))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((members, events))
    })?;
    for event in events {
        app.publish(store, event);
    }
    Ok(members)
}

/// The user `id`, who must exist.
fn operator(store: &Store, id: UserId) -> Result<(), Error> {
    store
        .user(id)?
        .map(drop)
        .ok_or_else(|| not_found("no such user"))
}

/// `user` as a present member of `chat`: its membership made or added back, with the
/// event that says so (none when it is already present).
fn joined(
    store: &Store,
    chat: &mut Chat,
    user: UserId,
    actor: UserId,
    now: i64,
) -> Result<(ChatMember, Option<ChatEvent>), Error> {
    let found = store.member(chat.id, user)?;
    let kind = match &found {
        Some(member) if member.present => return Ok((member.clone(), None)),
        Some(_) => ChatEventType::MemberAdded,
        None => ChatEventType::MemberCreated,
    };
    let mut member = match found {
        Some(member) => member,
        None => {
            let mut member = ChatMember::new(store.next_member_id()?);
            member.chat_id = chat.id;
            member.user_id = user;
            member.created_at = now.into();
            member
        }
    };
    member.present = true;
    member.added_at = now.into();
    chat.total_members = chat.total_members.saturating_add(1);
    chat.changed_at = now.into();
    let mut event = operator_event(kind, chat.id, actor, now);
    event.member_id = Some(member.id);
    Ok((member, Some(event)))
}

/// Assigns `chat` to `user`, who becomes a present member: the assignee before is
/// unassigned (`chat_unassigned`), then `user` assigned (`chat_assigned`).
fn assign(
    app: &App,
    store: &Store,
    mut chat: Chat,
    user: UserId,
    actor: UserId,
) -> Result<Chat, Error> {
    let now = now_ms();
    operator(store, user)?;
    let mut members = Vec::new();
    let mut events = Vec::new();
    if let Some(previous) = chat.assignee_id.filter(|previous| *previous != user) {
        if let Some(mut member) = store.member(chat.id, previous)? {
            member.assigned = false;
            let mut event = operator_event(ChatEventType::ChatUnassigned, chat.id, actor, now);
            event.member_id = Some(member.id);
            events.push(event);
            members.push(member);
        }
    }
    let (mut member, added) = joined(store, &mut chat, user, actor, now)?;
    events.extend(added);
    if !member.assigned {
        member.assigned = true;
        member.assigned_at = now.into();
        chat.assignee_id = Some(user);
        chat.changed_at = now.into();
        let mut event = operator_event(ChatEventType::ChatAssigned, chat.id, actor, now);
        event.member_id = Some(member.id);
        events.push(event);
    }
    members.push(member);
    commit(app, store, &chat, members, events)?;
    Ok(chat)
}

impl Serve for Assign {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Chat>, Error> {
        let store = call.app.store();
        let chat = chat(&store, call.request.chat_id)?;
        let chat = assign(call.app, &store, chat, call.request.user_id, call.caller.0)?;
        let graph = store.graph(&chat)?;
        Ok(Reply::Data(chat, graph))
    }
}

/// To another operator than the assignee, as [`Assign`] does.
impl Serve for Transfer {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Chat>, Error> {
        let store = call.app.store();
        let chat = chat(&store, call.request.chat_id)?;
        if chat.assignee_id == Some(call.request.user_id) {
            return Err(invalid("UserId: the chat is already that operator's"));
        }
        let chat = assign(call.app, &store, chat, call.request.user_id, call.caller.0)?;
        let graph = store.graph(&chat)?;
        Ok(Reply::Data(chat, graph))
    }
}

/// `user` joins `chat`, by `actor`: the membership as the caller sees it.
fn join(
    call_app: &App,
    store: &Store,
    chat: ChatId,
    user: UserId,
    actor: UserId,
) -> Result<ChatMember, Error> {
    let mut chat = self::chat(store, chat)?;
    operator(store, user)?;
    let (member, event) = joined(store, &mut chat, user, actor, now_ms())?;
    let mut member = commit(
        call_app,
        store,
        &chat,
        vec![member],
        event.into_iter().collect(),
    )?
    .pop()
    .ok_or_else(|| not_found("no such member"))?;
    member.me = member.user_id == actor;
    Ok(member)
}

impl Serve for Invite {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ChatMember>, Error> {
        let store = call.app.store();
        let member = join(
            call.app,
            &store,
            call.request.chat_id,
            call.request.user_id,
            call.caller.0,
        )?;
        let graph = store.graph(&member)?;
        Ok(Reply::Data(member, graph))
    }
}

impl Serve for JoinChat {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ChatMember>, Error> {
        let store = call.app.store();
        let member = join(
            call.app,
            &store,
            call.request.chat_id,
            call.caller.0,
            call.caller.0,
        )?;
        let graph = store.graph(&member)?;
        Ok(Reply::Data(member, graph))
    }
}

/// The operator leaves the chat (`member_removed`); the assignment stays.
impl Serve for LeaveChat {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<()>, Error> {
        let AuthOperator(user) = call.caller;
        let store = call.app.store();
        let mut chat = chat(&store, call.request.chat_id)?;
        let mut member = store
            .member(chat.id, user)?
            .filter(|member| member.present)
            .ok_or_else(|| not_found("the operator is not a member of the chat"))?;
        let now = now_ms();
        member.present = false;
        member.removed_at = now.into();
        chat.total_members = chat.total_members.saturating_sub(1).max(0);
        chat.changed_at = now.into();
        let mut event = operator_event(ChatEventType::MemberRemoved, chat.id, user, now);
        event.member_id = Some(member.id);
        commit(call.app, &store, &chat, vec![member], vec![event])?;
        Ok(Reply::data(()))
    }
}

impl Serve for QueryMembers {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Vec<ChatMember>>, Error> {
        let store = call.app.reader()?;
        let chat = chat(&store, call.request.chat_id)?;
        let mut members = store.members_of_chat(chat.id)?;
        for member in &mut members {
            member.me = member.user_id == call.caller.0;
        }
        let graph = store.graph(&members)?;
        Ok(Reply::Data(members, graph))
    }
}

/// Reopens a closed chat (`chat_opened`); an open one is given back as it is.
impl Serve for OpenChat {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Chat>, Error> {
        let store = call.app.store();
        let mut chat = chat(&store, call.request.chat_id)?;
        if !chat.open {
            let now = now_ms();
            chat.open = true;
            chat.opened_at = now.into();
            chat.changed_at = now.into();
            let mut event = operator_event(ChatEventType::ChatOpened, chat.id, call.caller.0, now);
            event.public = true;
            commit(call.app, &store, &chat, Vec::new(), vec![event])?;
        }
        let graph = store.graph(&chat)?;
        Ok(Reply::Data(chat, graph))
    }
}

/// An operator's threads: one per chat the operator is a member of (the thread's id is
/// the membership's), open while the chat is.
fn threads(store: &Store, user: UserId) -> Result<Vec<(ChatInboxThread, bool)>, Error> {
    operator(store, user)?;
    Ok(store
        .memberships(user)?
        .into_iter()
        .map(|(member, chat)| {
            let mut thread = ChatInboxThread::new(ChatInboxThreadId::new(member.id.get()));
            thread.user_id = user;
            thread.chat_id = chat.id;
            thread.event_id = chat.event_id;
            thread.open = chat.open;
            thread.created_at = member.created_at;
            thread.changed_at = chat.changed_at;
            (thread, member.assigned)
        })
        .collect())
}

/// The operator's inbox, counted from its threads.
impl Serve for GetInbox {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ChatInbox>, Error> {
        let store = call.app.reader()?;
        let user = call.request.user_id;
        let threads = threads(&store, user)?;
        let count = |keep: &dyn Fn(&(ChatInboxThread, bool)) -> bool| {
            i32::try_from(threads.iter().filter(|thread| keep(thread)).count()).unwrap_or(i32::MAX)
        };
        let mut inbox = ChatInbox::new(ChatInboxId::new(user.get()));
        inbox.user_id = user;
        inbox.total_threads = count(&|_| true);
        inbox.total_open_threads = count(&|(thread, _)| thread.open);
        inbox.total_assigned_threads = count(&|(_, assigned)| *assigned);
        if let Some((newest, _)) = threads.iter().max_by_key(|(thread, _)| thread.changed_at) {
            inbox.changed_at = newest.changed_at;
        }
        let graph = store.graph(&inbox)?;
        Ok(Reply::Data(inbox, graph))
    }
}

/// A page of the operator's threads; `Open` filters before the page is cut.
impl Serve for QueryThreads {
    type Caller = AuthOperator;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Vec<ChatInboxThread>>, Error> {
        let store = call.app.reader()?;
        let query = &call.request.query;
        let limit = call.app.page_size(query.limit);
        let offset = usize::try_from(query.offset.unwrap_or(0).max(0)).unwrap_or(0);
        let page: Vec<ChatInboxThread> = threads(&store, call.request.user_id)?
            .into_iter()
            .map(|(thread, _)| thread)
            .filter(|thread| query.open.is_none_or(|open| thread.open == open))
            .skip(offset)
            .take(limit)
            .collect();
        let graph = store.graph(&page)?;
        Ok(Reply::Data(page, graph))
    }
}
