//! What a value points at: every id that names an object the graph carries, with the JSON
//! path of the field that holds it.
//!
//! Each entity and each method's data type declares its references once, on its own
//! fields: `#[wire(reference)]` (the macros crate writes the visit); ids, `Option`s,
//! `Presence`s and `Vec`s pass the visit down. The
//! graph's index (client side) and builder (server side) are written against this trait.

use std::borrow::Borrow;
use std::fmt;
use std::hash::Hash;

/// Calls `$apply!` with the graph's typed collections: the one list of them, from which
/// the [`Reference`] kinds, [`Graph`](crate::Graph)'s fields and their decoding, the
/// [index](crate::graph::GraphIndex), the [builder](crate::graph::GraphBuilder) and the
/// JavaScript side are generated. Adding a collection is one line here (and the
/// `#[wire(reference)]` markers of its element type's id fields).
///
/// A line: the feature the collection needs (`-` for none), its element type (also the
/// name of its [`Reference`] and [`Object`](crate::graph::Object) kinds), its id's kind
/// (`number`: looked up by value; `text`: by reference) and type, the index's lookup,
/// `Graph`'s field, the wire name, its constant on `Graph`, and how a reference reads.
///
/// `$apply!` gets the collections of the enabled features, each as
/// `Entity(kind Id) lookup field "Wire" CONSTANT "what",`;
/// `graph_collections!(left_out $apply)` gives it the others. The gates: `-` (always),
/// `chat` (the chat API's collections, `chat-api-v1`) and `chat|public` (those the public
/// API side-loads too, `public-api.md` §4.1: either feature brings them). Neither feature
/// is in the widget's wasm, where these collections would weigh 32 KB.
macro_rules! graph_collections {
    (left_out $apply:ident) => {
        $crate::references::graph_collections! { @list [left_out $apply] }
    };
    ($apply:ident) => {
        $crate::references::graph_collections! { @list [$apply] }
    };
    (@list $mode:tt) => {
        $crate::references::select_collections! { $mode [] []
            // gate element         id                         lookup            field              wire               constant           reads
            -           User            (number UserId)            user              users              "Users"            USERS              "user",
            -           Client          (number ClientId)          client            clients            "Clients"          CLIENTS            "client",
            -           File            (text FileId)              file              files              "Files"            FILES              "file",
            chat|public Channel         (number ChannelId)         channel           channels           "Channels"         CHANNELS           "channel",
            chat|public Chat            (number ChatId)            chat              chats              "Chats"            CHATS              "chat",
            chat        ChatMember      (number ChatMemberId)      chat_member       chat_members       "ChatMembers"      CHAT_MEMBERS       "chat member",
            chat|public ChatMessage     (number ChatMessageId)     chat_message      chat_messages      "ChatMessages"     CHAT_MESSAGES      "chat message",
            chat        ChatNotice      (number ChatNoticeId)      chat_notice       chat_notices       "ChatNotices"      CHAT_NOTICES       "chat notice",
            chat        ChatInbox       (number ChatInboxId)       chat_inbox        chat_inboxes       "ChatInboxes"      CHAT_INBOXES       "chat inbox",
            chat        ChatInboxThread (number ChatInboxThreadId) chat_inbox_thread chat_inbox_threads "ChatInboxThreads" CHAT_INBOX_THREADS "chat inbox thread",
            chat|public Rating          (number RatingId)          rating            ratings            "Ratings"          RATINGS            "rating",
            chat|public RatingPoll      (number RatingPollId)      rating_poll       rating_polls       "RatingPolls"      RATING_POLLS       "rating poll",
            chat|public InfoRequest     (number InfoRequestId)     info_request      info_requests      "InfoRequests"     INFO_REQUESTS      "info request",
        }
    };
}
pub(crate) use graph_collections;

/// Sorts `graph_collections!`'s lines into those the enabled features keep and those they
/// leave out, then hands one list or the other to the macro `$mode` names.
macro_rules! select_collections {
    ([left_out $apply:ident] [$($kept:tt)*] [$($left:tt)*]) => {
        $apply! { $($left)* }
    };
    ([$apply:ident] [$($kept:tt)*] [$($left:tt)*]) => {
        $apply! { $($kept)* }
    };
    (
        $mode:tt [$($kept:tt)*] [$($left:tt)*]
        - $entity:tt $id:tt $one:tt $field:tt $wire:tt $constant:tt $what:tt,
        $($rest:tt)*
    ) => {
        $crate::references::select_collections! {
            $mode [$($kept)* $entity $id $one $field $wire $constant $what,] [$($left)*] $($rest)*
        }
    };
    (
        $mode:tt [$($kept:tt)*] [$($left:tt)*]
        chat $entity:tt $id:tt $one:tt $field:tt $wire:tt $constant:tt $what:tt,
        $($rest:tt)*
    ) => {
        $crate::references::if_chat! {
            {
                $crate::references::select_collections! {
                    $mode [$($kept)* $entity $id $one $field $wire $constant $what,] [$($left)*]
                    $($rest)*
                }
            }
            {
                $crate::references::select_collections! {
                    $mode [$($kept)*] [$($left)* $entity $id $one $field $wire $constant $what,]
                    $($rest)*
                }
            }
        }
    };
    (
        $mode:tt [$($kept:tt)*] [$($left:tt)*]
        chat|public $entity:tt $id:tt $one:tt $field:tt $wire:tt $constant:tt $what:tt,
        $($rest:tt)*
    ) => {
        $crate::references::if_chat_or_public! {
            {
                $crate::references::select_collections! {
                    $mode [$($kept)* $entity $id $one $field $wire $constant $what,] [$($left)*]
                    $($rest)*
                }
            }
            {
                $crate::references::select_collections! {
                    $mode [$($kept)*] [$($left)* $entity $id $one $field $wire $constant $what,]
                    $($rest)*
                }
            }
        }
    };
}
pub(crate) use select_collections;

/// The first group of tokens with the `chat` feature, the second without.
#[cfg(feature = "chat")]
macro_rules! if_chat {
    ({$($with:tt)*} {$($without:tt)*}) => {
        $($with)*
    };
}

/// The first group of tokens with the `chat` feature, the second without.
#[cfg(not(feature = "chat"))]
macro_rules! if_chat {
    ({$($with:tt)*} {$($without:tt)*}) => {
        $($without)*
    };
}
pub(crate) use if_chat;

/// The first group of tokens with the `chat` or the `public` feature, the second with
/// neither.
#[cfg(any(feature = "chat", feature = "public"))]
macro_rules! if_chat_or_public {
    ({$($with:tt)*} {$($without:tt)*}) => {
        $($with)*
    };
}

/// The first group of tokens with the `chat` or the `public` feature, the second with
/// neither.
#[cfg(not(any(feature = "chat", feature = "public")))]
macro_rules! if_chat_or_public {
    ({$($with:tt)*} {$($without:tt)*}) => {
        $($without)*
    };
}
pub(crate) use if_chat_or_public;

/// The id of a graph collection's elements, as the code generated from
/// `graph_collections!` uses it.
pub(crate) trait GraphId: Clone + Ord + Hash + fmt::Debug {
    /// What an index keys elements by: a copy of a number id, a borrow of a text one.
    type Key<'g>: Copy + Eq + Hash + fmt::Debug + Borrow<Self>
    where
        Self: 'g;

    /// The index's key for this id.
    fn key(&self) -> Self::Key<'_>;

    /// Whether this is the zero id (`0`, `""`), the Go server's zero value: no object.
    fn is_nil(&self) -> bool;

    /// Writes the id as a [`Reference`] shows it: `1`, `"a.jpg"`.
    fn fmt_reference(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

/// What differs between the collections whose ids are numbers and those whose ids are
/// text: the type a lookup takes (`arg`), and the id's [`GraphId`] (`impl`).
macro_rules! graph_id {
    (arg number $id:ident) => {
        crate::primitives::$id
    };
    (arg text $id:ident) => {
        &crate::primitives::$id
    };
    (impl number $id:ident) => {
        impl GraphId for crate::primitives::$id {
            type Key<'g> = Self;

            #[inline]
            fn key(&self) -> Self {
                *self
            }

            fn is_nil(&self) -> bool {
                self.is_zero()
            }

            fn fmt_reference(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    };
    (impl text $id:ident) => {
        impl GraphId for crate::primitives::$id {
            type Key<'g> = &'g Self;

            #[inline]
            fn key(&self) -> &Self {
                self
            }

            fn is_nil(&self) -> bool {
                self.is_empty()
            }

            fn fmt_reference(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }
    };
}
pub(crate) use graph_id;

macro_rules! reference {
    (@id number $id:ident $number:ident $text:ident) => {
        crate::primitives::$id::new($number)
    };
    (@id text $id:ident $number:ident $text:ident) => {
        crate::primitives::$id::from($text.unwrap_or_default())
    };
    ($($entity:ident($kind:ident $id:ident) $one:ident $field:ident $wire:literal $constant:ident $what:literal,)*) => {
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
            $(
                #[doc = concat!(
                    "A [`", stringify!($entity), "`](crate::", stringify!($entity),
                    "), in `Graph.", $wire, "`."
                )]
                $entity(crate::primitives::$id),
            )*
        }

        impl Reference {
            /// The reference an id of the type named `name` (`UserId`) makes: `number` for
            /// an id that is a number, `text` for one that is text; `None` for the zero id,
            /// and for an id of no collection.
            #[doc(hidden)]
            pub fn of_id(name: &str, number: i64, text: Option<&str>) -> Option<Self> {
                $(
                    if name == stringify!($id) {
                        let id = reference!(@id $kind $id number text);
                        return (!id.is_nil()).then(|| Self::$entity(id));
                    }
                )*
                None
            }
        }

        /// `user 1`, `file "a.jpg"`, `chat message 5`.
        impl fmt::Display for Reference {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(
                        Self::$entity(id) => {
                            f.write_str(concat!($what, " "))?;
                            id.fmt_reference(f)
                        }
                    )*
                }
            }
        }

        $(
            graph_id!(impl $kind $id);

            /// The zero id (`0`, `""`) is no reference.
            impl References for crate::primitives::$id {
                fn references(&self, visitor: &mut Visitor<'_>) {
                    if !self.is_nil() {
                        visitor.found(Reference::$entity(self.clone()));
                    }
                }
            }
        )*
    };
}

graph_collections!(reference);

/// Without their feature, the graph carries none of a collection's objects, so its ids
/// name none.
macro_rules! no_references {
    ($($entity:ident($kind:ident $id:ident) $one:ident $field:ident $wire:literal $constant:ident $what:literal,)*) => {$(
        impl References for crate::primitives::$id {
            fn references(&self, _: &mut Visitor<'_>) {}
        }
    )*};
}

graph_collections!(left_out no_references);

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

/// A flag (the data of `chats/channel/audio_messages_enabled`) points at nothing.
impl References for bool {
    fn references(&self, _: &mut Visitor<'_>) {}
}

/// A count (the frames of `sse/chats/channel/unread/:channel`) points at nothing.
impl References for i32 {
    fn references(&self, _: &mut Visitor<'_>) {}
}

/// JSON the crate does not model points at nothing the crate knows of.
impl References for crate::primitives::RawJson {
    fn references(&self, _: &mut Visitor<'_>) {}
}
