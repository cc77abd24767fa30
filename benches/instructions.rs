//! Instruction counts of decoding and encoding (callgrind, through gungraun): unlike times,
//! they do not change with what else the machine is doing, so CI can judge them.
//! `.ci/run` fails when a count grows more than 5% over `benches/instructions.baseline`;
//! the baseline changes only deliberately, in its own commit, with a reason.
//!
//! `cargo bench --bench instructions` (needs valgrind and `gungraun-runner` at the
//! version of `gungraun` in Cargo.lock), then
//! `python3 benches/instructions.py target/gungraun benches/instructions.baseline`.

#[path = "support/payloads.rs"]
#[allow(dead_code)]
mod payloads;

use std::hint::black_box;

use gungraun::{library_benchmark, library_benchmark_group, main};
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::{codec, Response};
use payloads::Page;

fn documented() -> Vec<u8> {
    payloads::documented().body
}

fn page_50() -> Vec<u8> {
    payloads::page("page_50", 50, 10).body
}

fn page_1000() -> Vec<u8> {
    payloads::page("page_1000", 1000, 50).body
}

fn decoded_page_50() -> Response<Vec<iqchannels_proto::Message>> {
    codec::decode_response::<Page>(&page_50()).unwrap().value
}

fn decoded_page_1000() -> Response<Vec<iqchannels_proto::Message>> {
    codec::decode_response::<Page>(&page_1000()).unwrap().value
}

#[library_benchmark]
#[bench::documented(args = (), setup = payloads::request)]
fn decode_request(body: Vec<u8>) -> bool {
    black_box(codec::decode_request_strict::<CreateMessage>(black_box(&body)).is_ok())
}

#[library_benchmark]
#[bench::documented(args = (), setup = documented)]
fn decode_documented(body: Vec<u8>) -> bool {
    black_box(codec::decode_response::<CreateMessage>(black_box(&body)).is_ok())
}

#[library_benchmark]
#[bench::page_50(args = (), setup = page_50)]
#[bench::page_1000(args = (), setup = page_1000)]
fn decode_page(body: Vec<u8>) -> bool {
    black_box(codec::decode_response::<Page>(black_box(&body)).is_ok())
}

#[library_benchmark]
#[bench::page_50(args = (), setup = decoded_page_50)]
#[bench::page_1000(args = (), setup = decoded_page_1000)]
fn encode_page(response: Response<Vec<iqchannels_proto::Message>>) -> usize {
    black_box(codec::encode_response(black_box(&response)).map_or(0, |body| body.len()))
}

library_benchmark_group!(
    name = counts;
    benchmarks = decode_request, decode_documented, decode_page, encode_page
);

main!(library_benchmark_groups = counts);
