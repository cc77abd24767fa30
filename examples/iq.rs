//! `iq`: the inspector. Decodes bodies of the IQChannels Internal API with the crate and
//! shows what it reads.
//!
//! ```text
//! iq methods                      every method: path, request type, data type
//! iq response <METHOD> [FILE]     decode a response body (FILE, or stdin if absent or -)
//! iq request <METHOD> [FILE]      decode a request body strictly, as a server
//! ```
//!
//! METHOD is the method's path, with or without `/api/` (`tickets/create_message`).

use std::io::{self, Read, Write};
use std::process::ExitCode;

use iqchannels_proto::methods::{self, MethodVisitor};
use iqchannels_proto::{codec, Error, Method, Response};

const USAGE: &str = "usage:
  iq methods
  iq response <METHOD> [FILE]
  iq request <METHOD> [FILE]
METHOD is the method's path, with or without /api/ (tickets/create_message); FILE is - or absent for stdin.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("iq: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Io(message)) => {
            eprintln!("iq: {message}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    Io(String),
}

fn run(args: &[&str]) -> Result<ExitCode, Failure> {
    match args {
        ["methods"] => {
            let mut out = String::new();
            for line in methods::visit_all(&mut Describe) {
                out.push_str(&line);
                out.push('\n');
            }
            write_stdout(&out)?;
            Ok(ExitCode::SUCCESS)
        }
        [command @ ("response" | "request"), method, rest @ ..] if rest.len() <= 1 => {
            let path = method_path(method);
            let body = read_input(rest.first().copied())?;
            let mut inspect = Inspect {
                body,
                strict_request: *command == "request",
            };
            let output = methods::visit(&path, &mut inspect)
                .ok_or_else(|| Failure::Usage(format!("no method {method:?}; see `iq methods`")))?;
            let output = output?;
            eprint!("{}", output.stderr);
            write_stdout(&output.stdout)?;
            Ok(ExitCode::from(output.code))
        }
        [] => Err(Failure::Usage("no command".to_owned())),
        _ => Err(Failure::Usage(format!(
            "unknown arguments: {}",
            args.join(" ")
        ))),
    }
}

/// `tickets/create_message`, `/tickets/create_message` and `/api/tickets/create_message`
/// all name `/api/tickets/create_message`.
fn method_path(method: &str) -> String {
    let method = method.trim_start_matches('/');
    let method = method.strip_prefix("api/").unwrap_or(method);
    format!("/api/{method}")
}

fn read_input(file: Option<&str>) -> Result<Vec<u8>, Failure> {
    match file {
        None | Some("-") => {
            let mut body = Vec::new();
            io::stdin()
                .read_to_end(&mut body)
                .map_err(|error| Failure::Io(format!("cannot read stdin: {error}")))?;
            Ok(body)
        }
        Some(path) => {
            std::fs::read(path).map_err(|error| Failure::Io(format!("cannot read {path}: {error}")))
        }
    }
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|error| Failure::Io(format!("cannot write: {error}")))
}

/// One line of `iq methods`.
struct Describe;

impl MethodVisitor for Describe {
    type Output = String;

    fn visit<M: Method>(&mut self) -> String {
        format!(
            "{}  {}  {}",
            M::PATH,
            short_name::<M>(),
            short_name::<M::Data>()
        )
    }
}

/// The type's name without its module path.
fn short_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
}

/// What a command prints and its exit code.
struct Output {
    stdout: String,
    stderr: String,
    code: u8,
}

/// `iq response` and `iq request` for the method visited.
struct Inspect {
    body: Vec<u8>,
    strict_request: bool,
}

impl MethodVisitor for Inspect {
    type Output = Result<Output, Failure>;

    fn visit<M: Method>(&mut self) -> Self::Output {
        if self.strict_request {
            match codec::decode_request::<M>(&self.body) {
                Ok(request) => Ok(Output {
                    stdout: pretty(&request)?,
                    stderr: String::new(),
                    code: 0,
                }),
                Err(error) => {
                    let reply = Response::<M::Data>::failure(Error::from(error));
                    Ok(Output {
                        stdout: pretty(&reply)?,
                        stderr: String::new(),
                        code: 1,
                    })
                }
            }
        } else {
            match codec::decode_response::<M>(&self.body) {
                Ok(decoded) => {
                    let stderr = decoded
                        .warnings
                        .iter()
                        .map(|w| format!("warning: {w}\n"))
                        .collect();
                    Ok(Output {
                        stdout: pretty(&decoded.value)?,
                        stderr,
                        code: 0,
                    })
                }
                Err(error) => Ok(Output {
                    stdout: String::new(),
                    stderr: format!("error: {error}\n"),
                    code: 1,
                }),
            }
        }
    }
}

/// Pretty JSON of what the crate encodes.
fn pretty<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|mut json| {
            json.push('\n');
            json
        })
        .map_err(|error| Failure::Io(format!("cannot encode: {error}")))
}
