//! The benchmarks' payloads, generated deterministically, and the baseline types: plain
//! `#[derive(Deserialize, Serialize)]` structs with the same fields (baseline D, also read
//! by sonic-rs as baseline S).

use iqchannels_proto::envelope::Spelling;
use iqchannels_proto::methods::{Metadata, Verb};
use iqchannels_proto::schema::{Kind, Wire};
use iqchannels_proto::{
    codec, ActorType, FileId, Graph, Message, MessageId, MessageType, MessageUid, Method, Response,
    TicketId, Timestamp, User, UserId,
};
use serde::{Deserialize, Serialize};

/// A deterministic generator (a 64-bit LCG), so every run measures the same data.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// A page of messages: the shape of the chat API's `chats/messages/query_by_chat`,
/// whose data is a list of messages. Only for benchmarks: the crate's one method with
/// messages answers with one.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Page;

impl Method for Page {
    const METADATA: Metadata = Metadata::new(Verb::Post, "/bench/page");
    type Data = Vec<Message>;
}

/// Its request is `null`.
impl Wire for Page {
    const KIND: Kind = Kind::Unit;
}

/// Text as people write it: Cyrillic, emoji, quotes, escapes, lengths from 2 to ~300.
const TEXTS: &[&str] = &[
    "Hello",
    "Здравствуйте! Чем могу помочь?",
    "Спасибо 😀👍 всё работает",
    "Line one\nline \"two\"\t\\ tab and a slash /",
    "ok",
    "Заказ №12345 оформлен, ожидайте звонка курьера в течение дня. Если будут вопросы, пишите сюда — ответим в течение пяти минут. 🚚📦",
    "Could you check order #A-77? It says \"delivered\" but nothing arrived 🤔",
    "\u{1F600}\u{1F601}\u{1F602}",
];

/// One of the payloads: its name and the body.
pub struct Payload {
    pub name: &'static str,
    pub body: Vec<u8>,
}

/// The documented response, as the fixture has it (pretty-printed, 1 message).
pub fn documented() -> Payload {
    Payload {
        name: "documented",
        body: include_bytes!("../../tests/fixtures/create_message.response.json").to_vec(),
    }
}

/// A response of `messages` messages written by `users` users (and, one in five, by a
/// client), the users in the graph, written as the server writes it (compact).
pub fn page(name: &'static str, messages: usize, users: usize) -> Payload {
    let mut random = Lcg(messages as u64 * 7919 + users as u64);
    let graph_users: Vec<User> = (1..=users as i64)
        .map(|id| {
            let mut user = User::new(UserId::new(id));
            user.name = format!("Оператор {id}");
            user.display_name = format!("Оператор {id} 😀");
            user.email = format!("operator{id}@iqstore.ru");
            user.position = "Оператор".to_owned();
            user.avatar_id = FileId::new(format!("baac46c4-c475-11e7-999e-{id:012x}.jpg")).into();
            user.online = (id as u64).is_multiple_of(2);
            user.active = true;
            user.created_at = Timestamp::from_millis(1508308102244 + id);
            user.updated_at = Timestamp::from_millis(1548142724569 + id);
            user
        })
        .collect();
    let data: Vec<Message> = (0..messages as i64)
        .map(|index| {
            let mut message = Message::new(MessageId::new(1632 + index));
            message.uid = MessageUid::new(format!(
                "{:040x}",
                random.next() as u128 * 0x9e37_79b9_7f4a_7c15
            ));
            message.ticket_id = TicketId::new(103);
            message.local_id = 1548142724904 + index;
            if random.next().is_multiple_of(5) {
                message.author = ActorType::Client;
                message.client_id = Some(iqchannels_proto::ClientId::new(77));
            } else {
                message.author = ActorType::User;
                message.user_id = Some(UserId::new(1 + (random.next() % users as u64) as i64));
            }
            message.kind = MessageType::Text;
            message.text = TEXTS[(random.next() % TEXTS.len() as u64) as usize].to_owned();
            message.received = true;
            message.read = (index as u64).is_multiple_of(3);
            message.created_at = Timestamp::from_millis(1548142724951 + index * 1000);
            message.updated_at = message.created_at;
            message.received_at = Some(message.created_at);
            message.my = (index as u64).is_multiple_of(2);
            message
        })
        .collect();
    let mut graph = Graph::default();
    graph.users = graph_users;
    let body =
        codec::encode_response_as(&Response::success(data, graph), Spelling::DataGraph).unwrap();
    Payload { name, body }
}

/// A page of the chat API's messages (`chats/messages/query_by_chat`, the older envelope):
/// `messages` messages in one chat, written by `users` operators and (one in five) the
/// client, the users and the client in the graph.
#[cfg(feature = "chat")]
pub fn chat_page(name: &'static str, messages: usize, users: usize) -> Payload {
    use iqchannels_proto::{ChatId, ChatMessage, ChatMessageId, ChatPayloadType, ClientId};

    let mut random = Lcg(messages as u64 * 104729 + users as u64);
    let data: Vec<ChatMessage> = (0..messages as i64)
        .map(|index| {
            let mut message = ChatMessage::new(ChatMessageId::new(5000 + index));
            message.uid = MessageUid::new(format!(
                "{:040x}",
                random.next() as u128 * 0x9e37_79b9_7f4a_7c15
            ));
            message.chat_id = ChatId::new(10);
            message.local_id = 1548142724904 + index;
            message.public = true;
            if random.next().is_multiple_of(5) {
                message.author = ActorType::Client;
                message.client_id = Some(ClientId::new(77));
            } else {
                message.author = ActorType::User;
                message.user_id = Some(UserId::new(1 + (random.next() % users as u64) as i64));
            }
            message.payload = ChatPayloadType::Text;
            message.text = TEXTS[(random.next() % TEXTS.len() as u64) as usize].to_owned();
            message.received = true;
            message.read = (index as u64).is_multiple_of(3);
            message.created_at = Timestamp::from_millis(1548142724951 + index * 1000);
            message.received_at = message.created_at;
            message.my = (index as u64).is_multiple_of(2);
            message
        })
        .collect();
    let mut graph = Graph::default();
    graph.users = (1..=users as i64)
        .map(|id| {
            let mut user = User::new(UserId::new(id));
            user.name = format!("Оператор {id}");
            user.display_name = format!("Оператор {id} 😀");
            // As the Go server writes a user without an avatar (and the payload was).
            user.avatar_id = FileId::new("").into();
            user
        })
        .collect();
    let body =
        codec::encode_response_as(&Response::success(data, graph), Spelling::DataGraph).unwrap();
    // The older envelope's names, as the chat API writes them.
    let body = String::from_utf8(body).unwrap();
    let body = body
        .replacen("\"Data\":", "\"Result\":", 1)
        .replacen("\"Graph\":", "\"Rels\":", 1);
    Payload {
        name,
        body: body.into_bytes(),
    }
}

/// A page of the public API's channel history (`chats/channel/messages/:channel`, `Result`
/// and `Rels`): `messages` messages in one chat, written by `users` operators and (one in
/// five) the client, with what the widget shows beside text: replies, Markdown, buttons
/// (`SingleChoices`) and products with prices that have a fraction (one in seven), the
/// users and the client in `Rels`.
#[cfg(feature = "public")]
pub fn public_page(name: &'static str, messages: usize, users: usize) -> Payload {
    use iqchannels_proto::{
        ChatEventId, ChatId, ChatMessage, ChatMessageId, ChatPayloadType, Client, ClientId,
        ClientSessionId, MessageStyle, PeriodicPayment, PeriodicPaymentType, Price, Product,
        ProductId, ProductType, SingleChoice, SingleChoiceId,
    };

    let mut random = Lcg(messages as u64 * 15485863 + users as u64);
    let data: Vec<ChatMessage> = (0..messages as i64)
        .map(|index| {
            let mut message = ChatMessage::new(ChatMessageId::new(5000 + index));
            message.chat_id = ChatId::new(10);
            message.session_id = ClientSessionId::new(4242);
            message.event_id = Some(ChatEventId::new(90_000 + index));
            message.public = true;
            if random.next().is_multiple_of(5) {
                message.author = ActorType::Client;
                message.client_id = Some(ClientId::new(77));
                message.local_id = 1548142724904 + index;
            } else {
                message.author = ActorType::User;
                message.user_id = Some(UserId::new(1 + (random.next() % users as u64) as i64));
            }
            message.payload = ChatPayloadType::Text;
            message.text = TEXTS[(random.next() % TEXTS.len() as u64) as usize].to_owned();
            if index % 3 == 1 {
                message.style = Some(MessageStyle::Markdown);
            }
            if index % 4 == 3 {
                message.reply_to_message_id = Some(ChatMessageId::new(5000 + index - 1));
            }
            if index % 9 == 4 {
                message.single_choices = Some(
                    ["Да", "Нет, спасибо"]
                        .iter()
                        .enumerate()
                        .map(|(n, title)| {
                            let mut choice =
                                SingleChoice::new(SingleChoiceId::new(index * 10 + n as i64));
                            choice.chat_message_id = message.id;
                            choice.client_id = ClientId::new(77);
                            choice.title = (*title).to_owned();
                            choice.value = format!("choice-{n}");
                            choice
                        })
                        .collect(),
                );
                message.disable_free_text = Some(true);
            }
            if index % 7 == 5 {
                let mut product = Product::new(ProductId::new(index));
                product.kind = ProductType::Product;
                product.periodic_payment = PeriodicPayment::from("month");
                product.periodic_payment_type = PeriodicPaymentType::Month;
                let cents = 10_000 + (random.next() % 900_000) as i64;
                product.periodic_payment_price = Price::from_f64(cents as f64 / 100.0).unwrap();
                message.product = Some(Box::new(product));
            }
            message.ticket_id = Some(TicketId::new(900));
            message.received = true;
            message.read = (index as u64).is_multiple_of(3);
            message.listened = Some(false);
            message.created_at = Timestamp::from_millis(1548142724951 + index * 1000);
            message.received_at = message.created_at;
            message.my = message.author == ActorType::Client;
            message
        })
        .collect();
    let mut graph = Graph::default();
    graph.users = (1..=users as i64)
        .map(|id| {
            let mut user = User::new(UserId::new(id));
            user.name = format!("Оператор {id}");
            user.display_name = format!("Оператор {id} 😀");
            // As the Go server writes a user without an avatar (and the payload was).
            user.avatar_id = FileId::new("").into();
            user
        })
        .collect();
    let mut client = Client::new(ClientId::new(77));
    client.name = "Иван Петров".to_owned();
    graph.clients = vec![client];
    let body =
        codec::encode_response_as(&Response::success(data, graph), Spelling::ResultRels).unwrap();
    Payload { name, body }
}

/// The documented request.
pub fn request() -> Vec<u8> {
    include_bytes!("../../tests/fixtures/create_message.request.json").to_vec()
}

/// Baseline D: what a plain `#[derive(Deserialize, Serialize)]` client would decode into.
pub mod plain {
    use serde::{Deserialize, Serialize};

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Response<T> {
        #[serde(rename = "OK")]
        pub ok: bool,
        pub error: Option<Error>,
        pub ping: Option<bool>,
        pub data: Option<T>,
        pub graph: Option<Graph>,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Error {
        pub code: String,
        pub text: String,
    }

    /// `tickets/create_message`'s data.
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Data {
        pub message: Message,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Graph {
        pub users: Option<Vec<User>>,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Message {
        pub id: i64,
        #[serde(rename = "UID")]
        pub uid: String,
        pub ticket_id: i64,
        pub local_id: i64,
        pub author: String,
        pub client_id: Option<i64>,
        pub user_id: Option<i64>,
        #[serde(rename = "Type")]
        pub kind: String,
        pub text: String,
        pub received: bool,
        pub read: bool,
        pub created_at: i64,
        pub updated_at: i64,
        pub received_at: Option<i64>,
        pub read_at: Option<i64>,
        pub my: bool,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct User {
        pub id: i64,
        pub name: String,
        pub email: String,
        pub position: String,
        pub role_id: i64,
        pub avatar_id: String,
        pub online: bool,
        pub active: bool,
        pub deleted: bool,
        pub total_assigned_tickets: i32,
        pub created_at: i64,
        pub updated_at: i64,
        pub last_seen_at: i64,
        pub assigned_at: i64,
        pub display_name: String,
        pub permissions: Option<serde_json::Value>,
    }

    /// A chat API message (`chats/messages/query_by_chat`'s data).
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct ChatMessage {
        pub id: i64,
        #[serde(rename = "UID")]
        pub uid: String,
        pub chat_id: i64,
        pub session_id: i64,
        pub local_id: i64,
        pub event_id: Option<i64>,
        pub public: bool,
        pub author: String,
        pub client_id: Option<i64>,
        pub user_id: Option<i64>,
        pub payload: String,
        pub text: String,
        pub file_id: Option<String>,
        pub notice_id: Option<i64>,
        pub received: bool,
        pub read: bool,
        pub pushed: bool,
        pub created_at: i64,
        pub received_at: i64,
        pub read_at: i64,
        pub my: bool,
    }

    /// The chat API's envelope: `Result` and `Rels`.
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct OlderResponse<T, G = Graph> {
        #[serde(rename = "OK")]
        pub ok: bool,
        pub error: Option<Error>,
        pub ping: Option<bool>,
        pub result: Option<T>,
        pub rels: Option<G>,
    }

    /// The public API's `Rels` on a history page.
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct PublicRels {
        pub users: Option<Vec<User>>,
        pub clients: Option<Vec<Client>>,
    }

    /// A client in `Rels`.
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Client {
        pub id: i64,
        #[serde(rename = "Type")]
        pub kind: String,
        pub name: String,
        pub online: bool,
        pub integration_id: Option<String>,
        pub telegram_id: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
        pub last_seen_at: Option<i64>,
    }

    /// A public API message (`chats/channel/messages/:channel`'s data), with the fields
    /// the widget reads.
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct PublicMessage {
        pub id: i64,
        #[serde(rename = "UID")]
        pub uid: String,
        pub chat_id: i64,
        pub session_id: i64,
        pub local_id: i64,
        pub event_id: Option<i64>,
        pub public: bool,
        pub author: String,
        pub client_id: Option<i64>,
        pub user_id: Option<i64>,
        pub payload: String,
        pub text: String,
        pub style: Option<String>,
        pub file_id: Option<String>,
        pub notice_id: Option<i64>,
        pub rating_id: Option<i64>,
        pub reply_to_message_id: Option<i64>,
        pub single_choices: Option<Vec<SingleChoice>>,
        pub disable_free_text: Option<bool>,
        pub product: Option<Product>,
        pub ticket_id: Option<i64>,
        pub received: bool,
        pub read: bool,
        pub pushed: bool,
        pub listened: Option<bool>,
        pub created_at: i64,
        pub received_at: i64,
        pub read_at: i64,
        pub my: bool,
    }

    /// A button of a message (lower-case `title`, `value`, `tag`, as the wire has them).
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct SingleChoice {
        pub id: i64,
        pub chat_message_id: i64,
        pub client_id: i64,
        pub deleted: bool,
        #[serde(rename = "title")]
        pub title: String,
        #[serde(rename = "value")]
        pub value: String,
        #[serde(rename = "tag")]
        pub tag: Option<String>,
    }

    /// A product offered in a message; its price is a float.
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Product {
        pub id: i64,
        #[serde(rename = "Type")]
        pub kind: String,
        pub periodic_payment: String,
        pub periodic_payment_type: String,
        pub periodic_payment_price: f64,
    }

    /// The request.
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct CreateMessage {
        pub ticket_id: i64,
        pub message: MessageForm,
    }

    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct MessageForm {
        pub local_id: i64,
        #[serde(rename = "Type")]
        pub kind: String,
        pub text: String,
    }
}
