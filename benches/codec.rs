//! The codec against general-purpose JSON decoders, in the same run, on three payloads:
//! the documented response (1 message), a page of 50 messages with 10 users, and 1,000
//! messages with 50 users (text in Cyrillic, emoji, escapes); and, with the `chat`
//! feature, a page of 50 of the chat API's messages in its older envelope. Baselines:
//! - V: `serde_json::from_slice::<serde_json::Value>`;
//! - D: plain `#[derive(Deserialize, Serialize)]` structs with the same fields, through
//!   serde_json;
//! - S: sonic-rs reading and writing D's structs.
//!
//! Measured: response decoding and encoding, request decoding (strict, and as Go reads it:
//! the documented body, and one in the iOS SDK's form), request encoding,
//! and decode time per message from 50 to 10,000 messages (`scaling`).
//!
//! Two passes. Criterion measures each function on its own (MB/s, in its report). Then,
//! for the ratios, the functions of each case run interleaved: in each of 25 rounds, every
//! function runs a batch of about 20 ms, in an order that rotates from round to round, and
//! the ratio is the median over rounds of baseline time / crate time within the round. A
//! shared machine's slow spells then slow both sides of a ratio alike. Times are the
//! benchmark thread's CPU time ([`ThreadCpu`]), not wall time.
//!
//! `cargo bench --bench codec` prints the ratio table at the end.

#[path = "support/payloads.rs"]
mod payloads;

use std::hint::black_box;
use std::time::Duration;

use cpu_time::ThreadTime;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{BenchmarkId, Throughput};
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::{codec, Method};
use payloads::{plain, Page, Payload};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// CPU time of the benchmark thread, as a criterion measurement.
struct ThreadCpu;

/// Durations print as wall time's do.
static DURATIONS: WallTime = WallTime;

impl Measurement for ThreadCpu {
    type Intermediate = ThreadTime;
    type Value = Duration;

    fn start(&self) -> ThreadTime {
        ThreadTime::now()
    }

    fn end(&self, start: ThreadTime) -> Duration {
        start.elapsed()
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        DURATIONS.formatter()
    }
}

type Criterion = criterion::Criterion<ThreadCpu>;

/// One thing measured: a payload, an operation, and the functions that do it, the crate's
/// first.
struct Case {
    /// `decode_response/page_50`.
    group: String,
    /// The bytes read or written, for throughput.
    bytes: usize,
    functions: Vec<(&'static str, Function)>,
}

/// A function measured: it does its work once a call.
type Function = Box<dyn FnMut()>;

impl Case {
    fn new(group: String, bytes: usize) -> Self {
        Self {
            group,
            bytes,
            functions: Vec::new(),
        }
    }

    fn with<T>(mut self, name: &'static str, mut function: impl FnMut() -> T + 'static) -> Self {
        self.functions.push((
            name,
            Box::new(move || {
                black_box(function());
            }),
        ));
        self
    }
}

/// The response cases of one payload, decoded by the crate as method `M` and by the
/// baselines as `R`, a plain envelope.
fn response_cases<M, R>(payload: Payload) -> [Case; 2]
where
    M: Method + 'static,
    R: DeserializeOwned + Serialize + 'static,
{
    let body: &'static [u8] = payload.body.leak();
    let decoded = codec::decode_response::<M>(body).unwrap();
    assert!(decoded.warnings.is_empty());
    let plain: R = serde_json::from_slice(body).unwrap();
    let _: R = sonic_rs::from_slice(body).unwrap();
    let decode = Case::new(format!("decode_response/{}", payload.name), body.len())
        .with("crate", move || {
            codec::decode_response::<M>(black_box(body))
        })
        .with("D", move || serde_json::from_slice::<R>(black_box(body)))
        .with("S", move || sonic_rs::from_slice::<R>(black_box(body)))
        .with("V", move || {
            serde_json::from_slice::<serde_json::Value>(black_box(body))
        });
    // Encoding writes what the same value decoded from: every modelled field.
    let response = decoded.value;
    // In the method's spelling, as a server writes it.
    let size = codec::encode_response::<M>(&response).unwrap().len();
    let encode = Case::new(format!("encode_response/{}", payload.name), size)
        .with("crate", move || {
            codec::encode_response::<M>(black_box(&response))
        })
        .with("D", {
            let plain: R = serde_json::from_slice(body).unwrap();
            move || serde_json::to_vec(black_box(&plain))
        })
        .with("S", move || sonic_rs::to_vec(black_box(&plain)));
    [decode, encode]
}

fn request_cases() -> [Case; 4] {
    let body: &'static [u8] = payloads::request().leak();
    let baselines = |case: Case, body: &'static [u8]| {
        case.with("D", move || {
            serde_json::from_slice::<plain::CreateMessage>(black_box(body))
        })
        .with("S", move || {
            sonic_rs::from_slice::<plain::CreateMessage>(black_box(body))
        })
    };
    let strict = Case::new("decode_request_strict/documented".to_owned(), body.len())
        .with("crate", move || {
            codec::decode_request_strict::<CreateMessage>(black_box(body))
        });
    let go = Case::new("decode_request/documented".to_owned(), body.len())
        .with("crate", move || {
            codec::decode_request::<CreateMessage>(black_box(body))
        });
    // The same request as the iOS SDK writes it (lower-camel keys): Go's
    // reading of a body that departs from the documented form, against the baselines on
    // the documented one.
    let text = String::from_utf8(body.to_vec()).unwrap();
    let departing: &'static [u8] = text
        .replace("\"TicketId\"", "\"ticketId\"")
        .replace("\"LocalId\"", "\"localId\"")
        .replace("\"Message\"", "\"message\"")
        .replace("\"Type\"", "\"type\"")
        .into_bytes()
        .leak();
    let decoded = codec::decode_request::<CreateMessage>(departing).unwrap();
    assert!(!decoded.warnings.is_empty());
    assert_eq!(decoded.value, codec::decode_request_strict(body).unwrap());
    let go_departing = Case::new("decode_request/departing".to_owned(), body.len())
        .with("crate", move || {
            codec::decode_request::<CreateMessage>(black_box(departing))
        });
    let request = codec::decode_request_strict::<CreateMessage>(body).unwrap();
    let plain = || serde_json::from_slice::<plain::CreateMessage>(body).unwrap();
    let encode = Case::new("encode_request/documented".to_owned(), body.len())
        .with("crate", move || codec::encode_request(black_box(&request)))
        .with("D", {
            let plain = plain();
            move || serde_json::to_vec(black_box(&plain))
        })
        .with("S", {
            let plain = plain();
            move || sonic_rs::to_vec(black_box(&plain))
        });
    [
        baselines(strict, body),
        baselines(go, body),
        baselines(go_departing, body),
        encode,
    ]
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    cases.extend(
        response_cases::<CreateMessage, plain::Response<plain::Data>>(payloads::documented()),
    );
    cases.extend(
        response_cases::<Page, plain::Response<Vec<plain::Message>>>(payloads::page(
            "page_50", 50, 10,
        )),
    );
    cases.extend(
        response_cases::<Page, plain::Response<Vec<plain::Message>>>(payloads::page(
            "page_1000",
            1000,
            50,
        )),
    );
    // The same page with two keys the crate does not model in every message: what keeping
    // them costs (the baselines' plain types ignore them).
    cases.extend(
        response_cases::<Page, plain::Response<Vec<plain::Message>>>(with_unknown_keys(
            payloads::page("page_50_unknown_keys", 50, 10),
        )),
    );
    // The chat API's page of messages, in its older envelope (`Result`, `Rels`).
    #[cfg(feature = "chat")]
    cases.extend(response_cases::<
        iqchannels_proto::api::chats::QueryMessages,
        plain::OlderResponse<Vec<plain::ChatMessage>>,
    >(payloads::chat_page("chat_page_50", 50, 10)));
    // The public API's channel history, as the widget loads it (`Result`, `Rels`), with
    // products whose prices have fractions.
    #[cfg(feature = "public")]
    cases.extend(response_cases::<
        iqchannels_proto::api::public::chats::ChannelMessages,
        plain::OlderResponse<Vec<plain::PublicMessage>, plain::PublicRels>,
    >(payloads::public_page("public_page_50", 50, 10)));
    cases.extend(request_cases());
    cases
}

/// `payload` with `"IsForwarded": false, "Reactions": []` in each message of its data,
/// after the known keys.
fn with_unknown_keys(payload: Payload) -> Payload {
    let text = String::from_utf8(payload.body).unwrap();
    // Each message of the page ends with its `My` flag.
    let body = text
        .replace(
            r#""My":true}"#,
            r#""My":true,"IsForwarded":false,"Reactions":[]}"#,
        )
        .replace(
            r#""My":false}"#,
            r#""My":false,"IsForwarded":false,"Reactions":[]}"#,
        );
    assert!(body.matches("IsForwarded").count() >= 50);
    Payload {
        body: body.into_bytes(),
        ..payload
    }
}

/// Decode time per message, 50 to 10,000 messages (a user per 5 messages): flat when
/// decoding is linear.
fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    for messages in [50, 1_000, 10_000] {
        let payload = payloads::page("scaling", messages, messages / 5);
        group.throughput(Throughput::Elements(messages as u64));
        group.bench_with_input(
            BenchmarkId::new("crate", messages),
            &payload.body,
            |b, body| b.iter(|| codec::decode_response::<Page>(black_box(body))),
        );
    }
    group.finish();
}

/// The CPU time of `iterations` calls of `function`.
fn batch(function: &mut dyn FnMut(), iterations: u32) -> Duration {
    let start = ThreadTime::now();
    for _ in 0..iterations {
        function();
    }
    start.elapsed()
}

const ROUNDS: usize = 25;
const BATCH: Duration = Duration::from_millis(20);

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The interleaved measurement of one case: each function's median MB/s, and each
/// baseline's median ratio to the crate.
fn interleaved(case: &mut Case) -> Vec<(&'static str, f64, f64)> {
    // Iterations per batch, from a first timing of each function.
    let iterations: Vec<u32> = case
        .functions
        .iter_mut()
        .map(|(_, function)| {
            let once = batch(function, 10).max(Duration::from_micros(1)) / 10;
            (BATCH.as_nanos() / once.as_nanos().max(1)).clamp(1, 1_000_000) as u32
        })
        .collect();
    let count = case.functions.len();
    let mut times = vec![Vec::new(); count];
    for round in 0..ROUNDS {
        let mut per_call = vec![0.0; count];
        for step in 0..count {
            let index = (round + step) % count;
            let time = batch(&mut *case.functions[index].1, iterations[index]);
            per_call[index] = time.as_nanos() as f64 / f64::from(iterations[index]);
        }
        for (index, time) in per_call.into_iter().enumerate() {
            times[index].push(time);
        }
    }
    (0..count)
        .map(|index| {
            let rate = median(
                times[index]
                    .iter()
                    .map(|ns| case.bytes as f64 / ns * 1e3)
                    .collect(),
            );
            let ratio = median(
                times[index]
                    .iter()
                    .zip(&times[0])
                    .map(|(baseline, crate_time)| baseline / crate_time)
                    .collect(),
            );
            (case.functions[index].0, rate, ratio)
        })
        .collect()
}

fn main() {
    let mut cases = cases();
    let mut criterion = criterion::Criterion::default()
        .with_measurement(ThreadCpu)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
        .configure_from_args();
    for case in &mut cases {
        let mut group = criterion.benchmark_group(&case.group);
        group.throughput(Throughput::Bytes(case.bytes as u64));
        for (name, function) in &mut case.functions {
            group.bench_function(BenchmarkId::new(*name, case.bytes), |b| {
                b.iter(&mut *function)
            });
        }
        group.finish();
    }
    scaling(&mut criterion);
    criterion.final_summary();

    // Not when testing or listing the benchmarks; with a filter, the cases it names.
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if arguments
        .iter()
        .any(|argument| argument == "--test" || argument == "--list")
    {
        return;
    }
    let filter = arguments.iter().find(|argument| !argument.starts_with('-'));
    cases.retain(|case| filter.is_none_or(|filter| case.group.contains(filter.as_str())));

    println!("\nInterleaved, median of {ROUNDS} rounds (ratio = baseline time / crate time):\n");
    println!("| case | crate MB/s | D MB/s | S MB/s | V MB/s | vs D | vs S | vs V |");
    println!("|---|---|---|---|---|---|---|---|");
    for case in &mut cases {
        let results = interleaved(case);
        let column = |name: &str, rate: bool| {
            results
                .iter()
                .find(|(function, _, _)| *function == name)
                .map_or("".to_owned(), |(_, mb, ratio)| {
                    if rate {
                        format!("{mb:.0}")
                    } else {
                        format!("{ratio:.2}x")
                    }
                })
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            case.group,
            column("crate", true),
            column("D", true),
            column("S", true),
            column("V", true),
            column("D", false),
            column("S", false),
            column("V", false),
        );
    }
}
