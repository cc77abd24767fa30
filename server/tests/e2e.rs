//! End to end over loopback, against the server process: a client signs up, loads its
//! history, sends (a resend is not a second message), an operator answers through
//! `tickets/create_message`, the client gets it on its events stream, uploads a file and
//! downloads it byte for byte, and rates the conversation. The crate on both sides.

mod support;

use std::sync::{Arc, Mutex};

use iqchannels_proto::api::chats::{ChatQuery, CloseChat, GetChat, QueryByChannel, QueryMessages};
use iqchannels_proto::api::public::chats::{
    ChannelMessages, ChannelSend, ChannelTyping, MessageQuery,
};
use iqchannels_proto::api::public::clients::{ClientIntegrationAuth, ClientTokenAuth};
use iqchannels_proto::api::public::files::{
    DownloadFile, DownloadImage, FileToken, GetFile, UploadFile,
};
use iqchannels_proto::api::public::messages::MarkMessagesRead;
use iqchannels_proto::api::public::ratings::{Rate, RatingForm};
use iqchannels_proto::api::public::settings::GetChatSettings;
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::stream::{stream_path, Frame, Listen, StreamDecoder, Transport};
use iqchannels_proto::{
    codec, ChannelId, ChatEventType, ChatId, ChatPayloadType, ChatType, Credentials, ErrorCode,
    FileType, Outcome, RatingState, Secret, TicketId,
};
use support::{call, http, ok, signup, texts, Reader, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_end_to_end() {
    let server = Server::memory();
    let http = http();
    let base = server.base.clone();
    let operator = Credentials::service_account("dev-operator-token").unwrap();

    // Sign up; the history is empty.
    let (auth, client) = signup(&http, &base, "support").await;
    let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular).limit(50));
    let (messages, _) = ok(&http, &base, &history, Some(&client)).await;
    assert!(messages.is_empty());

    // Signing in again with the token gives the same client.
    let (again, _) = ok(
        &http,
        &base,
        &ClientTokenAuth::new(auth.session.value().expect("signed in").token.clone()),
        None,
    )
    .await;
    assert_eq!(
        again.client.value().expect("signed in").id,
        auth.client.value().expect("signed in").id
    );

    // The events stream.
    let base_cell = Arc::new(Mutex::new(base.clone()));
    let reader = Reader::start(
        http.clone(),
        Arc::clone(&base_cell),
        "support",
        client.clone(),
        None,
    );
    reader
        .wait_for(10, "the stream to open", |seen| seen.connections > 0)
        .await;

    // Send, and resend with the same LocalId.
    let send = ChannelSend::builder("support", 1_700_000_000_001)
        .text("Hello, support")
        .build();
    ok(&http, &base, &send, Some(&client)).await;
    ok(&http, &base, &send, Some(&client)).await;
    ok(
        &http,
        &base,
        &ChannelTyping::new("support", ChatType::Regular),
        Some(&client),
    )
    .await;
    let (messages, graph) = ok(&http, &base, &history, Some(&client)).await;
    assert_eq!(messages.len(), 1, "a resend is not a second message");
    assert_eq!(messages[0].text, "Hello, support");
    assert!(messages[0].my);
    assert!(
        graph
            .clients
            .iter()
            .any(|c| c.id == auth.client.value().expect("signed in").id),
        "Rels.Clients has the author"
    );
    let chat_id = messages[0].chat_id;

    // The operator finds the chat and answers through tickets/create_message.
    let (chats, _) = ok(
        &http,
        &base,
        &QueryByChannel::new(ChannelId::new(1), ChatQuery::default()),
        Some(&operator),
    )
    .await;
    assert!(chats
        .iter()
        .any(|chat| chat.id == chat_id
            && chat.client_id == auth.client.value().expect("signed in").id));
    let answer = CreateMessage::builder(TicketId::new(chat_id.get()), 77)
        .text("Hello from the operator")
        .build();
    let (created, graph) = ok(&http, &base, &answer, Some(&operator)).await;
    assert_eq!(created.message.text, "Hello from the operator");
    assert!(graph
        .users
        .iter()
        .any(|user| Some(user.id) == created.message.user_id));
    // The Internal API refuses a client's credentials, and a wrong token.
    let refused = call(
        &http,
        &base,
        &answer,
        Some(&Credentials::service_account("wrong").unwrap()),
    )
    .await
    .unwrap();
    assert!(
        matches!(refused.into_outcome(), Outcome::Error(e) if e.code == ErrorCode::Unauthorized)
    );

    // The client's stream has both messages, once each, in order.
    reader
        .wait_for(10, "the operator's answer", |seen| texts(seen).len() >= 2)
        .await;
    {
        let seen = reader.seen.lock().unwrap();
        assert_eq!(texts(&seen), ["Hello, support", "Hello from the operator"]);
        assert!(support::strictly_increasing(&seen.events));
    }

    // The operator's chat API: the chat, its messages, and its stream from the start.
    let (chat, _) = ok(&http, &base, &GetChat::new(chat_id), Some(&operator)).await;
    assert!(chat.open);
    let (operator_view, _) = ok(
        &http,
        &base,
        &QueryMessages::new(chat_id, Default::default()),
        Some(&operator),
    )
    .await;
    assert_eq!(operator_view.len(), 2);
    assert!(operator_view[1].my && !operator_view[0].my);
    let path = stream_path(Transport::ServerSentEvents, Listen::Chat(chat_id), None);
    let mut response = http
        .get(format!("{base}{path}"))
        .header(operator.header_name(), operator.header_value())
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut decoder = StreamDecoder::new();
    let mut kinds = Vec::new();
    while kinds.len() < 3 {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), response.chunk())
            .await
            .expect("the operator's stream")
            .unwrap()
            .expect("more");
        decoder.push(&chunk);
        while let Some(frame) = decoder.next_frame() {
            if let Frame::Events { events, .. } = frame.unwrap() {
                kinds.extend(events.into_iter().map(|event| event.kind));
            }
        }
    }
    assert_eq!(
        kinds,
        [
            ChatEventType::ChatCreated,
            ChatEventType::MessageCreated,
            ChatEventType::MessageCreated
        ]
    );
    drop(response);

    // Read receipts reach the stream.
    let answer_id = messages_of(&http, &base, &history, &client).await[1].id;
    ok(
        &http,
        &base,
        &MarkMessagesRead::new(vec![answer_id]),
        Some(&client),
    )
    .await;
    reader
        .wait_for(10, "message_read", |seen| {
            seen.events
                .iter()
                .any(|e| e.kind == ChatEventType::MessageRead)
        })
        .await;

    // Upload a file, download it byte for byte (with a file token, with the session).
    let content: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let upload = UploadFile::new(
        FileType::Image,
        "cat \"Tom\".png",
        Some("image/png".to_owned()),
        content.clone(),
    );
    let (file, _) = ok(&http, &base, &upload, Some(&client)).await;
    assert_eq!((file.name.as_str(), file.size), ("cat \"Tom\".png", 70_000));
    let (token, _) = ok(
        &http,
        &base,
        &FileToken::new(file.id.clone()),
        Some(&client),
    )
    .await;
    let target =
        codec::encode_request(&DownloadFile::new(file.id.clone()).with_token(token.token.clone()))
            .unwrap()
            .target;
    let bytes = http
        .get(format!("{base}{target}"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], &content[..], "the download is the upload");
    let target = codec::encode_request(&DownloadImage::new(file.id.clone(), None))
        .unwrap()
        .target;
    let (name, value) = client
        .header_in(iqchannels_proto::Carrier::ClientSessionCookie)
        .unwrap();
    let bytes = http
        .get(format!("{base}{target}"))
        .header(name, value)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], &content[..]);
    // Without credentials: an error envelope, not the file.
    let target = codec::encode_request(&DownloadFile::new(file.id.clone()))
        .unwrap()
        .target;
    let body = http
        .get(format!("{base}{target}"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let refused = codec::decode_response::<DownloadFile>(&body).unwrap().value;
    assert!(
        matches!(refused.into_outcome(), Outcome::Error(e) if e.code == ErrorCode::Unauthorized)
    );
    let (meta, _) = ok(&http, &base, &GetFile::new(file.id.clone()), Some(&client)).await;
    assert_eq!(meta.content_type, "image/png");
    // Another client may not see it.
    let (_, stranger) = signup(&http, &base, "support").await;
    let refused = call(
        &http,
        &base,
        &GetFile::new(file.id.clone()),
        Some(&stranger),
    )
    .await
    .unwrap();
    assert!(matches!(refused.into_outcome(), Outcome::Error(e) if e.code == ErrorCode::Forbidden));
    // The file as a message.
    let send_file = ChannelSend::builder("support", 1_700_000_000_002)
        .file(file.id.clone())
        .build();
    ok(&http, &base, &send_file, Some(&client)).await;
    let (messages, graph) = ok(&http, &base, &history, Some(&client)).await;
    assert_eq!(messages.last().unwrap().payload, ChatPayloadType::File);
    assert!(
        graph.files.iter().any(|f| f.id == file.id),
        "Rels.Files has the file"
    );

    // The operator closes the chat: a rating request; the client rates.
    ok(&http, &base, &CloseChat::new(chat_id), Some(&operator)).await;
    reader
        .wait_for(10, "chat_closed", |seen| {
            seen.events
                .iter()
                .any(|e| e.kind == ChatEventType::ChatClosed)
        })
        .await;
    let (messages, graph) = ok(&http, &base, &history, Some(&client)).await;
    let rating_id = messages
        .iter()
        .find_map(|m| m.rating_id)
        .expect("a rating message");
    assert!(graph
        .ratings
        .iter()
        .any(|r| r.id == rating_id && r.state == RatingState::Pending));
    let (rating, _) = ok(
        &http,
        &base,
        &Rate::new(rating_id, RatingForm::new(5).comment("Thanks")),
        Some(&client),
    )
    .await;
    assert_eq!(
        (rating.state, rating.value, rating.comment.as_deref()),
        (RatingState::Rated, Some(5), Some("Thanks"))
    );
    let refused = call(
        &http,
        &base,
        &Rate::new(rating_id, RatingForm::new(4)),
        Some(&stranger),
    )
    .await
    .unwrap();
    assert!(matches!(refused.into_outcome(), Outcome::Error(e) if e.code == ErrorCode::Forbidden));

    // Chat settings; an integrated client by its credentials, the same one each time.
    let (settings, _) = ok(
        &http,
        &base,
        &GetChatSettings::new("support", Some(auth.client.value().expect("signed in").id)),
        Some(&client),
    )
    .await;
    assert_eq!(settings.chat_title, "Support");
    let integrated = ClientIntegrationAuth::new(Secret::new("customer-42"), "support");
    let (first, _) = ok(&http, &base, &integrated, None).await;
    let (second, _) = ok(&http, &base, &integrated, None).await;
    assert_eq!(
        first.client.value().expect("signed in").id,
        second.client.value().expect("signed in").id
    );
    assert_ne!(
        first.session.value().expect("signed in").token.expose(),
        second.session.value().expect("signed in").token.expose()
    );
    // The credentials are a secret: nothing sent back carries them.
    let written = serde_json::to_string(&first.client).unwrap();
    assert!(!written.contains("customer-42"), "{written}");
    let _ = ChatId::new(0);
}

async fn messages_of(
    http: &reqwest::Client,
    base: &str,
    history: &ChannelMessages,
    client: &Credentials,
) -> Vec<iqchannels_proto::ChatMessage> {
    ok(http, base, history, Some(client)).await.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sets_the_session_cookie_and_the_stream_token_is_verified() {
    let server = Server::memory();
    let http = http();
    let base = &server.base;
    let signup = iqchannels_proto::http::request(
        base,
        &iqchannels_proto::api::public::clients::AnonymousSignup::new("support"),
        None,
    )
    .unwrap();
    let response = http
        .execute(reqwest::Request::try_from(signup).unwrap())
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.bytes().await.unwrap();
    let auth =
        codec::decode_response::<iqchannels_proto::api::public::clients::AnonymousSignup>(&body)
            .unwrap()
            .value
            .data
            .unwrap();
    assert!(cookie.starts_with(&format!(
        "client-session={}; Path=/",
        auth.session.value().expect("signed in").token.expose()
    )));

    // A browser's stream: no header, the signed x-client-token.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let good = iqchannels_proto::ClientStreamToken::new(
        auth.session.value().expect("signed in").id,
        auth.session.value().expect("signed in").token.expose(),
        now,
    );
    let path = iqchannels_proto::stream::public::events_path(
        "support",
        &ChatType::Regular,
        None,
        Some(&good),
    );
    let response = http.get(format!("{base}{path}")).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    drop(response);
    let forged = iqchannels_proto::ClientStreamToken::new(
        auth.session.value().expect("signed in").id,
        "not-the-token",
        now,
    );
    let path = iqchannels_proto::stream::public::events_path(
        "support",
        &ChatType::Regular,
        None,
        Some(&forged),
    );
    let body = http
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let refused =
        codec::decode_response::<iqchannels_proto::api::public::chats::ChannelEvents>(&body)
            .unwrap()
            .value;
    assert!(
        matches!(refused.into_outcome(), Outcome::Error(e) if e.code == ErrorCode::Unauthorized)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_folder_is_served_at_the_root() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("static-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("js")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><p>hello</p>").unwrap();
    std::fs::write(dir.join("js/app.js"), "console.log(1)").unwrap();
    let server = Server::start(&["--memory", "--static", dir.to_str().unwrap()]);
    let http = http();
    let index = http.get(format!("{}/", server.base)).send().await.unwrap();
    assert_eq!(index.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(index.text().await.unwrap(), "<!doctype html><p>hello</p>");
    let script = http
        .get(format!("{}/js/app.js", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(script.headers()["content-type"], "text/javascript");
    let outside = http
        .get(format!("{}/../Cargo.toml", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), 404);
    let missing = http
        .get(format!("{}/nope.html", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

/// Reads frames of an unread stream until `done` holds of them, or panics after 10 s.
async fn unread_frames(
    response: &mut reqwest::Response,
    decoder: &mut StreamDecoder,
    frames: &mut Vec<Frame>,
    done: impl Fn(&[Frame]) -> bool,
) {
    while !done(frames) {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), response.chunk())
            .await
            .expect("a frame in time")
            .unwrap()
            .expect("the stream goes on");
        decoder.push(&chunk);
        while let Some(frame) = decoder.next_frame() {
            let frame = frame.expect("a well-formed frame");
            if frame != Frame::Ping {
                frames.push(frame);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_unread_streams_follow_the_operators_messages_and_the_reads() {
    use iqchannels_proto::api::public::clients::GetLastMessages;
    use iqchannels_proto::stream::public::{decoder_for, unread_path, MULTICHAT_UNREAD_PATH};
    let server = Server::memory();
    let http = http();
    let base = server.base.clone();
    let operator = Credentials::service_account("dev-operator-token").unwrap();
    let (_, client) = signup(&http, &base, "support").await;
    let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular));
    ok(
        &http,
        &base,
        &ChannelSend::builder("support", 1).text("hi").build(),
        Some(&client),
    )
    .await;
    let chat = ok(&http, &base, &history, Some(&client)).await.0[0].chat_id;

    let open = |path: String| {
        let request = http
            .get(format!("{base}{path}"))
            .header(client.header_name(), client.header_value());
        async move { request.send().await.unwrap() }
    };
    let mut single = open(unread_path("support")).await;
    let mut single_decoder = decoder_for(&unread_path("support")).unwrap();
    let mut multi = open(MULTICHAT_UNREAD_PATH.to_owned()).await;
    let mut multi_decoder = decoder_for(MULTICHAT_UNREAD_PATH).unwrap();
    let (mut single_frames, mut multi_frames) = (Vec::new(), Vec::new());
    unread_frames(&mut single, &mut single_decoder, &mut single_frames, |f| {
        !f.is_empty()
    })
    .await;
    assert_eq!(single_frames, [Frame::Unread(0)]);

    let answer = CreateMessage::builder(TicketId::new(chat.get()), 1)
        .text("an answer")
        .build();
    ok(&http, &base, &answer, Some(&operator)).await;
    unread_frames(&mut single, &mut single_decoder, &mut single_frames, |f| {
        f.len() >= 2
    })
    .await;
    assert_eq!(single_frames[1], Frame::Unread(1));
    unread_frames(&mut multi, &mut multi_decoder, &mut multi_frames, |f| {
        f.iter()
            .any(|frame| matches!(frame, Frame::MultichatUnread(state) if state.unread_count == 1))
    })
    .await;
    let Some(Frame::MultichatUnread(state)) = multi_frames.last() else {
        unreachable!()
    };
    assert_eq!(state.name, "support");
    assert_eq!(
        state.last_message.as_ref().and_then(|m| m.text.as_deref()),
        Some("an answer")
    );

    let (last, _) = ok(
        &http,
        &base,
        &GetLastMessages::new(["support"]),
        Some(&client),
    )
    .await;
    assert_eq!((last.channels.len(), last.channels[0].unread_count), (1, 1));

    let answer_id = ok(&http, &base, &history, Some(&client)).await.0[1].id;
    ok(
        &http,
        &base,
        &MarkMessagesRead::new(vec![answer_id]),
        Some(&client),
    )
    .await;
    unread_frames(&mut single, &mut single_decoder, &mut single_frames, |f| {
        f.len() >= 3
    })
    .await;
    assert_eq!(single_frames[2], Frame::Unread(0));
}

/// A search (`Q`) and a filter (`Open`) keep what matches before the page is cut: a page of
/// one is the one that matches, not the newest cut down to nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_and_filters_count_within_the_page() {
    let server = Server::memory();
    let http = http();
    let base = server.base.clone();
    let operator = Credentials::service_account("dev-operator-token").unwrap();

    let (_, client) = signup(&http, &base, "support").await;
    for (local, text) in (1..).zip(["the needle", "hay", "more hay", "the last hay"]) {
        let send = ChannelSend::builder("support", local).text(text).build();
        ok(&http, &base, &send, Some(&client)).await;
    }
    let search = |limit: i32, text: &'static str| {
        let history = ChannelMessages::new(
            "support",
            MessageQuery::new(ChatType::Regular).limit(limit).q(text),
        );
        let (http, base, client) = (&http, &base, &client);
        async move { messages_of(http, base, &history, client).await }
    };
    let texts_of = |found: &[iqchannels_proto::ChatMessage]| {
        found.iter().map(|m| m.text.clone()).collect::<Vec<_>>()
    };
    assert_eq!(texts_of(&search(1, "needle").await), ["the needle"]);
    let found = search(2, "hay").await;
    assert_eq!(texts_of(&found), ["more hay", "the last hay"]);
    let first_chat = found[0].chat_id;

    // A second client's chat, newer, closed: the open page of one is the first chat.
    let (_, second) = signup(&http, &base, "support").await;
    let send = ChannelSend::builder("support", 9).text("hi").build();
    ok(&http, &base, &send, Some(&second)).await;
    let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular));
    let second_chat = messages_of(&http, &base, &history, &second).await[0].chat_id;
    assert_ne!(first_chat, second_chat);
    ok(&http, &base, &CloseChat::new(second_chat), Some(&operator)).await;
    let page = |open: bool| {
        let mut query = ChatQuery::default();
        query.limit = Some(1);
        query.open = Some(open);
        QueryByChannel::new(ChannelId::new(1), query)
    };
    let (open, _) = ok(&http, &base, &page(true), Some(&operator)).await;
    assert_eq!(
        open.iter().map(|chat| chat.id).collect::<Vec<_>>(),
        [first_chat]
    );
    let (closed, _) = ok(&http, &base, &page(false), Some(&operator)).await;
    assert_eq!(
        closed.iter().map(|chat| chat.id).collect::<Vec<_>>(),
        [second_chat]
    );
}

/// Every stream asked for without a credential is refused with one envelope (HTTP 200,
/// `application/json`, as the Go server answers), which the crate tells from a stream by its
/// content type and, from the body alone, gives as the error: never an empty stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_stream_is_one_envelope_that_the_decoder_gives_as_its_error() {
    use iqchannels_proto::stream::{decoder_for, Answer};

    let server = Server::memory();
    let http = http();
    for (path, code) in [
        (
            "/public/api/v1/sse/chats/channel/events/support?ChatType=regular",
            ErrorCode::Unauthorized,
        ),
        (
            "/public/api/v1/sse/chats/channel/unread/support",
            ErrorCode::Unauthorized,
        ),
        (
            "/public/api/v1/sse/chats/channel/unread/multichat",
            ErrorCode::Unauthorized,
        ),
        (
            "/api/v1/sse/chats/events/listen_to_chat/1?FromId=0",
            ErrorCode::Unauthorized,
        ),
        (
            "/api/v1/sse/chats/events/listen_to_channel/1",
            ErrorCode::Unauthorized,
        ),
        (
            "/api/v1/sse/chats/events/listen_to_user/1",
            ErrorCode::Unauthorized,
        ),
    ] {
        let response = http
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        let answer = Answer::of(response.status().as_u16(), Some(&content_type));
        assert_eq!(answer, Answer::Envelope, "{path}");
        let body = response.bytes().await.unwrap();
        let mut decoder = decoder_for(path).unwrap();
        decoder.push(&body);
        decoder.finish();
        match decoder.next_frame() {
            Some(Ok(Frame::Error(error))) => assert_eq!(error.code, code, "{path}: {error}"),
            other => panic!("{path}: {other:?}"),
        }
        assert!(decoder.is_envelope());
    }
}

/// The operator marks a client's message read through the chat API, and the client sees
/// `message_read` on its stream (the widget then shows the message read); the client's
/// own marks do not touch its own messages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_marks_a_clients_message_read_and_the_client_sees_it() {
    use iqchannels_proto::api::chats::{MarkRead, MarkReceived};

    let server = Server::memory();
    let http = http();
    let base = Arc::new(Mutex::new(server.base.clone()));
    let (_, client) = signup(&http, &server.base, "support").await;
    let send = ChannelSend::builder("support", 7).text("hello").build();
    ok(&http, &server.base, &send, Some(&client)).await;
    let reader = Reader::start(
        http.clone(),
        Arc::clone(&base),
        "support",
        client.clone(),
        None,
    );
    reader
        .wait_for(10, "the message on the stream", |seen| {
            seen.events
                .iter()
                .any(|e| e.kind == ChatEventType::MessageCreated)
        })
        .await;
    let id = reader
        .seen
        .lock()
        .unwrap()
        .events
        .iter()
        .find(|e| e.kind == ChatEventType::MessageCreated)
        .and_then(|e| e.message_id)
        .unwrap();

    let operator = Credentials::service_account(support::OPERATOR_TOKEN).unwrap();
    ok(
        &http,
        &server.base,
        &MarkReceived::new(vec![id]),
        Some(&operator),
    )
    .await;
    ok(
        &http,
        &server.base,
        &MarkRead::new(vec![id]),
        Some(&operator),
    )
    .await;
    reader
        .wait_for(10, "message_read on the client's stream", |seen| {
            seen.events
                .iter()
                .any(|e| e.kind == ChatEventType::MessageRead && e.message_id == Some(id))
        })
        .await;
    let seen = reader.seen.lock().unwrap();
    let read = seen
        .events
        .iter()
        .find(|e| e.kind == ChatEventType::MessageRead)
        .unwrap();
    assert_eq!(read.actor, iqchannels_proto::ActorType::User);
    assert!(seen
        .events
        .iter()
        .any(|e| e.kind == ChatEventType::MessageReceived && e.message_id == Some(id)));
}
