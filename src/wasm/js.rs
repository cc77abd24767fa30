//! Rust values into JavaScript values: the one place the JS form of every wire type is
//! decided.
//!
//! [`to_js`] turns the serde form into JS values (through a tape, `tape.rs`), as `JSON.parse` would give
//! them but exact: structs become plain objects with the wire's field names, `None` and
//! `()` are `null`, every 64-bit integer is a `BigInt`, maps become plain objects with
//! own properties (so a key `__proto__` is a key, never the object's prototype).
//! [`RawJson`](crate::RawJson) becomes the JSON value its text holds, keys in their
//! order: integers that fit 64 bits are `BigInt`s, other numbers are `number`s. A raw value
//! with a number beyond `f64` (`1e400`) is, whole, what `JSON.parse` makes of it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use js_sys::Object;
use serde::ser::{self, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `value` as a JavaScript value: written to a tape and built in one crossing
/// ([`super::tape`]).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    super::tape::to_js(value)
}

pub(crate) use super::tape::Writer;

/// The value `write` writes in parts (objects shared between them), as a JavaScript value
/// in one crossing ([`super::tape::write_js`]).
pub(crate) fn write(
    write: impl FnOnce(&mut Writer<'_>) -> Result<(), JsValue>,
) -> Result<JsValue, JsValue> {
    super::tape::write_js(write)
}

// Used by the streams and the public API's parts; a build with neither has none.
#[cfg_attr(not(any(feature = "chat", feature = "public")), allow(dead_code))]
/// Sets `object[key] = value`, for a fresh plain object and a key that names no property
/// of `Object.prototype` (a field name, never `__proto__`).
pub(crate) fn set(object: &Object, key: &'static str, value: &JsValue) {
    object
        .unchecked_ref::<Fields>()
        .set(&static_key(key), value);
}

#[wasm_bindgen]
extern "C" {
    /// An object whose properties are set with `object[key] = value`: the fastest way, for
    /// field names.
    type Fields;

    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Fields, key: &JsValue, value: &JsValue);
}

/// Why a value could not become a JS value: only a type the wire never has (a map with a
/// key that is not a string).
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// A value that could not be built: an internal error, as a `ProtocolError`.
impl From<Error> for JsValue {
    fn from(error: Error) -> Self {
        super::protocol_error(
            &crate::ErrorCode::InternalServerError,
            &format!("could not build the JavaScript value: {error}"),
            None,
        )
    }
}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

thread_local! {
    /// Field names as JS strings, made once each (the same few names come back for every
    /// object), by the address and length of the name: a `&'static str` does not move.
    static KEYS: RefCell<HashMap<(usize, usize), JsValue, foldhash::fast::FixedState>> =
        RefCell::default();
}

#[cfg_attr(not(any(feature = "chat", feature = "public")), allow(dead_code))]
fn static_key(key: &'static str) -> JsValue {
    KEYS.with(|keys| {
        keys.borrow_mut()
            .entry((key.as_ptr() as usize, key.len()))
            .or_insert_with(|| JsValue::from_str(key))
            .clone()
    })
}
