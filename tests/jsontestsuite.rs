//! JSONTestSuite's parsing cases, each checked three ways: as the `Data` of a response
//! whose data is raw JSON, as an unknown field of an otherwise valid
//! `tickets/create_message` response, and as an unknown field of a strict request.
//! Every `y_` case must be accepted and every `n_` case rejected, all three ways; the
//! `i_` outcomes are pinned in `tests/jsontestsuite_i.tsv`.
//!
//! The suite lives beside the repository, not in it: run with
//! `JSONTESTSUITE=../shared/jsontestsuite/test_parsing cargo test --test jsontestsuite -- --ignored`
//! (`.ci/run` does). `JSONTESTSUITE_PRINT=1` prints the `i_` outcomes in the file's format.

use std::collections::BTreeMap;
use std::path::PathBuf;

use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::methods::{Metadata, Verb};
use iqchannels_proto::schema::{Kind, Wire};
use iqchannels_proto::{codec, Method, RawJson};
use serde::{Deserialize, Serialize};

/// A method whose data is any JSON, kept raw.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct RawData {}

/// Its request is `{}`.
impl Wire for RawData {
    const KIND: Kind = Kind::Raw;
}

impl Method for RawData {
    const METADATA: Metadata = Metadata::new(Verb::Post, "/test/raw_data");
    type Data = RawJson;
}

const REQUEST_HEAD: &[u8] = br#"{"TicketId": 1, "Unknown": "#;
const REQUEST_TAIL: &[u8] = br#", "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#;
const RESPONSE_HEAD: &[u8] = br#"{"OK": true, "Unknown": "#;
const RESPONSE_TAIL: &[u8] = br#", "Data": {"Message": {"Id": 1}}}"#;

fn accept(case: &[u8]) -> [bool; 3] {
    let embed = |head: &[u8], tail: &[u8]| [head, case, tail].concat();
    [
        codec::decode_response::<RawData>(&embed(br#"{"OK": true, "Data": "#, b"}")).is_ok(),
        codec::decode_response::<CreateMessage>(&embed(RESPONSE_HEAD, RESPONSE_TAIL)).is_ok(),
        codec::decode_request_strict::<CreateMessage>(&embed(REQUEST_HEAD, REQUEST_TAIL)).is_ok(),
    ]
}

fn word(accepted: bool) -> &'static str {
    if accepted {
        "accept"
    } else {
        "reject"
    }
}

#[test]
#[ignore = "needs JSONTESTSUITE set to JSONTestSuite's test_parsing folder"]
fn every_case_three_ways() {
    let folder = PathBuf::from(
        std::env::var_os("JSONTESTSUITE").expect("JSONTESTSUITE names the test_parsing folder"),
    );
    let pinned = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/jsontestsuite_i.tsv"
    ))
    .unwrap();
    let pinned: BTreeMap<&str, &str> = pinned
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| line.split_once('\t'))
        .collect();
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    let print = std::env::var_os("JSONTESTSUITE_PRINT").is_some();
    let mut failures = Vec::new();
    let mut tally: BTreeMap<char, (usize, usize)> = BTreeMap::new();
    for name in &names {
        let case = std::fs::read(folder.join(name)).unwrap();
        let outcome = accept(&case);
        let kind = name.chars().next().unwrap();
        let right = match kind {
            'y' => outcome == [true; 3],
            'n' => outcome == [false; 3],
            _ => {
                let got = outcome.map(word).join("\t");
                if print {
                    println!("{name}\t{got}");
                }
                pinned.get(name.as_str()) == Some(&got.as_str())
            }
        };
        let entry = tally.entry(kind).or_default();
        entry.1 += 1;
        if right {
            entry.0 += 1;
        } else {
            failures.push(format!(
                "{name}: data, unknown response field, unknown request field: {outcome:?}"
            ));
        }
    }
    for (kind, (right, all)) in &tally {
        println!("{kind}_: {right}/{all} as expected in each of the three ways");
    }
    assert!(
        names.len() > 300,
        "{} cases: is {folder:?} the test_parsing folder?",
        names.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
