use crate::references::graph_collections;
use std::collections::BTreeMap;
use std::fmt;

use serde::ser::SerializeMap;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::primitives::RawJson;
use crate::references::{References, Visitor};

/// `Graph` and its wire form, from the one list of the typed collections
/// (`graph_collections!`).
macro_rules! graph {
    ($($entity:ident($kind:ident $id:ident) $one:ident $field:ident $wire:literal $constant:ident $what:literal,)*) => {
        /// `Graph` (older endpoints: `Rels`): the objects that a response's `Data` refers to by
        /// id, each carried once.
        ///
        /// `Users`, `Clients` and `Files` are typed, and with the `chat` feature the chat API's
        /// collections (`Chats`, `ChatMessages`, ...). Any other collection (the server has
        /// more, such as tickets) is kept verbatim in [`other`](Self::other) and written back
        /// unchanged. Decoding (in [`codec`](crate::codec)) reads a missing or `null` collection
        /// as empty and leaves out a malformed element of a typed one, with a warning.
        /// Encoding writes the typed collections that are not empty, then the others in name
        /// order. An entry of `other` named like a typed collection (`Users`) is written when
        /// that collection is empty (so a graph built without the `chat` feature, with a raw
        /// `Chats` in `other`, encodes the same with it), and is an encoding error when it is
        /// not: never a duplicate key.
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
            $(
                #[doc = concat!("`", $wire, "`.")]
                pub $field: Vec<crate::model::$entity>,
            )*
            /// Every other collection, by its wire name, as it arrived.
            pub other: BTreeMap<String, RawJson>,
        }

        impl Graph {
            $(
                #[doc = concat!("Wire name of [`Graph::", stringify!($field), "`].")]
                pub const $constant: &'static str = $wire;
            )*
            /// The graph of nothing, as a constant: what [`Response::index`](crate::Response::index)
            /// indexes for a response without a graph.
            pub(crate) const EMPTY: Self = Self {
                $($field: Vec::new(),)*
                other: BTreeMap::new(),
            };

            /// What the typed collections' elements are, in the order of [`TYPED`](Self::TYPED).
            pub const KINDS: &'static [crate::schema::Kind] =
                &[$(<crate::model::$entity as crate::schema::Wire>::KIND),*];

            /// The wire names of the typed collections, which decoding never puts in
            /// [`Graph::other`].
            pub const TYPED: &'static [&'static str] = &[$(Self::$constant),*];

            /// Whether a typed collection that can hold a departure holds something.
            pub(crate) fn lints(&self) -> bool {
                false $(|| (<crate::model::$entity as crate::schema::Wire>::LINTS && !self.$field.is_empty()))*
            }

            /// Reports the departures of its typed collections' objects
            /// ([`Departure`](crate::schema::Departure)), under their wire names.
            pub(crate) fn lint<'v>(&'v self, lints: &mut crate::schema::Lints<'v>) {
                let _ = &lints;
                // An empty collection is skipped before its name is put on the path.
                $(
                    if !self.$field.is_empty() {
                        lints.field($wire, &self.$field);
                    }
                )*
            }

            /// Whether the graph holds nothing at all.
            pub fn is_empty(&self) -> bool {
                $(self.$field.is_empty() &&)* self.other.is_empty()
            }

            /// Whether `name` is a typed collection that holds something.
            fn holds(&self, name: &str) -> bool {
                match name {
                    $(Self::$constant => !self.$field.is_empty(),)*
                    _ => false,
                }
            }
        }

        /// Typed collections, and other collections under names that are not typed ones.
        #[cfg(feature = "arbitrary")]
        impl<'a> arbitrary::Arbitrary<'a> for Graph {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                let mut other: BTreeMap<String, RawJson> = u.arbitrary()?;
                other.retain(|name, _| !Self::TYPED.contains(&name.as_str()));
                Ok(Self {
                    $($field: u.arbitrary()?,)*
                    other,
                })
            }
        }

        impl Serialize for Graph {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let typed = [$(!self.$field.is_empty()),*];
                let len = typed.iter().filter(|present| **present).count() + self.other.len();
                let mut map = serializer.serialize_map(Some(len))?;
                $(
                    if !self.$field.is_empty() {
                        map.serialize_entry(Self::$constant, &self.$field)?;
                    }
                )*
                for (name, collection) in &self.other {
                    if self.holds(name) {
                        return Err(serde::ser::Error::custom(format_args!(
                            "Graph.other has \"{name}\", a typed collection that Graph's own field already holds"
                        )));
                    }
                    map.serialize_entry(name, collection)?;
                }
                map.end()
            }
        }

        /// Strictly: each typed collection a list of its entities (`null` is empty, as Go
        /// writes a nil slice), every other collection kept verbatim in `other`; a malformed
        /// element or a collection named twice is an error. (Reading a response with
        /// [`codec::decode_response`](crate::codec::decode_response) instead leaves out a
        /// malformed element, with a warning.)
        ///
        /// ```
        /// use iqchannels_proto::Graph;
        ///
        /// let graph: Graph = serde_json::from_str(r#"{"Users": [{"Id": 1}], "Tickets": [{"Id": 7}]}"#)?;
        /// assert_eq!(graph.users[0].id.get(), 1);
        /// assert_eq!(graph.other["Tickets"].get(), r#"[{"Id": 7}]"#);
        /// assert!(serde_json::from_str::<Graph>(r#"{"Users": [{"Id": "one"}]}"#).is_err());
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        impl<'de> Deserialize<'de> for Graph {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Collections;

                impl<'de> de::Visitor<'de> for Collections {
                    type Value = Graph;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object of collections")
                    }

                    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Graph, A::Error> {
                        let mut graph = Graph::default();
                        let mut seen = [false; Graph::TYPED.len()];
                        while let Some(name) = map.next_key::<String>()? {
                            let typed = Graph::TYPED.iter().position(|typed| *typed == name);
                            if let Some(index) = typed {
                                if std::mem::replace(&mut seen[index], true) {
                                    return Err(de::Error::custom(format_args!("duplicate collection `{name}`")));
                                }
                            }
                            match name.as_str() {
                                $(
                                    Graph::$constant => {
                                        graph.$field = map.next_value::<Option<Vec<crate::model::$entity>>>()?.unwrap_or_default();
                                    }
                                )*
                                _ => {
                                    let collection = map.next_value::<RawJson>()?;
                                    if graph.other.insert(name.clone(), collection).is_some() {
                                        return Err(de::Error::custom(format_args!("duplicate collection `{name}`")));
                                    }
                                }
                            }
                        }
                        Ok(graph)
                    }
                }

                deserializer.deserialize_map(Collections)
            }
        }

        /// The references of every object in the graph (`Users[0].AvatarId`, ...): the graph
        /// must carry what its own objects point at, too.
        impl References for Graph {
            fn references(&self, visitor: &mut Visitor<'_>) {
                $(visitor.field(Self::$constant, &self.$field);)*
            }
        }
    };
}

graph_collections!(graph);
