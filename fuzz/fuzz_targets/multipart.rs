//! `multipart`: any bytes as an upload's body, read by `files::read_parts` and
//! `files::read_upload`; see `tests/support/multipart_check.rs`, which
//! `tests/multipart.rs` also runs.
#![no_main]

#[path = "../../tests/support/multipart_check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| check::multipart(bytes));
