//! `iq`: the inspector. Decodes bodies of the IQChannels API with the crate and shows what
//! it reads.
//!
//! ```text
//! iq methods                      every method: verb, path, request and data types, body,
//!                                 credential, envelope spelling
//! iq response <METHOD> [FILE]     decode a response body (FILE, or stdin if absent or -)
//!   --resolve                     show its messages with their authors, then what dangles
//! iq request <METHOD> [FILE]      decode a request body as the Go server reads it, as a
//!                                 server; what departs from the documented form on stderr;
//!                                 a method with path or query parameters shows its request
//!                                 line first, as read (`GET /public/...?ChatType=regular`)
//!   --strict                      refuse any departure: the error envelope, exit 1
//! iq stream [FILE]                decode a captured Server-Sent Events stream: a line a frame;
//!                                 exit 1 for a body that is one envelope (the server's
//!                                 refusal, shown as `iq response` shows it) or has no frame
//!   --unread                      frames of the public API's unread count stream
//!   --multichat                   frames of the public API's multichat unread stream
//! ```
//!
//! METHOD is the method's path, its template or as called (with its parameters and query),
//! with or without `/api/` (`tickets/create_message`, `v1/chats/get/10`,
//! `/public/api/v1/...`).

use std::io::{self, Read, Write};
use std::process::ExitCode;

use iqchannels_proto::api::{self as methods, MethodVisitor};
use iqchannels_proto::codec::{Limits, Reading};
use iqchannels_proto::graph::{Author, Dangling, GraphIndex, ResolvedMessage};
use iqchannels_proto::methods::{Auth, BodyKind, ResponseKind, Spelling};
use iqchannels_proto::references::Reference;
use iqchannels_proto::{
    codec, ChatMessage, Error, MessageRef, Messages, Method, Outcome, Response, Timestamp,
};

const USAGE: &str = "usage:
  iq methods
  iq response <METHOD> [FILE] [--resolve]
  iq request [--strict] <METHOD> [FILE]
  iq stream [--unread | --multichat] [FILE]
METHOD is the method's path, as called or its template, with or without /api/ (tickets/create_message, v1/chats/get/10); FILE is - or absent for stdin.";

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
    let resolve = args.first() == Some(&"response") && args.contains(&"--resolve");
    let strict = args.first() == Some(&"request") && args.contains(&"--strict");
    let stream_kind = |option: &str| args.first() == Some(&"stream") && args.contains(&option);
    let (unread, multichat) = (stream_kind("--unread"), stream_kind("--multichat"));
    let args: Vec<&str> = args
        .iter()
        .copied()
        .filter(|arg| {
            !(resolve && *arg == "--resolve"
                || strict && *arg == "--strict"
                || unread && *arg == "--unread"
                || multichat && *arg == "--multichat")
        })
        .collect();
    if let Some(option) = args.iter().find(|arg| arg.starts_with("--")) {
        return Err(Failure::Usage(format!("unknown option {option}")));
    }
    match args.as_slice() {
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
            // Before reading the input, so a usage error never waits for stdin.
            if methods::visit(&path, &mut Describe).is_none() {
                return Err(Failure::Usage(format!(
                    "no method {method:?}; see `iq methods`"
                )));
            }
            let body = read_input(rest.first().copied())?;
            let mode = match *command {
                "request" if strict => Mode::Request(Reading::Strict),
                "request" => Mode::Request(Reading::Go),
                _ if resolve => Mode::Resolve,
                _ => Mode::Response,
            };
            let output = methods::visit(
                &path,
                &mut Inspect {
                    path: path.clone(),
                    body,
                    mode,
                },
            )
            .ok_or_else(|| Failure::Usage(format!("no method {method:?}; see `iq methods`")))??;
            eprint!("{}", output.stderr);
            write_stdout(&output.stdout)?;
            Ok(ExitCode::from(output.code))
        }
        ["stream", rest @ ..] if rest.len() <= 1 => {
            use iqchannels_proto::stream::StreamKind;

            let kind = match (unread, multichat) {
                (true, true) => {
                    return Err(Failure::Usage(
                        "--unread and --multichat are different streams".to_owned(),
                    ))
                }
                (true, false) => StreamKind::Unread,
                (false, true) => StreamKind::MultichatUnread,
                (false, false) => StreamKind::Events,
            };
            let body = read_input(rest.first().copied())?;
            let (out, malformed, resume) = match stream_lines(&body, kind)? {
                Stream::Frames {
                    lines,
                    malformed,
                    resume,
                } => (lines, malformed, resume),
                Stream::Refused(envelope) => {
                    // Not a stream: the server's error, as `iq response` shows it.
                    write_stdout(&envelope)?;
                    eprintln!("error: the answer is one envelope, not a stream");
                    return Ok(ExitCode::from(1));
                }
                Stream::Empty => {
                    eprintln!(
                        "error: no frame in the stream (no `data:` event ended by a blank line)"
                    );
                    return Ok(ExitCode::from(1));
                }
            };
            write_stdout(&out)?;
            // `FromId` on the chat API's streams, `LastEventId` on the public API's.
            match resume {
                Resume::At(id) => {
                    eprintln!("resume with FromId={id} (LastEventId={id} on the public API)")
                }
                Resume::BeforeGap(Some(id)) => {
                    eprintln!("resume with FromId={id} (LastEventId={id} on the public API; a frame after it was lost)")
                }
                Resume::BeforeGap(None) => {
                    eprintln!("a frame was lost before any event: reload, then resume")
                }
                Resume::Nowhere => {}
            }
            Ok(if malformed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        [] => Err(Failure::Usage("no command".to_owned())),
        _ => Err(Failure::Usage(format!(
            "unknown arguments: {}",
            args.join(" ")
        ))),
    }
}

/// Where a client of the stream resumes (`FromId` on the chat API, `LastEventId` on the
/// public API's).
enum Resume {
    /// After this event.
    At(i64),
    /// After this event, before the first frame that was lost.
    BeforeGap(Option<i64>),
    /// No event came.
    Nowhere,
}

/// What a captured stream holds.
enum Stream {
    /// One line per frame; whether a frame was malformed; where to resume.
    Frames {
        lines: String,
        malformed: bool,
        resume: Resume,
    },
    /// The body is one envelope, not a stream: its error as `iq response` shows it, or
    /// why it does not decode.
    Refused(String),
    /// Not one frame.
    Empty,
}

/// The frames of the stream in `body`, whose frames carry `kind`.
fn stream_lines(
    body: &[u8],
    kind: iqchannels_proto::stream::StreamKind,
) -> Result<Stream, Failure> {
    use iqchannels_proto::stream::{Frame, StreamDecoder};

    let mut decoder = StreamDecoder::for_stream(kind);
    decoder.push(body);
    decoder.finish();
    let frames: Vec<_> = std::iter::from_fn(|| decoder.next_frame()).collect();
    if decoder.is_envelope() {
        // Not a stream: its error as `iq response` shows it; any other envelope, one
        // line as a frame would have, and the same failure.
        let shown = match frames.into_iter().next() {
            Some(Ok(Frame::Error(error))) => {
                let envelope = Response::<()>::failure(error);
                pretty(&envelope.spelled(Spelling::ResultRels))?
            }
            Some(Err(error)) => format!("malformed: {error}\n"),
            _ => String::new(),
        };
        return Ok(Stream::Refused(shown));
    }
    if frames.is_empty() {
        return Ok(Stream::Empty);
    }
    let (mut out, mut malformed) = (String::new(), false);
    for frame in frames {
        let line = match frame {
            Ok(Frame::Events {
                events,
                graph,
                warnings,
            }) => {
                let events: Vec<String> = events
                    .iter()
                    .map(|event| {
                        let mut text = format!("#{} {}", event.id.get(), event.kind.as_str());
                        if let Some(chat) = event.chat_id {
                            text.push_str(&format!(" chat {}", chat.get()));
                        }
                        match (event.client_id, event.user_id) {
                            (Some(client), _) => {
                                text.push_str(&format!(" by client {}", client.get()))
                            }
                            (None, Some(user)) => {
                                text.push_str(&format!(" by user {}", user.get()))
                            }
                            (None, None) => {}
                        }
                        // The inline messages of the public API's events, by id.
                        if let Some(messages) = &event.messages {
                            let ids: Vec<String> = messages
                                .iter()
                                .map(|message| message.id.get().to_string())
                                .collect();
                            text.push_str(&format!(" [messages {}]", ids.join(" ")));
                        }
                        text
                    })
                    .collect();
                let mut line = format!("events: {}", events.join(", "));
                // Each collection the graph carries, with how many objects.
                let related: Vec<String> = match serde_json::to_value(&graph) {
                    Ok(serde_json::Value::Object(collections)) => collections
                        .iter()
                        .map(|(name, objects)| match objects.as_array() {
                            Some(objects) => format!("{} {name}", objects.len()),
                            None => name.clone(),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                if !related.is_empty() {
                    line.push_str(&format!("; graph: {}", related.join(", ")));
                }
                if !warnings.is_empty() {
                    line.push_str(&format!("; {} warnings", warnings.len()));
                }
                line
            }
            Ok(Frame::Unread(count)) => format!("unread: {count}"),
            Ok(Frame::MultichatUnread(state)) => {
                let mut line = format!("unread in {}: {}", state.name, state.unread_count);
                if let Some(kind) = &state.kind {
                    line.push_str(&format!(" ({kind})"));
                }
                if let Some(last) = &state.last_message {
                    line.push_str("; last message");
                    if let Some(text) = &last.text {
                        line.push_str(&format!(" {text:?}"));
                    }
                    if let Some(file) = &last.file_id {
                        line.push_str(&format!(" file {}", file.as_str()));
                    }
                    if last.is_survey {
                        line.push_str(" (a survey)");
                    }
                }
                line
            }
            Ok(Frame::Ping) => "ping".to_owned(),
            Ok(Frame::Error(error)) => format!("error {}: {}", error.code.as_str(), error.text),
            Ok(other) => format!("{other:?}"),
            Err(error) => {
                malformed = true;
                format!("malformed: {error}")
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    let resume = match (decoder.has_gap(), decoder.resume_point()) {
        (true, point) => Resume::BeforeGap(point.map(|id| id.get())),
        (false, Some(id)) => Resume::At(id.get()),
        (false, None) => Resume::Nowhere,
    };
    Ok(Stream::Frames {
        lines: out,
        malformed,
        resume,
    })
}

/// `tickets/create_message`, `/tickets/create_message` and `/api/tickets/create_message`
/// all name `/api/tickets/create_message`; a path of the public API (`public/api/v1/...`)
/// is taken as it is.
fn method_path(method: &str) -> String {
    let method = method.trim_start_matches('/');
    if method.starts_with("public/") {
        return format!("/{method}");
    }
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

    fn visit<M: Method>(&mut self) -> String
    where
        M::Data: Messages,
    {
        let metadata = M::METADATA;
        let mut path = metadata.path.to_owned();
        for (index, name) in metadata.query.iter().enumerate() {
            path.push(if index == 0 { '?' } else { '&' });
            path.push_str(name);
        }
        let body = match metadata.body {
            BodyKind::Object => "object",
            BodyKind::Array => "array",
            BodyKind::Scalar => "scalar",
            BodyKind::Multipart => "multipart",
            _ => "none",
        };
        let answer = match metadata.response {
            ResponseKind::Envelope => format!(
                "{}/{}",
                metadata.spelling.data_key(),
                metadata.spelling.graph_key()
            ),
            ResponseKind::Bytes => "bytes".to_owned(),
            _ => "stream".to_owned(),
        };
        let auth = match metadata.auth {
            Auth::None => "none",
            Auth::Client => "client",
            Auth::Operator => "operator",
            _ => "file-token",
        };
        let retry = if metadata.safe_to_retry {
            "  retry: safe"
        } else {
            ""
        };
        format!(
            "{:<4}  {path}  {}  {}  body: {body}  auth: {auth}  answer: {answer}{retry}",
            metadata.verb.as_str(),
            short_name::<M>(),
            short_name::<M::Data>()
        )
    }
}

/// The type's name without its module path.
/// The type's name without module paths: `Vec<Chat>`.
fn short_name<T>() -> String {
    let mut short = String::new();
    let mut segment = String::new();
    for c in std::any::type_name::<T>().chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            segment.push(c);
        } else {
            short.push_str(segment.rsplit("::").next().unwrap_or(""));
            segment.clear();
            short.push(c);
        }
    }
    short.push_str(segment.rsplit("::").next().unwrap_or(""));
    short
}

/// What a command prints and its exit code.
struct Output {
    stdout: String,
    stderr: String,
    code: u8,
}

enum Mode {
    Response,
    Resolve,
    Request(Reading),
}

/// `iq response` and `iq request` for the method visited.
struct Inspect {
    /// The path as given: a concrete one carries the id for a request.
    path: String,
    body: Vec<u8>,
    mode: Mode,
}

impl MethodVisitor for Inspect {
    type Output = Result<Output, Failure>;

    fn visit<M: Method>(&mut self) -> Self::Output
    where
        M::Data: Messages,
    {
        if let Mode::Request(reading) = self.mode {
            let decoded = codec::decode_request_at_with::<M>(
                &self.path,
                &self.body,
                &Limits::default(),
                reading,
            );
            return match decoded {
                Ok(decoded) => Ok(Output {
                    stdout: request_text(&decoded.value)?,
                    stderr: warning_lines(&decoded.warnings, decoded.more_warnings),
                    code: 0,
                }),
                Err(error) => {
                    let reply = Response::<M::Data>::failure(Error::from(error));
                    Ok(Output {
                        stdout: pretty(&reply.spelled(M::METADATA.spelling))?,
                        stderr: String::new(),
                        code: 1,
                    })
                }
            };
        }
        match codec::decode_response::<M>(&self.body) {
            Ok(decoded) => {
                let stderr = warning_lines(&decoded.warnings, decoded.more_warnings);
                let stdout = match self.mode {
                    Mode::Resolve => resolved::<M>(decoded.value),
                    _ => pretty(&decoded.value.spelled(M::METADATA.spelling))?,
                };
                Ok(Output {
                    stdout,
                    stderr,
                    code: 0,
                })
            }
            Err(error) => {
                // One line, whatever the input held.
                let line = error.to_string().replace('\n', "\\n").replace('\r', "\\r");
                Ok(Output {
                    stdout: String::new(),
                    stderr: format!("error: {line}\n"),
                    code: 1,
                })
            }
        }
    }
}

/// A request as read: for a method with parameters in its path or query, the request
/// line as the crate writes it (`GET /public/api/v1/...?ChatType=regular`); then its JSON
/// body, unless the method takes none.
fn request_text<M: Method>(request: &M) -> Result<String, Failure> {
    let mut text = String::new();
    if !request.path_params().is_empty() || !M::METADATA.query.is_empty() {
        let encoded =
            codec::encode_request(request).map_err(|error| Failure::Io(error.to_string()))?;
        text = format!("{} {}\n", encoded.verb, encoded.target);
    }
    if !matches!(M::METADATA.body, BodyKind::Empty | BodyKind::Multipart) {
        text.push_str(&pretty(request)?);
    }
    Ok(text)
}

/// A line on stderr per warning, and one for those not kept.
fn warning_lines(warnings: &[codec::Warning], more: usize) -> String {
    let mut lines: String = warnings
        .iter()
        .map(|warning| format!("warning: {warning}\n"))
        .collect();
    if more > 0 {
        lines.push_str(&format!("warning: and {more} more\n"));
    }
    lines
}

/// `--resolve`: the messages with their authors, for people, then what dangles.
fn resolved<M: Method>(response: Response<M::Data>) -> String
where
    M::Data: Messages,
{
    let graph = response.graph.clone().unwrap_or_default();
    let index = graph.index();
    let mut out = String::new();
    let dangling = index.dangling(&response);
    match response.into_outcome() {
        Outcome::Ping => out.push_str("ping\n"),
        Outcome::Error(error) => out.push_str(&format!("error {}: {}\n", error.code, error.text)),
        Outcome::Data { data, .. } => {
            let messages = data.all_messages();
            if messages.is_empty() {
                out.push_str("no messages\n");
            }
            for message in messages {
                out.push_str(&match message {
                    MessageRef::Ticket(message) => describe(&index.resolve(message)),
                    MessageRef::Chat(message) => describe_chat(&index, message),
                    _ => "a message of a kind this inspector does not know\n".to_owned(),
                });
            }
        }
    }
    // The public API side-loads no avatars (every SDK builds an avatar's link from its
    // id) and no notices: such an id is not missing from its `Rels`.
    let public = M::METADATA.path.starts_with("/public/");
    let dangling: Vec<Dangling> = dangling
        .into_iter()
        .filter(
            |Dangling {
                 path, reference, ..
             }| {
                !(public
                    && (matches!(reference, Reference::File(_)) && path.ends_with(".AvatarId")
                        || matches!(reference, Reference::ChatNotice(_))))
            },
        )
        .collect();
    if dangling.is_empty() {
        out.push_str("\nno dangling references\n");
    } else {
        out.push_str(&format!("\ndangling references ({}):\n", dangling.len()));
        // Named as the method's API spells the envelope (`Result[0]`, `Rels.Users[0]`).
        let spelling = M::METADATA.spelling;
        for Dangling {
            path, reference, ..
        } in dangling
        {
            let path = [
                Spelling::DataGraph.data_key(),
                Spelling::DataGraph.graph_key(),
            ]
            .into_iter()
            .zip([spelling.data_key(), spelling.graph_key()])
            .find_map(|(current, spelled)| {
                path.strip_prefix(current)
                    .map(|rest| format!("{spelled}{rest}"))
            })
            .unwrap_or(path);
            out.push_str(&format!("  {path} -> {reference}\n"));
        }
    }
    out
}

/// Who `author` is, in a line; `named` is what the message itself says.
fn who(author: &Author<'_>, named: &str) -> String {
    match author {
        Author::User(user) => {
            let name = if user.display_name.is_empty() {
                &user.name
            } else {
                &user.display_name
            };
            format!("{name} <{}> (user {})", user.email, user.id)
        }
        Author::Client(client) => format!("{} (client {})", client.name, client.id),
        Author::System => "system".to_owned(),
        Author::Anonymous => "anonymous".to_owned(),
        Author::Missing(reference) => format!("{reference}, not in the graph"),
        _ => format!("unknown (Author {named:?})"),
    }
}

/// A chat message with its author and its file, as the graph has them.
fn describe_chat(index: &GraphIndex<'_>, message: &ChatMessage) -> String {
    let author = who(&index.chat_message_author(message), message.author.as_str());
    let mut out = format!("chat message {} in chat {}\n", message.id, message.chat_id);
    out.push_str(&format!("  author:   {author}\n"));
    out.push_str(&format!("  type:     {}\n", message.payload));
    out.push_str(&format!("  text:     {:?}\n", message.text));
    if let Some(id) = &message.file_id {
        match index.file(id) {
            Some(file) => out.push_str(&format!(
                "  file:     {} ({})\n",
                file.id, file.content_type
            )),
            None => out.push_str(&format!("  file:     {id}, not in the graph\n")),
        }
    }
    out.push_str(&format!("  created:  {}\n", message.created_at));
    out
}

fn describe(resolved: &ResolvedMessage<'_, '_>) -> String {
    let message = resolved.message;
    let author = who(&resolved.author, message.author.as_str());
    let when = |at: Option<Timestamp>| at.map_or("no".to_owned(), |at| at.to_string());
    let mut out = format!("message {} in ticket {}\n", message.id, message.ticket_id);
    out.push_str(&format!("  author:   {author}\n"));
    if let Some(avatar) = resolved.avatar {
        out.push_str(&format!(
            "  avatar:   {} ({})\n",
            avatar.id, avatar.content_type
        ));
    }
    out.push_str(&format!("  type:     {}\n", message.kind));
    out.push_str(&format!("  text:     {:?}\n", message.text));
    out.push_str(&format!("  created:  {}\n", message.created_at));
    out.push_str(&format!("  updated:  {}\n", message.updated_at));
    out.push_str(&format!("  received: {}\n", when(message.received_at)));
    out.push_str(&format!("  read:     {}\n", when(message.read_at)));
    out
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
