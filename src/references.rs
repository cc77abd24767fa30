//! What a value points at: every id that names an object the graph carries, with the JSON
//! path of the field that holds it.
//!
//! Each entity and each method's data type declares its references once, next to its own
//! definition, with `references!`; ids, `Option`s and `Vec`s pass the visit down. The
//! graph's index (client side) and builder (server side) are written against this trait.

use std::fmt;

use crate::primitives::{ClientId, FileId, UserId};

/// Calls `$apply!` with the chat API's graph collections (`chat-api-v1`), one entry each:
/// the [`Reference`] variant and its id type, an element's name and the `Graph` field's,
/// the wire name, the element type, and how a reference reads. The one list of them;
/// empty without the `chat` feature, which leaves the chat collections out of the graph
/// (they would weigh 32 KB in the widget's wasm).
#[cfg(feature = "chat")]
macro_rules! chat_collections {
    ($apply:ident) => {
        $apply! {
            Channel(ChannelId) channel channels "Channels" Channel "channel",
            Chat(ChatId) chat chats "Chats" Chat "chat",
            ChatMember(ChatMemberId) chat_member chat_members "ChatMembers" ChatMember "chat member",
            ChatMessage(ChatMessageId) chat_message chat_messages "ChatMessages" ChatMessage "chat message",
            ChatNotice(ChatNoticeId) chat_notice chat_notices "ChatNotices" ChatNotice "chat notice",
            ChatInbox(ChatInboxId) chat_inbox chat_inboxes "ChatInboxes" ChatInbox "chat inbox",
            ChatInboxThread(ChatInboxThreadId) chat_inbox_thread chat_inbox_threads "ChatInboxThreads" ChatInboxThread "chat inbox thread",
        }
    };
}

/// Without the `chat` feature, the graph has no chat collections.
#[cfg(not(feature = "chat"))]
macro_rules! chat_collections {
    ($apply:ident) => {
        $apply! {}
    };
}

macro_rules! reference {
    ($($variant:ident($id:ident) $one:ident $field:ident $wire:literal $entity:ident $what:literal,)*) => {
        /// An id that names an object of the graph: the kind of object, and its id.
        ///
        /// ```
        /// use iqchannels_proto::references::{self, Reference};
        /// use iqchannels_proto::{Message, MessageId, UserId};
        ///
        /// let mut message = Message::new(MessageId::new(1632));
        /// message.user_id = Some(UserId::new(1));
        /// let found = references::collect(&message);
        /// assert_eq!(found, [("UserId".to_owned(), Reference::User(UserId::new(1)))]);
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Reference {
            /// A [`User`](crate::User), in `Graph.Users`.
            User(UserId),
            /// A [`Client`](crate::Client), in `Graph.Clients`.
            Client(ClientId),
            /// A [`File`](crate::File), in `Graph.Files`.
            File(FileId),
            $(
                #[doc = concat!(
                    "A [`", stringify!($entity), "`](crate::", stringify!($entity),
                    "), in `Graph.", $wire, "`."
                )]
                $variant(crate::primitives::$id),
            )*
        }

        impl fmt::Display for Reference {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Self::User(id) => write!(f, "user {id}"),
                    Self::Client(id) => write!(f, "client {id}"),
                    Self::File(id) => write!(f, "file {id:?}", id = id.as_str()),
                    $(Self::$variant(id) => write!(f, concat!($what, " {}"), id),)*
                }
            }
        }

        $(
            /// The zero id `0` is no reference.
            impl References for crate::primitives::$id {
                fn references(&self, visitor: &mut Visitor<'_>) {
                    if !self.is_zero() {
                        visitor.found(Reference::$variant(*self));
                    }
                }
            }
        )*
    };
}

chat_collections!(reference);

/// Without the `chat` feature, the graph carries no chat objects, so chat ids name none.
#[cfg(not(feature = "chat"))]
macro_rules! no_chat_references {
    ($($id:ident),*) => {$(
        impl References for crate::primitives::$id {
            fn references(&self, _: &mut Visitor<'_>) {}
        }
    )*};
}

#[cfg(not(feature = "chat"))]
no_chat_references!(
    ChannelId,
    ChatId,
    ChatMemberId,
    ChatMessageId,
    ChatNoticeId,
    ChatInboxId,
    ChatInboxThreadId
);

/// A value that may point at objects of the graph.
pub trait References {
    /// Reports each id this value points at to `visitor`, at its path below the
    /// visitor's current one.
    fn references(&self, visitor: &mut Visitor<'_>);
}

/// One step of a [`JsonPath`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Segment {
    Field(&'static str),
    Index(usize),
}

/// Where a value stands in a body: `Data.Message.UserId`, `Graph.Users[0].AvatarId`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath {
    segments: Vec<Segment>,
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Field(name) if position == 0 => f.write_str(name)?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Walks a value's references, keeping the path of each, and hands them to a callback.
pub struct Visitor<'f> {
    path: JsonPath,
    found: &'f mut dyn FnMut(&JsonPath, Reference),
}

impl<'f> Visitor<'f> {
    /// A visitor that calls `found` with each reference and its path.
    pub fn new(found: &'f mut dyn FnMut(&JsonPath, Reference)) -> Self {
        Self {
            path: JsonPath::default(),
            found,
        }
    }

    /// Visits `value` under the field `name`.
    pub fn field<T: References + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.path.segments.push(Segment::Field(name));
        value.references(self);
        self.path.segments.pop();
    }

    /// Visits `value` at `index` of the current array.
    pub fn index<T: References + ?Sized>(&mut self, index: usize, value: &T) {
        self.path.segments.push(Segment::Index(index));
        value.references(self);
        self.path.segments.pop();
    }

    /// Reports `reference` at the current path.
    pub fn found(&mut self, reference: Reference) {
        (self.found)(&self.path, reference);
    }
}

/// Every reference of `value`, with its path as text, in the order of the fields.
pub fn collect<T: References + ?Sized>(value: &T) -> Vec<(String, Reference)> {
    let mut all = Vec::new();
    let mut found = |path: &JsonPath, reference| all.push((path.to_string(), reference));
    value.references(&mut Visitor::new(&mut found));
    all
}

/// Every reference of `value`, without paths.
pub(crate) fn list<T: References + ?Sized>(value: &T) -> Vec<Reference> {
    let mut all = Vec::new();
    value.references(&mut Visitor::new(&mut |_: &JsonPath, reference| {
        all.push(reference)
    }));
    all
}

/// Declares which fields of a type hold references, with their wire names:
/// `references!(Message { "UserId" => user_id, "ClientId" => client_id });`
macro_rules! references {
    ($name:ident { $($wire:literal => $field:ident),* $(,)? }) => {
        impl $crate::references::References for $name {
            fn references(&self, visitor: &mut $crate::references::Visitor<'_>) {
                let _ = visitor;
                $( visitor.field($wire, &self.$field); )*
            }
        }
    };
}

/// The zero id `0` is no reference.
impl References for UserId {
    fn references(&self, visitor: &mut Visitor<'_>) {
        if !self.is_zero() {
            visitor.found(Reference::User(*self));
        }
    }
}

/// The zero id `0` is no reference.
impl References for ClientId {
    fn references(&self, visitor: &mut Visitor<'_>) {
        if !self.is_zero() {
            visitor.found(Reference::Client(*self));
        }
    }
}

/// The zero id `""` is no reference.
impl References for FileId {
    fn references(&self, visitor: &mut Visitor<'_>) {
        if !self.is_empty() {
            visitor.found(Reference::File(self.clone()));
        }
    }
}

impl<T: References> References for Option<T> {
    fn references(&self, visitor: &mut Visitor<'_>) {
        if let Some(value) = self {
            value.references(visitor);
        }
    }
}

impl<T: References> References for [T] {
    fn references(&self, visitor: &mut Visitor<'_>) {
        for (index, value) in self.iter().enumerate() {
            visitor.index(index, value);
        }
    }
}

impl<T: References> References for Vec<T> {
    fn references(&self, visitor: &mut Visitor<'_>) {
        self.as_slice().references(visitor);
    }
}

/// Data that points at nothing: methods whose response carries no data.
impl References for () {
    fn references(&self, _: &mut Visitor<'_>) {}
}

/// JSON the crate does not model points at nothing the crate knows of.
impl References for crate::primitives::RawJson {
    fn references(&self, _: &mut Visitor<'_>) {}
}
