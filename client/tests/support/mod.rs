//! The development server's process for the client's tests: its binary (another
//! package's, built if need be), started on an address, signalled, killed when dropped.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The operator token the tests' servers take.
pub const OPERATOR_TOKEN: &str = "client-tests-operator";

/// The development server's binary, built if need be (it is another package's).
fn server_binary() -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "-q",
            "-p",
            "iqchannels-devserver",
            "--bin",
            "iqchannels-devserver",
        ])
        .status()
        .expect("cargo builds the server");
    assert!(status.success());
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    target.join("debug/iqchannels-devserver")
}

/// The server's process.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// Starts the server with `args`, on `addr`, and waits for its line.
    pub fn start(addr: &str, args: &[&str]) -> Self {
        let mut child = Command::new(server_binary())
            .args(["--addr", addr, "--operator-token", OPERATOR_TOKEN])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("its line");
        let base = line
            .trim()
            .strip_prefix("iqchannels-devserver listening on ")
            .unwrap_or_else(|| panic!("unexpected line {line:?}"))
            .to_owned();
        Self { child, base }
    }

    /// Sends `signal` (`-STOP`, `-KILL`, ...) to the process; whether it was delivered.
    #[allow(dead_code)] // Not every test binary signals.
    pub fn signal(&self, signal: &str) -> bool {
        Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A stopped process is continued, so that it can be killed and reaped.
        let _ = Command::new("kill")
            .args(["-CONT", &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
