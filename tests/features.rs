//! Features are additive: enabling `chat` neither changes what a value built without it
//! encodes to nor turns a valid value into an encoding error. These tests pin the bytes, so
//! they hold only if both configurations give the same; `.ci/run` runs them in both
//! (`cargo test --no-default-features --test features`, and with `--all-features`).

use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
use iqchannels_proto::{
    codec, Client, ClientId, File, FileId, Graph, Message, MessageId, RawJson, Response, User,
    UserId,
};

fn raw(json: &str) -> RawJson {
    RawJson::from_string(json.to_owned()).unwrap()
}

/// A graph as code built without the `chat` feature may build it: the chat API's
/// collections, which that build does not type, carried verbatim in `other`.
fn graph_built_without_chat() -> Graph {
    let mut graph = Graph::default();
    graph.users.push(User::new(UserId::new(1)));
    graph.clients.push(Client::new(ClientId::new(2)));
    graph.files.push(File::new(FileId::new("a.jpg")));
    for (name, json) in [
        ("Channels", "[]"),
        ("Chats", r#"[{"Id":10,"Unmodelled":true}]"#),
        ("ChatMembers", "null"),
        ("ChatMessages", r#"[{"Id":"not an id"}]"#),
        ("ChatNotices", "{}"),
        ("ChatInboxes", "[]"),
        ("ChatInboxThreads", "[]"),
        ("Tickets", r#"[{"Id":3}]"#),
    ] {
        graph.other.insert(name.to_owned(), raw(json));
    }
    graph
}

#[test]
fn a_graph_built_without_chat_encodes_to_the_same_bytes_with_it() {
    let graph = graph_built_without_chat();
    let json = serde_json::to_string(&graph).unwrap();
    let user = serde_json::to_string(&graph.users[0]).unwrap();
    let client = serde_json::to_string(&graph.clients[0]).unwrap();
    let file = serde_json::to_string(&graph.files[0]).unwrap();
    let expected = format!(
        concat!(
            r#"{{"Users":[{user}],"Clients":[{client}],"Files":[{file}],"#,
            r#""Channels":[],"ChatInboxThreads":[],"ChatInboxes":[],"ChatMembers":null,"#,
            r#""ChatMessages":[{{"Id":"not an id"}}],"ChatNotices":{{}},"#,
            r#""Chats":[{{"Id":10,"Unmodelled":true}}],"Tickets":[{{"Id":3}}]}}"#,
        ),
        user = user,
        client = client,
        file = file,
    );
    assert_eq!(json, expected);
}

#[test]
fn a_response_built_without_chat_encodes_to_the_same_bytes_with_it() {
    let response = Response::success(
        CreateMessageData::new(Message::new(MessageId::new(1))),
        graph_built_without_chat(),
    );
    let body = codec::encode_response::<CreateMessage>(&response).unwrap();
    insta::assert_snapshot!(String::from_utf8(body).unwrap());
}

#[test]
fn an_empty_graph_gains_no_keys_with_chat() {
    assert_eq!(serde_json::to_string(&Graph::default()).unwrap(), "{}");
    let response = Response::success(CreateMessageData::default(), Graph::default());
    let body =
        String::from_utf8(codec::encode_response::<CreateMessage>(&response).unwrap()).unwrap();
    assert!(body.ends_with(r#","Graph":{}}"#), "{body}");
}

#[test]
fn the_documented_response_round_trips_to_the_same_bytes_either_way() {
    let documented = include_bytes!("fixtures/create_message.response.json");
    let decoded = codec::decode_response::<CreateMessage>(documented).unwrap();
    assert!(decoded.warnings.is_empty());
    let body = codec::encode_response::<CreateMessage>(&decoded.value).unwrap();
    let json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
    assert_eq!(json(&body), json(documented));
    insta::assert_snapshot!(String::from_utf8(body).unwrap());
}
