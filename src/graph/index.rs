use crate::references::graph_collections;
use crate::references::graph_id;
use std::borrow::Borrow;
use std::collections::HashMap;

use foldhash::fast::RandomState;

use super::Graph;
use crate::model::{ActorType, Client, File, Message, Messages, User};
#[cfg(any(feature = "chat", feature = "public"))]
use crate::model::{Chat, ChatEvent, ChatMessage, InfoRequest, Rating, RatingPoll};
use crate::primitives::{ClientId, UserId};
use crate::references::{GraphId, JsonPath, Reference, References, Visitor};

/// A map with a fast, per-process seeded hash: ids are small keys looked up often.
type Map<K, V> = HashMap<K, V, RandomState>;

/// `GraphIndex`, its maps and its lookups, from the one list of the typed collections
/// (`graph_collections!`).
macro_rules! graph_index {
    ($($entity:ident($kind:ident $id:ident) $one:ident $field:ident $wire:literal $constant:ident $what:literal,)*) => {
        /// Client side: a graph's objects by id, built once (in linear time) and looked up
        /// without copying anything.
        ///
        /// When a graph carries two objects with the same id, the first one counts.
        ///
        /// ```
        /// use iqchannels_proto::api::tickets::CreateMessage;
        /// use iqchannels_proto::graph::Author;
        /// use iqchannels_proto::{codec, UserId};
        ///
        /// let body = std::fs::read("tests/fixtures/create_message.response.json")?;
        /// let response = codec::decode_response::<CreateMessage>(&body)?.value;
        /// let index = response.index();
        /// assert_eq!(index.user(UserId::new(1)).unwrap().email, "i.korobkov@iqstore.ru");
        ///
        /// let message = &response.data.as_ref().unwrap().message;
        /// match index.resolve(message).author {
        ///     Author::User(user) => assert_eq!(user.display_name, "Иван Коробков"),
        ///     other => panic!("{other:?}"),
        /// }
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        #[derive(Clone, Debug)]
        pub struct GraphIndex<'g> {
            $(
                $field: Map<<crate::primitives::$id as GraphId>::Key<'g>, &'g crate::model::$entity>,
            )*
        }

        impl<'g> GraphIndex<'g> {
            /// Indexes `graph`'s objects by id.
            pub fn new(graph: &'g Graph) -> Self {
                Self {
                    $($field: index(&graph.$field, |object| object.id.key()),)*
                }
            }

            $(
                #[doc = concat!("The ", $what, " with this id.")]
                #[inline]
                pub fn $one(
                    &self,
                    id: graph_id!(arg $kind $id),
                ) -> Option<&'g crate::model::$entity> {
                    self.$field
                        .get(Borrow::<crate::primitives::$id>::borrow(&id))
                        .copied()
                }
            )*

            /// Whether the graph carries the object `reference` names.
            pub fn contains(&self, reference: &Reference) -> bool {
                match reference {
                    $(Reference::$entity(id) => self.$field.contains_key(id),)*
                }
            }
        }
    };
}

graph_collections!(graph_index);

/// Who wrote a message, as the graph tells: its user or client as the graph holds them,
/// a [`User`] and a [`Client`] (for a graph read by its schemas, each one's JSON:
/// [`AuthorView`](crate::codec::interpret::response::AuthorView)).
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Author<'g, U: ?Sized = User, C: ?Sized = Client> {
    /// A user (an operator or a service account), found in the graph.
    User(&'g U),
    /// A client, found in the graph.
    Client(&'g C),
    /// The server itself (`Author: "system"`).
    System,
    /// Nobody identified (`Author: ""`).
    Anonymous,
    /// The message names its author by this id, and the graph does not carry it.
    Missing(Reference),
    /// The message does not say who: an actor type the crate does not know, or a user or
    /// client author without an id.
    Unknown,
}

impl<U: ?Sized, C: ?Sized> Clone for Author<'_, U, C> {
    fn clone(&self) -> Self {
        match self {
            Self::User(user) => Self::User(user),
            Self::Client(client) => Self::Client(client),
            Self::System => Self::System,
            Self::Anonymous => Self::Anonymous,
            Self::Missing(reference) => Self::Missing(reference.clone()),
            Self::Unknown => Self::Unknown,
        }
    }
}

/// Who acted, as a message's fields say, before the graph is asked: the one rule of
/// [`Author`], for [`GraphIndex`] and for the graph read by its schemas
/// ([`crate::codec::interpret::response`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Actor {
    /// A user, by a non-zero id.
    User(UserId),
    /// A client, by a non-zero id.
    Client(ClientId),
    /// The server itself.
    System,
    /// Nobody identified.
    Anonymous,
    /// An actor type the crate does not know, or a user or client author without an id.
    Unknown,
}

impl Actor {
    /// The actor of a message whose `Author` is `actor`, with its `UserId` and `ClientId`.
    pub(crate) fn of(
        actor: &ActorType,
        user_id: Option<UserId>,
        client_id: Option<ClientId>,
    ) -> Self {
        match (actor, user_id, client_id) {
            (ActorType::User, Some(id), _) if !id.is_zero() => Self::User(id),
            (ActorType::Client, _, Some(id)) if !id.is_zero() => Self::Client(id),
            (ActorType::System, _, _) => Self::System,
            (ActorType::Anonymous, _, _) => Self::Anonymous,
            _ => Self::Unknown,
        }
    }
}

/// A message with what the graph tells about it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResolvedMessage<'g, 'm> {
    /// The message.
    pub message: &'m Message,
    /// Its author.
    pub author: Author<'g>,
    /// The author's avatar, when the author is a user with an avatar in the graph.
    pub avatar: Option<&'g File>,
}

/// A reference whose object the graph does not carry.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Dangling {
    /// Where the id stands (`Data.Message.UserId`).
    pub path: String,
    /// The id.
    pub reference: Reference,
}

impl Graph {
    /// The index of this graph's objects by id.
    pub fn index(&self) -> GraphIndex<'_> {
        GraphIndex::new(self)
    }
}

impl<'g> GraphIndex<'g> {
    /// Who wrote `message`.
    #[inline]
    pub fn author(&self, message: &Message) -> Author<'g> {
        self.actor(&message.author, message.user_id, message.client_id)
    }

    /// Who wrote a chat message, as [`author`](Self::author) tells for a ticket's.
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn chat_message_author(&self, message: &ChatMessage) -> Author<'g> {
        self.actor(&message.author, message.user_id, message.client_id)
    }

    /// The message a chat event concerns, if it names one and the graph carries it.
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn event_message(&self, event: &ChatEvent) -> Option<&'g ChatMessage> {
        self.chat_message(event.message_id?)
    }

    /// The chat a chat event concerns, if it names one and the graph carries it.
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn event_chat(&self, event: &ChatEvent) -> Option<&'g Chat> {
        self.chat(event.chat_id?)
    }

    /// The client a chat is with, if the graph carries them.
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn chat_client(&self, chat: &Chat) -> Option<&'g Client> {
        self.client(chat.client_id)
    }

    /// The operator a chat is assigned to, if it is and the graph carries them.
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn chat_assignee(&self, chat: &Chat) -> Option<&'g User> {
        self.user(chat.assignee_id?)
    }

    /// The rating request a chat message shows, if it names one and the graph carries it
    /// (`ChatMessage.RatingId`, public API).
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn message_rating(&self, message: &ChatMessage) -> Option<&'g Rating> {
        self.rating(message.rating_id?)
    }

    /// The personal-data request a chat message shows, if it names one and the graph
    /// carries it (`ChatMessage.InfoRequestId`, public API).
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn message_info_request(&self, message: &ChatMessage) -> Option<&'g InfoRequest> {
        self.info_request(message.info_request_id?)
    }

    /// The poll a rating offers, if it names one and the graph carries it
    /// (`Rating.RatingPollId`, public API). By id, as the widget and the Android SDK link
    /// it (the iOS SDK takes the graph's last poll instead).
    #[cfg(any(feature = "chat", feature = "public"))]
    pub fn rating_poll_of(&self, rating: &Rating) -> Option<&'g RatingPoll> {
        self.rating_poll(rating.rating_poll_id?)
    }

    /// Who acted: a user or a client by id, as `actor` says.
    fn actor(
        &self,
        actor: &ActorType,
        user_id: Option<UserId>,
        client_id: Option<ClientId>,
    ) -> Author<'g> {
        match Actor::of(actor, user_id, client_id) {
            Actor::User(id) => self
                .user(id)
                .map_or(Author::Missing(Reference::User(id)), Author::User),
            Actor::Client(id) => self
                .client(id)
                .map_or(Author::Missing(Reference::Client(id)), Author::Client),
            Actor::System => Author::System,
            Actor::Anonymous => Author::Anonymous,
            Actor::Unknown => Author::Unknown,
        }
    }

    /// `message` with its author and the author's avatar.
    #[inline]
    pub fn resolve<'m>(&self, message: &'m Message) -> ResolvedMessage<'g, 'm> {
        let author = self.author(message);
        let avatar = match author {
            Author::User(user) => user
                .avatar_id
                .value()
                .filter(|id| !id.is_empty())
                .and_then(|id| self.file(id)),
            _ => None,
        };
        ResolvedMessage {
            message,
            author,
            avatar,
        }
    }

    /// Every message `data` carries, resolved, in order.
    pub fn resolve_all<'m, T: Messages + ?Sized>(
        &self,
        data: &'m T,
    ) -> Vec<ResolvedMessage<'g, 'm>> {
        data.messages()
            .into_iter()
            .map(|message| self.resolve(message))
            .collect()
    }

    /// Every reference of `value` whose object the graph does not carry, in the order of
    /// the fields. Pass the whole response to check its data and its graph's own objects;
    /// paths use the current names, `Data` and `Graph`, also for a response that came with
    /// the older `Result` and `Rels`.
    pub fn dangling<T: References + ?Sized>(&self, value: &T) -> Vec<Dangling> {
        let mut dangling = Vec::new();
        let mut found = |path: &JsonPath, reference: Reference| {
            if !self.contains(&reference) {
                dangling.push(Dangling {
                    path: path.to_string(),
                    reference,
                });
            }
        };
        value.references(&mut Visitor::new(&mut found));
        dangling
    }
}

/// A map of `items` by `key`; the first item of a key counts.
fn index<'g, K, T>(items: &'g [T], key: impl Fn(&'g T) -> K) -> Map<K, &'g T>
where
    K: std::hash::Hash + Eq,
{
    let mut map = Map::with_capacity_and_hasher(items.len(), RandomState::default());
    for item in items {
        map.entry(key(item)).or_insert(item);
    }
    map
}
