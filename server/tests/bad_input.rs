//! Bad input at the door: every body of `tests/bad/`, of `tests/fuzz_regressions/` and of
//! the fuzz corpora where they have been grown (`fuzz/corpus/*`, the first files of
//! each), POSTed to the server's endpoints. Each is answered with HTTP 200 and a
//! well-formed envelope; where the crate's reading (Go's) refuses the body, an `invalid`
//! error with the decode error's text; the server stays up, and its data consistent:
//! the history loads and holds exactly the messages the accepted sends made.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use iqchannels_proto::api::chats::SendMessage;
use iqchannels_proto::api::public::chats::{ChannelMessages, ChannelSend, MessageQuery};
use iqchannels_proto::api::public::clients::{AnonymousSignup, ClientIntegrationAuth};
use iqchannels_proto::api::public::files::UploadFile;
use iqchannels_proto::api::public::messages::{MarkMessageListened, MarkMessagesRead};
use iqchannels_proto::api::public::ratings::Rate;
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::{codec, files, ChatType, Credentials, Error, ErrorCode, Method, Outcome};
use support::{http, ok, signup, Server};

/// The files of `dir` and its folders, sorted; at most `per_dir` of each folder.
fn files_under(dir: &Path, per_dir: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    let mut taken = 0;
    for path in entries {
        if path.is_dir() {
            files_under(&path, per_dir, out);
        } else if taken < per_dir {
            out.push(path);
            taken += 1;
        }
    }
}

fn bodies() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths = Vec::new();
    files_under(&root.join("tests/bad"), usize::MAX, &mut paths);
    files_under(&root.join("tests/fuzz_regressions"), usize::MAX, &mut paths);
    files_under(&root.join("fuzz/corpus"), 200, &mut paths);
    let mut bodies: Vec<(String, Vec<u8>)> = paths
        .into_iter()
        .filter(|path| !path.extension().is_some_and(|e| e == "md" || e == "tsv"))
        .filter_map(|path| Some((path.display().to_string(), std::fs::read(&path).ok()?)))
        .collect();
    // And a few of the door's own: nothing, garbage, deep nesting, a body over the limit.
    bodies.push(("empty".into(), Vec::new()));
    bodies.push(("not json".into(), b"\xff\xfe garbage {".to_vec()));
    bodies.push(("deep".into(), "[".repeat(100_000).into_bytes()));
    bodies.push(("over the limit".into(), vec![b' '; 9 << 20]));
    bodies
}

/// POSTs `body` to `M`'s `target` and checks the answer: a well-formed envelope in `M`'s
/// spelling, `invalid` with the decode error's text where the crate's reading refuses
/// the body. Gives whether the request succeeded.
async fn post<M: Method>(
    http: &reqwest::Client,
    base: &str,
    target: &str,
    credentials: &Credentials,
    name: &str,
    body: &[u8],
    content_type: &str,
) -> bool {
    let response = http
        .post(format!("{base}{target}"))
        .header(credentials.header_name(), credentials.header_value())
        .header("content-type", content_type)
        .body(body.to_vec())
        .send()
        .await
        .unwrap_or_else(|error| panic!("{name} to {target}: no answer: {error}"));
    assert_eq!(response.status(), 200, "{name} to {target}");
    let bytes = response.bytes().await.expect("the answer's body");
    let envelope = codec::decode_response::<M>(&bytes)
        .unwrap_or_else(|error| panic!("{name} to {target}: not an envelope ({error})"))
        .value;
    // The server's body limits: 8 MiB, and 64 KiB where no credential stands behind the
    // body (a sign-in) or the method takes none.
    let metadata = &M::METADATA;
    let limit = if metadata.body == iqchannels_proto::methods::BodyKind::Empty
        || metadata.auth == iqchannels_proto::methods::Auth::None
    {
        64 << 10
    } else {
        8 << 20
    };
    let expected = if body.len() > limit {
        Some(None)
    } else if M::METADATA.body == iqchannels_proto::methods::BodyKind::Multipart {
        // The server's limits: the defaults, with its 8 MiB body.
        let mut limits = files::UploadLimits::default();
        limits.max_body_bytes = 8 << 20;
        files::read_upload(content_type, body, &limits)
            .err()
            .map(|error| Some(error.to_string()))
    } else {
        codec::decode_request_at::<M>(target, body)
            .err()
            .map(|error| Some(Error::from(error).text))
    };
    match (envelope.into_outcome(), expected) {
        (Outcome::Error(error), Some(text)) => {
            assert_eq!(
                error.code,
                ErrorCode::Invalid,
                "{name} to {target}: {error:?}"
            );
            if let Some(text) = text {
                assert_eq!(error.text, text, "{name} to {target}");
            }
            false
        }
        (outcome, Some(_)) => {
            panic!("{name} to {target}: refused by the crate, answered {outcome:?}")
        }
        // Read by the crate, refused by the server's own rules (a wrong chat, a missing
        // rating): any error but its own failure.
        (Outcome::Error(error), None) => {
            assert_ne!(
                error.code,
                ErrorCode::InternalServerError,
                "{name} to {target}: {error:?}"
            );
            false
        }
        (Outcome::Data { .. }, None) => true,
        (Outcome::Ping, None) => panic!("{name} to {target}: a ping"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_body_gets_an_envelope_and_the_data_stays_consistent() {
    let mut server = Server::memory();
    let http = http();
    let base = server.base.clone();
    let operator = Credentials::service_account("dev-operator-token").unwrap();
    let (_, client) = signup(&http, &base, "support").await;
    // The chat, and a first message in it.
    let first = ChannelSend::builder("support", 1).text("before").build();
    ok(&http, &base, &first, Some(&client)).await;
    let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular).limit(500));
    let (before, _) = ok(&http, &base, &history, Some(&client)).await;
    assert_eq!(before.len(), 1);
    let chat = before[0].chat_id;
    let anonymous = Credentials::client("no-such-session").unwrap();

    let bodies = bodies();
    assert!(bodies.len() > 100, "the corpus is there: {}", bodies.len());
    // What the accepted sends wrote: (author, LocalId); LocalId 0 is never a resend.
    let mut sent: BTreeSet<(&str, i64)> = BTreeSet::from([("client", 1)]);
    let mut zero_local_ids = 0;
    let json = "application/json";
    for (name, body) in &bodies {
        let send_target = "/public/api/v1/chats/channel/send/support";
        if post::<ChannelSend>(&http, &base, send_target, &client, name, body, json).await {
            let local = codec::decode_request_at::<ChannelSend>(send_target, body)
                .unwrap()
                .value
                .message
                .local_id;
            if local == 0 {
                zero_local_ids += 1
            } else {
                sent.insert(("client", local));
            }
        }
        if post::<CreateMessage>(
            &http,
            &base,
            "/api/tickets/create_message",
            &operator,
            name,
            body,
            json,
        )
        .await
        {
            let request =
                codec::decode_request_at::<CreateMessage>("/api/tickets/create_message", body)
                    .unwrap()
                    .value;
            assert_eq!(
                request.ticket_id.get(),
                chat.get(),
                "{name}: a message to another ticket was accepted"
            );
            let local = request.message.local_id;
            if local == 0 {
                zero_local_ids += 1
            } else {
                sent.insert(("user", local));
            }
        }
        let chat_send = format!("/api/v1/chats/send/{}", chat.get());
        if post::<SendMessage>(&http, &base, &chat_send, &operator, name, body, json).await {
            let local = codec::decode_request_at::<SendMessage>(&chat_send, body)
                .unwrap()
                .value
                .message
                .local_id;
            if local == 0 {
                zero_local_ids += 1
            } else {
                sent.insert(("user", local));
            }
        }
        post::<ChannelMessages>(
            &http,
            &base,
            "/public/api/v1/chats/channel/messages/support",
            &client,
            name,
            body,
            json,
        )
        .await;
        post::<MarkMessagesRead>(
            &http,
            &base,
            "/public/api/v1/chats/messages/read",
            &client,
            name,
            body,
            json,
        )
        .await;
        post::<MarkMessageListened>(
            &http,
            &base,
            "/public/api/v1/chats/messages/listen",
            &client,
            name,
            body,
            json,
        )
        .await;
        post::<Rate>(
            &http,
            &base,
            "/public/api/v1/ratings/rate",
            &client,
            name,
            body,
            json,
        )
        .await;
        post::<AnonymousSignup>(
            &http,
            &base,
            "/public/api/v1/clients/anonymous/signup",
            &anonymous,
            name,
            body,
            json,
        )
        .await;
        post::<ClientIntegrationAuth>(
            &http,
            &base,
            "/public/api/v1/clients/integration_auth",
            &anonymous,
            name,
            body,
            json,
        )
        .await;
        // As an upload (the corpus's multipart bodies have the boundary `XyZ`): an error
        // with `files::read_upload`'s text where it refuses the form.
        let form = "multipart/form-data; boundary=XyZ";
        post::<UploadFile>(
            &http,
            &base,
            "/public/api/v1/files/upload",
            &client,
            name,
            body,
            form,
        )
        .await;
    }
    assert!(server.alive(), "the server is up");

    // The history loads, and holds the first message and exactly what the accepted
    // sends made (a resend of a LocalId made none).
    let (after, _) = ok(&http, &base, &history, Some(&client)).await;
    assert_eq!(after.len(), sent.len() + zero_local_ids, "{sent:?}");
    assert_eq!(after[0].text, "before");
}
