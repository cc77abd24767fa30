//! Replays every input a fuzz target failed on (`tests/fuzz_regressions/<target>/`), with
//! the same checks the targets make (`tests/support/fuzz_checks.rs`).

#[path = "support/fuzz_checks.rs"]
mod checks;
#[path = "support/multipart_check.rs"]
mod multipart_check;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "md") {
            continue;
        }
        check(&std::fs::read(&path).unwrap());
        count += 1;
    }
    count
}

/// Every folder replayed with its target's check. A target with no failing input yet
/// has an empty folder; the two known regressions must be there and pass.
#[test]
fn every_regression_replays() {
    assert!(replay("decode_response", checks::decode_response) > 0);
    assert!(replay("credentials", checks::credentials) > 0);
    replay("decode_request", checks::decode_request);
    replay("stream", checks::stream);
    replay("multipart", multipart_check::multipart);
    replay("proxy", checks::proxy);
    replay("encode_request", checks::encode_request);
    replay("interpret_data", checks::interpret_data);
    #[cfg(feature = "arbitrary")]
    replay("roundtrip_model", checks::roundtrip_model);
}

/// The checks hold on the documented examples too, so a target that can never pass is
/// caught here rather than in CI's fuzzing.
#[test]
fn checks_pass_on_the_documented_examples() {
    for fixture in [
        "create_message.request.json",
        "create_message.response.json",
    ] {
        let body = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture),
        )
        .unwrap();
        checks::decode_response(&body);
        checks::proxy(&body);
        checks::decode_request(&body);
        #[cfg(feature = "arbitrary")]
        checks::roundtrip_model(&body);
        checks::credentials(&body);
    }
    checks::credentials(b"7b6ea6627729db70414da6518561ddc2e07a320e.00000000000000000");
}
