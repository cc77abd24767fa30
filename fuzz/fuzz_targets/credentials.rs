//! `credentials`: any bytes as tokens of each kind and in each carrier, as request headers
//! for `Credentials::from_headers`, as an `x-client-token` and as its inputs: see
//! `checks::credentials` in `tests/support/fuzz_checks.rs`, which `tests/fuzz_regressions.rs`
//! also runs on every input this target ever failed on.
#![no_main]

#[path = "../../tests/support/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::credentials(bytes));
