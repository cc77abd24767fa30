//! The public client API's streams (public API §6): the captured-style streams of
//! `tests/fixtures/public/` (ours, marked so in their first lines) decode to typed frames,
//! inline messages included; what the server-side encoder writes decodes back to the same
//! frames however the bytes are cut, and is what the official clients read; the paths and
//! the resume rules of §6.5.

use iqchannels_proto::codec::Limits;
use iqchannels_proto::stream::public::{
    decoder_for, events_path, reconnect_delay_ms, server_resume_point, unread_path,
    MULTICHAT_UNREAD_PATH,
};
use iqchannels_proto::stream::{
    next_keep_alive, Frame, FrameError, StreamDecoder, StreamEncoder, StreamKind, KEEP_ALIVE,
    KEEP_ALIVE_INTERVAL_MS,
};
use iqchannels_proto::{
    AdvancedUnreadResult, ChatEvent, ChatEventId, ChatEventType, ChatMessage, ChatMessageId,
    ChatType, ClientSessionId, ClientStreamToken, Error, ErrorCode, Graph, RawJson, User, UserId,
};
use proptest::prelude::*;

/// The inspector (`examples/iq.rs`), built once with this test's cargo.
fn iq(args: &[&str]) -> std::process::Output {
    use std::path::PathBuf;
    use std::sync::OnceLock;

    static IQ: OnceLock<PathBuf> = OnceLock::new();
    let iq = IQ.get_or_init(|| {
        let manifest_dir = env!("CARGO_MANIFEST_DIR");
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", "iq"])
            .current_dir(manifest_dir)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the inspector builds");
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(manifest_dir).join("target"))
            .join("debug/examples")
            .join(format!("iq{}", std::env::consts::EXE_SUFFIX))
    });
    std::process::Command::new(iq)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/public")
            .join(name),
    )
    .unwrap()
}

/// Every frame `bytes` holds, fed to `decoder` in chunks of `chunk` bytes.
fn frames(
    mut decoder: StreamDecoder,
    bytes: &[u8],
    chunk: usize,
) -> (Vec<Result<Frame, FrameError>>, StreamDecoder) {
    let mut frames = Vec::new();
    for part in bytes.chunks(chunk.max(1)) {
        decoder.push(part);
        frames.extend(std::iter::from_fn(|| decoder.next_frame()));
    }
    (frames, decoder)
}

#[cfg(any(feature = "chat", feature = "public"))]
fn events_of(frame: &Result<Frame, FrameError>) -> (&[ChatEvent], &Graph) {
    match frame {
        Ok(Frame::Events {
            events,
            graph,
            warnings,
        }) => {
            assert!(warnings.is_empty(), "{warnings:?}");
            (events, graph)
        }
        other => panic!("not events: {other:?}"),
    }
}

#[cfg(any(feature = "chat", feature = "public"))]
#[test]
fn the_events_stream_decodes_to_typed_frames_with_inline_messages() {
    use iqchannels_proto::ActorType;

    let bytes = fixture("events.sse");
    let decoder = decoder_for(&events_path("support", &ChatType::Regular, None, None)).unwrap();
    let (frames, decoder) = frames(decoder, &bytes, bytes.len());
    assert_eq!(frames.len(), 6);

    let (events, graph) = events_of(&frames[0]);
    assert_eq!(events[0].kind, ChatEventType::MessageCreated);
    assert_eq!(events[0].message_id, Some(ChatMessageId::new(900)));
    assert_eq!(graph.chat_messages[0].text, "Здравствуйте! Чем помочь?");
    assert_eq!(
        graph.chat_messages[0].event_id,
        Some(ChatEventId::new(5001))
    );
    assert_eq!(graph.users[0].display_name, "Анна");

    let (events, _) = events_of(&frames[1]);
    assert_eq!(events[0].kind, ChatEventType::Typing);
    assert!(events[0].transitive);
    assert_eq!(events[0].actor, ActorType::User);

    let (events, graph) = events_of(&frames[2]);
    assert_eq!(events[0].kind, ChatEventType::MessageEdited);
    assert!(graph.is_empty());
    let edited = &events[0].messages.as_ref().unwrap()[0];
    assert_eq!(edited.id, ChatMessageId::new(900));
    assert_eq!(edited.text, "Здравствуйте! Чем могу помочь?");
    assert!(edited.edited_at.is_some());

    let (events, graph) = events_of(&frames[3]);
    assert_eq!(events[0].kind, ChatEventType::DeleteMessages);
    let deleted: Vec<(i64, i64)> = events[0]
        .messages
        .iter()
        .flatten()
        .map(|message| (message.id.get(), message.local_id))
        .collect();
    assert_eq!(
        deleted,
        [(898, 1_699_999_990_000), (899, 1_699_999_995_000)]
    );
    assert_eq!(events[1].kind, ChatEventType::MessageRead);
    assert_eq!(events[1].messages, None);
    assert_eq!(graph.clients[0].name, "Иван");

    let (events, _) = events_of(&frames[4]);
    assert_eq!(events[0].kind, ChatEventType::CloseSystemChat);
    let removed = &events[0].messages.as_ref().unwrap()[0];
    assert_eq!(removed.single_choices.as_ref().unwrap()[0].title, "Оплата");

    assert!(matches!(&frames[5], Ok(Frame::Error(error)) if error.code == ErrorCode::Unauthorized));
    assert_eq!(decoder.last_event_id(), Some(ChatEventId::new(5005)));
    assert_eq!(decoder.resume_point(), Some(ChatEventId::new(5005)));
    assert!(!decoder.has_gap());

    // Cut anywhere, the same frames.
    for chunk in [1, 2, 3, 7, 64] {
        let decoder = decoder_for(&events_path("support", &ChatType::Regular, None, None)).unwrap();
        assert_eq!(self::frames(decoder, &bytes, chunk).0, frames);
    }
}

#[test]
fn the_unread_streams_decode_to_counts_and_states() {
    let decoder = decoder_for(&unread_path("support")).unwrap();
    let (frames, decoder) = frames(decoder, &fixture("unread.sse"), 5);
    assert_eq!(
        frames,
        [
            Ok(Frame::Unread(0)),
            Ok(Frame::Unread(3)),
            Ok(Frame::Unread(0))
        ]
    );
    // Counts are not events: no resume point.
    assert_eq!(decoder.last_event_id(), None);

    let decoder = decoder_for(MULTICHAT_UNREAD_PATH).unwrap();
    let (frames, _) = self::frames(decoder, &fixture("multichat_unread.sse"), 3);
    let states: Vec<&AdvancedUnreadResult> = frames
        .iter()
        .map(|frame| match frame {
            Ok(Frame::MultichatUnread(state)) => state,
            other => panic!("not an unread state: {other:?}"),
        })
        .collect();
    assert_eq!(states.len(), 2);
    assert_eq!(states[0].name, "support");
    assert_eq!(states[0].unread_count, 2);
    assert_eq!(states[0].id.get(), "1");
    let last = states[0].last_message.as_ref().unwrap();
    assert_eq!(last.text.as_deref(), Some("Ваш заказ отправлен"));
    assert!(!last.is_survey);
    assert_eq!(states[1].kind.as_deref(), Some("personal_manager"));
    assert!(states[1].last_message.as_ref().unwrap().is_survey);

    // A count where an event list is expected, and the reverse, do not decode.
    let mut events = StreamDecoder::new();
    events.push(b"data: {\"OK\": true, \"Result\": 3}\n\n");
    assert!(matches!(
        events.next_frame(),
        Some(Err(FrameError::Decode(_)))
    ));
    assert!(events.has_gap());
    let mut unread = StreamDecoder::for_stream(StreamKind::Unread);
    unread.push(b"data: {\"OK\": true, \"Result\": []}\n\n");
    assert!(matches!(
        unread.next_frame(),
        Some(Err(FrameError::Decode(_)))
    ));
}

#[test]
fn paths_are_the_widgets() {
    assert_eq!(
        events_path("support", &ChatType::Regular, None, None),
        "/public/api/v1/sse/chats/channel/events/support?ChatType=regular"
    );
    // The widget leaves out a zero LastEventId.
    assert_eq!(
        events_path(
            "support",
            &ChatType::Regular,
            Some(ChatEventId::new(0)),
            None
        ),
        "/public/api/v1/sse/chats/channel/events/support?ChatType=regular"
    );
    // The first vector of §2.3.
    let token = ClientStreamToken::new(
        ClientSessionId::new(4242),
        "example-session-token",
        1_700_000_000_000,
    );
    assert_eq!(
        events_path("support", &ChatType::Info, None, Some(&token)),
        "/public/api/v1/sse/chats/channel/events/support?ChatType=info&x-client-token=eyJUb2tlbiI6IntcIlNlc3Npb25JRFwiOjQyNDIsXCJUaW1lXCI6MTcwMDAwMDAwMDAwMH0iLCJTaWduIjoiYTMzMmZiMzZkM2UxYmM4Y2UzYzEyN2ViNDU2NjcyMTFjZjc5YjM3YSJ9"
    );
    // What a URL cannot hold is escaped; an unknown chat type goes as it is.
    assert_eq!(
        events_path("a b/c", &ChatType::from("x&y"), None, None),
        "/public/api/v1/sse/chats/channel/events/a%20b%2Fc?ChatType=x%26y"
    );
    assert_eq!(
        MULTICHAT_UNREAD_PATH,
        "/public/api/v1/sse/chats/channel/unread/multichat"
    );
    for path in [
        "/public/api/v1/sse/chats/channel/events/",
        "/public/api/v1/sse/chats/channel/listen/support",
        "/api/v1/sse/chats/events/listen_to_chat/10",
        "/public/api/v1/sse/chats/channel/unread/a/b",
    ] {
        assert!(decoder_for(path).is_none(), "{path}");
    }
}

#[test]
fn the_resume_point_stays_before_a_lost_frame() {
    let frame = |id: i64, kind: &str| {
        format!("data: {{\"OK\": true, \"Result\": [{{\"Id\": {id}, \"Type\": \"{kind}\"}}], \"Rels\": {{}}}}\n\n")
    };
    // Opened after the history's newest event.
    let decoder = StreamDecoder::new().resume_after(Some(ChatEventId::new(100)));
    assert_eq!(decoder.resume_point(), Some(ChatEventId::new(100)));
    let mut stream = String::new();
    stream.push_str(&frame(101, "message_created"));
    // A transitive event, whatever its id, does not move it; an event sent again does
    // not move it back.
    stream.push_str("data: {\"OK\": true, \"Result\": [{\"Id\": 999, \"Type\": \"typing\", \"Transitive\": true}], \"Rels\": {}}\n\n");
    stream.push_str(&frame(99, "message_read"));
    let (_, decoder) = frames(decoder, stream.as_bytes(), 9);
    assert_eq!(decoder.last_event_id(), Some(ChatEventId::new(101)));
    assert_eq!(decoder.resume_point(), Some(ChatEventId::new(101)));

    // A frame too long for the limits, then one that does not decode: the point stays
    // before the first.
    let mut limits = Limits::default();
    limits.max_body_bytes = 200;
    let decoder = StreamDecoder::with_limits(limits).resume_after(Some(ChatEventId::new(101)));
    let mut stream = String::new();
    stream.push_str(&frame(102, "message_created"));
    stream.push_str(&format!(
        "data: {{\"OK\": true, \"Result\": [{{\"Id\": 103, \"Type\": \"message_created\", \"X\": \"{}\"}}]}}\n\n",
        "x".repeat(300)
    ));
    stream.push_str(&frame(104, "message_created"));
    stream.push_str("data: {\"OK\": true, \"Result\": [{\"Id\": 10\n\n");
    stream.push_str(&frame(106, "message_created"));
    let (frames, decoder) = frames(decoder, stream.as_bytes(), 1000);
    assert!(matches!(frames[1], Err(FrameError::TooLong { limit: 200 })));
    assert!(matches!(frames[3], Err(FrameError::Decode(_))));
    assert_eq!(decoder.last_event_id(), Some(ChatEventId::new(106)));
    assert!(decoder.has_gap());
    assert_eq!(decoder.resume_point(), Some(ChatEventId::new(102)));
    // The client reconnects from there: the server sends 103 to 106 again.
    assert_eq!(
        events_path("support", &ChatType::Regular, decoder.resume_point(), None),
        "/public/api/v1/sse/chats/channel/events/support?ChatType=regular&LastEventId=102"
    );
    let again = StreamDecoder::new().resume_after(decoder.resume_point());
    let replay: String = (103..=106).map(|id| frame(id, "message_created")).collect();
    let (frames, again) = self::frames(again, replay.as_bytes(), 17);
    assert_eq!(frames.len(), 4);
    assert!(!again.has_gap());
    assert_eq!(again.resume_point(), Some(ChatEventId::new(106)));
}

#[test]
fn reconnecting_backs_off_as_the_widget_does_and_the_server_finds_the_point() {
    let delays: Vec<i64> = (0..9).map(reconnect_delay_ms).collect();
    assert_eq!(
        delays,
        [1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 30_000, 30_000]
    );
    assert_eq!(reconnect_delay_ms(u32::MAX), 30_000);

    let id = |id: i64| Some(ChatEventId::new(id));
    assert_eq!(server_resume_point(Some("123"), None), id(123));
    assert_eq!(server_resume_point(Some("123"), Some(b"7")), id(123));
    assert_eq!(server_resume_point(None, Some(b" 7 ")), id(7));
    assert_eq!(server_resume_point(Some(""), Some(b"7")), id(7));
    assert_eq!(server_resume_point(Some("0"), Some(b"7")), None);
    assert_eq!(server_resume_point(Some("x"), None), None);
    assert_eq!(server_resume_point(None, Some(b"\xff")), None);
    assert_eq!(server_resume_point(None, None), None);
}

#[test]
fn the_encoder_writes_what_the_clients_read() {
    let mut encoder = StreamEncoder::new();
    // Before the first write a keep-alive is due at once: it tells the client the stream
    // is open.
    assert_eq!(encoder.poll_keep_alive(0), Some(KEEP_ALIVE));
    assert_eq!(encoder.keep_alive_due(), KEEP_ALIVE_INTERVAL_MS);
    const {
        assert!(
            KEEP_ALIVE_INTERVAL_MS <= 30_000,
            "well inside the clients' 60 s"
        )
    };

    let mut message = ChatMessage::new(ChatMessageId::new(1));
    message.text = "line\u{2028}para\u{2029}next\u{85}end \"quoted\"\n".to_owned();
    let mut graph = Graph::default();
    let mut user = User::new(UserId::new(5));
    user.display_name = "Анна".to_owned();
    graph.users.push(user);
    graph.other.insert(
        "Tickets".to_owned(),
        RawJson::from_string("[\r\n  {\"Id\": 1},\n  {\"Id\": 2}\r]".to_owned()).unwrap(),
    );
    let mut typing = ChatEvent::new(ChatEventId::new(0));
    typing.kind = ChatEventType::Typing;
    typing.transitive = true;
    let mut edited = ChatEvent::new(ChatEventId::new(42));
    edited.kind = ChatEventType::MessageEdited;
    edited.messages = Some(vec![message]);
    let bytes = encoder
        .events(vec![edited.clone(), typing.clone()], graph.clone(), 1_000)
        .unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    // LF endings only, an id line, no event name, the line separators escaped.
    assert!(!text.contains('\r'), "{text}");
    assert!(text.starts_with("id: 42\ndata: {\"OK\":true,"), "{text}");
    assert!(!text.contains("event:"));
    assert!(
        text.contains("line\\u2028para\\u2029next\\u0085end"),
        "{text}"
    );
    assert!(text.ends_with("\n\n"));
    assert_eq!(text.matches("\n\n").count(), 1, "one event: {text}");
    // Every data line starts with `data: `, and the JSON joined with LF has Rels.
    let json: String = text
        .trim_end()
        .lines()
        .skip(1)
        .map(|line| line.strip_prefix("data: ").expect("a data line"))
        .collect::<Vec<_>>()
        .join("\n");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["OK"], true);
    assert!(value["Rels"].is_object() && value["Result"].is_array());
    assert_eq!(value["Rels"]["Tickets"][1]["Id"], 2);
    assert_eq!(encoder.keep_alive_due(), next_keep_alive(1_000));
    assert_eq!(encoder.poll_keep_alive(15_999), None);

    // Read back: the same frame (the raw collection's CR become LF).
    let mut decoder = StreamDecoder::new();
    decoder.push(&bytes);
    let (events, decoded) = match decoder.next_frame() {
        Some(Ok(Frame::Events { events, graph, .. })) => (events, graph),
        other => panic!("{other:?}"),
    };
    assert_eq!(events, [edited, typing]);
    assert_eq!(decoded.users, graph.users);
    assert_eq!(
        decoded.other["Tickets"].get(),
        "[\n  {\"Id\": 1},\n  {\"Id\": 2}\n]"
    );
    assert_eq!(decoder.last_sse_id(), Some("42"));

    // A frame of transitive events only has no id line; an empty frame still has Result
    // and Rels.
    let mut only_typing = ChatEvent::new(ChatEventId::new(0));
    only_typing.transitive = true;
    let bytes = encoder
        .events(vec![only_typing], Graph::default(), 2_000)
        .unwrap();
    assert!(bytes.starts_with(b"data: {"));
    let bytes = encoder.events(Vec::new(), Graph::default(), 3_000).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "data: {\"OK\":true,\"Error\":null,\"Ping\":false,\"Result\":[],\"Rels\":{}}\n\n"
    );
    let bytes = encoder
        .error(Error::new(ErrorCode::Unauthorized, "expired"), 4_000)
        .unwrap();
    assert!(bytes.starts_with(b"data: {\"OK\":false,\"Error\":{\"Code\":\"unauthorized\""));
    assert_eq!(encoder.keep_alive_due(), 4_000 + KEEP_ALIVE_INTERVAL_MS);
}

/// The iOS SDK's bundled TRVSEventSource, as it splits a stream (§6.3): events are what
/// lies between two line feeds; each is cut into lines at any of Foundation's newline
/// characters (LF, VT, FF, CR, NEL, U+2028, U+2029); a line starting with `:` is skipped;
/// a field's lines are joined with LF. Returns the `data` of each event.
fn ios_events(stream: &str) -> Vec<Option<String>> {
    stream
        .split("\n\n")
        .collect::<Vec<_>>()
        .split_last()
        .map(|(_, events)| events.to_vec())
        .unwrap_or_default()
        .into_iter()
        .map(|event| {
            let mut data: Option<String> = None;
            for line in event.split([
                '\n', '\u{b}', '\u{c}', '\r', '\u{85}', '\u{2028}', '\u{2029}',
            ]) {
                if line.is_empty() || line.starts_with(':') {
                    continue;
                }
                if let Some((key, value)) = line.split_once(':') {
                    if key.trim() == "data" {
                        let value = value.trim_start().to_owned();
                        data = Some(match data {
                            Some(joined) => joined + "\n" + &value,
                            None => value,
                        });
                    }
                }
            }
            data
        })
        .collect()
}

#[test]
fn the_ios_sdk_finds_each_frame_and_no_other() {
    let mut encoder = StreamEncoder::new();
    let mut stream = Vec::new();
    stream.extend_from_slice(encoder.poll_keep_alive(0).unwrap());
    let mut message = ChatMessage::new(ChatMessageId::new(1));
    message.text = "a\u{2028}b\u{85}c".to_owned();
    let mut event = ChatEvent::new(ChatEventId::new(1));
    event.messages = Some(vec![message]);
    let mut graph = Graph::default();
    graph.other.insert(
        "Raw".to_owned(),
        RawJson::from_string("{\r\n\"a\":\r1}".to_owned()).unwrap(),
    );
    stream.extend(encoder.events(vec![event.clone()], graph, 1).unwrap());
    stream.extend_from_slice(encoder.poll_keep_alive(20_000).unwrap());
    stream.extend_from_slice(encoder.keep_alive(40_000));
    stream.extend(encoder.data(7, Graph::default(), None, 50_000).unwrap());
    let events = ios_events(std::str::from_utf8(&stream).unwrap());
    // Two events: the keep-alives fold into the blocks around them, as comments.
    assert_eq!(events.len(), 2, "{events:?}");
    let first: serde_json::Value = serde_json::from_str(events[0].as_deref().unwrap()).unwrap();
    assert_eq!(
        first["Result"][0]["Messages"][0]["Text"],
        "a\u{2028}b\u{85}c"
    );
    assert_eq!(first["Rels"]["Raw"]["a"], 1);
    let second: serde_json::Value = serde_json::from_str(events[1].as_deref().unwrap()).unwrap();
    assert_eq!(second["Result"], 7);
}

#[derive(Clone, Debug)]
enum Sent {
    Frame(Box<Frame>),
    KeepAlive,
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        Just("\u{2028}\u{2029}\u{85}\"\\\n\r\t".to_owned()),
        Just("Здравствуйте 😀".to_owned()),
    ]
}

fn event() -> impl Strategy<Value = ChatEvent> {
    (
        0i64..2_000,
        prop_oneof![
            Just(ChatEventType::MessageCreated),
            Just(ChatEventType::Typing),
            Just(ChatEventType::DeleteMessages),
            Just(ChatEventType::MessageEdited),
            Just(ChatEventType::from("some_new_type")),
        ],
        any::<bool>(),
        proptest::option::of(proptest::collection::vec((1i64..1_000, text()), 0..3)),
    )
        .prop_map(|(id, kind, transitive, messages)| {
            let mut event = ChatEvent::new(ChatEventId::new(id));
            event.kind = kind;
            event.transitive = transitive;
            event.messages = messages.map(|messages| {
                messages
                    .into_iter()
                    .map(|(id, text)| {
                        let mut message = ChatMessage::new(ChatMessageId::new(id));
                        message.text = text;
                        message
                    })
                    .collect()
            });
            event
        })
}

fn sent() -> impl Strategy<Value = Sent> {
    let graph = (
        proptest::collection::vec((1i64..100, text()), 0..3),
        any::<bool>(),
    )
        .prop_map(|(users, raw)| {
            let mut graph = Graph::default();
            for (id, name) in users {
                let mut user = User::new(UserId::new(id));
                user.display_name = name;
                graph.users.push(user);
            }
            if raw {
                graph.other.insert(
                    "Tickets".to_owned(),
                    RawJson::from_string("[\n {\"Id\": 1},\n\n {\"Id\": 2}]".to_owned()).unwrap(),
                );
            }
            graph
        });
    prop_oneof![
        4 => (proptest::collection::vec(event(), 0..4), graph).prop_map(|(events, graph)| {
            Sent::Frame(Box::new(Frame::Events { events, graph, warnings: Vec::new() }))
        }),
        1 => any::<i32>().prop_map(|count| Sent::Frame(Box::new(Frame::Unread(count)))),
        1 => (text(), 0i32..100).prop_map(|(name, count)| {
            let mut state = AdvancedUnreadResult::default();
            state.name = name;
            state.unread_count = count;
            state.id = RawJson::from_string("7".to_owned()).unwrap();
            Sent::Frame(Box::new(Frame::MultichatUnread(state)))
        }),
        1 => text().prop_map(|text| Sent::Frame(Box::new(Frame::Error(Error::new(ErrorCode::Forbidden, text))))),
        1 => Just(Sent::KeepAlive),
    ]
}

proptest! {
    #[test]
    fn what_the_encoder_writes_decodes_back_cut_at_every_byte(
        sent in proptest::collection::vec(sent(), 0..6),
    ) {
        let mut encoder = StreamEncoder::new();
        let mut bytes = Vec::new();
        let mut expected = Vec::new();
        for (now, item) in sent.into_iter().enumerate() {
            let now = now as i64 * 1_000;
            match item {
                Sent::Frame(frame) => {
                    bytes.extend(encoder.frame((*frame).clone(), now).unwrap());
                    expected.push(*frame);
                }
                Sent::KeepAlive => bytes.extend_from_slice(encoder.keep_alive(now)),
            }
        }
        // Unread counts and states go on their own streams: read each kind with its
        // decoder, and expect the frames of that kind (errors on every stream).
        for kind in [StreamKind::Events, StreamKind::Unread, StreamKind::MultichatUnread] {
            let (whole, decoder) = frames(StreamDecoder::for_stream(kind), &bytes, bytes.len());
            let (by_byte, _) = frames(StreamDecoder::for_stream(kind), &bytes, 1);
            prop_assert_eq!(&by_byte, &whole);
            let readable: Vec<&Frame> = expected
                .iter()
                .filter(|frame| matches!(
                    (kind, frame),
                    (_, Frame::Error(_))
                        | (StreamKind::Events, Frame::Events { .. })
                        | (StreamKind::Unread, Frame::Unread(_))
                        | (StreamKind::MultichatUnread, Frame::MultichatUnread(_))
                ))
                .collect();
            let read: Vec<&Frame> = whole.iter().filter_map(|frame| frame.as_ref().ok()).collect();
            prop_assert_eq!(read, readable);
            if kind == StreamKind::Events {
                prop_assert_eq!(whole.len(), expected.len(), "a frame of another kind is an error here");
                let stored = expected.iter().flat_map(|frame| match frame {
                    Frame::Events { events, .. } => events.iter().filter(|event| !event.transitive).map(|event| event.id).collect(),
                    _ => Vec::new(),
                }).max();
                // Frames of other kinds do not decode here: the point stays before them.
                if !decoder.has_gap() {
                    prop_assert_eq!(decoder.last_event_id(), stored);
                }
            }
        }
    }
}

#[test]
fn the_inspector_reads_the_public_streams() {
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    let output = iq(&["stream", "tests/fixtures/public/events.sse"]);
    assert!(output.status.success());
    let stdout = text(output.stdout);
    assert!(
        stdout.contains(
            "#5003 delete-messages chat 10 by client 77 [messages 898 899], #5004 message_read"
        ),
        "{stdout}"
    );
    // The public API resumes with `LastEventId` (the chat API's streams with `FromId`).
    assert_eq!(
        text(output.stderr),
        "resume with FromId=5005 (LastEventId=5005 on the public API)\n"
    );

    let output = iq(&["stream", "--unread", "tests/fixtures/public/unread.sse"]);
    assert!(output.status.success());
    assert_eq!(text(output.stdout), "unread: 0\nunread: 3\nunread: 0\n");
    assert_eq!(text(output.stderr), "");

    let output = iq(&[
        "stream",
        "tests/fixtures/public/multichat_unread.sse",
        "--multichat",
    ]);
    assert!(output.status.success());
    assert_eq!(
        text(output.stdout),
        "unread in support: 2 (regular); last message \"Ваш заказ отправлен\"\n\
         unread in sales: 0 (personal_manager); last message file 5722e415-dbc7-11e6-859b-975704fae91d.jpg (a survey)\n"
    );

    // The unread stream read as events: every frame lost, and said so.
    let output = iq(&["stream", "tests/fixtures/public/unread.sse"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(output.stderr),
        "a frame was lost before any event: reload, then resume\n"
    );
    let output = iq(&["stream", "--unread", "--multichat"]);
    assert_eq!(output.status.code(), Some(2));
}

/// `events_path` is the target `ChannelEvents` writes, the padded token escaped, and a
/// server reads the token back from it as it does from the widget's raw `=`.
#[cfg(feature = "public")]
#[test]
fn the_events_path_is_the_methods_target_and_reads_back() {
    use iqchannels_proto::api::public::chats::ChannelEvents;
    use iqchannels_proto::{codec, Method};

    // The second vector of §2.3: its base64 ends in `=`.
    let token = ClientStreamToken::new(ClientSessionId::new(109356), "tok14", 1700550026870);
    assert!(token.encode().ends_with('='));
    let path = events_path(
        "support",
        &ChatType::PersonalManager,
        Some(ChatEventId::new(123)),
        Some(&token),
    );
    let mut request =
        ChannelEvents::new("support", ChatType::PersonalManager).with_client_token(&token);
    request.last_event_id = Some(ChatEventId::new(123));
    assert_eq!(path, request.target());
    assert!(path.ends_with("%3D"));
    let raw = path.replace("%3D", "=");
    for target in [&path, &raw] {
        let read = codec::decode_request_at::<ChannelEvents>(target, b"")
            .unwrap()
            .value;
        assert_eq!(
            read.client_token.as_ref().map(|secret| secret.expose()),
            Some(token.encode().as_str())
        );
        assert_eq!(read.last_event_id, Some(ChatEventId::new(123)));
        let read = ClientStreamToken::parse(read.client_token.unwrap().expose()).unwrap();
        assert_eq!(read.verify("tok14", 60_000, 1700550026870), Ok(()));
    }
}
