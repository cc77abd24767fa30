//! The attribute that declares each wire type of `iqchannels-proto` once.
//!
//! `#[wire]` on a struct of named fields writes, from the fields and a few markers, every
//! wire rule the codec applies to it, so that none is restated by hand:
//!
//! - its `Serialize` and `Deserialize` code: field names (PascalCase unless renamed), an
//!   object and never an array, Go's zero value for a field that is missing or `null`,
//!   `null` kept or absence kept where the field's type says so, and every key the type does
//!   not model kept, in its order, with its raw JSON, and written back after the known ones;
//! - its references (the fields marked `reference`), for graph resolution;
//! - its `new(id)` constructor (`#[wire(new)]`);
//! - its derives: `Clone`, `PartialEq`, `Eq`, `Default` (a request's only when it has no
//!   required field) and `Arbitrary` for the fuzzers; and its `Debug`, as the derive
//!   writes it, the unknown keys shown only when there are some;
//! - its schema: the type described as data (`iqchannels_proto::schema`), which the
//!   reference page, the property tests, the wasm package and its TypeScript declarations
//!   (`examples/typescript.rs`) read. A request whose body is not an object of its fields
//!   has the kind of its body instead (its one `body` field's, or `null`).
//!
//! The generated code calls the codec crate's runtime helpers under
//! `::iqchannels_proto::__private`, so this crate is only of use with it.
//!
//! # The declaration
//!
//! ```text
//! #[wire(new)]                       // or #[wire(request)], #[wire(rename_all = "camelCase")]
//! pub struct ChatMessage {
//!     pub id: ChatMessageId,         // missing or null: its zero value; always written
//!     #[wire(rename = "UID")]
//!     pub uid: MessageUid,
//!     #[wire(reference)]             // resolved against the graph
//!     pub chat_id: ChatId,
//!     pub event_id: Option<ChatEventId>,        // nullable: written `null` when `None`
//!     #[wire(when_present)]
//!     pub rating_id: Option<RatingId>,          // written only when `Some`
//!     pub avatar_id: Presence<FileId>,          // absent, `null` and a value each kept
//!     #[wire(required)]              // a `Presence` the clients need: a warning if not a value
//!     pub session: Presence<ClientSession>,
//! }
//! ```
//!
//! Each field's rule is stated once, by its type and markers:
//!
//! | declared as | read | written |
//! |---|---|---|
//! | `T` | missing or `null`: `T::default()` | always |
//! | `Option<T>` | missing or `null`: `None` | always, `null` for `None` |
//! | `#[wire(when_present)] Option<T>` | missing or `null`: `None` | only when `Some` |
//! | `Presence<T>` | absent, `null` or the value, each kept | as it was read |
//! | `Option<LooseId<T>>` | a number or digits as the id, other text as text | the id a number, text as text, `null` for `None` |
//! | `#[wire(skip)] T` | not on the wire: `T::default()` | never |
//!
//! With `#[wire(request)]` the type is a request body, written as the documented client
//! writes it and read strictly (Go's reading is the codec's `go` module): a field `T` is
//! required, an `Option<T>` may be missing and is written only when `Some`, and keys the
//! type does not model are ignored, as the Go server ignores them.
//!
//! `#[wire(message = Ticket)]` (or `Chat`) declares a message type: the codec's `Messages`
//! finds it in any value that carries it.
//!
//! # A method
//!
//! A method is its request type, with what the request is on the wire besides its body:
//!
//! ```text
//! #[wire(
//!     request, new,                                  // new(chat_id, query): the fields that are not options
//!     post = "/api/v1/chats/query_by_channel/:channelId",   // or get = "..."
//!     auth = Operator, spelling = ResultRels, data = Vec<Chat>,
//!     // body = Object (the default), Array, Scalar, Empty or Multipart (with multipart = path::to::writer);
//!     // response = Envelope (the default), Bytes or Stream;
//!     // retry: a POST safe to send again when its answer was lost (a GET is already)
//! )]
//! pub struct QueryByChannel {
//!     #[wire(path)]                  // `:channelId`: the path's parameters, in order, by name
//!     pub channel_id: ChannelId,
//!     #[wire(body)]                  // the whole body (else the other fields are the body's object)
//!     pub query: ChatQuery,
//!     #[wire(query = "FromId")]      // a query parameter (`#[wire(query)]`: its PascalCase name)
//!     pub from_id: Option<ChatEventId>,
//! }
//! ```
//!
//! It writes the `Method` impl (the metadata, the path's and the query's parameters, the
//! multipart writer), the `Envelope` marker for a method answered with one envelope (what a
//! client's `call` takes), checks as it compiles that each `:name` of the path has its field and
//! that the method is in the registry (`api/mod.rs`). A body of `Empty` or `Multipart` is not JSON: the request is
//! `{}` on its own and reads any JSON value as its zero value, as a Go handler that reads no
//! body ignores it; `Scalar` without a field is `null`, read from `null` or any object.

use proc_macro::TokenStream;
use syn::{parse_macro_input, ItemStruct};

mod method;
mod wire;

/// Declares a wire struct: see the [crate] documentation.
#[proc_macro_attribute]
pub fn wire(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = parse_macro_input!(item as ItemStruct);
    match wire::Declaration::parse(attr.into(), item) {
        Ok(declaration) => declaration.expand().into(),
        Err(error) => error.to_compile_error().into(),
    }
}
