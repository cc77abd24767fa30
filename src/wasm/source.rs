//! JavaScript values as the request interpreter reads them ([`codec::interpret`]): as
//! `JSON.stringify` would see them, with `BigInt`s. An object is a plain one (its own
//! enumerable properties, in order), an array a list; a number that is a safe integer is
//! an integer, any other a float, which no integer field takes.
//!
//! [`codec::interpret`]: crate::codec::interpret

use js_sys::{Array, Number, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::codec::interpret::{Read, Source};

impl Source for JsValue {
    fn read(&self) -> Read {
        if self.is_null() || self.is_undefined() {
            Read::Nullish
        } else if let Some(value) = self.as_bool() {
            Read::Bool(value)
        } else if self.is_bigint() {
            Read::Big(
                i64::try_from(self.clone())
                    .map(i128::from)
                    .or_else(|_| u64::try_from(self.clone()).map(i128::from))
                    .ok(),
            )
        } else if let Some(value) = self.as_f64() {
            if Number::is_safe_integer(self) {
                // A safe integer is exact in an i64.
                Read::Int(value as i64)
            } else {
                Read::Float(value)
            }
        } else if let Some(text) = self.as_string() {
            Read::String(text)
        } else {
            Read::Other
        }
    }

    fn entries(&self) -> Option<Vec<(String, Self)>> {
        if !self.is_object() || Array::is_array(self) {
            return None;
        }
        let entries = Object::entries(self.unchecked_ref::<Object>());
        let mut pairs = Vec::with_capacity(entries.length() as usize);
        for entry in entries.iter() {
            let entry: Array = entry.unchecked_into();
            pairs.push((entry.get(0).as_string()?, entry.get(1)));
        }
        Some(pairs)
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.dyn_ref::<Array>().map(|array| array.iter().collect())
    }
}
