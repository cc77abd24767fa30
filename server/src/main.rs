//! `iqchannels-devserver [--db FILE] [--memory] [--addr HOST:PORT] [--static DIR]
//! [--operator-token TOKEN] [--operator-session TOKEN] [--allow-host NAME]...
//! [--stream-buffer FRAMES] [--max-body BYTES] [--body-timeout SECONDS]
//! [--header-timeout SECONDS] [--max-connections N] [--keepalive SECONDS]
//! [--stream-buffer-bytes BYTES] [--max-frame-bytes BYTES] [--max-streams-per-session N]
//! [--max-message-bytes BYTES] [--max-client-storage BYTES] [--max-page N]
//! [--max-receipts N] [--event-buffer EVENTS]`
//!
//! Prints one line, `iqchannels-devserver listening on http://HOST:PORT`, once it
//! listens, and on stderr the operator's credentials it made up (random, unless given);
//! usage errors exit 2.

#![forbid(unsafe_code)]

use std::io::Write;
use std::path::PathBuf;

use iqchannels_devserver::Config;
use iqchannels_proto::Secret;

const USAGE: &str = "usage: iqchannels-devserver [--db FILE (default ./iqchannels-dev.sqlite3)] [--memory] \
[--addr HOST:PORT (default 127.0.0.1:8080)] [--static DIR (default: the repository's web/, with its page, if present)] \
[--operator-token TOKEN (default: random, printed at start)] [--operator-session TOKEN (likewise)] \
[--allow-host NAME (a Host accepted besides the listening address; repeatable)] [--stream-buffer FRAMES (default 256)] \
[--max-body BYTES (default 8388608)] [--body-timeout SECONDS (default 30)] [--header-timeout SECONDS (default 15; also how long an idle connection is kept)] \
[--max-connections N (default 256)] [--stream-buffer-bytes BYTES (default 4194304)] \
[--max-frame-bytes BYTES (default 524288)] [--max-streams-per-session N (default 16)] [--max-message-bytes BYTES (default 131072)] \
[--max-client-storage BYTES (default 268435456)] [--keepalive SECONDS (default 15: a stream's keep-alive comment after that long without a write)] \
[--max-page N (default 500: the most items a page holds, whatever Limit asks)] [--max-receipts N (default 1000: the most messages one receipt names)] \
[--event-buffer EVENTS (default 4096: the live events kept for the streams behind)]";

fn usage(error: &str) -> ! {
    eprintln!("iqchannels-devserver: {error}\n{USAGE}");
    std::process::exit(2)
}

fn parse(args: impl Iterator<Item = String>) -> Config {
    let mut config = Config::default();
    let mut static_dir = None;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| usage(&format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--db" => config.db = Some(PathBuf::from(value("--db"))),
            "--memory" => config.db = None,
            "--addr" => {
                config.addr = value("--addr")
                    .parse()
                    .unwrap_or_else(|_| usage("--addr: not HOST:PORT"));
            }
            "--static" => static_dir = Some(PathBuf::from(value("--static"))),
            "--operator-token" => {
                config.operator_token = Some(Secret::new(value("--operator-token")));
            }
            "--operator-session" => {
                config.operator_session = Some(Secret::new(value("--operator-session")));
            }
            "--allow-host" => config.allowed_hosts.push(value("--allow-host")),
            "--stream-buffer" => {
                config.stream_buffer = number(&value("--stream-buffer"), "--stream-buffer")
            }
            "--max-body" => config.max_body = number(&value("--max-body"), "--max-body"),
            "--stream-buffer-bytes" => {
                config.stream_buffer_bytes =
                    number(&value("--stream-buffer-bytes"), "--stream-buffer-bytes");
            }
            "--max-frame-bytes" => {
                config.max_frame_bytes = number(&value("--max-frame-bytes"), "--max-frame-bytes");
            }
            "--max-streams-per-session" => {
                config.max_streams_per_session = number(
                    &value("--max-streams-per-session"),
                    "--max-streams-per-session",
                );
            }
            "--max-message-bytes" => {
                config.max_message_bytes =
                    number(&value("--max-message-bytes"), "--max-message-bytes");
            }
            "--max-client-storage" => {
                config.max_client_storage = u64::try_from(number(
                    &value("--max-client-storage"),
                    "--max-client-storage",
                ))
                .unwrap_or(u64::MAX);
            }
            "--max-connections" => {
                config.max_connections = number(&value("--max-connections"), "--max-connections");
            }
            "--body-timeout" => {
                config.body_timeout = seconds(&value("--body-timeout"), "--body-timeout")
            }
            "--keepalive" => config.keep_alive = seconds(&value("--keepalive"), "--keepalive"),
            "--max-page" => config.max_page = number(&value("--max-page"), "--max-page"),
            "--max-receipts" => {
                config.max_receipts = number(&value("--max-receipts"), "--max-receipts");
            }
            "--event-buffer" => {
                config.event_buffer = number(&value("--event-buffer"), "--event-buffer");
            }
            "--header-timeout" => {
                config.header_timeout = seconds(&value("--header-timeout"), "--header-timeout");
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0)
            }
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    config.static_dir = static_dir.or_else(default_static_dir);
    config
}

/// A count given for `flag`, at least 1.
fn number(text: &str, flag: &str) -> usize {
    text.parse()
        .ok()
        .filter(|number| *number > 0)
        .unwrap_or_else(|| usage(&format!("{flag}: not a positive number")))
}

/// A duration given for `flag`, in seconds (fractions allowed), above zero.
fn seconds(text: &str, flag: &str) -> std::time::Duration {
    text.parse::<f64>()
        .ok()
        .filter(|seconds| *seconds > 0.0 && *seconds <= 86_400.0)
        .map(std::time::Duration::from_secs_f64)
        .unwrap_or_else(|| usage(&format!("{flag}: not a number of seconds (up to a day)")))
}

/// The repository's `web/` folder, when it has its page (`web/index.html`, which loads the
/// wasm package from `web/pkg/web/`), found from the current directory or this crate's
/// source.
fn default_static_dir() -> Option<PathBuf> {
    [
        PathBuf::from("web"),
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../web")),
    ]
    .into_iter()
    .find(|dir| dir.join("index.html").is_file())
}

fn main() {
    let config = parse(std::env::args().skip(1));
    let made_up = (
        config.operator_token.is_none(),
        config.operator_session.is_none(),
    );
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|error| {
        eprintln!("iqchannels-devserver: {error}");
        std::process::exit(1)
    });
    runtime.block_on(async {
        let server = match iqchannels_devserver::start(config).await {
            Ok(server) => server,
            Err(error) => {
                eprintln!("iqchannels-devserver: {error}");
                std::process::exit(1)
            }
        };
        // No credential works without a line that says so: those made up for this run.
        if made_up.0 {
            eprintln!(
                "iqchannels-devserver: operator token for this run (Authorization: Bearer): {} (--operator-token TOKEN to choose one)",
                server.operator_token().expose()
            );
        }
        if made_up.1 {
            eprintln!(
                "iqchannels-devserver: operator session for this run (Cookie: user-session=): {} (--operator-session TOKEN to choose one)",
                server.operator_session().expose()
            );
        }
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(
            stdout,
            "iqchannels-devserver listening on http://{}",
            server.addr()
        );
        let _ = stdout.flush();
        drop(stdout);
        server.wait().await;
    });
}
