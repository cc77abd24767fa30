//! `iqchannels-devserver`: an IQChannels-compatible development server built on the
//! `iqchannels-proto` crate. Every request is routed by the crate's `Router` and read as
//! the Go server reads it (`http::read_request`); every answer is the crate's envelope in
//! the method's spelling (`http::response`), its graph completed by `GraphBuilder`; the
//! streams are written by `StreamEncoder`. The data lives in SQLite (a file, or memory).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let config = iqchannels_devserver::Config::default();
//! let server = iqchannels_devserver::start(config).await?;
//! println!("listening on http://{}", server.addr());
//! server.wait().await;
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod caller;
mod chats;
mod clients;
mod errors;
mod files;
mod operator;
mod ratings;
mod routes;
mod seed;
mod settings;
mod static_files;
pub mod store;
mod streams;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use iqchannels_proto::{ChannelId, ChatEvent, Graph, Router, Secret, UserId};
use tokio::sync::broadcast;

use crate::store::Store;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The SQLite database file; `None` keeps the data in memory.
    pub db: Option<PathBuf>,
    /// Where to listen (port 0: any free port).
    pub addr: SocketAddr,
    /// A folder served at `/` (its `index.html` for `/`), if any.
    pub static_dir: Option<PathBuf>,
    /// The seeded operator's service-account token (`Authorization: Bearer ...`); never
    /// shown by `Debug`. `None`: a random one, made at start ([`Server::operator_token`];
    /// the binary prints it).
    pub operator_token: Option<Secret>,
    /// The seeded operator's user session (`Cookie: user-session=...`); never shown by
    /// `Debug`. `None`: a random one, made at start ([`Server::operator_session`]).
    pub operator_session: Option<Secret>,
    /// Host names accepted in a request's `Host` header besides the listening address
    /// (and, on loopback, `localhost`, `127.0.0.1` and `[::1]`): a page on any other name
    /// (DNS rebinding) is refused.
    pub allowed_hosts: Vec<String>,
    /// How many frames a stream may have waiting for its client before the server
    /// disconnects it (the client resumes from its `LastEventId`).
    pub stream_buffer: usize,
    /// How many bytes of frames a stream may have waiting for its client, likewise.
    pub stream_buffer_bytes: usize,
    /// The most bytes of a catch-up frame (events read back from the database): a larger
    /// one is sent as several, down to one event a frame.
    pub max_frame_bytes: usize,
    /// The most streams one session (a client's, or the operator's) has open at once.
    pub max_streams_per_session: usize,
    /// The longest text of a message, in bytes.
    pub max_message_bytes: usize,
    /// The most items a page holds (messages, chats, threads), whatever `Limit` asks.
    pub max_page: usize,
    /// The most messages one receipt names.
    pub max_receipts: usize,
    /// The events the live broadcast keeps for the streams behind it; a stream further
    /// behind reads the rest back from the database.
    pub event_buffer: usize,
    /// The most a client stores: its files' bytes and its messages' texts.
    pub max_client_storage: u64,
    /// The largest request body, in bytes (64 KiB at most where no credential stands
    /// behind it, or the method takes none).
    pub max_body: usize,
    /// How long a request's body may take to arrive, once its head is read.
    pub body_timeout: Duration,
    /// How long a request's head may take to arrive, counted from the connection's opening
    /// or from its last response: so also how long an idle connection is kept.
    pub header_timeout: Duration,
    /// How long a stream may go without a write before a keep-alive comment is sent (under
    /// the iOS SDK's 60 s idle timeout).
    pub keep_alive: Duration,
    /// The most connections served at once (streams included); one over it is closed as
    /// soon as it is accepted.
    pub max_connections: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            db: Some(PathBuf::from("iqchannels-dev.sqlite3")),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            static_dir: None,
            operator_token: None,
            operator_session: None,
            allowed_hosts: Vec::new(),
            stream_buffer: 256,
            stream_buffer_bytes: 4 << 20,
            max_frame_bytes: 512 << 10,
            max_streams_per_session: 16,
            max_message_bytes: 128 << 10,
            max_page: 500,
            max_receipts: 1000,
            event_buffer: 4096,
            max_client_storage: 256 << 20,
            max_body: 8 << 20,
            body_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(15),
            max_connections: 256,
            keep_alive: Duration::from_secs(15),
        }
    }
}

/// 20 random bytes in hexadecimal: a credential no one can guess; an error where there is
/// no random source, never a guessable one.
pub(crate) fn random_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes)
        .map_err(|error| std::io::Error::other(format!("no random source: {error}")))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// A stored (or transitive) event as the live streams receive it, with its graph.
#[derive(Debug)]
pub(crate) struct Live {
    pub(crate) event: ChatEvent,
    pub(crate) graph: Graph,
    /// The channel of the event's chat: what the channel's stream follows.
    pub(crate) channel: Option<ChannelId>,
    /// The operators who are members of the event's chat: whose streams it reaches.
    pub(crate) members: Vec<UserId>,
}

/// The server's state, shared by every connection.
pub(crate) struct App {
    store: Mutex<Store>,
    /// Read-only connections to the same database, for the reads that take long.
    readers: Mutex<Vec<Store>>,
    pub(crate) events: broadcast::Sender<Arc<Live>>,
    pub(crate) config: Config,
    pub(crate) router: Router,
    /// The handler of every method.
    pub(crate) routes: routes::Routes,
    /// The `Host` header values accepted (lower case).
    pub(crate) hosts: Vec<String>,
    /// The open streams of each session.
    pub(crate) stream_slots: streams::StreamSlots,
    /// The operator's credentials: the configured ones, or made up at start.
    pub(crate) operator_token: Secret,
    pub(crate) operator_session: Secret,
}

impl App {
    /// The store, locked (a panic while it was held does not poison it for good: the
    /// data is SQLite's, consistent by its transactions).
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A read-only connection (from the pool, or a new one): for a read that may take long
    /// (a search, a page of history), which then holds up no one else's request.
    pub(crate) fn reader(&self) -> store::StoreResult<Reader<'_>> {
        let pooled = self
            .readers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        let store = match pooled {
            Some(store) => store,
            None => self.store().reader()?,
        };
        Ok(Reader {
            app: self,
            store: Some(store),
        })
    }

    /// A page's size: `limit` (50 when absent), within 1 and `--max-page`.
    pub(crate) fn page_size(&self, limit: Option<i32>) -> usize {
        let asked = usize::try_from(limit.unwrap_or(50)).unwrap_or(1);
        asked.clamp(1, self.config.max_page.max(1))
    }

    /// Sends a stored or transitive event to the live streams, with its graph. Called
    /// with the store held, right after the event's commit, so that the streams see the
    /// events in the order of their ids.
    pub(crate) fn publish(&self, store: &Store, event: ChatEvent) {
        let graph = store.graph(&event).unwrap_or_default();
        let (channel, members) = match event.chat_id {
            Some(chat) => store.audience(chat).unwrap_or_default(),
            None => (None, Vec::new()),
        };
        let live = Live {
            event,
            graph,
            channel,
            members,
        };
        // No stream listening is not an error.
        let _ = self.events.send(Arc::new(live));
    }
}

/// The most idle read-only connections kept.
const READERS: usize = 8;

/// A read-only connection, back to the pool when dropped.
pub(crate) struct Reader<'a> {
    app: &'a App,
    store: Option<Store>,
}

impl std::ops::Deref for Reader<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        // Present until dropped.
        self.store.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        let mut pool = self
            .app
            .readers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pool.len() < READERS {
            pool.extend(self.store.take());
        }
    }
}

/// The clock, in milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    operator_token: Secret,
    operator_session: Secret,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The operator's service-account token: [`Config::operator_token`], or the random one
    /// made at start.
    pub fn operator_token(&self) -> &Secret {
        &self.operator_token
    }

    /// The operator's user session: [`Config::operator_session`], or the random one made
    /// at start.
    pub fn operator_session(&self) -> &Secret {
        &self.operator_session
    }

    /// Runs until the server stops (it does not, unless its task fails).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

/// Opens the database, binds the address and starts serving on the current runtime.
///
/// # Errors
///
/// When the database cannot be opened or the address bound, or when there is no random
/// source for the credentials it has to make up.
pub async fn start(config: Config) -> std::io::Result<Server> {
    let made = |given: &Option<Secret>| match given {
        Some(secret) => Ok(secret.clone()),
        None => random_token().map(Secret::new),
    };
    let operator_token = made(&config.operator_token)?;
    let operator_session = made(&config.operator_session)?;
    let store = Store::open(config.db.as_deref(), now_ms()).map_err(std::io::Error::other)?;
    let (events, _) = broadcast::channel(config.event_buffer.max(1));
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let hosts = accepted_hosts(addr, &config.allowed_hosts);
    let app = Arc::new(App {
        store: Mutex::new(store),
        readers: Mutex::new(Vec::new()),
        events,
        config,
        router: Router::new(),
        routes: routes::Routes::new(),
        hosts,
        stream_slots: streams::StreamSlots::default(),
        operator_token: operator_token.clone(),
        operator_session: operator_session.clone(),
    });
    let task = tokio::spawn(serve(listener, app));
    Ok(Server {
        addr,
        operator_token,
        operator_session,
        task,
    })
}

/// Accepts connections, at most [`Config::max_connections`] at once, and serves each over
/// HTTP/1.1 with [`Config::header_timeout`] for each request's head.
async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) {
    use hyper_util::rt::{TokioIo, TokioTimer};

    let permits = Arc::new(tokio::sync::Semaphore::new(app.config.max_connections));
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file handles, say: wait a moment rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        // Over the cap: closed at once (dropped), not queued.
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            continue;
        };
        let app = Arc::clone(&app);
        tokio::spawn(async move {
            let header_timeout = app.config.header_timeout;
            let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
                let app = Arc::clone(&app);
                async move {
                    Ok::<_, std::convert::Infallible>(
                        routes::handle(app, request.map(Body::new)).await,
                    )
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

/// The `Host` values a request may carry: the listening address, on loopback (or on every
/// address) also `localhost`, `127.0.0.1` and `[::1]`, and each of `allowed`; each with
/// the port, and without it on port 80.
fn accepted_hosts(addr: SocketAddr, allowed: &[String]) -> Vec<String> {
    let mut names = vec![match addr.ip() {
        std::net::IpAddr::V4(ip) => ip.to_string(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
    }];
    // Listening on every address (`0.0.0.0`, `::`) is listening on loopback too.
    if addr.ip().is_loopback() || addr.ip().is_unspecified() {
        names.extend(["localhost", "127.0.0.1", "[::1]"].map(str::to_owned));
    }
    names.extend(allowed.iter().map(|name| name.to_ascii_lowercase()));
    let port = addr.port();
    let mut hosts = Vec::new();
    for name in names {
        hosts.push(format!("{name}:{port}"));
        if port == 80 {
            hosts.push(name);
        }
    }
    hosts
}

#[cfg(test)]
mod tests {
    use super::accepted_hosts;

    /// No two of the server's modules import each other: each names the others it uses
    /// (`crate::store`, `crate::{seed, App}`), and no pair names each other. The crate's
    /// root (`lib.rs`), which declares the modules and holds `App`, is not one of them.
    #[test]
    fn no_two_modules_import_each_other() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut modules = std::collections::BTreeMap::new();
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            if matches!(name.as_str(), "lib" | "main") {
                continue;
            }
            modules.insert(name, std::fs::read_to_string(&path).unwrap());
        }
        // The modules a source names after `crate::`, alone or in a `{...}` group.
        let uses = |source: &str| -> std::collections::BTreeSet<String> {
            let mut found = std::collections::BTreeSet::new();
            for (at, _) in source.match_indices("crate::") {
                let rest = &source[at + "crate::".len()..];
                let names = match rest.strip_prefix('{') {
                    Some(group) => &group[..group.find('}').unwrap_or(0)],
                    None => {
                        &rest[..rest
                            .find(|c: char| !c.is_alphanumeric() && c != '_')
                            .unwrap_or(0)]
                    }
                };
                found.extend(names.split(',').map(|name| name.trim().to_owned()));
            }
            found
        };
        let graph: std::collections::BTreeMap<&str, std::collections::BTreeSet<String>> = modules
            .iter()
            .map(|(name, source)| (name.as_str(), uses(source)))
            .collect();
        assert!(
            graph["operator"].contains("chats"),
            "the check reads the imports"
        );
        for (module, imports) in &graph {
            for other in imports {
                let back = graph
                    .get(other.as_str())
                    .is_some_and(|theirs| theirs.contains(*module));
                assert!(!back, "{module} and {other} import each other");
            }
        }
    }

    #[test]
    fn hosts_are_the_listening_address_and_on_loopback_its_names() {
        let hosts = |addr: &str, allowed: &[&str]| {
            let allowed: Vec<String> = allowed.iter().map(|name| (*name).to_owned()).collect();
            accepted_hosts(addr.parse().unwrap(), &allowed)
        };
        assert_eq!(
            hosts("127.0.0.1:8080", &[]),
            [
                "127.0.0.1:8080",
                "localhost:8080",
                "127.0.0.1:8080",
                "[::1]:8080"
            ]
        );
        // Every address includes loopback; a LAN name only when allowed.
        let all = hosts("0.0.0.0:8080", &["Phone.Lan"]);
        assert!(all.contains(&"localhost:8080".to_owned()));
        assert!(all.contains(&"phone.lan:8080".to_owned()));
        assert!(!all.contains(&"192.168.1.5:8080".to_owned()));
        // A LAN address alone: no loopback names.
        assert_eq!(
            hosts("192.168.1.5:80", &[]),
            ["192.168.1.5:80", "192.168.1.5"]
        );
    }
}
