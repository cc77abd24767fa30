//! The chat API's graph collections (`Rels.Chats`, `Rels.ChatMessages`, ...): typed, with
//! their references, resolution and the server's builder.

#![cfg(feature = "chat")]

use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::graph::{Author, GraphBuilder, Object};
use iqchannels_proto::references::Reference;
use iqchannels_proto::{
    codec, ChannelId, Chat, ChatEvent, ChatEventId, ChatId, ChatMessage, ChatMessageId, Client,
    ClientId, Graph, User, UserId,
};

const BODY: &str = r#"{"OK": true, "Result": {"Message": {"Id": 1}}, "Rels": {
    "Chats": [{"Id": 10, "ClientId": 77, "AssigneeId": 5, "MessageId": 500}],
    "ChatMessages": [{"Id": 500, "ChatId": 10, "Author": "client", "ClientId": 77, "Text": "Hi"},
                     {"Id": "not an id"}],
    "Clients": [{"Id": 77, "Name": "Иван"}],
    "Users": [{"Id": 5, "Name": "Оператор"}],
    "Tickets": [{"Id": 1}]
}}"#;

#[test]
fn chat_collections_are_typed_and_a_malformed_element_is_a_warning() {
    let decoded = codec::decode_response::<CreateMessage>(BODY.as_bytes()).unwrap();
    let graph = decoded.value.graph.unwrap();
    assert_eq!(graph.chats[0].id, ChatId::new(10));
    assert_eq!(graph.chat_messages.len(), 1);
    assert_eq!(decoded.warnings.len(), 1);
    assert_eq!(decoded.warnings[0].path(), "Rels.ChatMessages[1]");
    // Collections the crate does not model stay as they came.
    assert!(graph.other.contains_key("Tickets"));
    // Written back under the current names, each typed collection once.
    let json: serde_json::Value = serde_json::to_value(&graph).unwrap();
    assert_eq!(json["Chats"][0]["Id"], 10);
    assert!(Graph::TYPED.contains(&"ChatMessages"));
}

#[test]
fn events_chats_and_messages_resolve_against_the_graph() {
    let decoded = codec::decode_response::<CreateMessage>(BODY.as_bytes()).unwrap();
    let graph = decoded.value.graph.unwrap();
    let index = graph.index();
    let chat = index.chat(ChatId::new(10)).unwrap();
    assert_eq!(index.chat_client(chat).unwrap().name, "Иван");
    assert_eq!(index.chat_assignee(chat).unwrap().name, "Оператор");
    let mut event = ChatEvent::new(ChatEventId::new(1));
    event.chat_id = Some(ChatId::new(10));
    event.message_id = Some(ChatMessageId::new(500));
    let message = index.event_message(&event).unwrap();
    assert_eq!(message.text, "Hi");
    assert_eq!(index.event_chat(&event), Some(chat));
    match index.chat_message_author(message) {
        Author::Client(client) => assert_eq!(client.id, ClientId::new(77)),
        other => panic!("{other:?}"),
    }
    // What the graph lacks is dangling, by its kind.
    event.message_id = Some(ChatMessageId::new(501));
    let dangling = index.dangling(&event);
    assert_eq!(dangling.len(), 1);
    assert_eq!(dangling[0].path, "MessageId");
    assert_eq!(
        dangling[0].reference,
        Reference::ChatMessage(ChatMessageId::new(501))
    );
    assert_eq!(dangling[0].reference.to_string(), "chat message 501");
}

#[test]
fn the_builder_completes_a_graph_with_chat_objects() {
    let mut message = ChatMessage::new(ChatMessageId::new(500));
    message.chat_id = ChatId::new(10);
    message.client_id = Some(ClientId::new(77));
    let lookup = |reference: &Reference| match reference {
        Reference::Chat(id) => {
            let mut chat = Chat::new(*id);
            chat.channel_id = ChannelId::new(3);
            chat.client_id = ClientId::new(77);
            chat.assignee_id = Some(UserId::new(5));
            Some(Object::Chat(chat))
        }
        Reference::Client(id) => Some(Object::Client(Client::new(*id))),
        Reference::User(id) => Some(Object::User(User::new(*id))),
        _ => None,
    };
    let mut builder = GraphBuilder::new();
    let not_found = builder.complete(&message, lookup);
    // The chat points at its channel, which the lookup does not give.
    assert_eq!(not_found.len(), 1);
    assert_eq!(not_found[0], Reference::Channel(ChannelId::new(3)));
    let graph = builder.build();
    assert_eq!(graph.chats[0].id, ChatId::new(10));
    assert_eq!(graph.clients[0].id, ClientId::new(77));
    assert_eq!(graph.users[0].id, UserId::new(5));
}
