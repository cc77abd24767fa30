//! The client against the development server's process (the binary, started by the
//! tests): calls of each kind, credentials kept, errors told apart, a download, and the
//! streams through SIGKILLs of the server and a SIGSTOP past the stall bound.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::StreamExt;
use iqchannels_client::{Client, Error};
use iqchannels_proto::api::chats::{ChatQuery, CloseChat, QueryByChannel};
use iqchannels_proto::api::public::chats::{
    ChannelEvents, ChannelMessages, ChannelSend, ChannelUnread, MessageQuery,
};
use iqchannels_proto::api::public::clients::{AnonymousSignup, ClientTokenAuth, Me};
use iqchannels_proto::api::public::files::{DownloadFile, FileToken, GetFilesConfig, UploadFile};
use iqchannels_proto::api::public::messages::MarkMessagesRead;
use iqchannels_proto::api::public::ratings::{Rate, RatingForm};
use iqchannels_proto::api::public::settings::{GetChatSettings, GetGreetings};
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::stream::Frame;
use iqchannels_proto::{
    ChannelId, ChatEventType, ChatType, Credentials, ErrorCode, FileType, TicketId,
};

mod support;

use support::{Server, OPERATOR_TOKEN};

/// A free port on loopback, for a server restarted at the same address.
fn free_addr() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

fn operator(base: &str) -> Client {
    Client::new(base).with_credentials(Credentials::service_account(OPERATOR_TOKEN).unwrap())
}

/// Calls of each kind: sign-up and sign-in (the session kept), reads and sends, the
/// chat API and the Internal API, receipts, an upload and its download by file token, a
/// rating; each error kind told apart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_of_each_kind_and_their_errors() {
    let server = Server::start("127.0.0.1:0", &["--memory"]);
    let anonymous = Client::new(&server.base);
    let config = anonymous.call(&GetFilesConfig::new()).await.unwrap().data;
    assert!(config.max_file_size_mb.is_some());
    let greeting = anonymous
        .call(&GetGreetings::new("support"))
        .await
        .unwrap()
        .data;
    assert!(greeting.greeting.is_some());

    let (client, auth) = anonymous
        .sign_in(&AnonymousSignup::new("support"))
        .await
        .unwrap();
    let me = client.call(&Me::new()).await.unwrap().data;
    assert_eq!(Some(me.id), auth.client.value().map(|c| c.id));
    let token = auth.session.value().unwrap().token.clone();
    let (again, _) = anonymous
        .sign_in(&ClientTokenAuth::new(token))
        .await
        .unwrap();
    assert_eq!(again.call(&Me::new()).await.unwrap().data.id, me.id);
    let settings = client
        .call(&GetChatSettings::new("support", Some(me.id)))
        .await
        .unwrap();
    assert!(settings.data.enabled.value().copied().unwrap_or(false));

    client
        .call(&ChannelSend::builder("support", 1).text("Hello").build())
        .await
        .unwrap();
    let operator = operator(&server.base);
    let chats = QueryByChannel::new(ChannelId::new(1), ChatQuery::default());
    let chat = operator.call(&chats).await.unwrap().data[0].id;
    let answer = CreateMessage::builder(TicketId::new(chat.get()), 1)
        .text("Hi")
        .build();
    let created = operator.call(&answer).await.unwrap();
    assert_eq!(created.data.message.text, "Hi");
    let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular));
    let page = client.call(&history).await.unwrap();
    let texts: Vec<_> = page.data.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["Hello", "Hi"]);
    assert!(!page.graph.users.is_empty());
    client
        .call(&MarkMessagesRead::new(vec![page.data[1].id]))
        .await
        .unwrap();

    // A file, uploaded and downloaded as a stream of bytes by its token.
    let content = b"\x89PNG\r\n\x1a\nnot really".to_vec();
    let upload = UploadFile::new(
        FileType::Image,
        "a.png",
        Some("image/png".to_owned()),
        content.clone(),
    );
    let file = client.call(&upload).await.unwrap().data;
    let token = client
        .call(&FileToken::new(file.id.clone()))
        .await
        .unwrap()
        .data
        .token;
    let link = DownloadFile::new(file.id.clone()).with_token(token);
    let mut bytes = Vec::new();
    let mut chunks = Box::pin(anonymous.download(&link).await.unwrap());
    while let Some(chunk) = chunks.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(bytes, content);
    // A refused download is the server's error, not a file of its JSON.
    let wrong =
        DownloadFile::new(file.id.clone()).with_token(iqchannels_proto::Secret::new("nope"));
    match anonymous.download(&wrong).await {
        Err(error) => assert_eq!(error.code(), Some(&ErrorCode::Unauthorized), "{error}"),
        Ok(_) => panic!("a download by a wrong token"),
    }

    // A file streamed from disk (1 MiB: 16 chunks), downloaded by the session.
    let path = std::env::temp_dir().join(format!("iqchannels-client-{}.bin", std::process::id()));
    let content: Vec<u8> = (0..1u32 << 20).map(|n| (n % 251) as u8).collect();
    std::fs::write(&path, &content).unwrap();
    let streamed = client
        .upload_file(&path, FileType::File, Some("application/octet-stream"))
        .await;
    let _ = std::fs::remove_file(&path);
    let streamed = streamed.unwrap().data;
    assert_eq!(streamed.size, 1 << 20);
    assert_eq!(streamed.name, path.file_name().unwrap().to_str().unwrap());
    let mut bytes = Vec::new();
    let mut chunks = Box::pin(
        client
            .download(&DownloadFile::new(streamed.id))
            .await
            .unwrap(),
    );
    while let Some(chunk) = chunks.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert!(
        bytes == content,
        "the streamed upload reads back byte for byte"
    );

    // A rating, after the operator closes the chat.
    operator.call(&CloseChat::new(chat)).await.unwrap();
    let page = client.call(&history).await.unwrap();
    let rating = page
        .data
        .iter()
        .find_map(|m| m.rating_id)
        .expect("a rating");
    let rated = client
        .call(&Rate::new(rating, RatingForm::new(5)))
        .await
        .unwrap();
    assert_eq!(rated.data.value, Some(5));

    // A stream that starts after the history's last event yields only what follows.
    let page = client.call(&history).await.unwrap();
    let newest = page.data.iter().filter_map(|m| m.event_id).max();
    let mut listen = ChannelEvents::new("support", ChatType::Regular);
    listen.last_event_id = newest;
    let mut frames = Box::pin(client.stream(listen));
    client
        .call(&ChannelSend::builder("support", 2).text("Later").build())
        .await
        .unwrap();
    let frame = tokio::time::timeout(Duration::from_secs(10), frames.next())
        .await
        .unwrap();
    let Some(Ok(Frame::Events { events, graph, .. })) = frame else {
        panic!("{frame:?}")
    };
    assert!(
        events.iter().all(|event| Some(event.id) > newest),
        "{events:?}"
    );
    assert!(graph.chat_messages.iter().any(|m| m.text == "Later"));

    // The errors, told apart.
    let refused = anonymous.call(&Me::new()).await.unwrap_err();
    assert_eq!(refused.code(), Some(&ErrorCode::Unauthorized), "{refused}");
    let wrong = Rate::new(rating, RatingForm::new(9));
    assert_eq!(
        client.call(&wrong).await.unwrap_err().code(),
        Some(&ErrorCode::Invalid)
    );
    let nowhere = Client::new("http://127.0.0.1:9")
        .call(&Me::new())
        .await
        .unwrap_err();
    assert!(nowhere.is_transport(), "{nowhere}");
    let missing = Client::new(format!("{}/nowhere", server.base));
    assert!(matches!(
        missing.call(&Me::new()).await,
        Err(Error::Api(_) | Error::Status(..))
    ));
    // The credentials never show in Debug.
    assert!(!format!("{client:?}").contains(auth.session.value().unwrap().token.expose()));
}

/// A client's events stream while the server is killed (SIGKILL) three times and
/// restarted on the same database and address, messages sent all along (each retried
/// with its `LocalId` until it is taken): every message comes once, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_yields_every_event_once_through_sigkills() {
    let db = std::env::temp_dir().join(format!("iqchannels-client-{}.sqlite3", std::process::id()));
    let db_arg = db.to_str().unwrap().to_owned();
    let addr = free_addr();
    let mut server = Server::start(&addr, &["--db", &db_arg]);
    let base = server.base.clone();
    let fast = |base: &str| {
        Client::builder(base)
            .reconnect_delays(vec![Duration::from_millis(100), Duration::from_millis(200)])
            .timeout(Duration::from_secs(2))
            .build()
    };
    let (client, _) = fast(&base)
        .sign_in(&AnonymousSignup::new("support"))
        .await
        .unwrap();
    client
        .call(&ChannelSend::builder("support", 1).text("0").build())
        .await
        .unwrap();
    let mut frames = Box::pin(client.stream(ChannelEvents::new("support", ChatType::Regular)));

    let total = 60;
    let sender = {
        let client = client.clone();
        tokio::spawn(async move {
            for n in 1..=total {
                let send = ChannelSend::builder("support", 1 + n)
                    .text(n.to_string())
                    .build();
                // Retried until the server, restarted, takes it (a resend of the same
                // LocalId is the same message).
                while client.call(&send).await.is_err() {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let mut texts: Vec<String> = Vec::new();
    let mut ids = Vec::new();
    let mut kills = 0;
    while texts.len() < total as usize + 1 {
        let frame = tokio::time::timeout(Duration::from_secs(20), frames.next())
            .await
            .expect("the stream goes on")
            .expect("not ended")
            .expect("a frame");
        if let Frame::Events { events, graph, .. } = frame {
            for event in events
                .iter()
                .filter(|e| e.kind == ChatEventType::MessageCreated)
            {
                ids.push(event.id);
                let message = graph
                    .chat_messages
                    .iter()
                    .find(|m| Some(m.id) == event.message_id);
                texts.push(message.expect("the event's message").text.clone());
            }
        }
        if kills < 3 && texts.len() >= 10 * (kills + 1) {
            assert!(server.signal("-KILL"));
            let _ = server.child.wait();
            tokio::time::sleep(Duration::from_millis(200)).await;
            server = Server::start(&addr, &["--db", &db_arg]);
            kills += 1;
        }
    }
    sender.await.unwrap();
    assert_eq!(kills, 3);
    let expected: Vec<String> = (0..=total).map(|n| n.to_string()).collect();
    assert_eq!(texts, expected, "each message once, in order");
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    drop(server);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

/// The server stopped (SIGSTOP) past the client's stall bound, its keep-alives set to
/// 1 s: once it continues (SIGCONT), the stream goes on and yields what was sent after.
/// (That the silence itself is taken as a dropped connection is the next test's: the same
/// connection could also resume here.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_stream_reconnects() {
    let server = Server::start("127.0.0.1:0", &["--memory", "--keepalive", "1"]);
    let client = Client::builder(&server.base)
        .stall_after(Duration::from_secs(2))
        .reconnect_delays(vec![Duration::from_millis(100)])
        .build();
    let (client, _) = client
        .sign_in(&AnonymousSignup::new("support"))
        .await
        .unwrap();
    let mut unread = Box::pin(client.stream(ChannelUnread::new("support")));
    let first = tokio::time::timeout(Duration::from_secs(5), unread.next())
        .await
        .unwrap();
    assert!(matches!(first, Some(Ok(Frame::Unread(0)))), "{first:?}");

    assert!(server.signal("-STOP"));
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(server.signal("-CONT"));
    let operator = operator(&server.base);
    let chats = QueryByChannel::new(ChannelId::new(1), ChatQuery::default());
    let chat = operator.call(&chats).await.unwrap().data[0].id;
    let answer = CreateMessage::builder(TicketId::new(chat.get()), 1)
        .text("Hi")
        .build();
    operator.call(&answer).await.unwrap();
    // The unread count after the reconnection: the operator's message.
    let mut counts = BTreeSet::new();
    while !counts.contains(&1) {
        match tokio::time::timeout(Duration::from_secs(10), unread.next()).await {
            Ok(Some(Ok(Frame::Unread(count)))) => {
                counts.insert(count);
            }
            other => panic!("the unread stream after SIGCONT: {other:?}"),
        }
    }
}

/// A server that answers a stream's request, sends one keep-alive and then nothing, the
/// connection left open: the client takes the silence past its stall bound as a dropped
/// connection, and connects again (counted by the fake server).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_connection_past_the_stall_bound_is_dropped() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&accepted);
    tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            counted.fetch_add(1, Ordering::SeqCst);
            let mut request = [0u8; 4096];
            let _ = socket.read(&mut request).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
            let ping = ": ping\n\n";
            let chunk = format!("{head}{:x}\r\n{ping}\r\n", ping.len());
            let _ = socket.write_all(chunk.as_bytes()).await;
            held.push(socket);
        }
    });
    let client = Client::builder(&base)
        .stall_after(Duration::from_secs(1))
        .reconnect_delays(vec![Duration::from_millis(50)])
        .build()
        .with_credentials(Credentials::client("token").unwrap());
    let mut frames = Box::pin(client.stream(ChannelEvents::new("support", ChatType::Regular)));
    // Nothing to yield (keep-alives are not): polled for 3.5 s.
    let polled = tokio::time::timeout(Duration::from_millis(3_500), frames.next()).await;
    assert!(polled.is_err(), "nothing was yielded: {polled:?}");
    let connections = accepted.load(Ordering::SeqCst);
    // At least one reconnection after a stall (four when the machine keeps time), and no
    // busy loop.
    assert!(
        (2..=5).contains(&connections),
        "{connections} connections in 3.5 s"
    );
}
