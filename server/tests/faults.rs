//! Faults, against the server process: killed (SIGKILL) mid-stream and restarted on the
//! same database, every stream client resumes from its `LastEventId` and nothing is lost
//! or doubled; sends made during the outage, retried with the same `LocalId`, are not
//! doubled; a client that does not read does not hold up the others, is disconnected
//! past its buffer, and resumes without a loss. And the exactly-once check: 20 streams,
//! 5 senders, 200 messages each.

mod support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use iqchannels_proto::api::public::chats::{ChannelMessages, ChannelSend, MessageQuery};
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::{ChatId, ChatType, Credentials, Method, Outcome, TicketId};
use support::{call, http, ok, signup, strictly_increasing, texts, Reader, Server};

/// Calls `M` at whatever the shared base is until the server answers it with success
/// (retrying through an outage, the same request each time).
async fn until_ok<M: Method>(
    http: &reqwest::Client,
    base: &Mutex<String>,
    request: &M,
    credentials: &Credentials,
) {
    for _ in 0..2_000 {
        let now = base.lock().unwrap().clone();
        match call(http, &now, request, Some(credentials)).await {
            Ok(response) => match response.into_outcome() {
                Outcome::Data { .. } => return,
                other => panic!("{}: {other:?}", M::METADATA.path),
            },
            Err(_) => tokio::time::sleep(Duration::from_millis(25)).await,
        }
    }
    panic!("{} never succeeded", M::METADATA.path);
}

/// The history of a client's chat, every message.
async fn history(http: &reqwest::Client, base: &str, client: &Credentials) -> Vec<String> {
    let query = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular).limit(500));
    let (messages, _) = ok(http, base, &query, Some(client)).await;
    messages.into_iter().map(|m| m.text).collect()
}

/// Whether `sub` is a subsequence of `all`.
fn in_order(all: &[String], sub: &[String]) -> bool {
    let mut rest = all.iter();
    sub.iter().all(|want| rest.any(|have| have == want))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_stream_and_restarted_nothing_is_lost_or_doubled() {
    let db = support::temp_db("faults-kill");
    let mut server = Server::on(&db);
    let http = http();
    let base = Arc::new(Mutex::new(server.base.clone()));
    let operator = Credentials::service_account("dev-operator-token").unwrap();

    // Three clients, each with two streams.
    let mut clients = Vec::new();
    let mut readers = Vec::new();
    for _ in 0..3 {
        let (auth, credentials) = signup(&http, &server.base, "support").await;
        ok(
            &http,
            &server.base,
            &ChannelSend::builder("support", 1).text("c0").build(),
            Some(&credentials),
        )
        .await;
        let query = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular));
        let chat = ok(&http, &server.base, &query, Some(&credentials)).await.0[0].chat_id;
        for _ in 0..2 {
            readers.push((
                clients.len(),
                Reader::start(
                    http.clone(),
                    Arc::clone(&base),
                    "support",
                    credentials.clone(),
                    None,
                ),
            ));
        }
        clients.push((auth, credentials, chat));
    }

    // Each client sends 40 messages and the operator answers each chat 20 times, every
    // send retried until it succeeds; the server is killed and restarted meanwhile.
    let per_client = 40;
    let mut senders = Vec::new();
    for (index, (_, credentials, chat)) in clients.iter().enumerate() {
        let (http2, base2, credentials, chat) =
            (http.clone(), Arc::clone(&base), credentials.clone(), *chat);
        senders.push(tokio::spawn(async move {
            let (http, base) = (http2, base2);
            for n in 1..=per_client {
                let send = ChannelSend::builder("support", 1000 + n)
                    .text(format!("c{n}"))
                    .build();
                until_ok(&http, &base, &send, &credentials).await;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            let _ = index;
        }));
        let (http, base, operator) = (http.clone(), Arc::clone(&base), operator.clone());
        senders.push(tokio::spawn(async move {
            for n in 1..=per_client / 2 {
                let answer = CreateMessage::builder(TicketId::new(chat.get()), 5000 + n)
                    .text(format!("o{n}"))
                    .build();
                until_ok(&http, &base, &answer, &operator).await;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }));
    }
    // Mid-stream: once the streams have seen some of it.
    let first = &readers[0].1;
    first
        .wait_for(20, "the first messages", |seen| texts(seen).len() >= 10)
        .await;
    server.kill();
    // A send while the server is down, retried with the same LocalId until it is up.
    let outage = {
        let (http, base, credentials) = (http.clone(), Arc::clone(&base), clients[0].1.clone());
        tokio::spawn(async move {
            let send = ChannelSend::builder("support", 9999)
                .text("during the outage")
                .build();
            until_ok(&http, &base, &send, &credentials).await;
            // And once more, as a client that did not see the answer would.
            until_ok(&http, &base, &send, &credentials).await;
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut server = Server::on(&db);
    *base.lock().unwrap() = server.base.clone();
    for sender in senders {
        sender.await.unwrap();
    }
    outage.await.unwrap();

    // Every stream: its chat's history, each message once, in order.
    let expected_count = 1 + per_client as usize + per_client as usize / 2;
    let mut histories = BTreeMap::new();
    for (index, (_, credentials, _)) in clients.iter().enumerate() {
        let texts_now = history(&http, &server.base, credentials).await;
        let outage_sends = usize::from(index == 0);
        assert_eq!(
            texts_now.len(),
            expected_count + outage_sends,
            "client {index}: nothing doubled or lost"
        );
        let during = texts_now
            .iter()
            .filter(|text| *text == "during the outage")
            .count();
        assert_eq!(during, outage_sends);
        let client_texts: Vec<String> = (0..=per_client).map(|n| format!("c{n}")).collect();
        let operator_texts: Vec<String> = (1..=per_client / 2).map(|n| format!("o{n}")).collect();
        assert!(in_order(&texts_now, &client_texts) && in_order(&texts_now, &operator_texts));
        histories.insert(index, texts_now);
    }
    for (index, reader) in &readers {
        let want = &histories[index];
        reader
            .wait_for(30, "every message after the restart", |seen| {
                texts(seen).len() >= want.len()
            })
            .await;
        let seen = reader.seen.lock().unwrap();
        assert_eq!(&texts(&seen), want, "client {index}'s stream");
        assert!(
            strictly_increasing(&seen.events),
            "no event twice, in order"
        );
        assert!(seen.connections >= 2, "it reconnected");
    }
    assert!(server.alive());
    server.kill();
    let _ = ChatId::new(0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_read_holds_up_no_one_and_resumes_without_loss() {
    // A small buffer: 4 frames past what the sockets hold; the data in a file, so that
    // the server's memory is its own.
    let db = support::temp_db("faults-slow");
    let mut server = Server::start(&["--db", db.to_str().unwrap(), "--stream-buffer", "4"]);
    let http = http();
    let base = Arc::new(Mutex::new(server.base.clone()));
    let (_, client) = signup(&http, &server.base, "support").await;
    ok(
        &http,
        &server.base,
        &ChannelSend::builder("support", 1).text("m0").build(),
        Some(&client),
    )
    .await;

    let stalled = Arc::new(AtomicBool::new(true));
    let slow = Reader::start(
        http.clone(),
        Arc::clone(&base),
        "support",
        client.clone(),
        Some(Arc::clone(&stalled)),
    );
    let fast = Reader::start(
        http.clone(),
        Arc::clone(&base),
        "support",
        client.clone(),
        None,
    );
    fast.wait_for(10, "the fast stream", |seen| !seen.events.is_empty())
        .await;
    slow.wait_for(10, "the slow stream to open", |seen| seen.connections > 0)
        .await;

    // 500 messages of 64 KB: about 32 MB, more than the sockets' buffers hold.
    let big = "x".repeat(64 << 10);
    let count = 500;
    let peak_before = support::peak_memory_kb(server.child.id());
    for n in 1..=count {
        let send = ChannelSend::builder("support", 1 + n)
            .text(format!("m{n} {big}"))
            .build();
        ok(&http, &server.base, &send, Some(&client)).await;
    }
    // The reader that reads gets everything while the other reads nothing.
    fast.wait_for(30, "every message on the fast stream", |seen| {
        texts(seen).len() > count as usize
    })
    .await;
    assert_eq!(slow.seen.lock().unwrap().connections, 1);
    // The server did not keep what the stalled client did not read: its peak memory grew
    // by less than half of it.
    let peak_after = support::peak_memory_kb(server.child.id());
    if let (Some(before), Some(after)) = (peak_before, peak_after) {
        eprintln!("server peak memory: {before} kB before, {after} kB after");
        assert!(
            after.saturating_sub(before) < 16 << 10,
            "{before} kB, then {after} kB"
        );
    }
    // Let the slow one read again: it finds its stream cut, resumes, misses nothing.
    stalled.store(false, Ordering::SeqCst);
    slow.wait_for(60, "every message on the slow stream", |seen| {
        texts(seen).len() > count as usize
    })
    .await;
    let want = fast.seen.lock().unwrap();
    let got = slow.seen.lock().unwrap();
    assert_eq!(texts(&got), texts(&want));
    assert!(strictly_increasing(&got.events));
    assert!(
        got.connections >= 2,
        "the slow stream was disconnected and resumed"
    );
    assert!(server.alive());
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_twenty_streams_five_senders() {
    let server = Server::memory();
    let http = http();
    let base = Arc::new(Mutex::new(server.base.clone()));
    let per_sender = 200;
    let mut senders = Vec::new();
    let mut readers = Vec::new();
    for sender in 0..5 {
        let (_, credentials) = signup(&http, &server.base, "support").await;
        ok(
            &http,
            &server.base,
            &ChannelMessages::new("support", MessageQuery::new(ChatType::Regular)),
            Some(&credentials),
        )
        .await;
        for _ in 0..4 {
            readers.push((
                sender,
                Reader::start(
                    http.clone(),
                    Arc::clone(&base),
                    "support",
                    credentials.clone(),
                    None,
                ),
            ));
        }
        senders.push(credentials);
    }
    for (_, reader) in &readers {
        reader
            .wait_for(10, "the stream", |seen| seen.connections > 0)
            .await;
    }
    let tasks: Vec<_> = senders
        .iter()
        .cloned()
        .map(|credentials| {
            let (http, base) = (http.clone(), server.base.clone());
            tokio::spawn(async move {
                for n in 1..=per_sender {
                    let send = ChannelSend::builder("support", n)
                        .text(format!("{n}"))
                        .build();
                    ok(&http, &base, &send, Some(&credentials)).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let want: Vec<String> = (1..=per_sender).map(|n| n.to_string()).collect();
    for (sender, reader) in &readers {
        reader
            .wait_for(30, "every message", |seen| texts(seen).len() >= want.len())
            .await;
        let seen = reader.seen.lock().unwrap();
        assert_eq!(
            texts(&seen),
            want,
            "sender {sender}'s stream: each message once, in order"
        );
        assert!(strictly_increasing(&seen.events));
    }
}
