//! The response data's interpreter against the typed path, for every method: see
//! `checks::interpret_data` in `tests/support/fuzz_checks.rs`, which
//! `tests/fuzz_regressions.rs` also runs on every input this target ever failed on.
#![no_main]

#[path = "../../tests/support/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::interpret_data(bytes));
