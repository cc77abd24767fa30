//! The codec against general-purpose JSON decoders, in the same run, on three payloads:
//! the documented response (1 message), a page of 50 messages with 10 users, and 1,000
//! messages with 50 users (text in Cyrillic, emoji, escapes). Baselines:
//! - V: `serde_json::from_slice::<serde_json::Value>`;
//! - D: plain `#[derive(Deserialize, Serialize)]` structs with the same fields, through
//!   serde_json;
//! - S: sonic-rs reading and writing D's structs.
//!
//! Also: strict request decoding and request encoding, response encoding, and decode time
//! per message from 50 to 10,000 messages (`scaling`).
//!
//! `cargo bench --bench codec`, then `python3 benches/ratios.py`.

#[path = "support/payloads.rs"]
mod payloads;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::{codec, Method};
use payloads::{plain, Page, Payload};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The response benchmarks of one payload, decoded by the crate as method `M` and by the
/// baselines as `plain::Response<P>`.
fn response<M: Method, P: DeserializeOwned + Serialize>(c: &mut Criterion, payload: &Payload) {
    let body = &payload.body;
    let decoded = codec::decode_response::<M>(body).unwrap();
    assert!(decoded.warnings.is_empty());
    let plain: plain::Response<P> = serde_json::from_slice(body).unwrap();
    let _: plain::Response<P> = sonic_rs::from_slice(body).unwrap();
    let size = body.len();

    let mut group = c.benchmark_group(format!("decode_response/{}", payload.name));
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_with_input(BenchmarkId::new("crate", size), body, |b, body| {
        b.iter(|| codec::decode_response::<M>(black_box(body)))
    });
    group.bench_with_input(BenchmarkId::new("D_serde_derive", size), body, |b, body| {
        b.iter(|| serde_json::from_slice::<plain::Response<P>>(black_box(body)))
    });
    group.bench_with_input(BenchmarkId::new("S_sonic_rs", size), body, |b, body| {
        b.iter(|| sonic_rs::from_slice::<plain::Response<P>>(black_box(body)))
    });
    group.bench_with_input(BenchmarkId::new("V_value", size), body, |b, body| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)))
    });
    group.finish();

    // Encoding writes what the same value decoded from: every modelled field.
    let response = decoded.value;
    let size = codec::encode_response(&response).unwrap().len();
    let mut group = c.benchmark_group(format!("encode_response/{}", payload.name));
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function(BenchmarkId::new("crate", size), |b| {
        b.iter(|| codec::encode_response(black_box(&response)))
    });
    group.bench_function(BenchmarkId::new("D_serde_json_to_vec", size), |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain)))
    });
    group.bench_function(BenchmarkId::new("S_sonic_rs_to_vec", size), |b| {
        b.iter(|| sonic_rs::to_vec(black_box(&plain)))
    });
    group.finish();
}

fn responses(c: &mut Criterion) {
    response::<CreateMessage, plain::Data>(c, &payloads::documented());
    response::<Page, Vec<plain::Message>>(c, &payloads::page("page_50", 50, 10));
    response::<Page, Vec<plain::Message>>(c, &payloads::page("page_1000", 1000, 50));
}

fn requests(c: &mut Criterion) {
    let body = payloads::request();
    let size = body.len();
    let mut group = c.benchmark_group("decode_request/documented");
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_with_input(BenchmarkId::new("crate", size), &body, |b, body| {
        b.iter(|| codec::decode_request::<CreateMessage>(black_box(body)))
    });
    group.bench_with_input(
        BenchmarkId::new("D_serde_derive", size),
        &body,
        |b, body| b.iter(|| serde_json::from_slice::<plain::CreateMessage>(black_box(body))),
    );
    group.bench_with_input(BenchmarkId::new("S_sonic_rs", size), &body, |b, body| {
        b.iter(|| sonic_rs::from_slice::<plain::CreateMessage>(black_box(body)))
    });
    group.finish();

    let request = codec::decode_request::<CreateMessage>(&body).unwrap();
    let plain: plain::CreateMessage = serde_json::from_slice(&body).unwrap();
    let mut group = c.benchmark_group("encode_request/documented");
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function(BenchmarkId::new("crate", size), |b| {
        b.iter(|| codec::encode_request(black_box(&request)))
    });
    group.bench_function(BenchmarkId::new("D_serde_json_to_vec", size), |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain)))
    });
    group.bench_function(BenchmarkId::new("S_sonic_rs_to_vec", size), |b| {
        b.iter(|| sonic_rs::to_vec(black_box(&plain)))
    });
    group.finish();
}

/// Decode time per message, 50 to 10,000 messages (a user per 5 messages): flat when decoding is
/// linear.
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

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    targets = responses, requests, scaling
}
criterion_main!(benches);
