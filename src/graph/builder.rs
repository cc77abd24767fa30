use crate::references::graph_collections;
use std::collections::{BTreeMap, HashSet};

use super::Graph;
use crate::references::{self, Reference, References};

/// The objects a graph carries, and the builder's maps of them, from the one list of the
/// typed collections (`graph_collections!`).
macro_rules! objects {
    ($($entity:ident($kind:ident $id:ident) $one:ident $field:ident $wire:literal $constant:ident $what:literal,)*) => {
        /// An object the graph carries.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Object {
            $(
                #[doc = concat!("For `Graph.", $wire, "`.")]
                $entity(crate::model::$entity),
            )*
        }

        impl Object {
            /// The reference that names this object.
            pub fn reference(&self) -> Reference {
                match self {
                    $(Self::$entity(object) => Reference::$entity(object.id.clone()),)*
                }
            }

            /// What this object points at.
            fn references(&self) -> Vec<Reference> {
                match self {
                    $(Self::$entity(object) => references::list(object),)*
                }
            }
        }

        $(
            impl From<crate::model::$entity> for Object {
                fn from(object: crate::model::$entity) -> Self {
                    Self::$entity(object)
                }
            }
        )*

        /// The objects added, one map per collection, by id.
        #[derive(Clone, Debug, Default)]
        struct Objects {
            $($field: BTreeMap<crate::primitives::$id, crate::model::$entity>,)*
        }

        impl Objects {
            fn add(&mut self, object: Object) -> Result<(), Conflict> {
                match object {
                    $(
                        Object::$entity(object) => insert(
                            &mut self.$field,
                            object.id.clone(),
                            object,
                            |id| Reference::$entity(id.clone()),
                        ),
                    )*
                }
            }

            fn contains(&self, reference: &Reference) -> bool {
                match reference {
                    $(Reference::$entity(id) => self.$field.contains_key(id),)*
                }
            }

            fn build(self) -> Graph {
                Graph {
                    $($field: self.$field.into_values().collect(),)*
                    ..Graph::default()
                }
            }

            /// What every object added points at.
            fn references(&self) -> Vec<Reference> {
                let mut all = Vec::new();
                $(all.extend(self.$field.values().flat_map(references::list));)*
                all
            }
        }
    };
}

graph_collections!(objects);

/// A different object was added under an id the graph already has; the first one is kept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the graph already has a different {reference}")]
#[non_exhaustive]
pub struct Conflict {
    /// The id both objects have.
    pub reference: Reference,
}

/// Server side: assembles a response's graph, one copy of each object, in id order, with
/// everything the data points at.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessageData;
/// use iqchannels_proto::graph::{GraphBuilder, Object};
/// use iqchannels_proto::references::Reference;
/// use iqchannels_proto::{FileId, File, Message, MessageId, User, UserId};
///
/// let mut message = Message::new(MessageId::new(1632));
/// message.user_id = Some(UserId::new(1));
/// let data = CreateMessageData::new(message);
///
/// // The server's own lookup: a database, a cache... The crate does no I/O.
/// let lookup = |reference: &Reference| match reference {
///     Reference::User(id) => {
///         let mut user = User::new(*id);
///         user.avatar_id = FileId::new("baac46c4.jpg").into();
///         Some(Object::User(user))
///     }
///     Reference::File(id) => Some(Object::File(File::new(id.clone()))),
///     _ => None,
/// };
/// let mut builder = GraphBuilder::new();
/// let not_found = builder.complete(&data, lookup);
/// assert!(not_found.is_empty());
/// let graph = builder.build();
/// assert_eq!(graph.users[0].id, UserId::new(1));
/// assert_eq!(graph.files[0].id.as_str(), "baac46c4.jpg"); // the user's avatar, too
/// ```
#[derive(Clone, Debug, Default)]
pub struct GraphBuilder {
    objects: Objects,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `object`. Adding the same object again changes nothing.
    ///
    /// # Errors
    ///
    /// When a different object with the same id is already there; that one is kept.
    pub fn add(&mut self, object: impl Into<Object>) -> Result<(), Conflict> {
        self.objects.add(object.into())
    }

    /// Whether the object `reference` names is there.
    pub fn contains(&self, reference: &Reference) -> bool {
        self.objects.contains(reference)
    }

    /// What `data` and the objects already added point at and is not there yet: sorted,
    /// each once. For servers that fetch in batches: fetch these, [`add`](Self::add) them,
    /// and ask again until nothing is missing.
    pub fn missing<T: References + ?Sized>(&self, data: &T) -> Vec<Reference> {
        let mut missing: Vec<Reference> = self
            .references_of(data)
            .into_iter()
            .filter(|reference| !self.contains(reference))
            .collect();
        missing.sort();
        missing.dedup();
        missing
    }

    /// Adds every object that `data` points at, and every object those point at, and so
    /// on, asking `lookup` for each one that is not there yet (each id at most once, so
    /// cycles end). Returns the references `lookup` could not give, sorted: with none, the
    /// graph leaves nothing dangling. An object `lookup` gives under another id than asked
    /// counts as not given.
    pub fn complete<T, F>(&mut self, data: &T, mut lookup: F) -> Vec<Reference>
    where
        T: References + ?Sized,
        F: FnMut(&Reference) -> Option<Object>,
    {
        let mut queue = self.missing(data);
        queue.reverse(); // pop in sorted order, for a deterministic sequence of lookups
        let mut asked = HashSet::new();
        let mut not_found = Vec::new();
        while let Some(reference) = queue.pop() {
            if self.contains(&reference) || !asked.insert(reference.clone()) {
                continue;
            }
            match lookup(&reference) {
                Some(object) if object.reference() == reference => {
                    let mut next = object.references();
                    next.retain(|found| !self.contains(found));
                    next.reverse();
                    queue.extend(next);
                    // Not there (checked above), so this cannot conflict.
                    let _ = self.add(object);
                }
                _ => not_found.push(reference),
            }
        }
        not_found.sort();
        not_found
    }

    /// The graph, each collection in id order.
    pub fn build(self) -> Graph {
        self.objects.build()
    }

    /// The references of `data` and of every object already added.
    fn references_of<T: References + ?Sized>(&self, data: &T) -> Vec<Reference> {
        let mut all = references::list(data);
        all.extend(self.objects.references());
        all
    }
}

fn insert<K: Ord, T: PartialEq>(
    map: &mut BTreeMap<K, T>,
    id: K,
    object: T,
    reference: impl FnOnce(&K) -> Reference,
) -> Result<(), Conflict> {
    use std::collections::btree_map::Entry;

    match map.entry(id) {
        Entry::Vacant(slot) => {
            slot.insert(object);
            Ok(())
        }
        Entry::Occupied(slot) if *slot.get() == object => Ok(()),
        Entry::Occupied(slot) => Err(Conflict {
            reference: reference(slot.key()),
        }),
    }
}
