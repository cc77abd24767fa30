use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::model::{Client, File, User};
use crate::primitives::RawJson;
use crate::references::{References, Visitor};

macro_rules! graph {
    ($($variant:ident($id:ident) $one:ident $field:ident $wire:literal $entity:ident $what:literal,)*) => {
        /// `Graph` (older endpoints: `Rels`): the objects that a response's `Data` refers to by
        /// id, each carried once.
        ///
        /// `Users`, `Clients` and `Files` are typed, and the chat API's collections (`Chats`,
        /// `ChatMessages`, ...). Any other collection (the server has more, such as tickets) is
        /// kept verbatim in [`other`](Self::other) and written back unchanged.
        /// Decoding (in [`codec`](crate::codec)) reads a missing or `null` collection as empty and
        /// leaves out a malformed element of a typed one, with a warning. Encoding writes the
        /// typed collections that are not empty, then the others in name order; an entry of
        /// `other` named like a typed collection (`Users`) is an encoding error, never a
        /// duplicate key.
        ///
        /// ```
        /// use iqchannels_proto::{Graph, User, UserId};
        ///
        /// let mut user = User::default();
        /// user.id = UserId::new(1);
        /// let mut graph = Graph::default();
        /// graph.users.push(user);
        /// let json = serde_json::to_value(&graph)?;
        /// assert_eq!(json["Users"][0]["Id"], 1);
        /// assert!(json.get("Clients").is_none());
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct Graph {
            /// `Users`.
            pub users: Vec<User>,
            /// `Clients`.
            pub clients: Vec<Client>,
            /// `Files`.
            pub files: Vec<File>,
            $(
                #[doc = concat!("`", $wire, "`.")]
                pub $field: Vec<crate::model::$entity>,
            )*
            /// Every other collection, by its wire name, as it arrived.
            pub other: BTreeMap<String, RawJson>,
        }

        typescript!(
            "/** Related objects by collection; a typed collection is left out when empty. */\n",
            "export interface Graph {\n",
            "    Users?: User[];\n",
            "    Clients?: Client[];\n",
            "    Files?: File[];\n",
            $("    ", $wire, "?: ", stringify!($entity), "[];\n",)*
            "    [collection: string]: RawJson | User[] | Client[] | File[]",
            $(" | ", stringify!($entity), "[]",)*
            " | undefined;\n",
            "}\n",
        );

        impl Graph {
            /// Wire name of [`Graph::users`].
            pub const USERS: &'static str = "Users";
            /// Wire name of [`Graph::clients`].
            pub const CLIENTS: &'static str = "Clients";
            /// Wire name of [`Graph::files`].
            pub const FILES: &'static str = "Files";
            /// The wire names of the typed collections, which [`Graph::other`] never holds.
            pub const TYPED: &'static [&'static str] =
                &[Self::USERS, Self::CLIENTS, Self::FILES, $($wire),*];

            /// Whether the graph holds nothing at all.
            pub fn is_empty(&self) -> bool {
                self.users.is_empty()
                    && self.clients.is_empty()
                    && self.files.is_empty()
                    $(&& self.$field.is_empty())*
                    && self.other.is_empty()
            }
        }

        /// Typed collections, and other collections under names that are not typed ones.
        #[cfg(feature = "arbitrary")]
        impl<'a> arbitrary::Arbitrary<'a> for Graph {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                let mut other: BTreeMap<String, RawJson> = u.arbitrary()?;
                other.retain(|name, _| !Self::TYPED.contains(&name.as_str()));
                Ok(Self {
                    users: u.arbitrary()?,
                    clients: u.arbitrary()?,
                    files: u.arbitrary()?,
                    $($field: u.arbitrary()?,)*
                    other,
                })
            }
        }

        impl Serialize for Graph {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let typed = [
                    !self.users.is_empty(),
                    !self.clients.is_empty(),
                    !self.files.is_empty(),
                    $(!self.$field.is_empty(),)*
                ];
                let len = typed.iter().filter(|present| **present).count() + self.other.len();
                let mut map = serializer.serialize_map(Some(len))?;
                if !self.users.is_empty() {
                    map.serialize_entry(Self::USERS, &self.users)?;
                }
                if !self.clients.is_empty() {
                    map.serialize_entry(Self::CLIENTS, &self.clients)?;
                }
                if !self.files.is_empty() {
                    map.serialize_entry(Self::FILES, &self.files)?;
                }
                $(
                    if !self.$field.is_empty() {
                        map.serialize_entry($wire, &self.$field)?;
                    }
                )*
                for (name, collection) in &self.other {
                    if Self::TYPED.contains(&name.as_str()) {
                        return Err(serde::ser::Error::custom(format_args!(
                            "Graph.other has \"{name}\", a typed collection: it belongs in Graph's own field"
                        )));
                    }
                    map.serialize_entry(name, collection)?;
                }
                map.end()
            }
        }

        /// The references of every object in the graph (`Users[0].AvatarId`, ...): the graph
        /// must carry what its own objects point at, too.
        impl References for Graph {
            fn references(&self, visitor: &mut Visitor<'_>) {
                visitor.field(Self::USERS, &self.users);
                visitor.field(Self::CLIENTS, &self.clients);
                visitor.field(Self::FILES, &self.files);
                $(visitor.field($wire, &self.$field);)*
            }
        }
    };
}

chat_collections!(graph);
