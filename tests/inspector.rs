//! The inspector (`examples/iq.rs`) as a user runs it: the README's main job.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// Builds the example once (with this test's cargo) and gives its path.
fn iq() -> &'static PathBuf {
    static IQ: OnceLock<PathBuf> = OnceLock::new();
    IQ.get_or_init(|| {
        let manifest_dir = env!("CARGO_MANIFEST_DIR");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", "iq"])
            .current_dir(manifest_dir)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the inspector builds");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(manifest_dir).join("target"));
        target
            .join("debug")
            .join("examples")
            .join(format!("iq{}", std::env::consts::EXE_SUFFIX))
    })
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(iq())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn response_prints_the_documented_response_as_the_crate_encodes_it() {
    let output = run(
        &[
            "response",
            "tickets/create_message",
            "tests/fixtures/create_message.response.json",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stderr), "");
    let fixture = std::fs::read("tests/fixtures/create_message.response.json").unwrap();
    assert_eq!(json(&output.stdout), json(&fixture));
    insta::assert_snapshot!(text(&output.stdout));
}

#[test]
fn resolve_shows_messages_with_their_authors_and_what_dangles() {
    let output = run(
        &[
            "response",
            "tickets/create_message",
            "tests/fixtures/create_message.response.json",
            "--resolve",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stderr), "");
    insta::assert_snapshot!(text(&output.stdout));
}

#[test]
fn resolve_shows_missing_authors_errors_and_pings() {
    let body = br#"{"OK": true, "Data": {"Message": {"Id": 5, "TicketId": 7, "Author": "client", "ClientId": 3, "ReadAt": 0}}}"#;
    let output = run(&["response", "tickets/create_message", "--resolve"], body);
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("message 5 in ticket 7\n  author:   client 3, not in the graph\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  read:     1970-01-01T00:00:00.000Z\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("dangling references (1):\n  Data.Message.ClientId -> client 3\n"),
        "{stdout}"
    );

    let output = run(
        &["response", "tickets/create_message", "--resolve"],
        br#"{"OK": false, "Error": {"Code": "forbidden", "Text": "no"}}"#,
    );
    assert_eq!(
        text(&output.stdout),
        "error forbidden: no\n\nno dangling references\n"
    );
    let output = run(
        &["response", "tickets/create_message", "--resolve"],
        br#"{"OK": true, "Ping": true}"#,
    );
    assert_eq!(text(&output.stdout), "ping\n\nno dangling references\n");
}

#[test]
fn method_names_and_stdin() {
    let body = std::fs::read("tests/fixtures/create_message.response.json").unwrap();
    for method in [
        "tickets/create_message",
        "/api/tickets/create_message",
        "/tickets/create_message",
    ] {
        for file in [None, Some("-")] {
            let mut args = vec!["response", method];
            args.extend(file);
            let output = run(&args, &body);
            assert_eq!(output.status.code(), Some(0), "{args:?}");
            assert_eq!(json(&output.stdout), json(&body));
        }
    }
}

#[test]
fn api_errors_and_pings_are_responses_too() {
    for body in [
        &br#"{"OK": false, "Error": {"Code": "not_found", "Text": "no ticket"}}"#[..],
        br#"{"OK": true, "Ping": true}"#,
    ] {
        let output = run(&["response", "tickets/create_message"], body);
        assert_eq!(output.status.code(), Some(0));
    }
}

#[test]
fn warnings_go_to_stderr() {
    let body = br#"{"OK": true, "Graph": {"Users": [{"Id": 1}, {"Id": "two"}]}}"#;
    let output = run(&["response", "tickets/create_message"], body);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stderr),
        "warning: left out Graph.Users[1]: Graph.Users[1].Id: invalid type: string \"two\", expected i64 at line 1 column 56\n"
    );
    assert_eq!(
        json(&output.stdout)["Graph"]["Users"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn an_undecodable_response_is_one_line_with_path_line_and_column() {
    let output = run(
        &["response", "tickets/create_message"],
        b"{\"OK\": true,\n \"Data\": {\"Message\": {\"Id\": 1.5}}}",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(output.stdout, b"");
    assert_eq!(
        text(&output.stderr),
        "error: Data.Message.Id: invalid type: floating point `1.5`, expected i64 at line 2 column 31\n"
    );
}

#[test]
fn request_decodes_as_go_or_strictly_and_answers_like_a_server() {
    let output = run(
        &[
            "request",
            "tickets/create_message",
            "tests/fixtures/create_message.request.json",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    let fixture = std::fs::read("tests/fixtures/create_message.request.json").unwrap();
    assert_eq!(json(&output.stdout), json(&fixture));

    // As the Go server reads it: the request, and on stderr what departs from the
    // documented form.
    let body = br#"{"TicketId": 103, "Message": {"localId": 1, "Type": "text"}}"#;
    let output = run(&["request", "tickets/create_message"], body);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        json(&output.stdout),
        serde_json::json!({"TicketId": 103, "Message": {"LocalId": 1, "Type": "text", "Text": ""}})
    );
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.contains("Message.localId"), "{stderr}");
    assert!(stderr.contains("Message.Text"), "{stderr}");

    // --strict: any departure is the error a server sends back.
    let output = run(
        &["request", "--strict", "tickets/create_message"],
        br#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text"}}"#,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        json(&output.stdout),
        serde_json::json!({
            "OK": false,
            "Error": {"Code": "invalid", "Text": "Message.Text: missing field `Text` at line 1 column 59"},
            "Ping": false,
            "Data": null,
        })
    );
}

#[test]
fn methods_lists_verb_path_types_body_credential_and_spelling() {
    let output = run(&["methods"], b"");
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(text(&output.stdout));
    // Every method of the chat API page, by its path (`:chatId` where an id goes), a POST
    // answered in `Result`/`Rels`.
    let spec = include_str!("fixtures/chat-api-v1.methods.txt");
    for path in spec
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
    {
        assert!(
            text(&output.stdout)
                .lines()
                .any(|line| line.starts_with(&format!("POST  {path}  "))
                    && line
                        .trim_end_matches("  retry: safe")
                        .ends_with("answer: Result/Rels")),
            "{path} is not listed"
        );
    }
    // Every endpoint of the public API page (§3), with its verb, under /public/api/v1.
    #[cfg(feature = "public")]
    {
        let spec = include_str!("fixtures/public-api.methods.txt");
        let listed: Vec<&str> = spec
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        assert_eq!(listed.len(), 52, "the page's 50 rows name 52 paths");
        for line in listed {
            let (verb, path) = line.split_once(' ').unwrap();
            let shown = format!("{verb:<4}  /public/api/v1/{path}");
            assert!(
                text(&output.stdout).lines().any(|line| line
                    .strip_prefix(shown.as_str())
                    .is_some_and(|rest| rest.starts_with("  ") || rest.starts_with('?'))),
                "{line} is not listed"
            );
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["nonsense"],
        &["response"],
        &["response", "tickets/nope"],
        &["request", "tickets/create_message", "a", "b"],
        &["methods", "extra"],
        &["request", "tickets/create_message", "--resolve"],
    ] {
        let output = run(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(text(&output.stderr).contains("usage:"), "{args:?}");
    }
}

#[test]
fn an_unknown_method_is_a_usage_error_before_any_input_is_read() {
    // stdin is never closed here: were it read first, this would hang.
    let mut child = Command::new(iq())
        .args(["response", "tickets/nope"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(2));
    let output = run(
        &["response", "nope", "tests/fixtures/no-such-file.json"],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn an_undecodable_response_is_one_line_whatever_its_keys() {
    let output = run(
        &["response", "tickets/create_message"],
        b"{\"OK\": true, \"x\ny\": [1,]}",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr).lines().count(),
        1,
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn an_unreadable_file_exits_1() {
    let output = run(
        &[
            "response",
            "tickets/create_message",
            "tests/fixtures/no-such-file.json",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("cannot read tests/fixtures/no-such-file.json"));
}

#[test]
fn stream_prints_a_line_per_frame_and_where_to_resume() {
    let stream = concat!(
        ": a comment\n",
        "id: 7\n",
        "data: {\"OK\": true, \"Result\": [{\"Id\": 7, \"Type\": \"message_created\",\r\n",
        "data: \"ChatId\": 10, \"ClientId\": 77}, {\"Type\": \"typing\", \"Transitive\": true,\r\n",
        "data: \"ChatId\": 10, \"UserId\": 5}], \"Rels\": {\"Clients\": [{\"Id\": 77}], \"Chats\": []}}\r\n",
        "\r\n",
        "data: {\"OK\": true, \"Ping\": true}\n\n",
        "data: {\"OK\": false, \"Error\": {\"Code\": \"forbidden\", \"Text\": \"no\"}}\n\n",
    );
    let output = run(&["stream"], stream.as_bytes());
    assert!(output.status.success(), "{}", text(&output.stderr));
    insta::assert_snapshot!(text(&output.stdout), @r"
    events: #7 message_created chat 10 by client 77, #0 typing chat 10 by user 5; graph: 1 Clients
    ping
    error forbidden: no
    ");
    assert_eq!(
        text(&output.stderr),
        "resume with FromId=7 (LastEventId=7 on the public API)\n"
    );
    // A malformed frame is a line too, and the exit status says so.
    let output = run(
        &["stream"],
        b"data: {\"OK\": tru\n\ndata: {\"OK\": true, \"Ping\": true}\n\n",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "malformed: the frame does not decode: OK: EOF while parsing a value at line 1 column 10\nping\n"
    );
}

/// What `iq response --resolve` prints for `body` as a public history page.
#[cfg(feature = "public")]
fn resolve_history(body: &[u8]) -> String {
    let output = run(
        &[
            "response",
            "--resolve",
            "public/api/v1/chats/channel/messages/support",
        ],
        body,
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout).to_owned()
}

/// On the public API, `--resolve` names what dangles as its envelope is spelled
/// (`Result[0]`, `Rels.ChatMessages[0]`), and leaves out what that API never side-loads: an
/// avatar's file (every SDK builds its link from the id) and a notice.
#[cfg(feature = "public")]
#[test]
fn resolve_on_the_public_api_names_results_and_no_false_dangling() {
    let body = br#"{"OK": true, "Result": [
        {"Id": 1, "ChatId": 1, "UserId": 5, "NoticeId": 3, "Author": "user", "Text": "hi"},
        {"Id": 2, "ChatId": 1, "UserId": 6, "Author": "user", "Text": "hello"}
    ], "Rels": {"Users": [{"Id": 6, "Name": "Anna", "AvatarId": "a.png"}], "Chats": [{"Id": 1}]}}"#;
    let out = resolve_history(body);
    assert!(
        out.contains("dangling references (1):\n  Result[0].UserId -> user 5\n"),
        "{out}"
    );
    assert!(
        !out.contains("AvatarId") && !out.contains("notice"),
        "{out}"
    );
}

/// On a public history page, `--resolve` shows each chat message with its author (a user
/// or a client of `Rels`, or one the graph lacks) and its file; before, it said "no
/// messages", as it only looked for tickets' messages.
#[cfg(feature = "public")]
#[test]
fn resolve_shows_a_history_pages_chat_messages_with_authors_and_files() {
    let body = br#"{"OK": true, "Result": [
        {"Id": 1, "ChatId": 9, "ClientId": 77, "Author": "client", "Payload": "text", "Text": "hi"},
        {"Id": 2, "ChatId": 9, "UserId": 6, "Author": "user", "Payload": "file", "FileId": "f.png"},
        {"Id": 3, "ChatId": 9, "UserId": 5, "Author": "user", "Payload": "text", "Text": "?"}
    ], "Rels": {
        "Users": [{"Id": 6, "Name": "Anna", "Email": "anna@example.com"}],
        "Clients": [{"Id": 77, "Name": "Ivan"}],
        "Files": [{"Id": "f.png", "ContentType": "image/png"}]
    }}"#;
    let out = resolve_history(body);
    for line in [
        "chat message 1 in chat 9\n  author:   Ivan (client 77)\n  type:     text\n  text:     \"hi\"\n",
        "chat message 2 in chat 9\n  author:   Anna <anna@example.com> (user 6)\n  type:     file\n",
        "  file:     f.png (image/png)\n",
        "chat message 3 in chat 9\n  author:   user 5, not in the graph\n",
    ] {
        assert!(out.contains(line), "{line:?} not in:\n{out}");
    }
}

/// A stream request answered with one envelope (the server's refusal) is no stream: the
/// error as `iq response` shows it, and exit 1, for each kind of stream; before, nothing
/// was printed and the exit status was 0. A body with no frame at all says so.
#[test]
fn stream_answered_with_an_envelope_shows_its_error_and_exits_1() {
    let body = br#"{"OK":false,"Error":{"Code":"unauthorized","Text":"x"}}"#;
    let as_response = run(&["response", "v1/chats/get/10"], body);
    for kind in [
        &["stream"][..],
        &["stream", "--unread"],
        &["stream", "--multichat"],
    ] {
        let output = run(kind, body);
        assert_eq!(output.status.code(), Some(1), "{kind:?}");
        assert_eq!(json(&output.stdout), json(&as_response.stdout));
        assert_eq!(json(&output.stdout)["Error"]["Code"], "unauthorized");
        assert_eq!(
            text(&output.stderr),
            "error: the answer is one envelope, not a stream\n"
        );
    }
    for body in [&b""[..], b": keep-alive\n\n", b"data: {\"OK\": true}"] {
        let output = run(&["stream"], body);
        assert_eq!(output.status.code(), Some(1));
        assert!(output.stdout.is_empty());
        assert!(text(&output.stderr).starts_with("error: no frame in the stream"));
    }
}

/// A public method by its concrete path: the request line as read (path parameters, the
/// query, the Android SDK's second `?` among them), then the body if the method has one.
#[cfg(feature = "public")]
#[test]
fn request_by_a_concrete_path_shows_its_parameters_as_read() {
    let output = run(
        &[
            "request",
            "/public/api/v1/sse/chats/channel/events/support?ChatType=regular?LastEventId=123",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "GET /public/api/v1/sse/chats/channel/events/support?ChatType=regular&LastEventId=123\n"
    );
    let output = run(
        &["request", "/public/api/v1/chats/channel/messages/support"],
        br#"{"chatType": "regular", "limit": 50}"#,
    );
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    let (line, body) = stdout.split_once('\n').unwrap();
    assert_eq!(line, "POST /public/api/v1/chats/channel/messages/support");
    assert_eq!(
        json(body.as_bytes()),
        serde_json::json!({"ChatType": "regular", "Limit": 50})
    );
    // The iOS SDK's lower-camel keys, as Go reads them: said on stderr.
    assert!(
        text(&output.stderr).contains("chatType"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn response_shows_unknown_keys_and_warns_of_a_sign_in_without_a_session() {
    let output = run(
        &["response", "public/api/v1/clients/auth"],
        br#"{"OK":true,"Result":{"Client":{"Id":1,"Nickname":"ann"},"Extra":1}}"#,
    );
    assert_eq!(output.status.code(), Some(0));
    let written = json(&output.stdout);
    // Undocumented keys, written back where they were.
    assert_eq!(written["Result"]["Client"]["Nickname"], "ann");
    assert_eq!(written["Result"]["Extra"], 1);
    // `Session` was absent: still absent, and warned of (sdk-fidelity.md M10).
    assert!(written["Result"].get("Session").is_none());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("warning: Result.Session: absent or null"),
        "{stderr}"
    );
}
