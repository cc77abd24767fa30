//! Values read and written by their types' descriptions as data ([`crate::schema`]), with
//! no code of their own, so that in the wasm package a type costs its table, not a copy
//! of serde's code: one interpreter per direction.
//!
//! - [`encode_request`]: a request written from a value of a dynamic language (a
//!   JavaScript object, a `serde_json::Value`) by its method's [`Kind`] and its path's and
//!   query's parameters ([`Metadata::params`]): the wasm package's `encodeRequest`.
//! - [`data`]: a response's data read from its raw JSON by its type's [`Kind`], as any
//!   serializer's input (the data serializes as the typed value would, and fails with the
//!   typed decode's error), and the messages and graph references it carries.
//! - [`response`]: a whole response read so: a common body in one pass (the envelope's
//!   entries in the body's order, the data and each element of the graph's typed
//!   collections walked by its kind where the pass meets them, the text checked on the
//!   way), any other the careful way (the limits pass, serde_json for the envelope, then
//!   the same walks); a malformed element left out with the typed path's warning; messages
//!   resolved against the graph's objects, each value resolution reads taken from where the
//!   walk noted it ([`data::Places`]). The wasm package reads every response and stream
//!   frame through it, so no entity's typed code is in the module, each part written where
//!   its check meets it ([`data::WriteParts`]).
//!
//! Both response readings are held to the typed path by `tests/interpret.rs` (the
//! fixtures, every data and graph value of each made wrong, the bad inputs, the fuzz
//! regressions and, in CI, the fuzz corpora) and `fuzz_targets/interpret_data.rs`.
//!
//! [`Kind`]: crate::schema::Kind
//! [`Metadata::params`]: crate::methods::Metadata::params
//!
//! A request is read as the typed path reads it (the value deserialized as the method's
//! request type, then [`encode_request`](super::encode_request)), and gives the same request or
//! fails at the same JSON path: a test holds the two to it for every method, on every
//! fixture, the bad requests and arbitrary values (`tests/interpret.rs`,
//! `fuzz_targets/encode_request.rs`).
//!
//! ```
//! use iqchannels_proto::api::chats::Invite;
//! use iqchannels_proto::codec::interpret;
//! use iqchannels_proto::schema::Wire;
//! use iqchannels_proto::Method;
//!
//! let request = serde_json::json!({"UserId": 5});
//! let encoded = interpret::encode_request(&Invite::METADATA, &Invite::KIND, "/api/v1/chats/invite/10", &request)?;
//! assert_eq!(encoded.target, "/api/v1/chats/invite/10");
//! assert_eq!(encoded.body, br#"{"UserId":5}"#);
//!
//! let wrong = serde_json::json!({"UserId": "five"});
//! let error = interpret::encode_request(&Invite::METADATA, &Invite::KIND, "/api/v1/chats/invite/10", &wrong).unwrap_err();
//! assert_eq!(error.path(), "UserId");
//! # Ok::<(), interpret::SourceError>(())
//! ```

pub mod data;
mod request;
pub mod response;

pub use request::{encode_request, Read, Source, SourceError};
