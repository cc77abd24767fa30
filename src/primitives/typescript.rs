//! The TypeScript face of the types the `wasm` feature hands to JavaScript.
//!
//! Structs derive theirs with `tsify` (it follows the serde renames). The types whose
//! serde form is written by hand declare theirs with `typescript!`, next to that serde
//! form: typed ids and timestamps are `bigint` (exact above 2^53), string enums are their
//! documented values or any other string, verbatim JSON is any JSON value.

/// Adds declarations to the `.d.ts` that `wasm-bindgen` writes; nothing without `wasm`.
macro_rules! typescript {
    ($($text:expr),+ $(,)?) => {
        #[cfg(feature = "wasm")]
        const _: () = {
            #[::wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TYPESCRIPT: &'static str = concat!($($text),+);
        };
    };
}
pub(crate) use typescript;
