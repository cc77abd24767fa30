//! Peak heap while decoding, against body size, over the fixtures, the bad-input corpus
//! and, when `FUZZ_CORPORA` names a folder of corpus folders (`.ci/run` sets it after
//! fuzzing), the fuzz corpora. One test in its own binary, so nothing else allocates
//! meanwhile.
//!
//! Two bounds, both against bodies built to cost the most (tiny elements of large types,
//! 99,999 of them): a body within the limits costs at most twice as much for its size (a
//! list's capacity grows by doubling, so a short list may hold up to twice its length,
//! where the long one holds 1.3 times), and a body over a limit no more than they do (the
//! decoder reads up to the limit before it refuses). 64 times the body is the aim, met by
//! every body that is not such a list; the worst ratios are printed.
//!
//! `cargo test --test heap -- --nocapture` prints the worst ratios.

use std::path::{Path, PathBuf};

use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::{codec, DecodeErrorKind};
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// Bodies at least this long are where the ratio is about the decoder; below, the fixed
/// cost of an error message or an envelope dominates any ratio.
const SMALL: usize = 1024;
/// The goal for the worst ratio of peak heap to body size, for bodies not small.
const GOAL: f64 = 64.0;

/// The extra peak heap, in bytes, while `decode` runs on `body` (its result included).
fn peak_while(body: &[u8], decode: impl Fn(&[u8])) -> usize {
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    decode(body);
    HEAP.peak_usage().saturating_sub(before)
}

fn files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn peak_heap_stays_within_64_times_the_body_and_a_limit_bounds_the_rest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bodies = files(&root.join("tests/fixtures"));
    bodies.extend(files(&root.join("tests/bad")));
    if let Some(corpora) = std::env::var_os("FUZZ_CORPORA") {
        for corpus in files(Path::new(&corpora)).into_iter().chain(
            std::fs::read_dir(&corpora)
                .unwrap()
                .map(|e| e.unwrap().path()),
        ) {
            bodies.extend(files(&corpus));
        }
    }
    let mut most_costly = 0.0f64;
    // Bodies made to cost the most memory within the default limits: the bound for
    // bodies over a limit.
    let graph = |collection: &str, item: &str| {
        let items = vec![item; 99_999].join(",");
        format!(r#"{{"OK": true, "Graph": {{"{collection}": [{items}]}}}}"#).into_bytes()
    };
    for (what, body) in [
        ("99,999 empty users", graph("Users", "{}")),
        ("99,999 empty clients", graph("Clients", "{}")),
        ("99,999 empty files", graph("Files", "{}")),
        (
            "99,999 malformed users (100 warnings kept)",
            graph("Users", "1"),
        ),
        (
            "99,999 numbers in an unknown collection",
            graph("Tickets", "1"),
        ),
    ] {
        let peak = peak_while(&body, |body| {
            drop(codec::decode_response::<CreateMessage>(body))
        });
        most_costly = most_costly.max(peak as f64 / body.len() as f64);
        println!(
            "made to cost: {what}: {:.1}x of {} bytes",
            peak as f64 / body.len() as f64,
            body.len()
        );
    }
    // A short list of tiny elements, as the fuzzers grow them (a 4 KB response of 1,300
    // empty users cost 176 times its size, more than the long lists above).
    let mut bodies: Vec<(String, Vec<u8>)> = bodies
        .iter()
        .filter_map(|path| {
            let name = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            // A corpus being fuzzed meanwhile may lose a file: only what is there counts.
            std::fs::read(path).ok().map(|body| (name, body))
        })
        .collect();
    for collection in ["Users", "Clients", "Files"] {
        let items = vec!["{}"; 1_300].join(",");
        let body = format!(r#"{{"OK": true, "Graph": {{"{collection}": [{items}]}}}}"#);
        bodies.push((format!("1,300 empty {collection}"), body.into_bytes()));
    }
    let (mut worst, mut worst_small) = ((0.0f64, String::new()), (0usize, String::new()));
    let mut worst_over_limit = (0.0f64, String::new());
    let mut measured = 0;
    for (name, body) in bodies {
        let peak = [
            peak_while(&body, |body| {
                drop(codec::decode_response::<CreateMessage>(body))
            }),
            peak_while(&body, |body| {
                drop(codec::decode_request::<CreateMessage>(body))
            }),
        ]
        .into_iter()
        .max()
        .unwrap();
        measured += 1;
        if body.len() < SMALL {
            if peak > worst_small.0 {
                worst_small = (peak, name);
            }
        } else {
            let ratio = peak as f64 / body.len() as f64;
            let over_limit = [
                codec::decode_response::<CreateMessage>(&body).err(),
                codec::decode_request::<CreateMessage>(&body).err(),
            ]
            .iter()
            .flatten()
            .any(|error| error.kind() == DecodeErrorKind::Limit);
            let worst = if over_limit {
                &mut worst_over_limit
            } else {
                &mut worst
            };
            if ratio > worst.0 {
                *worst = (ratio, name);
            }
        }
    }
    println!("{measured} bodies decoded as a response and as a request");
    println!(
        "worst peak heap / body size, bodies of {SMALL} bytes or more: {:.1}x ({})",
        worst.0, worst.1
    );
    println!(
        "worst peak heap / body size, bodies over a limit: {:.1}x ({})",
        worst_over_limit.0, worst_over_limit.1
    );
    println!(
        "worst peak heap for a smaller body: {} bytes ({})",
        worst_small.0, worst_small.1
    );
    assert!(measured >= 100);
    println!(
        "the aim, {GOAL}x, {} for every body within the limits",
        if worst.0 <= GOAL {
            "is met"
        } else {
            "is not met"
        }
    );
    assert!(
        worst.0 <= 2.0 * most_costly,
        "{:.1}x for {}, over twice the {most_costly:.1}x of the bodies built to cost the most",
        worst.0,
        worst.1
    );
    assert!(
        worst_over_limit.0 <= most_costly,
        "{:.1}x for {}, over the {most_costly:.1}x of a body within the limits",
        worst_over_limit.0,
        worst_over_limit.1
    );
}
