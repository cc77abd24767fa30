//! The request bodies `tests/go_differential.rs` gives both Go's `encoding/json` and the
//! crate: seeds per method (the fixtures and the crate's own encoded requests), mutated
//! systematically (each field null, missing, of each wrong type, numbers at every edge,
//! keys in other cases, duplicates, odd UTF-8 and escapes, whitespace, the top level,
//! nesting and item counts, truncation at every byte) and randomly, from a fixed seed: the
//! same bodies on every run.

use std::collections::HashSet;

use iqchannels_proto::api::chats::{
    Assign, ChatMemberQuery, ChatMessageForm, ChatMessageQuery, ChatQuery, CloseChat, GetChat,
    Invite, JoinChat, LeaveChat, MarkRead, MarkReceived, OpenChat, QueryByChannel, QueryMembers,
    QueryMessages, SendMessage, Transfer, Typing,
};
use iqchannels_proto::api::clients::{Auth, IntegrationAuth};
use iqchannels_proto::api::inboxes::{ChatInboxThreadQuery, GetInbox, QueryThreads};
use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::api::{self as methods, MethodVisitor};
use iqchannels_proto::methods::BodyKind;
use iqchannels_proto::{
    codec, ChannelId, ChatId, ChatMessageId, FileId, MessageType, Method, Secret, TicketId, UserId,
};
#[cfg(feature = "public")]
use iqchannels_proto::{
    ChatType, ClientId, FieldValidation, PersonalDataField, PollQuestionType, RawJson,
};

/// One body for one method, and the mutation that made it.
#[derive(Clone, Debug)]
pub struct Case {
    /// The method's path template, `M::METADATA.path`.
    pub method: &'static str,
    /// What made the body: `seed`, `null`, `missing`, `wrong-type`, ...
    pub label: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

/// Every label [`cases`] gives, in the order it makes them.
pub const LABELS: &[&str] = &[
    "seed",
    "null",
    "missing",
    "wrong-type",
    "number",
    "key-case",
    "duplicate",
    "string",
    "unknown-field",
    "whitespace",
    "top-level",
    "nesting",
    "items",
    "truncation",
    "random",
];

/// A JSON text as the generator builds it: literals and strings kept as raw bytes (so
/// that any byte can go in), objects as ordered members with raw keys (quotes included).
#[derive(Clone, Debug)]
enum J {
    Raw(Vec<u8>),
    Arr(Vec<J>),
    Obj(Vec<(Vec<u8>, J)>),
}

impl J {
    fn from_value(value: &serde_json::Value) -> J {
        match value {
            serde_json::Value::Array(items) => J::Arr(items.iter().map(J::from_value).collect()),
            serde_json::Value::Object(members) => J::Obj(
                members
                    .iter()
                    .map(|(key, value)| (quoted(key.as_bytes()), J::from_value(value)))
                    .collect(),
            ),
            scalar => J::Raw(serde_json::to_vec(scalar).unwrap()),
        }
    }

    /// The text, with `ws` between every two tokens.
    fn write(&self, ws: &[u8], out: &mut Vec<u8>) {
        match self {
            J::Raw(raw) => out.extend_from_slice(raw),
            J::Arr(items) => {
                out.push(b'[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.extend_from_slice(ws);
                        out.push(b',');
                    }
                    out.extend_from_slice(ws);
                    item.write(ws, out);
                }
                out.extend_from_slice(ws);
                out.push(b']');
            }
            J::Obj(members) => {
                out.push(b'{');
                for (index, (key, value)) in members.iter().enumerate() {
                    if index > 0 {
                        out.extend_from_slice(ws);
                        out.push(b',');
                    }
                    out.extend_from_slice(ws);
                    out.extend_from_slice(key);
                    out.extend_from_slice(ws);
                    out.push(b':');
                    out.extend_from_slice(ws);
                    value.write(ws, out);
                }
                out.extend_from_slice(ws);
                out.push(b'}');
            }
        }
    }

    fn text(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(b"", &mut out);
        out
    }

    /// The paths (child indices) of every value below the top.
    fn paths(&self) -> Vec<Vec<usize>> {
        let mut paths = Vec::new();
        fn walk(j: &J, prefix: &mut Vec<usize>, paths: &mut Vec<Vec<usize>>) {
            let children: Vec<&J> = match j {
                J::Raw(_) => return,
                J::Arr(items) => items.iter().collect(),
                J::Obj(members) => members.iter().map(|(_, value)| value).collect(),
            };
            for (index, child) in children.into_iter().enumerate() {
                prefix.push(index);
                paths.push(prefix.clone());
                walk(child, prefix, paths);
                prefix.pop();
            }
        }
        walk(self, &mut Vec::new(), &mut paths);
        paths
    }

    fn at(&self, path: &[usize]) -> &J {
        path.iter().fold(self, |j, &index| match j {
            J::Arr(items) => &items[index],
            J::Obj(members) => &members[index].1,
            J::Raw(_) => unreachable!("a path into a scalar"),
        })
    }

    fn at_mut(&mut self, path: &[usize]) -> &mut J {
        path.iter().fold(self, |j, &index| match j {
            J::Arr(items) => &mut items[index],
            J::Obj(members) => &mut members[index].1,
            J::Raw(_) => unreachable!("a path into a scalar"),
        })
    }

    /// The key of the member at `path`, when its parent is an object.
    fn key(&self, path: &[usize]) -> Option<&[u8]> {
        let (&last, parent) = path.split_last()?;
        match self.at(parent) {
            J::Obj(members) => Some(&members[last].0),
            _ => None,
        }
    }

    /// The body with the value at `path` replaced.
    fn with(&self, path: &[usize], value: J) -> J {
        let mut copy = self.clone();
        *copy.at_mut(path) = value;
        copy
    }

    /// The body without the value (member or element) at `path`.
    fn without(&self, path: &[usize]) -> J {
        let mut copy = self.clone();
        let (&last, parent) = path.split_last().unwrap();
        match copy.at_mut(parent) {
            J::Arr(items) => {
                items.remove(last);
            }
            J::Obj(members) => {
                members.remove(last);
            }
            J::Raw(_) => unreachable!(),
        }
        copy
    }

    /// The body with the member at `path` (in an object) renamed.
    fn renamed(&self, path: &[usize], key: Vec<u8>) -> J {
        let mut copy = self.clone();
        let (&last, parent) = path.split_last().unwrap();
        if let J::Obj(members) = copy.at_mut(parent) {
            members[last].0 = key;
        }
        copy
    }

    /// The body with a member inserted beside the one at `path`: before it or after it.
    fn beside(&self, path: &[usize], after: bool, key: Vec<u8>, value: J) -> J {
        let mut copy = self.clone();
        let (&last, parent) = path.split_last().unwrap();
        if let J::Obj(members) = copy.at_mut(parent) {
            members.insert(last + usize::from(after), (key, value));
        }
        copy
    }

    /// Whether the value at `path` is, or is inside, a member the crate keeps as JSON
    /// verbatim ([`OPAQUE`]): its unknown members are kept, not skipped.
    fn opaque(&self, path: &[usize]) -> bool {
        (1..=path.len()).any(|end| {
            self.key(&path[..end])
                .is_some_and(|key| OPAQUE.contains(&&key[1..key.len() - 1]))
        })
    }

    /// The body (an object) with one more member at the end.
    fn plus(&self, key: &[u8], value: J) -> Option<J> {
        let mut copy = self.clone();
        match &mut copy {
            J::Obj(members) => members.push((key.to_vec(), value)),
            _ => return None,
        }
        Some(copy)
    }
}

fn raw(text: &[u8]) -> J {
    J::Raw(text.to_vec())
}

fn quoted(content: &[u8]) -> Vec<u8> {
    [b"\"", content, b"\""].concat()
}

/// The members the crate keeps as JSON verbatim (`RawJson`): a message's `Metadata`, a
/// `Query` nobody documents.
const OPAQUE: &[&[u8]] = &[b"Metadata", b"Query"];

/// Whether a number's text is one serde_json cannot hold (past `f64`).
fn is_infinite(number: &[u8]) -> bool {
    std::str::from_utf8(number)
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .is_some_and(f64::is_infinite)
}

/// Whether serde_json reads a JSON string: no invalid UTF-8, no lone surrogate. Inside a
/// member kept verbatim, only such strings are made, as the test reads both sides'
/// requests with serde_json.
fn serde_reads(string: &[u8]) -> bool {
    serde_json::from_slice::<String>(string).is_ok()
}

/// Values of every JSON type, for fields of any other.
const WRONG_TYPES: &[&[u8]] = &[
    br#""x""#,
    br#""""#,
    br#""5""#,
    br#""true""#,
    b"5",
    b"true",
    b"false",
    b"{}",
    br#"{"Id":1}"#,
    b"[]",
    b"[5]",
    b"[null]",
    b"null",
];

/// Numbers at the edges of Go's and the crate's integer types, the forms Go's `ParseInt`
/// refuses (fractions, exponents), and tokens that are not JSON numbers at all.
const NUMBERS: &[&[u8]] = &[
    b"0",
    b"-0",
    b"1",
    b"-1",
    b"7",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"9223372036854775808",
    b"-9223372036854775809",
    b"18446744073709551615",
    b"18446744073709551616",
    b"2147483647",
    b"-2147483648",
    b"2147483648",
    b"-2147483649",
    b"4294967296",
    b"9007199254740993",
    b"100000000000000000000000000000",
    b"0.0",
    b"-0.0",
    b"1.0",
    b"1.5",
    b"1e2",
    b"1E2",
    b"1e+2",
    b"1e-2",
    b"1e0",
    b"0e0",
    b"-0e0",
    b"1e400",
    b"-1e400",
    b"1e-400",
    b"1.7976931348623157e308",
    b"5e-324",
    b"10.0e-1",
    b"9223372036854775807.0",
    b"-9223372036854775808e0",
    b"0.1e1",
    b"2147483647.0",
    b"123456789012345678901234567890e-99999999999999999999",
    b"+1",
    b"01",
    b"-01",
    b"00",
    b".5",
    b"5.",
    b"1.e2",
    b"1e",
    b"1e+",
    b"-",
    b"--1",
    b"0x10",
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"1_000",
    "\u{661}".as_bytes(),
    b"1 2",
];

/// String contents (between the quotes): valid text, escapes, lone and paired surrogate
/// escapes, invalid escapes, raw control characters, and invalid UTF-8 of every kind
/// (stray continuation bytes, truncated sequences, overlong forms, surrogates encoded in
/// UTF-8, code points past U+10FFFF, 5- and 6-byte forms).
const STRINGS: &[&[u8]] = &[
    b"",
    b"Hello",
    "Привет".as_bytes(),
    "👋".as_bytes(),
    "\u{2028}\u{2029}".as_bytes(),
    "\u{FFFD}".as_bytes(),
    "\u{10FFFF}".as_bytes(),
    "\u{FEFF}".as_bytes(),
    b"\x7f",
    br"\u0041",
    br"\u00e9",
    br"\u00E9",
    br"\ud83d\ude00",
    br"\uD83D\uDE00",
    br"\udbff\udfff",
    br"\uDFFF\uD800",
    br"\ud83d\ud83d\ud83d",
    br"\ud83d\uDE00\ude00",
    "\\ud83d👋".as_bytes(),
    br"\u212a\u017f",
    br#"\""#,
    br"\\",
    br"\/",
    br"\b\f\n\r\t",
    br"\u0000",
    br"\u001f",
    br"\u2028",
    br"\ud83d",
    br"\ude00",
    br"\ude00\ud83d",
    br"\ud83dx",
    br"\ud83d\u0041",
    br"\ud83d\ud83d\ude00",
    br"a\ud83d",
    br"\ud800\udbff",
    br"\ud83d\\",
    br"\ud83d\n",
    br"\ud83d\ud83d",
    br"\x41",
    br"\u12",
    br"\u12G4",
    br"\U0041",
    br"\a",
    br"\'",
    br"\ ",
    br"\u",
    b"\\",
    b"\x01",
    b"\x00",
    b"\x1f",
    b"\t",
    b"\n",
    b"\xff",
    b"\xfe",
    b"a\xffb",
    b"\x80",
    b"\xbf",
    b"\xc3",
    b"\xc3(",
    b"\xe2\x82",
    b"\xe2\x82x",
    b"\xf0\x9f\x98",
    b"\xf0\x9f",
    b"\xc0\xaf",
    b"\xc1\xbf",
    b"\xe0\x80\xaf",
    b"\xf0\x80\x80\xaf",
    b"\xed\xa0\xbd",
    b"\xed\xb2\xa9",
    b"\xed\xa0\xbd\xed\xb2\xa9",
    b"\xf4\x90\x80\x80",
    b"\xf5\x80\x80\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\xfc\x84\x80\x80\x80\x80",
    b"\xe2\x82\xac\xff",
    b"\xc3\xa9\xe2\x82",
];

/// What goes between tokens: JSON's four whitespace bytes, and what is not whitespace to
/// JSON (form feed, vertical tab, NUL, NBSP, U+2028, U+3000, a byte-order mark).
const WHITESPACE: &[&[u8]] = &[
    b" ",
    b"\t",
    b"\n",
    b"\r\n",
    b" \t\r\n ",
    b"\x0c",
    b"\x0b",
    b"\x00",
    "\u{a0}".as_bytes(),
    "\u{2028}".as_bytes(),
    "\u{3000}".as_bytes(),
    "\u{feff}".as_bytes(),
];

/// Whole bodies, for any method.
const TOP_LEVEL: &[&[u8]] = &[
    b"",
    b" ",
    b"\n",
    b"null",
    b" null ",
    b"nul",
    b"NULL",
    b"Null",
    b"null null",
    b"true",
    b"false",
    b"0",
    b"-0",
    b"1.5",
    br#""""#,
    br#""x""#,
    b"[]",
    b"[ ]",
    b"[null]",
    b"[1]",
    b"[1,2]",
    b"[[]]",
    b"[{}]",
    b"[1,]",
    b"[,1]",
    b"{}",
    b"{ }",
    b"{}{}",
    b"{} {}",
    b"{}x",
    b"{},",
    b"{}]",
    b"{}}",
    b"{",
    b"}",
    b"[",
    b"]",
    br#"{"":1}"#,
    br#"{"a":1,}"#,
    br#"{,"a":1}"#,
    br#"{"a" 1}"#,
    br#"{"a":}"#,
    br#"{a:1}"#,
    br#"{'a':1}"#,
    b"\xef\xbb\xbf{}",
    b"{}\xef\xbb\xbf",
    b"\x00",
    b"\xff",
];

fn encoded<M: Method>(request: M) -> (&'static str, Vec<u8>) {
    (
        M::METADATA.path,
        codec::encode_request(&request).unwrap().body,
    )
}

fn text<M: Method>(body: &str) -> (&'static str, Vec<u8>) {
    (M::METADATA.path, body.as_bytes().to_vec())
}

/// The seeds of every method: the fixtures, the crate's own requests encoded, and a few
/// written out (every optional field present, fields in another order, spaces).
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let fixture = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/create_message.request.json"
    ))
    .unwrap();
    let chat = ChatId::new(10);
    let user = UserId::new(5);
    let mut chat_query = ChatQuery::default();
    chat_query.limit = Some(20);
    chat_query.offset = Some(40);
    chat_query.open = Some(true);
    let mut message_query = ChatMessageQuery::default();
    message_query.max_id = Some(ChatMessageId::new(100));
    message_query.limit = Some(20);
    let mut thread_query = ChatInboxThreadQuery::default();
    thread_query.limit = Some(20);
    thread_query.offset = Some(0);
    thread_query.open = Some(false);
    let seeds = vec![
        (CreateMessage::METADATA.path, fixture),
        encoded(
            CreateMessage::builder(TicketId::new(103), 1548142724904)
                .text("Привет 👋")
                .build(),
        ),
        encoded(
            CreateMessage::builder(TicketId::new(-7), 0)
                .kind(MessageType::File)
                .build(),
        ),
        text::<CreateMessage>(
            r#"{"Message":{"Text":"a","Type":"notice","LocalId":1},"TicketId":2}"#,
        ),
        encoded(Assign::new(chat, user)),
        encoded(CloseChat::new(chat)),
        encoded(GetChat::new(chat)),
        encoded(QueryThreads::new(user, thread_query)),
        encoded(QueryThreads::new(user, ChatInboxThreadQuery::default())),
        encoded(GetInbox::new(user)),
        encoded(Invite::new(chat, user)),
        text::<Invite>(r#" { "UserId" : 9223372036854775807 } "#),
        encoded(JoinChat::new(chat)),
        encoded(LeaveChat::new(chat)),
        encoded(QueryMembers::new(chat, ChatMemberQuery::default())),
        encoded(QueryMessages::new(chat, message_query)),
        encoded(QueryMessages::new(chat, ChatMessageQuery::default())),
        encoded(MarkRead::new(vec![
            ChatMessageId::new(1),
            ChatMessageId::new(2),
        ])),
        encoded(MarkRead::new(Vec::new())),
        encoded(MarkReceived::new(vec![ChatMessageId::new(3)])),
        encoded(OpenChat::new(chat)),
        encoded(QueryByChannel::new(ChannelId::new(3), chat_query)),
        encoded(SendMessage::new(
            chat,
            ChatMessageForm::text(1548142724904, "Hello"),
        )),
        encoded(SendMessage::new(
            chat,
            ChatMessageForm::file(1, FileId::new("baac46c4-c475-11e7-999e-fb4e907475d9.jpg")),
        )),
        encoded(Transfer::new(chat, user)),
        encoded(Typing::new(chat)),
        encoded(Auth::new(Secret::new("t0k3n"))),
        encoded(IntegrationAuth::new(Secret::new(
            r#"{"login":"a","password":"b"}"#,
        ))),
    ];
    #[cfg(feature = "public")]
    let seeds = [seeds, public_seeds()].concat();
    seeds
}

/// The public API's seeds (`public-api.md` §3): each request as the crate writes it (the
/// widget's form), and the Android and iOS SDKs' forms where they differ (§3.9: other
/// fields; lower camel keys, `maxID`; pretty-printed JSON).
#[cfg(feature = "public")]
fn public_seeds() -> Vec<(&'static str, Vec<u8>)> {
    use iqchannels_proto::api::public::{
        chats, clients, files, log, messages, push, ratings, settings,
    };

    let file = FileId::new("5722e415-dbc7-11e6-859b-975704fae91d.jpg");
    let mut answer = ratings::PollAnswer::new(77.into(), 121.into(), PollQuestionType::Fcr);
    answer.project_id = Some(3.into());
    answer.client_id = Some(ClientId::new(77));
    answer.rating_poll_answer_id = Some(1.into());
    answer.fcr = Some(true);
    let mut stars = ratings::PollAnswer::new(77.into(), 120.into(), PollQuestionType::Stars);
    stars.answer_stars = Some(5);
    stars.as_ticket_rating = Some(true);
    let mut typing = chats::ChannelTyping::new("support", ChatType::Regular);
    typing.text = Some("Здр".to_owned());
    let mut signup = clients::AnonymousSignup::new("support");
    signup.name = Some("Иван".to_owned());
    let mut field = PersonalDataField::default();
    field.name = "Email".to_owned();
    field.label = "Почта".to_owned();
    field.required = true;
    field.validation_regexp = FieldValidation::Email;
    let form = settings::FilledForm::new(vec![settings::FilledField::from(&field).value("a@b.c")]);
    signup.personal_data = Some(clients::PersonalData::new(form.clone()));
    vec![
        encoded(messages::CheckMessage::new("Здравствуйте")),
        encoded(settings::AudioMessagesEnabled::new("support")),
        encoded(settings::GetBlocker::new("news")),
        encoded(settings::GetChatSettings::new(
            "support",
            Some(ClientId::new(77)),
        )),
        text::<settings::GetChatSettings>(r#"{"clientId":77}"#),
        encoded(chats::ChannelMessages::new(
            "support",
            chats::MessageQuery::new(ChatType::Regular)
                .limit(50)
                .q("заказ"),
        )),
        // W's jump to a search result also sends `"Q": null`: not here, since the crate's
        // Go reading takes a duplicate of a pointer field of the wrong type before a null
        // (`"Q": 7, "Q": null`), which Go refuses (src/codec/go.rs, `after_last_null`).
        text::<chats::ChannelMessages>(
            r#"{"ChatType":"regular","Limit":50,"FromId":480,"ToId":500}"#,
        ),
        text::<chats::ChannelMessages>(r#"{"MaxId":500,"ChatType":"regular"}"#),
        text::<chats::ChannelMessages>(
            "{\n  \"chatType\" : \"regular\",\n  \"clientId\" : 77,\n  \"maxID\" : 500\n}",
        ),
        encoded(
            chats::ChannelSend::builder("support", 1700000030000)
                .text("Да")
                .reply_to(ChatMessageId::new(501))
                .botpress_payload("yes")
                .disable_free_text(true)
                .metadata(
                    RawJson::from_string(r#"{"OS":"Android","Fields":{"Plan":"gold"}}"#.to_owned())
                        .unwrap(),
                )
                .build(),
        ),
        encoded(
            chats::ChannelSend::builder("support", 1)
                .file(file.clone())
                .build(),
        ),
        text::<chats::ChannelSend>(
            r#"{"Id":"1","LocalId":1,"Payload":"file","Text":"","FileId":"a.jpg","ChatType":"regular","Author":"client","CreatedAt":"2023-11-14T22:13:50.003Z","File":{"Id":"a.jpg"}}"#,
        ),
        text::<chats::ChannelSend>(
            r#"{"chatType":"regular","localId":1,"payload":"text","replyToMessageID":501,"text":"Да"}"#,
        ),
        encoded(chats::ExistingTickets::new(
            "support",
            ClientId::new(77),
            RawJson::from_string(r#""заказ""#.to_owned()).unwrap(),
        )),
        encoded(typing),
        text::<chats::ChannelTyping>(r#"{"ChatType":"personal_manager"}"#),
        encoded(messages::AcceptProduct::new(
            ChatMessageId::new(505),
            9.into(),
        )),
        text::<messages::AcceptProduct>(r#"{"messageID":505,"productID":9}"#),
        encoded(messages::DeclineProduct::new(
            ChatMessageId::new(505),
            9.into(),
        )),
        encoded(messages::MarkMessageListened::new(ChatMessageId::new(507))),
        encoded(messages::MarkMessagesRead::new(vec![ChatMessageId::new(
            501,
        )])),
        encoded(messages::MarkMessagesReceived::new(vec![
            ChatMessageId::new(501),
            ChatMessageId::new(503),
        ])),
        encoded(settings::GetServerVersion::new()),
        encoded(clients::AnonymousAuth::new()),
        encoded(clients::AnonymousCreate::new("Иван", "support")),
        encoded(signup),
        text::<clients::AnonymousSignup>(r#"{"channel":"support"}"#),
        encoded(clients::ClientTokenAuth::new(Secret::new("tok14"))),
        text::<clients::ClientTokenAuth>(r#"{"token":"tok14"}"#),
        encoded(clients::GetLastMessages::new(["support", "sales"])),
        encoded(clients::ClientIntegrationAuth::new(
            Secret::new("crm-token-42"),
            "support",
        )),
        text::<clients::ClientIntegrationAuth>(
            r#"{"credentials":"crm-token-42","channel":"support"}"#,
        ),
        encoded(clients::IntegrationAuthInProject::new(
            Secret::new("crm-token-42"),
            "shop",
        )),
        encoded(clients::IntegrationRefresh::new(Secret::new(
            "crm-token-42",
        ))),
        encoded(clients::SetLanguage::new("ru")),
        text::<clients::SetLanguage>(r#"{"code":"en"}"#),
        encoded(clients::Signup::new("support", Some("Иван".to_owned()))),
        encoded(files::FileToken::new(file)),
        encoded(settings::IgnoreInfoRequest::new(32.into())),
        encoded(settings::RespondInfoRequest::new(
            31.into(),
            ClientId::new(77),
            form,
        )),
        text::<settings::RespondInfoRequest>(
            r#"{"RequestId":31,"ClientId":77,"ClientConsent":true,"Form":{"Fields":[{"Name":"Телефон","Label":"Телефон","Required":true,"ValidationRegexp":"^\\+7[0-9]{10}$","CorrespondingField":"+79990000000"}]}}"#,
        ),
        encoded(log::LogMessage::new("unknown event type: chat_assigned")),
        encoded(push::ApnsToken::new("support", "9F86D081884C7D65")),
        text::<push::ApnsToken>(r#"{"Token":"9F86D081884C7D65"}"#),
        encoded(push::FcmToken::new("support", "dQw4w9WgXcQ:APA91b")),
        encoded(push::HcmToken::new(
            "support",
            "0866305039785142300003235200CN01",
        )),
        encoded(ratings::FinishPoll::new(77.into(), 12.into(), true)),
        encoded(ratings::IgnoreRating::new(78.into())),
        encoded(ratings::QueryPoll::new(
            RawJson::from_string(r#"{"RatingId":77}"#.to_owned()).unwrap(),
        )),
        encoded(ratings::Rate::new(
            77.into(),
            ratings::RatingForm::new(5).comment("Спасибо"),
        )),
        text::<ratings::Rate>(
            "{\n  \"rating\" : {\n    \"Value\" : 5\n  },\n  \"ratingId\" : 77\n}",
        ),
        encoded(ratings::SendPoll::new(vec![answer, stars])),
        text::<ratings::SendPoll>(
            r#"{"ratingPollClientAnswerInput":[{"projectId":3,"clientId":77,"ratingId":77,"ratingPollQuestionId":123,"type":"input","answerInput":"ok"}]}"#,
        ),
        encoded(settings::GetGreetings::new("support")),
        encoded(settings::GetPersonalDataForm::new("support")),
    ]
}

/// Every method's path template, in the crate's order: those that take a JSON body. (A
/// method that takes none, `BodyKind::Empty`, or a multipart form, has no JSON for Go to
/// read: a Go handler does not decode one.)
pub fn method_paths() -> Vec<&'static str> {
    struct Path;
    impl MethodVisitor for Path {
        type Output = Option<&'static str>;
        fn visit<M: Method>(&mut self) -> Option<&'static str>
        where
            M::Data: iqchannels_proto::Messages,
        {
            let json = !matches!(M::METADATA.body, BodyKind::Empty | BodyKind::Multipart);
            json.then_some(M::METADATA.path)
        }
    }
    methods::visit_all(&mut Path)
        .into_iter()
        .flatten()
        .collect()
}

/// A xorshift64* generator: deterministic, and enough for picking bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Key spellings Go may or may not match with `name`: other cases, the Kelvin sign
/// (U+212A, folds to k) and the long s (U+017F, folds to s) in place of k and s, a dotted
/// capital I (U+0130, which does not fold to i), escapes, spaces, invalid UTF-8.
fn key_variants(name: &[u8]) -> Vec<Vec<u8>> {
    let Ok(name) = std::str::from_utf8(name) else {
        return Vec::new();
    };
    let mut first_lower = name.to_owned();
    if let Some(first) = first_lower.get_mut(0..1) {
        first.make_ascii_lowercase();
    }
    let swapped: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    let replace = |from: &[char], to: &str| -> String {
        name.chars()
            .map(|c| {
                if from.contains(&c) {
                    to.to_owned()
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    let mut texts = vec![
        name.to_ascii_lowercase(),
        name.to_ascii_uppercase(),
        first_lower,
        swapped,
        replace(&['k', 'K'], "\u{212a}"),
        replace(&['s', 'S'], "\u{17f}"),
        replace(&['i', 'I'], "\u{130}"),
        replace(&['i', 'I'], "\u{131}"),
        format!("{name} "),
        format!(" {name}"),
        name[..name.len() - 1].to_owned(),
        format!("{name}x"),
    ];
    // Kelvin for k and long s for s together.
    texts.push(
        name.chars()
            .map(|c| match c {
                'k' | 'K' => '\u{212a}',
                's' | 'S' => '\u{17f}',
                other => other,
            })
            .collect(),
    );
    let mut keys: Vec<Vec<u8>> = texts.iter().map(|text| quoted(text.as_bytes())).collect();
    // The first character escaped, upper- and lower-case hex; the whole name escaped.
    let first = name.as_bytes()[0];
    keys.push(quoted(format!("\\u{:04x}{}", first, &name[1..]).as_bytes()));
    keys.push(quoted(
        format!("\\u{:04X}{}", first.to_ascii_lowercase(), &name[1..]).as_bytes(),
    ));
    let all_escaped: String = name.bytes().map(|b| format!("\\u{b:04x}")).collect();
    keys.push(quoted(all_escaped.as_bytes()));
    // The Kelvin sign and the long s written as escapes.
    for (from, escape) in [(['k', 'K'], r"\u212a"), (['s', 'S'], r"\u017F")] {
        if name.contains(from) {
            keys.push(quoted(name.replace(from, escape).as_bytes()));
        }
    }
    keys.push(quoted([name.as_bytes(), b"\xff"].concat().as_slice()));
    keys.push(quoted([name.as_bytes(), b"\\u0000"].concat().as_slice()));
    keys.push(quoted([name.as_bytes(), br"\ud83d"].concat().as_slice()));
    keys.retain(|key| key.as_slice() != quoted(name.as_bytes()).as_slice());
    keys
}

/// Second values for a duplicate of a member whose value is `value`: the same, null, one
/// of each other type, and, for an object, each of its members alone with another value.
fn duplicate_values(value: &J) -> Vec<J> {
    let mut values = vec![
        value.clone(),
        raw(b"null"),
        raw(b"7"),
        raw(br#""dup""#),
        raw(b"false"),
        raw(b"{}"),
        raw(b"[]"),
    ];
    if let J::Obj(members) = value {
        for (key, member) in members {
            values.push(J::Obj(vec![(key.clone(), other_of_its_type(member))]));
            values.push(J::Obj(vec![(key.clone(), raw(b"null"))]));
        }
    }
    values
}

/// Another value of `value`'s type (for a scalar): what a duplicate key writes over it.
fn other_of_its_type(value: &J) -> J {
    match value {
        J::Raw(text) if text.first() == Some(&b'"') => raw(br#""dup""#),
        J::Raw(text) if text == b"true" => raw(b"false"),
        J::Raw(text) if text == b"false" => raw(b"true"),
        J::Raw(text) if text == b"null" => raw(b"null"),
        J::Raw(_) => raw(b"42"),
        _ => raw(b"null"),
    }
}

/// A value `depth` levels deep (arrays, the innermost holding `0`).
fn nested(depth: usize) -> J {
    let text = [vec![b'['; depth], b"0".to_vec(), vec![b']'; depth]].concat();
    J::Raw(text)
}

/// Every case, deterministically: at least 5,000.
pub fn cases() -> Vec<Case> {
    let seeds = seeds();
    let mut cases = Vec::new();
    let mut seen: HashSet<(&'static str, Vec<u8>)> = HashSet::new();
    let mut push = |method: &'static str, label: &'static str, body: Vec<u8>| {
        if seen.insert((method, body.clone())) {
            cases.push(Case {
                method,
                label,
                body,
            });
        }
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for method in method_paths() {
        let mine: Vec<&Vec<u8>> = seeds
            .iter()
            .filter(|(path, _)| *path == method)
            .map(|(_, body)| body)
            .collect();
        assert!(
            !mine.is_empty(),
            "no seed body for {method}: add one to tests/support/go_cases.rs (and its Go type to tests/go/main.go)"
        );
        for (seed_index, seed_text) in mine.iter().enumerate() {
            let value: serde_json::Value = serde_json::from_slice(seed_text).unwrap();
            let seed = J::from_value(&value);
            push(method, "seed", seed_text.to_vec());
            push(method, "seed", seed.text());
            for path in seed.paths() {
                let key = seed.key(&path).map(<[u8]>::to_vec);
                push(method, "null", seed.with(&path, raw(b"null")).text());
                push(method, "missing", seed.without(&path).text());
                for wrong in WRONG_TYPES {
                    push(method, "wrong-type", seed.with(&path, raw(wrong)).text());
                }
                let opaque = seed.opaque(&path);
                for number in NUMBERS {
                    // JSON kept verbatim holds any number; the test reads both sides'
                    // requests with serde_json, which has no infinity.
                    if opaque && is_infinite(number) {
                        continue;
                    }
                    push(method, "number", seed.with(&path, raw(number)).text());
                }
                let value = seed.at(&path);
                let is_string = matches!(value, J::Raw(text) if text.first() == Some(&b'"'));
                // Every string field, and the first member's value of each seed for the rest.
                if is_string || path == [0] {
                    for content in STRINGS {
                        if opaque && !serde_reads(&quoted(content)) {
                            continue;
                        }
                        push(
                            method,
                            "string",
                            seed.with(&path, J::Raw(quoted(content))).text(),
                        );
                    }
                }
                let Some(key) = key else {
                    continue;
                };
                let name = &key[1..key.len() - 1];
                for variant in key_variants(name) {
                    if opaque && !serde_reads(&variant) {
                        continue;
                    }
                    push(
                        method,
                        "key-case",
                        seed.renamed(&path, variant.clone()).text(),
                    );
                    // The variant again after the real key: it wins where Go folds it.
                    for second in [raw(b"null"), other_of_its_type(value)] {
                        push(
                            method,
                            "duplicate",
                            seed.beside(&path, true, variant.clone(), second).text(),
                        );
                    }
                }
                let lower = quoted(name.to_ascii_lowercase().as_slice());
                for second in duplicate_values(value) {
                    push(
                        method,
                        "duplicate",
                        seed.beside(&path, true, key.clone(), second.clone()).text(),
                    );
                    push(
                        method,
                        "duplicate",
                        seed.beside(&path, true, lower.clone(), second.clone())
                            .text(),
                    );
                    push(
                        method,
                        "duplicate",
                        seed.beside(&path, false, key.clone(), second).text(),
                    );
                }
                // A wrong type first, the right value last.
                push(
                    method,
                    "duplicate",
                    seed.beside(&path, false, key.clone(), raw(br#"{"x":"y"}"#))
                        .text(),
                );
            }
            // Unknown members, at the top and in each nested object: any valid JSON,
            // invalid UTF-8 and escapes included, is skipped.
            let objects: Vec<Vec<usize>> = std::iter::once(Vec::new())
                .chain(seed.paths())
                .filter(|path| matches!(seed.at(path), J::Obj(_)) && !seed.opaque(path))
                .collect();
            for object in &objects {
                let extras: Vec<(Vec<u8>, Vec<u8>)> = vec![
                    (quoted(b"Extra"), b"1".to_vec()),
                    (quoted(b"Extra"), b"1e400".to_vec()),
                    (quoted(b"Extra"), b"-0.0e-0".to_vec()),
                    (quoted(b"Extra"), quoted(b"\xff")),
                    (quoted(b"Extra"), quoted(b"\xed\xa0\x80")),
                    (quoted(b"Extra"), quoted(br"\ud83d")),
                    (quoted(b"Extra"), quoted(br"\x")),
                    (quoted(b"Extra"), quoted(b"\x01")),
                    (
                        quoted(b"Extra"),
                        br#"{"a":[1,{"b":null}],"a":true}"#.to_vec(),
                    ),
                    (quoted(b"Extra"), b"[1,]".to_vec()),
                    (quoted(b"Extra"), b"01".to_vec()),
                    (quoted(b"Extra"), b"tru".to_vec()),
                    (quoted(b"Extra\xff"), b"1".to_vec()),
                    (quoted(b""), b"1".to_vec()),
                    (quoted(br"\u0000"), b"1".to_vec()),
                ];
                for (key, extra) in extras {
                    let body = match seed.at(object) {
                        J::Obj(_) if object.is_empty() => seed.plus(&key, J::Raw(extra)),
                        J::Obj(members) => {
                            let mut members = members.clone();
                            members.push((key, J::Raw(extra)));
                            Some(seed.with(object, J::Obj(members)))
                        }
                        _ => None,
                    };
                    if let Some(body) = body {
                        push(method, "unknown-field", body.text());
                    }
                }
            }
            for ws in WHITESPACE {
                let mut spaced = Vec::new();
                seed.write(ws, &mut spaced);
                push(method, "whitespace", spaced);
                push(method, "whitespace", [*ws, &seed.text(), ws].concat());
            }
            // Nesting around Go's limit (10,000) and the crate's (64 by default, 128 at
            // most): in an unknown field of each object where the body is an object, as
            // the body itself where it is an array; for the first seed only.
            if seed_index == 0 {
                for depth in [
                    2, 61, 62, 63, 64, 65, 127, 128, 129, 1_000, 9_998, 9_999, 10_000, 10_001,
                ] {
                    if objects.is_empty() {
                        push(method, "nesting", nested(depth).text());
                    }
                    // In each object: the top one, and those inside it.
                    for object in &objects {
                        if let J::Obj(members) = seed.at(object) {
                            let mut members = members.clone();
                            members.push((quoted(b"Extra"), nested(depth)));
                            let body = if object.is_empty() {
                                J::Obj(members)
                            } else {
                                seed.with(object, J::Obj(members))
                            };
                            push(method, "nesting", body.text());
                        }
                    }
                }
            }
            // Items around the crate's limit (100,000 per array or object): for the
            // Internal API's method and one of the array methods.
            if seed_index == 0
                && (method == CreateMessage::METADATA.path || method == MarkRead::METADATA.path)
            {
                for count in [99_999usize, 100_000, 100_001] {
                    let items = J::Arr(vec![raw(b"1"); count]);
                    let members = J::Obj(
                        (0..count)
                            .map(|i| (quoted(format!("k{i}").as_bytes()), raw(b"1")))
                            .collect(),
                    );
                    match &seed {
                        J::Obj(_) => {
                            push(
                                method,
                                "items",
                                seed.plus(b"\"Extra\"", items).unwrap().text(),
                            );
                            push(
                                method,
                                "items",
                                seed.plus(b"\"Extra\"", members).unwrap().text(),
                            );
                        }
                        _ => push(method, "items", items.text()),
                    }
                }
            }
            for end in 0..seed_text.len() {
                push(method, "truncation", seed_text[..end].to_vec());
            }
            // Random edits of the seed: bytes replaced, inserted, removed.
            for _ in 0..40 {
                let mut body = seed_text.to_vec();
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(body.len() + 1);
                    match rng.below(3) {
                        0 if at < body.len() => body[at] = rng.next() as u8,
                        1 if at < body.len() => {
                            body.remove(at);
                        }
                        _ => body.insert(at, rng.next() as u8),
                    }
                }
                push(method, "random", body);
            }
        }
        for body in TOP_LEVEL {
            push(method, "top-level", body.to_vec());
        }
        // Random bytes, and random sequences of JSON's tokens.
        const TOKENS: &[&[u8]] = &[
            b"{",
            b"}",
            b"[",
            b"]",
            b",",
            b":",
            b" ",
            b"null",
            b"true",
            b"0",
            b"-1",
            b"1.5",
            b"\"\"",
            b"\"x\"",
            b"\"Text\"",
            b"\"text\"",
            b"\"UserId\"",
            b"\"Limit\"",
            b"\"LocalId\"",
            b"\"TicketId\"",
            b"\"Message\"",
            b"\"Token\"",
            b"\"Open\"",
            b"\"MaxId\"",
            b"\"\xff\"",
        ];
        for _ in 0..30 {
            let length = rng.below(24);
            let body: Vec<u8> = (0..length).map(|_| rng.next() as u8).collect();
            push(method, "random", body);
            let length = 1 + rng.below(12);
            let body: Vec<u8> = (0..length)
                .flat_map(|_| TOKENS[rng.below(TOKENS.len())].to_vec())
                .collect();
            push(method, "random", body);
        }
    }
    cases
}
