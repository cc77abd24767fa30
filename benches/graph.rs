//! Client-side graph resolution: building the index and resolving every message's author,
//! against what the official SDKs do (a `HashMap<i64, &User>` with std's SipHash, built
//! from the list and looked up per message), in the same run.
//!
//! `cargo bench --bench graph`, then `python3 benches/ratios.py` for the ratios.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use iqchannels_proto::graph::{Author, GraphIndex};
use iqchannels_proto::{ActorType, Graph, Message, MessageId, User, UserId};

/// A deterministic generator (a 64-bit LCG), so every run measures the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// `users` users with sparse ids (as a page of a large table has), and `messages`
/// messages each written by one of them.
fn payload(users: usize, messages: usize) -> (Graph, Vec<Message>) {
    let mut random = Lcg(users as u64 * 31 + messages as u64);
    let mut graph = Graph::default();
    let mut id = 0i64;
    graph.users = (0..users)
        .map(|_| {
            id += 1 + (random.next() % 97) as i64;
            let mut user = User::new(UserId::new(id));
            user.display_name = format!("User {id}");
            user
        })
        .collect();
    let messages = (0..messages)
        .map(|n| {
            let mut message = Message::new(MessageId::new(n as i64 + 1));
            message.author = ActorType::User;
            let author = &graph.users[random.next() as usize % users];
            message.user_id = Some(author.id);
            message
        })
        .collect();
    (graph, messages)
}

fn crate_index(graph: &Graph, messages: &[Message]) -> usize {
    let index = GraphIndex::new(graph);
    messages
        .iter()
        .filter(|message| matches!(index.author(message), Author::User(_)))
        .count()
}

fn sdk_hashmap(graph: &Graph, messages: &[Message]) -> usize {
    let users: HashMap<i64, &User> = graph
        .users
        .iter()
        .map(|user| (user.id.get(), user))
        .collect();
    messages
        .iter()
        .filter(|message| {
            message
                .user_id
                .and_then(|id| users.get(&id.get()))
                .is_some()
        })
        .count()
}

fn build_and_resolve(c: &mut Criterion) {
    for users in [10, 1_000, 100_000] {
        for messages in [50, 10_000] {
            let (graph, list) = payload(users, messages);
            assert_eq!(crate_index(&graph, &list), messages);
            assert_eq!(sdk_hashmap(&graph, &list), messages);
            let mut group = c.benchmark_group(format!("build_and_resolve/{users}_users"));
            group.throughput(Throughput::Elements(messages as u64));
            group.bench_with_input(BenchmarkId::new("crate", messages), &list, |b, list| {
                b.iter(|| crate_index(black_box(&graph), black_box(list)))
            });
            group.bench_with_input(
                BenchmarkId::new("sdk_hashmap", messages),
                &list,
                |b, list| b.iter(|| sdk_hashmap(black_box(&graph), black_box(list))),
            );
            group.finish();
        }
    }
}

/// Resolving alone, the index already built: the cost per message.
fn resolve_only(c: &mut Criterion) {
    for users in [10, 1_000, 100_000] {
        let (graph, list) = payload(users, 10_000);
        let index = graph.index();
        let users_map: HashMap<i64, &User> = graph
            .users
            .iter()
            .map(|user| (user.id.get(), user))
            .collect();
        let mut group = c.benchmark_group("resolve_only");
        group.throughput(Throughput::Elements(list.len() as u64));
        group.bench_with_input(BenchmarkId::new("crate", users), &list, |b, list| {
            b.iter(|| {
                list.iter()
                    .filter(|m| matches!(index.author(black_box(m)), Author::User(_)))
                    .count()
            })
        });
        group.bench_with_input(BenchmarkId::new("sdk_hashmap", users), &list, |b, list| {
            b.iter(|| {
                list.iter()
                    .filter(|m| {
                        black_box(m)
                            .user_id
                            .and_then(|id| users_map.get(&id.get()))
                            .is_some()
                    })
                    .count()
            })
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = build_and_resolve, resolve_only
}
criterion_main!(benches);
