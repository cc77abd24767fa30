//! The data: SQLite through rusqlite, behind one mutex (one writer, short critical
//! sections). Entities are the crate's own types, kept as the JSON the crate writes for
//! them, with the columns the server looks things up by beside them.

use std::path::Path;

use iqchannels_proto::graph::{GraphBuilder, Object};
use iqchannels_proto::references::{Reference, References};
use iqchannels_proto::{
    Channel, ChannelId, Chat, ChatEvent, ChatEventId, ChatId, ChatMember, ChatMemberId,
    ChatMessage, ChatMessageId, Client, ClientId, ClientSession, ClientSessionId, File, FileId,
    Graph, InfoRequest, InfoRequestId, Rating, RatingId, RatingPoll, RatingPollId, User, UserId,
};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

/// Whose events a stream follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One chat's.
    Chat(ChatId),
    /// Those of every chat of a channel.
    Channel(ChannelId),
    /// Those of every chat an operator is a present member of.
    User(UserId),
}

/// An error of the database, already worded for an `internal_server_error` envelope
/// (it never holds a token: queries bind them as parameters).
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "database: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        Self(error.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        Self(error.to_string())
    }
}

/// What the store's functions give back.
pub type StoreResult<T> = Result<T, StoreError>;

/// The seeded operator's id: the operator the server's credentials sign in.
pub const OPERATOR_ID: UserId = UserId::new(1);

/// The second seeded operator: someone for a chat to be transferred to or an operator
/// to invite.
pub const SECOND_OPERATOR_ID: UserId = UserId::new(2);

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS channels (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clients (id INTEGER PRIMARY KEY, integration_key TEXT UNIQUE, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL, token TEXT UNIQUE NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chats (id INTEGER PRIMARY KEY, channel_id INTEGER NOT NULL, client_id INTEGER NOT NULL, json TEXT NOT NULL, UNIQUE (channel_id, client_id));
CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, author TEXT NOT NULL, author_id INTEGER NOT NULL, local_id INTEGER NOT NULL, json TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS messages_local_id ON messages (chat_id, author, author_id, local_id) WHERE local_id <> 0;
CREATE INDEX IF NOT EXISTS messages_chat ON messages (chat_id, id);
CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_chat ON events (chat_id, id);
CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, client_id INTEGER, json TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS file_tokens (token TEXT PRIMARY KEY, file_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ratings (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, client_id INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS client_storage (client_id INTEGER PRIMARY KEY, bytes INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS members (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, json TEXT NOT NULL, UNIQUE (chat_id, user_id));
CREATE INDEX IF NOT EXISTS members_user ON members (user_id, chat_id);
CREATE TABLE IF NOT EXISTS info_requests (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rating_polls (id INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS poll_answers (rating_id INTEGER NOT NULL, question_id INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (rating_id, question_id));
";

/// The database: one connection to it.
pub struct Store {
    conn: Connection,
    /// Where it is, for [`reader`](Store::reader) to open another connection to it.
    location: String,
}

/// The flags of a connection that may write, and may be named by a URI (the in-memory
/// database's).
const WRITER: OpenFlags = OpenFlags::SQLITE_OPEN_READ_WRITE
    .union(OpenFlags::SQLITE_OPEN_CREATE)
    .union(OpenFlags::SQLITE_OPEN_URI)
    .union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

/// The flags of a reader's connection.
const READER: OpenFlags = OpenFlags::SQLITE_OPEN_READ_ONLY
    .union(OpenFlags::SQLITE_OPEN_URI)
    .union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

/// How long a connection waits for another's lock before it gives up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

fn to_json<T: Serialize>(value: &T) -> StoreResult<String> {
    Ok(serde_json::to_string(value)?)
}

fn from_json<T: DeserializeOwned>(json: &str) -> StoreResult<T> {
    Ok(serde_json::from_str(json)?)
}

impl Store {
    /// Opens (creating) the database at `path`, or an in-memory one, with its schema and
    /// the seeded channels and operator.
    ///
    /// A file is in WAL mode, so that readers ([`reader`](Self::reader)) never wait for
    /// the writer nor it for them; the in-memory database is SQLite's `memdb`, named for
    /// this store, so that readers can open it too (there a long read delays a write).
    pub fn open(path: Option<&Path>, now_ms: i64) -> StoreResult<Self> {
        static STORES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let location = match path {
            Some(path) => path.to_string_lossy().into_owned(),
            None => {
                let n = STORES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                format!("file:/iqchannels-dev-{}-{n}?vfs=memdb", std::process::id())
            }
        };
        let conn = Connection::open_with_flags(&location, WRITER)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.execute_batch(SCHEMA)?;
        let store = Self { conn, location };
        store.seed(now_ms)?;
        Ok(store)
    }

    /// Another connection to the same database, read-only: for reads that take long (a
    /// search) without holding the writer's.
    pub fn reader(&self) -> StoreResult<Self> {
        let conn = Connection::open_with_flags(&self.location, READER)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Self {
            conn,
            location: self.location.clone(),
        })
    }

    fn seed(&self, now_ms: i64) -> StoreResult<()> {
        for (id, name, title) in [(1, "support", "Support"), (2, "sales", "Sales")] {
            let mut channel = Channel::new(ChannelId::new(id));
            channel.name = name.to_owned();
            channel.title = title.to_owned();
            channel.created_at = now_ms.into();
            channel.updated_at = now_ms.into();
            self.conn.execute(
                "INSERT OR IGNORE INTO channels (id, name, json) VALUES (?1, ?2, ?3)",
                params![id, name, to_json(&channel)?],
            )?;
        }
        for (id, name, email) in [
            (OPERATOR_ID, "Operator", "operator@example.com"),
            (SECOND_OPERATOR_ID, "Second operator", "second@example.com"),
        ] {
            let mut user = User::new(id);
            user.name = name.to_owned();
            user.display_name = name.to_owned();
            user.email = email.to_owned();
            user.active = true;
            user.online = id == OPERATOR_ID;
            user.created_at = now_ms.into();
            self.conn.execute(
                "INSERT OR IGNORE INTO users (id, json) VALUES (?1, ?2)",
                params![id.get(), to_json(&user)?],
            )?;
        }
        self.conn.execute(
            "INSERT OR IGNORE INTO rating_polls (id, json) VALUES (?1, ?2)",
            params![crate::seed::POLL_ID.get(), to_json(&crate::seed::poll())?],
        )?;
        Ok(())
    }

    fn next_id(&self, table: &str) -> StoreResult<i64> {
        let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
        Ok(self.conn.query_row(&sql, [], |row| row.get(0))?)
    }

    fn get_json<T: DeserializeOwned>(
        &self,
        sql: &str,
        param: impl rusqlite::ToSql,
    ) -> StoreResult<Option<T>> {
        let json: Option<String> = self
            .conn
            .query_row(sql, [param], |row| row.get(0))
            .optional()?;
        json.as_deref().map(from_json).transpose()
    }

    /// A channel by name.
    pub fn channel_by_name(&self, name: &str) -> StoreResult<Option<Channel>> {
        self.get_json("SELECT json FROM channels WHERE name = ?1", name)
    }

    /// A channel by id.
    pub fn channel(&self, id: ChannelId) -> StoreResult<Option<Channel>> {
        self.get_json("SELECT json FROM channels WHERE id = ?1", id.get())
    }

    /// A user by id.
    pub fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        self.get_json("SELECT json FROM users WHERE id = ?1", id.get())
    }

    /// A client by id.
    pub fn client(&self, id: ClientId) -> StoreResult<Option<Client>> {
        self.get_json("SELECT json FROM clients WHERE id = ?1", id.get())
    }

    /// A new client, or for an integrated one the client of `integration_key` (its
    /// credentials, unique): the key finds the client and is never part of it, so it is
    /// never sent back.
    pub fn create_client(
        &self,
        kind: &str,
        name: &str,
        integration_key: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<Client> {
        if let Some(key) = integration_key {
            let found: Option<String> = self
                .conn
                .query_row(
                    "SELECT json FROM clients WHERE integration_key = ?1",
                    [key],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(json) = found {
                return from_json(&json);
            }
        }
        let mut client = Client::new(ClientId::new(self.next_id("clients")?));
        client.kind = kind.to_owned();
        client.name = name.to_owned();
        client.created_at = now_ms.into();
        client.updated_at = now_ms.into();
        self.conn.execute(
            "INSERT INTO clients (id, integration_key, json) VALUES (?1, ?2, ?3)",
            params![client.id.get(), integration_key, to_json(&client)?],
        )?;
        Ok(client)
    }

    /// A new session of `client` with `token`.
    pub fn create_session(
        &self,
        client: &Client,
        token: &str,
        integration: bool,
        now_ms: i64,
    ) -> StoreResult<ClientSession> {
        let mut session = ClientSession::new(ClientSessionId::new(self.next_id("sessions")?));
        session.client_id = client.id;
        session.token = iqchannels_proto::Secret::new(token);
        session.integration = integration;
        session.created_at = now_ms.into();
        self.conn.execute(
            "INSERT INTO sessions (id, client_id, token, json) VALUES (?1, ?2, ?3, ?4)",
            params![session.id.get(), client.id.get(), token, to_json(&session)?],
        )?;
        Ok(session)
    }

    /// The session whose token is `token`.
    pub fn session_by_token(&self, token: &str) -> StoreResult<Option<ClientSession>> {
        self.get_json("SELECT json FROM sessions WHERE token = ?1", token)
    }

    /// A session by id.
    pub fn session(&self, id: ClientSessionId) -> StoreResult<Option<ClientSession>> {
        self.get_json("SELECT json FROM sessions WHERE id = ?1", id.get())
    }

    /// The chat of `client` in `channel`, created (with a `chat_created` event) when
    /// the client has none there yet.
    pub fn chat_for(
        &mut self,
        channel: &Channel,
        client: &Client,
        now_ms: i64,
    ) -> StoreResult<(Chat, Option<ChatEvent>)> {
        let found: Option<String> = self
            .conn
            .query_row(
                "SELECT json FROM chats WHERE channel_id = ?1 AND client_id = ?2",
                params![channel.id.get(), client.id.get()],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(json) = found {
            return Ok((from_json(&json)?, None));
        }
        let mut chat = Chat::new(ChatId::new(self.next_id("chats")?));
        chat.channel_id = channel.id;
        chat.client_id = client.id;
        chat.open = true;
        chat.created_at = now_ms.into();
        chat.changed_at = now_ms.into();
        chat.opened_at = now_ms.into();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO chats (id, channel_id, client_id, json) VALUES (?1, ?2, ?3, ?4)",
            params![
                chat.id.get(),
                channel.id.get(),
                client.id.get(),
                to_json(&chat)?
            ],
        )?;
        tx.commit()?;
        let mut event = ChatEvent::new(ChatEventId::new(0));
        event.kind = iqchannels_proto::ChatEventType::ChatCreated;
        event.chat_id = Some(chat.id);
        event.client_id = Some(client.id);
        event.actor = iqchannels_proto::ActorType::Client;
        event.created_at = now_ms.into();
        let event = self.insert_event(event)?;
        Ok((chat, Some(event)))
    }

    /// A chat by id.
    pub fn chat(&self, id: ChatId) -> StoreResult<Option<Chat>> {
        self.get_json("SELECT json FROM chats WHERE id = ?1", id.get())
    }

    /// Writes `chat` back.
    pub fn update_chat(&self, chat: &Chat) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE chats SET json = ?2 WHERE id = ?1",
            params![chat.id.get(), to_json(chat)?],
        )?;
        Ok(())
    }

    /// The chats of a channel, newest first, `limit` of them after `offset`; with `open`,
    /// only the open (or closed) ones, the page counted among them.
    pub fn chats_of_channel(
        &self,
        channel: ChannelId,
        open: Option<bool>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<Chat>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT json FROM chats WHERE channel_id = ?1 \
             AND (?4 IS NULL OR json_extract(json, '$.Open') = ?4) \
             ORDER BY id DESC LIMIT ?2 OFFSET ?3",
        )?;
        let rows = statement.query_map(params![channel.get(), limit, offset, open], |row| {
            row.get::<_, String>(0)
        })?;
        rows.map(|json| from_json(&json?)).collect()
    }

    /// The chats of a client, in id order.
    pub fn chats_of_client(&self, client: ClientId) -> StoreResult<Vec<Chat>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT json FROM chats WHERE client_id = ?1 ORDER BY id")?;
        let rows = statement.query_map([client.get()], |row| row.get::<_, String>(0))?;
        rows.map(|json| from_json(&json?)).collect()
    }

    /// The newest message of a chat.
    pub fn last_message(&self, chat: ChatId) -> StoreResult<Option<ChatMessage>> {
        self.get_json(
            "SELECT json FROM messages WHERE chat_id = ?1 ORDER BY id DESC LIMIT 1",
            chat.get(),
        )
    }

    /// Stores `event` with the next id (which it gets), in the current transaction if
    /// any.
    pub fn insert_event(&self, mut event: ChatEvent) -> StoreResult<ChatEvent> {
        event.id = ChatEventId::new(self.next_id("events")?);
        let chat = event.chat_id.map_or(0, ChatId::get);
        self.conn.execute(
            "INSERT INTO events (id, chat_id, json) VALUES (?1, ?2, ?3)",
            params![event.id.get(), chat, to_json(&event)?],
        )?;
        Ok(event)
    }

    /// Stores a new message of its chat, unless its author already sent one with the same
    /// `LocalId` (a resend): then that one, and no event. With the new message, its
    /// `message_created` event, in one transaction.
    pub fn insert_message(
        &mut self,
        mut message: ChatMessage,
        now_ms: i64,
    ) -> StoreResult<(ChatMessage, Option<ChatEvent>)> {
        let (author, author_id) = match (message.client_id, message.user_id) {
            (Some(client), _) if message.author == iqchannels_proto::ActorType::Client => {
                ("client", client.get())
            }
            (_, Some(user)) => ("user", user.get()),
            _ => ("system", 0),
        };
        if message.local_id != 0 {
            let found: Option<String> = self
                .conn
                .query_row(
                    "SELECT json FROM messages WHERE chat_id = ?1 AND author = ?2 AND author_id = ?3 AND local_id = ?4",
                    params![message.chat_id.get(), author, author_id, message.local_id],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(json) = found {
                return Ok((from_json(&json)?, None));
            }
        }
        let tx = self.conn.transaction()?;
        let id: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM messages", [], |row| {
            row.get(0)
        })?;
        let event_id: i64 =
            tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM events", [], |row| {
                row.get(0)
            })?;
        message.id = ChatMessageId::new(id);
        message.event_id = Some(ChatEventId::new(event_id));
        message.created_at = now_ms.into();
        message.public = true;
        message.uid = iqchannels_proto::MessageUid::new(format!("{id:040x}"));
        let mut event = ChatEvent::new(ChatEventId::new(event_id));
        event.kind = iqchannels_proto::ChatEventType::MessageCreated;
        event.chat_id = Some(message.chat_id);
        event.message_id = Some(message.id);
        event.actor = message.author.clone();
        event.client_id = message.client_id;
        event.user_id = message.user_id;
        event.public = true;
        event.created_at = now_ms.into();
        tx.execute(
            "INSERT INTO messages (id, chat_id, author, author_id, local_id, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, message.chat_id.get(), author, author_id, message.local_id, to_json(&message)?],
        )?;
        if author == "client" {
            Self::add_client_storage(&tx, ClientId::new(author_id), message.text.len())?;
        }
        tx.execute(
            "INSERT INTO events (id, chat_id, json) VALUES (?1, ?2, ?3)",
            params![event_id, message.chat_id.get(), to_json(&event)?],
        )?;
        let mut chat: Chat = from_json(&tx.query_row(
            "SELECT json FROM chats WHERE id = ?1",
            [message.chat_id.get()],
            |row| row.get::<_, String>(0),
        )?)?;
        chat.message_id = Some(message.id);
        chat.event_id = Some(event.id);
        chat.changed_at = now_ms.into();
        tx.execute(
            "UPDATE chats SET json = ?2 WHERE id = ?1",
            params![chat.id.get(), to_json(&chat)?],
        )?;
        tx.commit()?;
        Ok((message, Some(event)))
    }

    /// A message by id.
    pub fn message(&self, id: ChatMessageId) -> StoreResult<Option<ChatMessage>> {
        self.get_json("SELECT json FROM messages WHERE id = ?1", id.get())
    }

    /// Writes `message` back.
    pub fn update_message(&self, message: &ChatMessage) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE messages SET json = ?2 WHERE id = ?1",
            params![message.id.get(), to_json(message)?],
        )?;
        Ok(())
    }

    /// A page of a chat's messages, oldest first: the newest `limit` before `before` (if
    /// given), or the first `limit` from `from` on; with `text`, only the messages whose
    /// text contains it (case-sensitive), the page counted among them.
    pub fn messages(
        &self,
        chat: ChatId,
        before: Option<i64>,
        from: Option<i64>,
        text: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<ChatMessage>> {
        // `?4` is the text searched for, or NULL for every message.
        const HAS_TEXT: &str = "(?4 IS NULL OR instr(json_extract(json, '$.Text'), ?4) > 0)";
        let mut out: Vec<ChatMessage> = Vec::new();
        if let Some(from) = from {
            let mut statement = self.conn.prepare_cached(&format!(
                "SELECT json FROM messages WHERE chat_id = ?1 AND id >= ?2 AND {HAS_TEXT} \
                 ORDER BY id LIMIT ?3"
            ))?;
            for json in statement.query_map(params![chat.get(), from, limit, text], |row| {
                row.get::<_, String>(0)
            })? {
                out.push(from_json(&json?)?);
            }
        } else {
            let mut statement = self.conn.prepare_cached(&format!(
                "SELECT json FROM messages WHERE chat_id = ?1 AND id < ?2 AND {HAS_TEXT} \
                 ORDER BY id DESC LIMIT ?3"
            ))?;
            for json in statement.query_map(
                params![chat.get(), before.unwrap_or(i64::MAX), limit, text],
                |row| row.get::<_, String>(0),
            )? {
                out.push(from_json(&json?)?);
            }
            out.reverse();
        }
        Ok(out)
    }

    /// The number of messages of `chat` not written by its client and not read.
    pub fn unread(&self, chat: ChatId) -> StoreResult<i32> {
        let mut statement = self.conn.prepare_cached(
            "SELECT json FROM messages WHERE chat_id = ?1 AND author <> 'client'",
        )?;
        let mut count = 0i32;
        for json in statement.query_map([chat.get()], |row| row.get::<_, String>(0))? {
            let message: ChatMessage = from_json(&json?)?;
            if !message.read {
                count = count.saturating_add(1);
            }
        }
        Ok(count)
    }

    /// The events of `scope` after `after`, at most `limit`, in order.
    pub fn events_after(
        &self,
        scope: Scope,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<ChatEvent>> {
        let (sql, id) = match scope {
            Scope::Chat(chat) => (
                "SELECT json FROM events WHERE chat_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
                chat.get(),
            ),
            Scope::Channel(channel) => (
                "SELECT json FROM events WHERE chat_id IN (SELECT id FROM chats WHERE channel_id = ?1) \
                 AND id > ?2 ORDER BY id LIMIT ?3",
                channel.get(),
            ),
            Scope::User(user) => (
                "SELECT json FROM events WHERE chat_id IN (SELECT chat_id FROM members \
                 WHERE user_id = ?1 AND json_extract(json, '$.Present')) \
                 AND id > ?2 ORDER BY id LIMIT ?3",
                user.get(),
            ),
        };
        let mut statement = self.conn.prepare_cached(sql)?;
        let rows = statement.query_map(params![id, after, limit], |row| row.get::<_, String>(0))?;
        rows.map(|json| from_json(&json?)).collect()
    }

    /// Where an event of `chat` belongs: its channel and the operators who are its present
    /// members (what the channel's and the operators' streams follow).
    pub fn audience(&self, chat: ChatId) -> StoreResult<(Option<ChannelId>, Vec<UserId>)> {
        let channel: Option<i64> = self
            .conn
            .query_row(
                "SELECT channel_id FROM chats WHERE id = ?1",
                [chat.get()],
                |row| row.get(0),
            )
            .optional()?;
        let mut statement = self.conn.prepare_cached(
            "SELECT user_id FROM members WHERE chat_id = ?1 AND json_extract(json, '$.Present')",
        )?;
        let users = statement
            .query_map([chat.get()], |row| row.get::<_, i64>(0))?
            .map(|id| id.map(UserId::new))
            .collect::<Result<_, _>>()?;
        Ok((channel.map(ChannelId::new), users))
    }

    /// The membership of `user` in `chat`, if any (present or not).
    pub fn member(&self, chat: ChatId, user: UserId) -> StoreResult<Option<ChatMember>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT json FROM members WHERE chat_id = ?1 AND user_id = ?2",
                params![chat.get(), user.get()],
                |row| row.get(0),
            )
            .optional()?;
        json.as_deref().map(from_json).transpose()
    }

    /// A membership by id.
    pub fn member_by_id(&self, id: ChatMemberId) -> StoreResult<Option<ChatMember>> {
        self.get_json("SELECT json FROM members WHERE id = ?1", id.get())
    }

    /// The id of the next new membership.
    pub fn next_member_id(&self) -> StoreResult<ChatMemberId> {
        Ok(ChatMemberId::new(self.next_id("members")?))
    }

    /// Stores `member` (its id from [`next_member_id`](Self::next_member_id)).
    pub fn put_member(&self, member: ChatMember) -> StoreResult<ChatMember> {
        self.conn.execute(
            "INSERT OR REPLACE INTO members (id, chat_id, user_id, json) VALUES (?1, ?2, ?3, ?4)",
            params![
                member.id.get(),
                member.chat_id.get(),
                member.user_id.get(),
                to_json(&member)?
            ],
        )?;
        Ok(member)
    }

    /// The members of `chat`, present or not, in the order they first joined.
    pub fn members_of_chat(&self, chat: ChatId) -> StoreResult<Vec<ChatMember>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT json FROM members WHERE chat_id = ?1 ORDER BY id")?;
        let rows = statement.query_map([chat.get()], |row| row.get::<_, String>(0))?;
        rows.map(|json| from_json(&json?)).collect()
    }

    /// The memberships of `user`, newest first, with their chats.
    pub fn memberships(&self, user: UserId) -> StoreResult<Vec<(ChatMember, Chat)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT m.json, c.json FROM members m JOIN chats c ON c.id = m.chat_id \
             WHERE m.user_id = ?1 ORDER BY m.id DESC",
        )?;
        let rows = statement.query_map([user.get()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (member, chat) = row?;
            Ok((from_json(&member)?, from_json(&chat)?))
        })
        .collect()
    }

    /// Stores `request`: a new one gets its id.
    pub fn put_info_request(&self, mut request: InfoRequest) -> StoreResult<InfoRequest> {
        if request.id.get() == 0 {
            request.id = InfoRequestId::new(self.next_id("info_requests")?);
        }
        self.conn.execute(
            "INSERT OR REPLACE INTO info_requests (id, client_id, json) VALUES (?1, ?2, ?3)",
            params![
                request.id.get(),
                request.client_id.get(),
                to_json(&request)?
            ],
        )?;
        Ok(request)
    }

    /// An info request by id.
    pub fn info_request(&self, id: InfoRequestId) -> StoreResult<Option<InfoRequest>> {
        self.get_json("SELECT json FROM info_requests WHERE id = ?1", id.get())
    }

    /// A rating poll by id.
    pub fn rating_poll(&self, id: RatingPollId) -> StoreResult<Option<RatingPoll>> {
        self.get_json("SELECT json FROM rating_polls WHERE id = ?1", id.get())
    }

    /// Stores a client's answer to a poll's question (a later answer replaces it).
    pub fn put_poll_answer<T: Serialize>(
        &self,
        rating: RatingId,
        question: i64,
        answer: &T,
    ) -> StoreResult<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO poll_answers (rating_id, question_id, json) VALUES (?1, ?2, ?3)",
            params![rating.get(), question, to_json(answer)?],
        )?;
        Ok(())
    }

    /// The newest event id (0 when none).
    pub fn last_event_id(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM events", [], |row| {
                row.get(0)
            })?)
    }

    /// What `client` stores: its files' bytes and its messages' texts, in bytes, as counted
    /// when each was stored (kept in one row: no scan of its messages on each send).
    pub fn client_storage(&self, client: ClientId) -> StoreResult<u64> {
        let bytes: Option<i64> = self
            .conn
            .query_row(
                "SELECT bytes FROM client_storage WHERE client_id = ?1",
                params![client.get()],
                |row| row.get(0),
            )
            .optional()?;
        Ok(bytes.map_or(0, |bytes| u64::try_from(bytes).unwrap_or(0)))
    }

    /// Counts `bytes` more stored by `client`.
    fn add_client_storage(conn: &Connection, client: ClientId, bytes: usize) -> StoreResult<()> {
        conn.execute(
            "INSERT INTO client_storage (client_id, bytes) VALUES (?1, ?2) \
             ON CONFLICT (client_id) DO UPDATE SET bytes = bytes + excluded.bytes",
            params![client.get(), i64::try_from(bytes).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// Stores an uploaded file with its bytes.
    pub fn insert_file(&self, file: &File, data: &[u8]) -> StoreResult<()> {
        self.atomically(|store| {
            store.conn.execute(
                "INSERT INTO files (id, client_id, json, data) VALUES (?1, ?2, ?3, ?4)",
                params![
                    file.id.as_str(),
                    file.owner_client_id.map(ClientId::get),
                    to_json(file)?,
                    data
                ],
            )?;
            match file.owner_client_id {
                Some(client) => Self::add_client_storage(&store.conn, client, data.len()),
                None => Ok(()),
            }
        })
    }

    /// A file's metadata.
    pub fn file(&self, id: &FileId) -> StoreResult<Option<File>> {
        self.get_json("SELECT json FROM files WHERE id = ?1", id.as_str())
    }

    /// A file's metadata and bytes.
    pub fn file_data(&self, id: &FileId) -> StoreResult<Option<(File, Vec<u8>)>> {
        let row: Option<(String, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT json, data FROM files WHERE id = ?1",
                [id.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        row.map(|(json, data)| Ok((from_json(&json)?, data)))
            .transpose()
    }

    /// Records a download token for a file.
    pub fn insert_file_token(&self, token: &str, file: &FileId) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO file_tokens (token, file_id) VALUES (?1, ?2)",
            params![token, file.as_str()],
        )?;
        Ok(())
    }

    /// The file a download token is for.
    pub fn file_for_token(&self, token: &str) -> StoreResult<Option<FileId>> {
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT file_id FROM file_tokens WHERE token = ?1",
                [token],
                |row| row.get(0),
            )
            .optional()?;
        Ok(id.map(FileId::new))
    }

    /// Stores a new rating (which gets its id).
    pub fn insert_rating(&self, chat: ChatId, mut rating: Rating) -> StoreResult<Rating> {
        rating.id = RatingId::new(self.next_id("ratings")?);
        self.conn.execute(
            "INSERT INTO ratings (id, chat_id, client_id, json) VALUES (?1, ?2, ?3, ?4)",
            params![
                rating.id.get(),
                chat.get(),
                rating.client_id.get(),
                to_json(&rating)?
            ],
        )?;
        Ok(rating)
    }

    /// A rating by id.
    pub fn rating(&self, id: RatingId) -> StoreResult<Option<Rating>> {
        self.get_json("SELECT json FROM ratings WHERE id = ?1", id.get())
    }

    /// The chat of rating `id`, and the message that asked for it, if any.
    pub fn rating_place(
        &self,
        id: RatingId,
    ) -> StoreResult<Option<(ChatId, Option<ChatMessageId>)>> {
        let chat: Option<i64> = self
            .conn
            .query_row(
                "SELECT chat_id FROM ratings WHERE id = ?1",
                [id.get()],
                |row| row.get(0),
            )
            .optional()?;
        let Some(chat) = chat else {
            return Ok(None);
        };
        let message: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM messages WHERE chat_id = ?1 AND json_extract(json, '$.RatingId') = ?2",
                params![chat, id.get()],
                |row| row.get(0),
            )
            .optional()?;
        Ok(Some((ChatId::new(chat), message.map(ChatMessageId::new))))
    }

    /// Writes `rating` back.
    pub fn update_rating(&self, rating: &Rating) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE ratings SET json = ?2 WHERE id = ?1",
            params![rating.id.get(), to_json(rating)?],
        )?;
        Ok(())
    }

    /// Runs `writes`, several writes that stand or fall together, in one transaction:
    /// committed when they all succeed, rolled back when one fails (or the commit does),
    /// so that a failure never leaves a transaction open behind it.
    pub fn atomically<T>(&self, writes: impl FnOnce(&Self) -> StoreResult<T>) -> StoreResult<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = writes(self).and_then(|value| {
            self.conn.execute_batch("COMMIT")?;
            Ok(value)
        });
        if result.is_err() {
            // Nothing to undo when the transaction is already gone.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        result
    }

    /// The graph of everything `data` refers to, completed from the database (the
    /// crate's `GraphBuilder` asks for each reference once).
    pub fn graph<T: References + ?Sized>(&self, data: &T) -> StoreResult<Graph> {
        let mut builder = GraphBuilder::new();
        let mut failure = None;
        builder.complete(data, |reference| {
            let found = match reference {
                Reference::User(id) => self.user(*id).map(|o| o.map(Object::User)),
                Reference::Client(id) => self.client(*id).map(|o| o.map(Object::Client)),
                Reference::File(id) => self.file(id).map(|o| o.map(Object::File)),
                Reference::Channel(id) => self.channel(*id).map(|o| o.map(Object::Channel)),
                Reference::Chat(id) => self.chat(*id).map(|o| o.map(Object::Chat)),
                Reference::ChatMessage(id) => self.message(*id).map(|o| o.map(Object::ChatMessage)),
                Reference::Rating(id) => self.rating(*id).map(|o| o.map(Object::Rating)),
                Reference::ChatMember(id) => {
                    self.member_by_id(*id).map(|o| o.map(Object::ChatMember))
                }
                Reference::RatingPoll(id) => {
                    self.rating_poll(*id).map(|o| o.map(Object::RatingPoll))
                }
                Reference::InfoRequest(id) => {
                    self.info_request(*id).map(|o| o.map(Object::InfoRequest))
                }
                _ => Ok(None),
            };
            found.unwrap_or_else(|error| {
                failure.get_or_insert(error);
                None
            })
        });
        match failure {
            Some(error) => Err(error),
            None => Ok(builder.build()),
        }
    }
}
