//! The bad-input corpus (`tests/bad/`): every body with its expected outcome, pinned in
//! `tests/bad/expectations.tsv`. A file is named `NNN-what.SIDE.EXT`, SIDE saying what it
//! is read as:
//! - `request` (`.json`): `tickets/create_message`'s body, decoded strictly, as a server
//!   reading only the documented form;
//! - `response` (`.json`): its response, decoded as a client, where a malformed graph
//!   element is a warning, not an error;
//! - `scalar` (`.json`): a bare-number body, `chats/messages/listen`'s message id, strictly;
//! - `empty` (`.json`): a body sent to a method that takes none (`clients/me`), strictly;
//! - `multipart`: a `files/upload` body, read by `files::read_upload` with the boundary
//!   `XyZ`.
//!
//! The outcomes: an error's kind (`syntax`, `data`, `eof`, `encoding`, `limit`), path and
//! `line:column`; `warning`, the first warning's path and where in it; `outcome-error` and
//! the code, for a body that decodes into an error; `upload` and the error's message for a
//! multipart body.
//!
//! Every JSON request body (`request`, `scalar`, `empty`) is also read as the Go server
//! reads it (`decode_request`), pinned in `tests/bad/go-expectations.tsv`: an error as
//! above, or, for a body Go accepts, `warning-KIND` for the first warning, its path and
//! `line:column`, and the request as the crate writes it (what Go's `json.Marshal` writes
//! of what Go reads into the same struct, checked against Go itself when the corpus was
//! made). No request body is read without a warning.
//!
//! Set `BAD_INPUTS_PRINT=1` to print the outcomes in the expectations' format.

use std::collections::BTreeMap;
use std::path::Path;

use iqchannels_proto::api::public::clients::Me;
use iqchannels_proto::api::public::messages::MarkMessageListened;
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::files::{self, UploadLimits};
use iqchannels_proto::{codec, DecodeError, Method, Outcome};

/// The boundary of the `multipart` bodies.
const BOUNDARY: &str = "XyZ";

/// What a file's bodies are read as: the second-to-last part of its name.
fn side(file: &str) -> &str {
    let mut parts = file.rsplit('.');
    match (parts.next(), parts.next()) {
        (Some("multipart"), _) => "multipart",
        (Some("json"), Some(side)) => side,
        _ => panic!("{file}: not NNN-what.SIDE.json nor NNN-what.multipart"),
    }
}

/// An error's kind, and its path and `line:column`.
fn describe(error: DecodeError) -> (String, String) {
    let kind = error.kind().as_str();
    (
        kind.to_owned(),
        format!("{}\t{}:{}", error.path(), error.line(), error.column()),
    )
}

/// A request body read strictly as method `M`'s.
fn strict<M: Method>(body: &[u8]) -> (String, String) {
    match codec::decode_request_strict::<M>(body) {
        Ok(_) => ("ok".to_owned(), String::new()),
        Err(error) => describe(error),
    }
}

/// What decoding a body gave: an error's kind, path and `line:column`, or the first
/// warning's path and the location of what was wrong in it.
fn outcome(side: &str, body: &[u8]) -> (String, String) {
    match side {
        "request" => strict::<CreateMessage>(body),
        "scalar" => strict::<MarkMessageListened>(body),
        "empty" => strict::<Me>(body),
        "multipart" => {
            let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
            match files::read_upload(content_type, body, &UploadLimits::default()) {
                Ok(_) => ("ok".to_owned(), String::new()),
                Err(error) => ("upload".to_owned(), error.to_string()),
            }
        }
        "response" => match codec::decode_response::<CreateMessage>(body) {
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
        _ => panic!("no side {side:?}"),
    }
}

/// What Go's reading of a request body gave: an error as [`outcome`] gives it, or the
/// first warning's kind, path and location, and the request as the crate writes it.
fn go_outcome(side: &str, body: &[u8]) -> (String, String) {
    match side {
        "request" => go::<CreateMessage>(body),
        "scalar" => go::<MarkMessageListened>(body),
        "empty" => go::<Me>(body),
        _ => panic!("no request side {side:?}"),
    }
}

/// Go's reading of a request body as method `M`'s.
fn go<M: Method>(body: &[u8]) -> (String, String) {
    match codec::decode_request::<M>(body) {
        Ok(decoded) => {
            let warning = decoded
                .warnings
                .first()
                .unwrap_or_else(|| panic!("read without a warning"));
            let written = codec::encode_request(&decoded.value).unwrap().body;
            (
                format!("warning-{}", warning.kind().as_str()),
                format!(
                    "{}\t{}:{}\t{}",
                    warning.path(),
                    warning.line(),
                    warning.column(),
                    String::from_utf8(written).unwrap()
                ),
            )
        }
        Err(error) => describe(error),
    }
}

/// The expectations of one file: each body's outcome, by file name.
fn expectations(file: &str) -> BTreeMap<String, (String, String)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let expectations = std::fs::read_to_string(folder.join(file)).unwrap();
    expectations
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            // The file, the outcome, then the rest: path and location.
            let (file, outcome) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("no outcome: {line}"));
            let (outcome, rest) = outcome.split_once('\t').unwrap_or((outcome, ""));
            (file.to_owned(), (outcome.to_owned(), rest.to_owned()))
        })
        .collect()
}

#[test]
fn every_bad_request_body_reads_as_go_reads_it() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let expected = expectations("go-expectations.tsv");
    let print = std::env::var_os("BAD_INPUTS_PRINT").is_some();
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json") && side(name) != "response")
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for file in &files {
        let body = std::fs::read(folder.join(file)).unwrap();
        let (kind, rest) = go_outcome(side(file), &body);
        if print {
            println!("go\t{file}\t{kind}\t{rest}");
        }
        match expected.get(file) {
            Some(want) if *want == (kind.clone(), rest.clone()) => {}
            Some(want) => failures.push(format!(
                "{file}: expected {want:?}, got ({kind:?}, {rest:?})"
            )),
            None => failures.push(format!(
                "{file}: not in go-expectations.tsv (got {kind}\t{rest})"
            )),
        }
    }
    for file in expected.keys() {
        if !files.contains(file) {
            failures.push(format!(
                "{file}: in go-expectations.tsv but not in tests/bad"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_bad_body_gives_its_expected_error_class_and_path() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let expected = expectations("expectations.tsv");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.ends_with(".tsv"))
        .collect();
    files.sort();
    assert!(files.len() >= 140, "the corpus has {} bodies", files.len());

    let print = std::env::var_os("BAD_INPUTS_PRINT").is_some();
    let mut failures = Vec::new();
    for file in &files {
        let body = std::fs::read(folder.join(file)).unwrap();
        let (kind, path) = outcome(side(file), &body);
        if print {
            println!("{file}\t{kind}\t{path}");
        }
        assert_ne!(kind, "ok", "{file} is a bad input, yet it decoded cleanly");
        match expected.get(file) {
            Some((want_kind, want_path)) if (want_kind, want_path) == (&kind, &path) => {}
            Some(want) => failures.push(format!(
                "{file}: expected {want:?}, got ({kind:?}, {path:?})"
            )),
            None => failures.push(format!(
                "{file}: not in expectations.tsv (got {kind}\t{path})"
            )),
        }
    }
    for file in expected.keys() {
        if !files.contains(file) {
            failures.push(format!("{file}: in expectations.tsv but not in tests/bad"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
