//! Go itself checks the crate's server side: every body of `tests/support/go_cases.rs`
//! (at least 5,000, from the requests of the Internal and chat APIs) is read by Go's
//! `encoding/json` into the request types as the Go server has them (`tests/go/main.go`)
//! and by `codec::decode_request`; they must agree on whether the body is accepted and,
//! where both accept it, on the request (the crate's `encode_request` body against Go's
//! `json.Marshal`, as JSON values). A disagreement is allowed only when its category is
//! listed, with the reason, in `tests/go/deliberate.tsv`; a listed category that no body
//! shows any more is an error too, so the list stays what the crate does.
//!
//! Needs Go (`go` on the PATH, or `GO` naming it; Debian's `golang-go`):
//! `cargo test --all-features --test go_differential -- --ignored --nocapture`
//! (`.ci/run` does).

#![cfg(feature = "chat")]

#[path = "support/go_cases.rs"]
mod go_cases;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use go_cases::Case;
use iqchannels_proto::api::{self as methods, MethodVisitor};
use iqchannels_proto::{codec, DecodeErrorKind, Method};
use serde_json::Value;

/// What one side made of a body: the request as a JSON value, or why it was refused.
#[derive(Debug, Clone)]
enum Answer {
    /// The request, and whether the crate warned about departures from its documented form
    /// (always false for Go).
    Accepted(Value, bool),
    Refused {
        kind: Option<DecodeErrorKind>,
        why: String,
    },
}

impl Answer {
    fn accepted(&self) -> bool {
        matches!(self, Answer::Accepted(..))
    }

    fn show(&self) -> String {
        match self {
            Answer::Accepted(value, false) => format!("accepts {value}"),
            Answer::Accepted(value, true) => format!("accepts {value}, with warnings"),
            Answer::Refused { why, .. } => format!("refuses: {why}"),
        }
    }
}

/// The crate's reading of a body, as a server reads it.
struct CrateReads<'a>(&'a [u8]);

impl MethodVisitor for CrateReads<'_> {
    type Output = Answer;

    fn visit<M: Method>(&mut self) -> Answer
    where
        M::Data: iqchannels_proto::Messages,
    {
        let body = self.0;
        let read = std::panic::catch_unwind(|| codec::decode_request::<M>(body));
        match read {
            Err(_) => Answer::Refused {
                kind: None,
                why: "PANICKED".to_owned(),
            },
            Ok(Err(error)) => Answer::Refused {
                kind: Some(error.kind()),
                why: error.to_string(),
            },
            Ok(Ok(decoded)) => {
                let encoded =
                    codec::encode_request(&decoded.value).expect("the crate's requests encode");
                Answer::Accepted(
                    serde_json::from_slice(&encoded.body).expect("the crate writes valid JSON"),
                    !decoded.warnings.is_empty(),
                )
            }
        }
    }
}

fn crate_reads(case: &Case) -> Answer {
    methods::visit(case.method, &mut CrateReads(&case.body)).expect("a method of the crate")
}

/// Builds `tests/go/main.go` into the test's temporary folder.
fn build_go() -> PathBuf {
    let go = std::env::var_os("GO").unwrap_or_else(|| "go".into());
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-differential");
    std::fs::create_dir_all(&out).unwrap();
    let binary = out.join("go-requests");
    let mut command = Command::new(&go);
    command
        .args(["build", "-o"])
        .arg(&binary)
        .arg(".")
        .current_dir(&source)
        // Never fetch another toolchain: the Go installed is the one checked against.
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-mod=mod");
    if std::env::var_os("GOCACHE").is_none() {
        command.env("GOCACHE", out.join("cache"));
    }
    let status = match command.status() {
        Ok(status) => status,
        Err(error) => panic!(
            "cannot run {go:?} ({error}): this test needs Go; install Debian's golang-go \
             (`apt-get install golang-go`) or set GO to the go binary"
        ),
    };
    assert!(status.success(), "go build in tests/go failed: {status}");
    binary
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Go's reading of every body, in order, from one run of the Go program.
fn go_reads(binary: &Path, cases: &[Case]) -> Vec<Answer> {
    let mut input = Vec::new();
    for case in cases {
        writeln!(
            input,
            r#"{{"method":{},"body_hex":"{}"}}"#,
            serde_json::to_string(case.method).unwrap(),
            hex(&case.body)
        )
        .unwrap();
    }
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "the Go program failed: {}",
        output.status
    );

    #[derive(serde::Deserialize)]
    struct Line {
        ok: bool,
        value: Option<Value>,
        error: Option<String>,
    }
    let answers: Vec<Answer> = output
        .stdout
        .split(|&byte| byte == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| {
            let line: Line = serde_json::from_slice(line).unwrap();
            if line.ok {
                // `"value": null` (a request that is the JSON null, as the widget's
                // clients/anonymous/auth) reads as no value.
                Answer::Accepted(line.value.unwrap_or(Value::Null), false)
            } else {
                Answer::Refused {
                    kind: None,
                    why: line.error.unwrap_or_default(),
                }
            }
        })
        .collect();
    assert_eq!(answers.len(), cases.len(), "one answer from Go per body");
    answers
}

/// The category of a disagreement, `None` for an agreement. The categories of the crate's
/// known departures are named by what causes them (`limit`: the crate refused with a
/// limit error; `empty-body`: the body is empty); any other is the direction and the
/// mutation that made the body.
fn category(case: &Case, go: &Answer, mine: &Answer) -> Option<String> {
    match (go, mine) {
        // A panic is never an agreement, whatever Go says.
        (_, Answer::Refused { kind: None, .. }) => Some(format!("crate-panics:{}", case.label)),
        (Answer::Accepted(a, _), Answer::Accepted(b, _)) if a == b => None,
        (Answer::Refused { .. }, Answer::Refused { .. }) => None,
        (Answer::Accepted(..), Answer::Accepted(..)) => {
            Some(format!("values-differ:{}", case.label))
        }
        (Answer::Accepted(..), Answer::Refused { kind, .. }) => {
            if *kind == Some(DecodeErrorKind::Limit) {
                Some("limit".to_owned())
            } else {
                Some(format!("go-only-accepts:{}", case.label))
            }
        }
        (Answer::Refused { .. }, Answer::Accepted(..)) => {
            if case.body.is_empty() {
                Some("empty-body".to_owned())
            } else {
                Some(format!("crate-only-accepts:{}", case.label))
            }
        }
    }
}

/// `tests/go/deliberate.tsv`: category, tab, why. `#` starts a comment line.
fn deliberate() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/go/deliberate.tsv"
    ))
    .unwrap();
    let mut listed = BTreeMap::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (category, why) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("deliberate.tsv: no tab in {line:?}"));
        assert!(
            !why.trim().is_empty(),
            "deliberate.tsv: {category} says no why"
        );
        assert!(
            !category.starts_with("crate-panics"),
            "deliberate.tsv: a panic is never deliberate"
        );
        listed.insert(category.to_owned(), why.to_owned());
    }
    listed
}

/// A body for a message: printable ASCII as it is, the rest escaped, long ones cut.
fn show_body(body: &[u8]) -> String {
    let shown = body.escape_ascii().to_string();
    if shown.len() > 240 {
        format!("{}... ({} bytes)", &shown[..240], body.len())
    } else {
        shown
    }
}

#[test]
fn the_generator_makes_enough_bodies_of_every_kind_for_every_method() {
    let cases = go_cases::cases();
    assert!(cases.len() >= 5_000, "{} bodies", cases.len());
    let made: BTreeSet<(&str, &str)> = cases.iter().map(|case| (case.method, case.label)).collect();
    for method in go_cases::method_paths() {
        for label in [
            "seed",
            "whitespace",
            "top-level",
            "nesting",
            "truncation",
            "random",
        ] {
            assert!(
                made.contains(&(method, label)),
                "no {label} body for {method}"
            );
        }
    }
    let labels: BTreeSet<&str> = cases.iter().map(|case| case.label).collect();
    assert_eq!(labels, go_cases::LABELS.iter().copied().collect());
    // The same bodies every time.
    let again = go_cases::cases();
    assert!(cases.iter().zip(&again).all(|(a, b)| a.body == b.body));
}

#[test]
#[ignore = "needs Go (Debian's golang-go); .ci/run runs it"]
fn go_and_the_crate_read_every_body_alike() {
    let cases = go_cases::cases();
    let binary = build_go();
    let go = go_reads(&binary, &cases);
    let listed = deliberate();

    let mut both_accept = 0;
    let mut with_warnings = 0;
    let mut both_refuse = 0;
    let mut by_category: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, (case, go)) in cases.iter().zip(&go).enumerate() {
        let mine = crate_reads(case);
        match category(case, go, &mine) {
            Some(category) => by_category.entry(category).or_default().push(index),
            None if mine.accepted() => {
                both_accept += 1;
                with_warnings += usize::from(matches!(mine, Answer::Accepted(_, true)));
            }
            None => both_refuse += 1,
        }
    }

    let deliberate: Vec<String> = by_category
        .iter()
        .filter(|(category, _)| listed.contains_key(*category))
        .map(|(category, indices)| format!("{category} {}", indices.len()))
        .collect();
    let unlisted: Vec<(&String, &Vec<usize>)> = by_category
        .iter()
        .filter(|(category, _)| !listed.contains_key(*category))
        .collect();
    let unlisted_count: usize = unlisted.iter().map(|(_, indices)| indices.len()).sum();
    println!(
        "go differential: {} bodies, {} methods; both accept (same request) {both_accept} \
         ({with_warnings} with the crate's warnings), both refuse {both_refuse}; deliberate differences: {}; unlisted: {unlisted_count}",
        cases.len(),
        go_cases::method_paths().len(),
        if deliberate.is_empty() {
            "none".to_owned()
        } else {
            deliberate.join(", ")
        },
    );

    let mut report = String::new();
    for (category, indices) in &unlisted {
        report.push_str(&format!(
            "\n{category}: {} bodies; the shortest:\n",
            indices.len()
        ));
        let mut shortest: Vec<usize> = indices.to_vec();
        shortest.sort_by_key(|&index| (cases[index].body.len(), index));
        for &index in shortest.iter().take(4) {
            let case = &cases[index];
            report.push_str(&format!(
                "  {} {}\n    Go {}\n    crate {}\n",
                case.method,
                show_body(&case.body),
                go[index].show(),
                crate_reads(case).show(),
            ));
        }
    }
    let stale: Vec<&String> = listed
        .keys()
        .filter(|category| !by_category.contains_key(*category))
        .collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "{unlisted_count} disagreements with Go not in tests/go/deliberate.tsv:{report}\n\
         listed in tests/go/deliberate.tsv but no longer seen (remove them): {stale:?}"
    );
}
