//! The tests' side: the server as a real process, a client speaking through the crate
//! (`http::request`, `codec::decode_response`) over reqwest, and stream readers decoding
//! with the crate's `StreamDecoder`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use iqchannels_proto::api::public::clients::AnonymousSignup;
use iqchannels_proto::stream::public::events_path;
use iqchannels_proto::stream::{Frame, StreamDecoder};
use iqchannels_proto::{
    codec, ChatEvent, ChatEventId, ChatType, ClientAuth, Credentials, Graph, Method, Outcome,
};

/// The operator's token the tests start the server with.
pub const OPERATOR_TOKEN: &str = "dev-operator-token";

/// The server process, killed (SIGKILL) when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// Starts the binary with `args` (plus `--addr 127.0.0.1:0`) and waits for its line.
    pub fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iqchannels-devserver"))
            .args(args)
            .args(["--addr", "127.0.0.1:0"])
            .args(["--operator-token", OPERATOR_TOKEN])
            .args(["--operator-session", "dev-operator-session"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the server prints its address");
        let base = line
            .trim()
            .strip_prefix("iqchannels-devserver listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Self { child, base }
    }

    /// In memory.
    pub fn memory() -> Self {
        Self::start(&["--memory"])
    }

    /// On database `db`.
    pub fn on(db: &Path) -> Self {
        Self::start(&["--db", db.to_str().expect("a UTF-8 path")])
    }

    /// SIGKILL, and wait for the process to end.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Whether the process still runs.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A fresh database in the target directory's temporary folder, removed (with its `-wal`
/// and `-shm` files) when the guard drops, so test runs do not pile databases up on disk.
pub struct TempDb(PathBuf);

impl TempDb {
    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

impl std::ops::Deref for TempDb {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

/// A fresh database named after `name` and the test process; see [`TempDb`].
pub fn temp_db(name: &str) -> TempDb {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let db = TempDb(dir.join(format!("{name}-{}.sqlite3", std::process::id())));
    db.remove();
    db
}

/// An HTTP client.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .expect("a client")
}

/// Calls method `M` through the crate: the request as `http::request` writes it, the
/// answer decoded by `codec::decode_response`.
pub async fn call<M: Method>(
    http: &reqwest::Client,
    base: &str,
    request: &M,
    credentials: Option<&Credentials>,
) -> Result<iqchannels_proto::Response<M::Data>, String> {
    let request = iqchannels_proto::http::request(base, request, credentials)
        .map_err(|error| error.to_string())?;
    let request = reqwest::Request::try_from(request).map_err(|error| error.to_string())?;
    let response = http
        .execute(request)
        .await
        .map_err(|error| error.to_string())?;
    let status = response.status();
    let body = response.bytes().await.map_err(|error| error.to_string())?;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    codec::decode_response::<M>(&body)
        .map(|decoded| decoded.value)
        .map_err(|error| format!("{error}: {}", String::from_utf8_lossy(&body)))
}

/// Calls `M` and takes its data and graph; panics on an error envelope.
pub async fn ok<M: Method>(
    http: &reqwest::Client,
    base: &str,
    request: &M,
    credentials: Option<&Credentials>,
) -> (M::Data, Graph)
where
    M::Data: Clone,
{
    match call(http, base, request, credentials)
        .await
        .expect("a response")
        .into_outcome()
    {
        Outcome::Data { data, graph } => (data, graph),
        other => panic!("{} answered {other:?}", M::METADATA.path),
    }
}

/// A new anonymous client of `channel` and its credentials.
pub async fn signup(
    http: &reqwest::Client,
    base: &str,
    channel: &str,
) -> (ClientAuth, Credentials) {
    let (auth, _) = ok(http, base, &AnonymousSignup::new(channel), None).await;
    let credentials = Credentials::client(auth.session.value().expect("signed in").token.expose())
        .expect("a token");
    (auth, credentials)
}

/// What a stream reader has seen.
#[derive(Default)]
pub struct Seen {
    /// Every stored event, in the order received (duplicates kept, to be found).
    pub events: Vec<ChatEvent>,
    /// The graphs of those frames' messages, by event.
    pub graphs: Vec<Graph>,
    /// How many times the stream (re)connected.
    pub connections: usize,
    /// The decoder's resume point.
    pub resume: Option<ChatEventId>,
}

/// A stream reader that reconnects from its resume point whenever its stream ends or
/// fails (as the SDKs do), until stopped.
pub struct Reader {
    pub seen: Arc<Mutex<Seen>>,
    task: tokio::task::JoinHandle<()>,
}

impl Reader {
    /// Reads the client's events stream of `channel` at whatever `base` gives (it may
    /// change, when the server restarts on another port).
    pub fn start(
        http: reqwest::Client,
        base: Arc<Mutex<String>>,
        channel: &str,
        credentials: Credentials,
        stall: Option<Arc<AtomicBool>>,
    ) -> Self {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let channel = channel.to_owned();
        let shared = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            let mut resume: Option<ChatEventId> = None;
            loop {
                let base_now = base.lock().unwrap().clone();
                let path = events_path(&channel, &ChatType::Regular, resume, None);
                let url = format!("{base_now}{path}");
                let request = http
                    .get(&url)
                    .header(credentials.header_name(), credentials.header_value());
                if let Ok(mut response) = request.send().await {
                    shared.lock().unwrap().connections += 1;
                    let mut decoder = StreamDecoder::new().resume_after(resume);
                    while let Ok(Some(chunk)) = response.chunk().await {
                        while stall.as_ref().is_some_and(|s| s.load(Ordering::SeqCst)) {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        decoder.push(&chunk);
                        while let Some(frame) = decoder.next_frame() {
                            if let Ok(Frame::Events { events, graph, .. }) = frame {
                                let mut seen = shared.lock().unwrap();
                                for event in events.into_iter().filter(|e| !e.transitive) {
                                    seen.events.push(event);
                                    seen.graphs.push(graph.clone());
                                }
                            }
                        }
                        resume = decoder.resume_point().or(resume);
                        shared.lock().unwrap().resume = resume;
                    }
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        Self { seen, task }
    }

    /// Waits until `done` holds of what was seen, or panics after `seconds`.
    pub async fn wait_for(&self, seconds: u64, what: &str, done: impl Fn(&Seen) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
        loop {
            if done(&self.seen.lock().unwrap()) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {what}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The texts of the `message_created` events seen, from the frames' graphs.
pub fn texts(seen: &Seen) -> Vec<String> {
    seen.events
        .iter()
        .zip(&seen.graphs)
        .filter(|(event, _)| event.kind == iqchannels_proto::ChatEventType::MessageCreated)
        .map(|(event, graph)| {
            graph
                .chat_messages
                .iter()
                .find(|message| Some(message.id) == event.message_id)
                .map(|message| message.text.clone())
                .unwrap_or_else(|| panic!("event {} without its message", event.id.get()))
        })
        .collect()
}

/// Events' ids are strictly increasing (no duplicate, in order).
pub fn strictly_increasing(events: &[ChatEvent]) -> bool {
    events.windows(2).all(|pair| pair[0].id < pair[1].id)
}

/// A process's peak resident memory (`VmHWM`), in kB, where `/proc` has it.
pub fn peak_memory_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
