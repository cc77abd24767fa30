//! Decoding responses: the crate (with its whole-body validation, limits and warnings)
//! against serde_json decoding into a `Value` (V) and into plain derived structs with the
//! same fields (D), in the same run. What the validation costs is the crate's time over D.
//!
//! `cargo bench --bench codec`, then `python3 benches/ratios.py`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::codec;
/// Baseline D: what a plain `#[derive(Deserialize)]` client would decode into.
mod plain {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Response {
        #[serde(rename = "OK")]
        pub ok: bool,
        pub error: Option<Error>,
        pub ping: Option<bool>,
        pub data: Option<Data>,
        pub graph: Option<Graph>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Error {
        pub code: String,
        pub text: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Data {
        pub message: Option<Message>,
        pub messages: Option<Vec<Message>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Graph {
        pub users: Option<Vec<User>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct Message {
        pub id: i64,
        #[serde(rename = "UID")]
        pub uid: String,
        pub ticket_id: i64,
        pub local_id: i64,
        pub author: String,
        pub client_id: Option<i64>,
        pub user_id: Option<i64>,
        #[serde(rename = "Type")]
        pub kind: String,
        pub text: String,
        pub received: bool,
        pub read: bool,
        pub created_at: i64,
        pub updated_at: i64,
        pub received_at: Option<i64>,
        pub read_at: Option<i64>,
        pub my: bool,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct User {
        pub id: i64,
        pub name: String,
        pub email: String,
        pub position: String,
        pub role_id: i64,
        pub avatar_id: String,
        pub online: bool,
        pub active: bool,
        pub deleted: bool,
        pub total_assigned_tickets: i32,
        pub created_at: i64,
        pub updated_at: i64,
        pub last_seen_at: i64,
        pub assigned_at: i64,
        pub display_name: String,
        pub permissions: Option<serde_json::Value>,
    }
}

/// The documented response, and one with as many users (and the same message).
fn payloads() -> Vec<(&'static str, Vec<u8>)> {
    let documented = include_bytes!("../tests/fixtures/create_message.response.json").to_vec();
    let value: serde_json::Value = serde_json::from_slice(&documented).unwrap();
    let user = value["Graph"]["Users"][0].clone();
    let users: Vec<serde_json::Value> = (1..=500)
        .map(|id| {
            let mut user = user.clone();
            user["Id"] = id.into();
            user["Name"] = format!("Оператор №{id} \"😀\"").into();
            user
        })
        .collect();
    let mut large = value.clone();
    large["Graph"]["Users"] = users.into();
    vec![
        ("documented", documented),
        ("500_users", serde_json::to_vec(&large).unwrap()),
    ]
}

fn decode(c: &mut Criterion) {
    for (name, body) in payloads() {
        assert!(codec::decode_response::<CreateMessage>(&body)
            .unwrap()
            .warnings
            .is_empty());
        assert!(serde_json::from_slice::<plain::Response>(&body).is_ok());
        let mut group = c.benchmark_group(format!("decode_response/{name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(BenchmarkId::new("crate", body.len()), &body, |b, body| {
            b.iter(|| codec::decode_response::<CreateMessage>(black_box(body)))
        });
        group.bench_with_input(
            BenchmarkId::new("D_plain_derive", body.len()),
            &body,
            |b, body| b.iter(|| serde_json::from_slice::<plain::Response>(black_box(body))),
        );
        group.bench_with_input(BenchmarkId::new("V_value", body.len()), &body, |b, body| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)))
        });
        group.bench_with_input(
            BenchmarkId::new("utf8_check_only", body.len()),
            &body,
            |b, body| b.iter(|| std::str::from_utf8(black_box(body)).is_ok()),
        );
        group.bench_with_input(
            BenchmarkId::new("skip_only_parse", body.len()),
            &body,
            |b, body| b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(body))),
        );
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    targets = decode
}
criterion_main!(benches);
