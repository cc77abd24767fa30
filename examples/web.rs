//! The JavaScript package for web frontends: the crate's `wasm` API as a `cdylib`.
//!
//! ```text
//! cargo build --release --target wasm32-unknown-unknown --features wasm --example web
//! wasm-bindgen --target web --out-dir pkg --out-name iqchannels_proto \
//!     target/wasm32-unknown-unknown/release/examples/web.wasm
//! ```
//!
//! A frontend of your own does the same: a `cdylib` that depends on `iqchannels-proto`
//! with the `wasm` feature and re-exports `iqchannels_proto::wasm`.

pub use iqchannels_proto::wasm::*;
