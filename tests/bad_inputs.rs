//! The bad-input corpus (`tests/bad/`): every body with its expected outcome, pinned in
//! `tests/bad/expectations.tsv`. A file is named `NNN-what.SIDE.json`, SIDE being
//! `request` (decoded strictly, as a server) or `response` (decoded as a client, where a
//! malformed graph element is a warning, not an error). The outcomes: an error's kind
//! (`syntax`, `data`, `eof`, `encoding`, `limit`), path and `line:column`; `warning`, the
//! first warning's path and where in it; `outcome-error` and the code, for a body that
//! decodes into an error.
//!
//! Set `BAD_INPUTS_PRINT=1` to print the outcomes in the expectations' format.

use std::collections::BTreeMap;
use std::path::Path;

use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::{codec, DecodeError, Outcome};

/// What decoding a body gave: an error's kind, path and `line:column`, or the first
/// warning's path and the location of what was wrong in it.
fn outcome(side: &str, body: &[u8]) -> (String, String) {
    let describe = |error: DecodeError| {
        let kind = error.kind().as_str();
        (
            kind.to_owned(),
            format!("{}\t{}:{}", error.path(), error.line(), error.column()),
        )
    };
    match side {
        "request" => match codec::decode_request_strict::<CreateMessage>(body) {
            Ok(_) => ("ok".to_owned(), String::new()),
            Err(error) => describe(error),
        },
        _ => match codec::decode_response::<CreateMessage>(body) {
            Ok(decoded) => match decoded.warnings.first() {
                Some(warning) => {
                    let error = warning.error();
                    (
                        "warning".to_owned(),
                        format!("{}\t{}:{}", warning.path(), error.line(), error.column()),
                    )
                }
                // Decodes, but means an error: `OK` is missing, so false, with no `Error`.
                None => match decoded.value.into_outcome() {
                    Outcome::Error(error) => ("outcome-error".to_owned(), error.code.to_string()),
                    _ => ("ok".to_owned(), String::new()),
                },
            },
            Err(error) => describe(error),
        },
    }
}

#[test]
fn every_bad_body_gives_its_expected_error_class_and_path() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let expectations = std::fs::read_to_string(folder.join("expectations.tsv")).unwrap();
    let expected: BTreeMap<&str, (&str, &str)> = expectations
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            // The file, the outcome, then the rest: path and location.
            let (file, outcome) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("no outcome: {line}"));
            (file, outcome.split_once('\t').unwrap_or((outcome, "")))
        })
        .collect();
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "the corpus has {} bodies", files.len());

    let print = std::env::var_os("BAD_INPUTS_PRINT").is_some();
    let mut failures = Vec::new();
    for file in &files {
        let side = if file.ends_with(".request.json") {
            "request"
        } else {
            "response"
        };
        let body = std::fs::read(folder.join(file)).unwrap();
        let (kind, path) = outcome(side, &body);
        if print {
            println!("{file}\t{kind}\t{path}");
        }
        assert_ne!(kind, "ok", "{file} is a bad input, yet it decoded cleanly");
        match expected.get(file.as_str()) {
            Some(&(want_kind, want_path))
                if (want_kind, want_path) == (kind.as_str(), path.as_str()) => {}
            Some(want) => failures.push(format!(
                "{file}: expected {want:?}, got ({kind:?}, {path:?})"
            )),
            None => failures.push(format!(
                "{file}: not in expectations.tsv (got {kind}\t{path})"
            )),
        }
    }
    for file in expected.keys() {
        if !files.iter().any(|name| name == file) {
            failures.push(format!("{file}: in expectations.tsv but not in tests/bad"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
