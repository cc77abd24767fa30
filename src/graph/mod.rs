//! The graph of related objects that a response side-loads by id: its wire form
//! ([`Graph`]), an index for clients to resolve ids ([`GraphIndex`]), and a builder for
//! servers to assemble one with nothing missing ([`GraphBuilder`]).

mod builder;
mod index;
mod wire;

pub use builder::{Conflict, GraphBuilder, Object};
pub(crate) use index::Actor;
pub use index::{Author, Dangling, GraphIndex, ResolvedMessage};
pub use wire::Graph;
