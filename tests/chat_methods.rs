//! The chat API's methods as a client and a server use them: the path with its id, the
//! body (empty, a form, a query or a bare array), and the response's data.

#![cfg(feature = "chat")]

use iqchannels_proto::api::chats::{
    ChatMessageForm, ChatMessageQuery, ChatQuery, CloseChat, GetChat, Invite, MarkRead,
    QueryByChannel, QueryMessages, SendMessage, Typing,
};
use iqchannels_proto::api::clients::Auth;
use iqchannels_proto::api::inboxes::{ChatInboxThreadQuery, GetInbox, QueryThreads};
use iqchannels_proto::api::{self as methods, MethodVisitor};
use iqchannels_proto::{
    codec, ChannelId, ChatId, ChatMessageId, DecodeErrorKind, Messages, Method, Outcome, Secret,
    UserId,
};

/// `request` encodes to `path` and `body`, and a server reads it back from them.
fn sent_as<M: Method>(request: M, path: &str, body: &str) {
    let encoded = codec::encode_request(&request).unwrap();
    assert_eq!(encoded.target, path);
    assert_eq!(String::from_utf8(encoded.body).unwrap(), body);
    assert_eq!(
        codec::decode_request_at::<M>(path, body.as_bytes())
            .unwrap()
            .value,
        request
    );
}

#[test]
fn requests_carry_their_id_in_the_path_and_the_rest_in_the_body() {
    sent_as(GetChat::new(ChatId::new(10)), "/api/v1/chats/get/10", "{}");
    sent_as(
        CloseChat::new(ChatId::new(10)),
        "/api/v1/chats/close/10",
        "{}",
    );
    sent_as(
        Typing::new(ChatId::new(10)),
        "/api/v1/chats/typing/10",
        "{}",
    );
    sent_as(
        Invite::new(ChatId::new(10), UserId::new(5)),
        "/api/v1/chats/invite/10",
        r#"{"UserId":5}"#,
    );
    let mut query = ChatQuery::default();
    query.limit = Some(20);
    query.open = Some(true);
    sent_as(
        QueryByChannel::new(ChannelId::new(3), query),
        "/api/v1/chats/query_by_channel/3",
        r#"{"Limit":20,"Open":true}"#,
    );
    sent_as(
        QueryMessages::new(ChatId::new(10), ChatMessageQuery::default()),
        "/api/v1/chats/messages/query_by_chat/10",
        "{}",
    );
    sent_as(
        SendMessage::new(
            ChatId::new(10),
            ChatMessageForm::text(1548142724904, "Привет"),
        ),
        "/api/v1/chats/send/10",
        r#"{"LocalId":1548142724904,"Payload":"text","Text":"Привет"}"#,
    );
    sent_as(
        MarkRead::new(vec![ChatMessageId::new(1), ChatMessageId::new(2)]),
        "/api/v1/chats/messages/read",
        "[1,2]",
    );
    sent_as(
        GetInbox::new(UserId::new(5)),
        "/api/v1/chats/inboxes/get_by_user/5",
        "{}",
    );
    sent_as(
        QueryThreads::new(UserId::new(5), ChatInboxThreadQuery::default()),
        "/api/v1/chats/inbox_threads/query_by_user/5",
        "{}",
    );
    sent_as(
        Auth::new(Secret::new("t0k3n")),
        "/api/v1/clients/auth",
        r#"{"Token":"t0k3n"}"#,
    );
    assert!(!format!("{:?}", Auth::new(Secret::new("t0k3n"))).contains("t0k3n"));
}

#[test]
fn a_server_refuses_another_path_and_a_body_that_is_not_the_method_s() {
    for path in [
        "/api/v1/chats/open/10",
        "/api/v1/chats/get/",
        "/api/v1/chats/get/10/",
        "/api/v1/chats/get/1x",
        "/api/v1/chats/get/x",
        "/api/v1/chats/get/%31x",
        "/api/v1/chats/get/99999999999999999999",
    ] {
        assert!(
            codec::decode_request_at::<GetChat>(path, b"{}").is_err(),
            "{path}"
        );
    }
    // Ids as Go's strconv.ParseInt reads them: a sign, and percent-encoded digits, are
    // read.
    for (path, id) in [
        ("/api/v1/chats/get/-1", -1),
        ("/api/v1/chats/get/+7", 7),
        ("/api/v1/chats/get/%31%30", 10),
    ] {
        let request = codec::decode_request_at::<GetChat>(path, b"{}")
            .unwrap()
            .value;
        assert_eq!(request.chat_id, ChatId::new(id), "{path}");
    }
    let error = codec::decode_request_at::<GetChat>("/api/v1/chats/get/x", b"{}").unwrap_err();
    assert_eq!(
        (error.kind(), error.path()),
        (DecodeErrorKind::Data, ":chatId")
    );
    let error = codec::decode_request_strict::<Invite>(b"{}").unwrap_err();
    assert_eq!(error.kind(), DecodeErrorKind::Data);
    assert_eq!(error.path(), "UserId");
    // An empty body is an object, never an array.
    assert!(codec::decode_request_at::<GetChat>("/api/v1/chats/get/10", b"[]").is_err());
}

#[test]
fn responses_decode_in_the_older_envelope() {
    let body = r#"{"OK": true, "Result": {"Id": 10, "ChannelId": 3, "ClientId": 77,
        "Open": true, "AssigneeId": 5, "TotalMembers": -1},
        "Rels": {"Clients": [{"Id": 77, "Name": "Иван"}], "Chats": [{"Id": 10}]}}"#;
    let decoded = codec::decode_response::<GetChat>(body.as_bytes()).unwrap();
    let Outcome::Data { data, graph } = decoded.value.into_outcome() else {
        panic!("data");
    };
    assert_eq!(data.id.get(), 10);
    assert_eq!(data.total_members, -1);
    assert_eq!(graph.clients[0].name, "Иван");
    assert_eq!(graph.chats[0].id.get(), 10);
    assert!(graph.other.is_empty());
    let sent = codec::decode_response::<SendMessage>(br#"{"OK": true, "Result": 500}"#).unwrap();
    assert_eq!(sent.value.data, Some(ChatMessageId::new(500)));
    let read = codec::decode_response::<MarkRead>(br#"{"OK": true, "Result": null}"#).unwrap();
    assert_eq!(read.value.data, None);
}

#[test]
fn a_path_with_an_id_finds_its_method() {
    struct Path;
    impl MethodVisitor for Path {
        type Output = &'static str;
        fn visit<M: Method>(&mut self) -> &'static str
        where
            M::Data: Messages,
        {
            M::METADATA.path
        }
    }
    assert_eq!(
        methods::visit("/api/v1/chats/get/10", &mut Path),
        Some("/api/v1/chats/get/:chatId")
    );
    assert_eq!(
        methods::visit("/api/v1/chats/get/:chatId", &mut Path),
        Some("/api/v1/chats/get/:chatId")
    );
    assert_eq!(
        methods::visit("/api/v1/chats/get/10?Limit=1", &mut Path),
        Some("/api/v1/chats/get/:chatId")
    );
    assert_eq!(methods::visit("/api/v1/chats/get", &mut Path), None);
    // Every method's path is distinct, and the list is in path order.
    let paths = methods::visit_all(&mut Path);
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(paths, sorted);
}
