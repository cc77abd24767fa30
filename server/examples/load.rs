//! The load benchmark, on demand (not in CI):
//!
//! ```sh
//! cargo run --release -p iqchannels-devserver --example load -- --streams 200 --senders 20 --messages 10000
//! ```
//!
//! Starts the server as a child process (this program run with `--serve-child`, the
//! server alone in it, on a temporary database file), signs up one client per sender,
//! opens the event streams (spread over the senders' chats), sends the messages (each
//! sender its share, one after another) and checks that every stream gets every message
//! of its chat exactly once, in order. Prints messages per second, the delay from send to
//! delivery (p50, p99) and the server's peak memory (`VmHWM`). Then one client searches
//! its 40 MB history, two searches at a time, while another client asks for itself
//! (`clients/me`) 200 times, one after another: prints that request's p50 and p99. Exits 1
//! if a stream missed, doubled or reordered a message.

#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use iqchannels_proto::api::public::chats::{ChannelMessages, ChannelSend, MessageQuery};
use iqchannels_proto::api::public::clients::{AnonymousSignup, Me};
use iqchannels_proto::stream::public::events_path;
use iqchannels_proto::stream::{Frame, StreamDecoder};
use iqchannels_proto::{codec, ChatEventType, ChatType, Credentials, Method, Outcome};

struct Options {
    streams: usize,
    senders: usize,
    messages: usize,
}

fn options() -> Options {
    let mut options = Options {
        streams: 200,
        senders: 20,
        messages: 10_000,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut index = 0;
    while index < args.len() {
        let value = || -> usize {
            args.get(index + 1)
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{} needs a number", args[index]))
        };
        match args[index].as_str() {
            "--streams" => options.streams = value(),
            "--senders" => options.senders = value(),
            "--messages" => options.messages = value(),
            other => panic!("unknown argument {other:?}"),
        }
        index += 2;
    }
    options
}

/// The child: the server alone, on the database named after `--serve-child`.
fn serve_child(db: String) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let config = iqchannels_devserver::Config {
            db: Some(db.into()),
            addr: "127.0.0.1:0".parse().expect("an address"),
            ..Default::default()
        };
        let server = iqchannels_devserver::start(config)
            .await
            .expect("the server starts");
        println!("iqchannels-devserver listening on http://{}", server.addr());
        std::io::stdout().flush().expect("stdout");
        server.wait().await;
    });
}

async fn call<M: Method>(
    http: &reqwest::Client,
    base: &str,
    request: &M,
    credentials: Option<&Credentials>,
) -> M::Data {
    let request = iqchannels_proto::http::request(base, request, credentials).expect("a request");
    let response = http
        .execute(reqwest::Request::try_from(request).expect("a request"))
        .await
        .expect("an answer");
    let body = response.bytes().await.expect("a body");
    match codec::decode_response::<M>(&body)
        .expect("an envelope")
        .value
        .into_outcome()
    {
        Outcome::Data { data, .. } => data,
        other => panic!("{}: {other:?}", M::METADATA.path),
    }
}

fn peak_memory_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// What one stream saw: the delays, and whether each message came once, in order.
/// A new client of `support` with a history of about 40 MB (400 messages of 96 KB)
/// searches it, two searches at a time, while `other` asks for itself 200 times, one
/// after another: prints the p50 and p99 of those requests and how many searches ran.
async fn unrelated_request_while_searching(
    http: &reqwest::Client,
    base: &str,
    other: &Credentials,
) {
    let auth = call(http, base, &AnonymousSignup::new("support"), None).await;
    let searcher = Credentials::client(auth.session.value().expect("signed in").token.expose())
        .expect("a token");
    let text = "lorem ipsum ".repeat(8_000);
    for n in 1..=400 {
        let send = ChannelSend::builder("support", n)
            .text(format!("{n} {text}"))
            .build();
        call(http, base, &send, Some(&searcher)).await;
    }
    let mut query = MessageQuery::new(ChatType::Regular);
    query.q = Some("nowhere to be found".to_owned());
    let search = ChannelMessages::new("support", query);
    let stop = Arc::new(AtomicBool::new(false));
    let searches = Arc::new(AtomicUsize::new(0));
    let searching: Vec<_> = (0..2)
        .map(|_| {
            let (http, base, search) = (http.clone(), base.to_owned(), search.clone());
            let (searcher, stop, searches) =
                (searcher.clone(), Arc::clone(&stop), Arc::clone(&searches));
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    call(&http, &base, &search, Some(&searcher)).await;
                    searches.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    // The searches under way first.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut took = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        call(http, base, &Me::new(), Some(other)).await;
        took.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    stop.store(true, Ordering::Relaxed);
    for task in searching {
        task.await.expect("a searcher");
    }
    took.sort_by(f64::total_cmp);
    println!(
        "another client's clients/me while two searches of 40 MB run: p50 {:.1} ms, p99 {:.1} ms ({} searches meanwhile)",
        took[took.len() / 2],
        took[took.len() * 99 / 100],
        searches.load(Ordering::Relaxed)
    );
}

#[derive(Default)]
struct StreamResult {
    received: usize,
    delays_us: Vec<u64>,
    faults: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve-child") {
        return serve_child(args.get(2).cloned().expect("a database path"));
    }
    let options = options();
    let db = std::env::temp_dir().join(format!("iqchannels-load-{}.sqlite3", std::process::id()));
    let mut child = Command::new(std::env::current_exe().expect("this program"))
        .args(["--serve-child", db.to_str().expect("a path")])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("its line");
    let base = line
        .trim()
        .strip_prefix("iqchannels-devserver listening on ")
        .expect("the server's line")
        .to_owned();
    let pid = child.id();

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let exit = runtime.block_on(run(options, base, pid));
    let _ = child.kill();
    let _ = child.wait();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::process::exit(exit);
}

async fn run(options: Options, base: String, pid: u32) -> i32 {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(options.senders * 2)
        .build()
        .expect("a client");
    let per_sender = options.messages / options.senders.max(1);
    let epoch = Instant::now();

    // The senders' clients and their chats.
    let mut senders = Vec::new();
    for _ in 0..options.senders {
        let auth = call(&http, &base, &AnonymousSignup::new("support"), None).await;
        let credentials =
            Credentials::client(auth.session.value().expect("signed in").token.expose())
                .expect("a token");
        let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular));
        call(&http, &base, &history, Some(&credentials)).await;
        senders.push(credentials);
    }

    // The streams, round-robin over the chats.
    let opened = Arc::new(tokio::sync::Semaphore::new(0));
    let mut streams = Vec::new();
    for index in 0..options.streams {
        let credentials = senders[index % senders.len()].clone();
        let (http, base, opened) = (http.clone(), base.clone(), Arc::clone(&opened));
        streams.push(tokio::spawn(async move {
            let path = events_path("support", &ChatType::Regular, None, None);
            let mut response = http
                .get(format!("{base}{path}"))
                .header(credentials.header_name(), credentials.header_value())
                .send()
                .await
                .expect("a stream");
            opened.add_permits(1);
            let mut decoder = StreamDecoder::new();
            let mut result = StreamResult::default();
            let mut next = 1usize;
            let deadline = tokio::time::Instant::now() + Duration::from_secs(300);
            while next <= per_sender {
                let chunk = match tokio::time::timeout_at(deadline, response.chunk()).await {
                    Ok(Ok(Some(chunk))) => chunk,
                    other => {
                        result
                            .faults
                            .push(format!("the stream ended at message {next}: {other:?}"));
                        break;
                    }
                };
                let now = epoch.elapsed().as_micros() as u64;
                decoder.push(&chunk);
                while let Some(frame) = decoder.next_frame() {
                    let Ok(Frame::Events { events, graph, .. }) = frame else {
                        continue;
                    };
                    for event in events
                        .iter()
                        .filter(|e| e.kind == ChatEventType::MessageCreated)
                    {
                        let Some(message) = graph
                            .chat_messages
                            .iter()
                            .find(|m| Some(m.id) == event.message_id)
                        else {
                            result
                                .faults
                                .push(format!("event {} without its message", event.id.get()));
                            continue;
                        };
                        let mut parts = message.text.split(' ');
                        let n: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                        let sent: u64 = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
                        if n != next {
                            result
                                .faults
                                .push(format!("message {n} where {next} was due"));
                        }
                        next = n + 1;
                        result.received += 1;
                        result.delays_us.push(now.saturating_sub(sent));
                    }
                }
            }
            result
        }));
    }
    let _ = opened
        .acquire_many(options.streams as u32)
        .await
        .expect("the streams open");

    // Send.
    let started = Instant::now();
    let tasks: Vec<_> = senders
        .iter()
        .cloned()
        .map(|credentials| {
            let (http, base) = (http.clone(), base.clone());
            tokio::spawn(async move {
                for n in 1..=per_sender {
                    let sent = epoch.elapsed().as_micros();
                    let send = ChannelSend::builder("support", n as i64)
                        .text(format!("{n} {sent}"))
                        .build();
                    call(&http, &base, &send, Some(&credentials)).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("a sender");
    }
    let sent_in = started.elapsed();
    let mut delays = Vec::new();
    let mut faults = Vec::new();
    let mut received = 0;
    for stream in streams {
        let result = stream.await.expect("a stream");
        received += result.received;
        delays.extend(result.delays_us);
        faults.extend(result.faults);
    }
    let delivered_in = started.elapsed();
    delays.sort_unstable();
    let percentile = |p: f64| {
        delays
            .get(((delays.len() as f64 * p) as usize).min(delays.len().saturating_sub(1)))
            .map_or(0.0, |us| *us as f64 / 1000.0)
    };
    let total = per_sender * options.senders;
    println!(
        "{} streams, {} senders, {} messages ({} deliveries expected, {} received)",
        options.streams,
        options.senders,
        total,
        per_sender * options.streams,
        received
    );
    println!(
        "sent in {:.2} s: {:.0} msgs/s; all delivered in {:.2} s",
        sent_in.as_secs_f64(),
        total as f64 / sent_in.as_secs_f64(),
        delivered_in.as_secs_f64()
    );
    println!(
        "send to delivery: p50 {:.1} ms, p99 {:.1} ms",
        percentile(0.50),
        percentile(0.99)
    );
    match peak_memory_kb(pid) {
        Some(kb) => println!("server peak memory (VmHWM): {:.1} MiB", kb as f64 / 1024.0),
        None => println!("server peak memory: unknown (no /proc)"),
    }
    unrelated_request_while_searching(&http, &base, &senders[0]).await;
    if faults.is_empty() && received == per_sender * options.streams {
        println!("exactly once, in order: yes");
        0
    } else {
        println!("exactly once, in order: NO ({} faults)", faults.len());
        for fault in faults.iter().take(10) {
            println!("  {fault}");
        }
        1
    }
}
