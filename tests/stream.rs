//! The stream decoder: every way of cutting a stream into chunks yields the same frames,
//! and the frames are what the stream carried.

use iqchannels_proto::stream::{
    decoder_for, stream_path, Answer, Frame, FrameError, Listen, StreamDecoder, Transport,
};
use iqchannels_proto::{ChatEventType, ChatId, ErrorCode, UserId};
use proptest::prelude::*;

/// What a generated stream carries, one SSE event (or line) each.
#[derive(Clone, Debug)]
enum Item {
    /// Events with these ids (transitive when negative), the envelope written on one line
    /// or over several `data:` lines.
    Events(Vec<i64>, bool),
    Ping,
    Error,
    /// An event whose data is not an envelope.
    Malformed,
    /// A comment, an `id:`, `event:` or `retry:` line or an unknown field: no frame.
    Line(&'static str),
}

fn envelope(ids: &[i64], pretty: bool) -> String {
    let events: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "Id": id.abs(), "Type": if *id < 0 { "typing" } else { "message_created" },
                "Transitive": *id < 0, "ChatId": 10, "Actor": "client", "ClientId": 77,
                "CreatedAt": 1548142724904_i64
            })
        })
        .collect();
    let envelope = serde_json::json!({
        "OK": true, "Result": events,
        "Rels": {"Clients": [{"Id": 77, "Name": "Иван 😀"}], "ChatMessages": []}
    });
    if pretty {
        serde_json::to_string_pretty(&envelope).unwrap()
    } else {
        envelope.to_string()
    }
}

/// The stream's text, each line ended by one of `endings` in turn.
fn write(items: &[Item], endings: &[&str], bom: bool) -> Vec<u8> {
    let mut lines: Vec<String> = Vec::new();
    for item in items {
        match item {
            Item::Events(ids, pretty) => {
                for line in envelope(ids, *pretty).lines() {
                    lines.push(format!("data: {line}"));
                }
                lines.push(String::new());
            }
            Item::Ping => lines.extend([
                r#"data: {"OK": true, "Ping": true}"#.to_owned(),
                String::new(),
            ]),
            Item::Error => lines.extend([
                r#"data:{"OK": false, "Error": {"Code": "forbidden", "Text": "no"}}"#.to_owned(),
                String::new(),
            ]),
            Item::Malformed => lines.extend([r#"data: {"OK": tru"#.to_owned(), String::new()]),
            Item::Line(line) => lines.push((*line).to_owned()),
        }
    }
    let mut text = String::new();
    if bom {
        text.push('\u{feff}');
    }
    for (index, line) in lines.iter().enumerate() {
        text.push_str(line);
        text.push_str(endings[index % endings.len()]);
    }
    text.into_bytes()
}

/// Everything the decoder gives for `stream` cut at `cuts`.
fn decode(
    stream: &[u8],
    cuts: &[usize],
) -> (Vec<Result<Frame, FrameError>>, Option<i64>, Option<String>) {
    let mut decoder = StreamDecoder::new();
    let mut frames = Vec::new();
    let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut % (stream.len() + 1)).collect();
    cuts.sort_unstable();
    let mut start = 0;
    for cut in cuts.into_iter().chain([stream.len()]) {
        decoder.push(&stream[start..cut]);
        frames.extend(std::iter::from_fn(|| decoder.next_frame()));
        start = cut;
    }
    (
        frames,
        decoder.last_event_id().map(|id| id.get()),
        decoder.last_sse_id().map(str::to_owned),
    )
}

fn items() -> impl Strategy<Value = Vec<Item>> {
    let item = prop_oneof![
        4 => (proptest::collection::vec(-5i64..1000, 0..4), any::<bool>())
            .prop_map(|(ids, pretty)| Item::Events(ids, pretty)),
        1 => Just(Item::Ping),
        1 => Just(Item::Error),
        1 => Just(Item::Malformed),
        1 => proptest::sample::select(vec![
            ": keep-alive", "id: 42", "id", "event: message", "retry: 1000", "other: x", ":",
        ])
        .prop_map(Item::Line),
    ];
    proptest::collection::vec(item, 0..8)
}

proptest! {
    #[test]
    fn every_cut_of_a_stream_yields_the_same_frames(
        items in items(),
        endings in proptest::collection::vec(proptest::sample::select(vec!["\n", "\r\n", "\r"]), 1..4),
        bom in any::<bool>(),
        cuts in proptest::collection::vec(any::<usize>(), 0..12),
    ) {
        let stream = write(&items, &endings, bom);
        let whole = decode(&stream, &[]);
        prop_assert_eq!(&decode(&stream, &cuts), &whole);
        // And byte by byte.
        let every: Vec<usize> = (0..stream.len()).collect();
        prop_assert_eq!(&decode(&stream, &every), &whole);
    }

    #[test]
    fn frames_are_what_the_stream_carried(
        items in items(),
        ending in proptest::sample::select(vec!["\n", "\r\n", "\r"]),
        cuts in proptest::collection::vec(any::<usize>(), 0..12),
    ) {
        let stream = write(&items, &[ending], false);
        let (frames, last, _) = decode(&stream, &cuts);
        let carried: Vec<&Item> = items.iter().filter(|item| !matches!(item, Item::Line(_))).collect();
        prop_assert_eq!(frames.len(), carried.len());
        for (frame, item) in frames.iter().zip(carried) {
            match (frame, item) {
                (Ok(Frame::Events { events, graph, warnings }), Item::Events(ids, _)) => {
                    let got: Vec<i64> = events.iter().map(|event| event.id.get()).collect();
                    let expected: Vec<i64> = ids.iter().map(|id| id.abs()).collect();
                    prop_assert_eq!(got, expected);
                    prop_assert_eq!(graph.clients.len(), 1);
                    prop_assert!(warnings.is_empty());
                }
                (Ok(Frame::Ping), Item::Ping) => {}
                (Ok(Frame::Error(error)), Item::Error) => prop_assert_eq!(error.code.clone(), ErrorCode::Forbidden),
                (Err(FrameError::Decode(_)), Item::Malformed) => {}
                (frame, item) => prop_assert!(false, "{:?} for {:?}", frame, item),
            }
        }
        let stored = items.iter().flat_map(|item| match item {
            Item::Events(ids, _) => ids.iter().copied().filter(|id| *id >= 0).collect(),
            _ => Vec::new(),
        }).max();
        prop_assert_eq!(last, stored);
    }
}

#[test]
fn events_decode_with_their_types() {
    let mut decoder = StreamDecoder::new();
    decoder.push(format!("data: {}\n\n", envelope(&[5, -1], false)).as_bytes());
    let Some(Ok(Frame::Events { events, .. })) = decoder.next_frame() else {
        panic!("no events");
    };
    assert_eq!(events[0].kind, ChatEventType::MessageCreated);
    assert_eq!(events[1].kind, ChatEventType::Typing);
    assert!(events[1].transitive);
    // A transitive event does not move the resume point.
    assert_eq!(decoder.last_event_id().map(|id| id.get()), Some(5));
}

#[test]
fn websocket_messages_are_whole_envelopes() {
    let mut decoder = StreamDecoder::new();
    decoder.push_message(br#"{"OK": true, "Ping": true}"#);
    decoder.push_message(b"{");
    assert_eq!(decoder.next_frame(), Some(Ok(Frame::Ping)));
    let Some(Err(FrameError::Decode(error))) = decoder.next_frame() else {
        panic!("a malformed message is an error");
    };
    assert_eq!(error.line(), 1);
    assert_eq!(decoder.next_frame(), None);
}

#[test]
fn a_line_over_the_limit_is_skipped_and_the_stream_goes_on() {
    let mut limits = iqchannels_proto::codec::Limits::default();
    limits.max_body_bytes = 64;
    let mut decoder = StreamDecoder::with_limits(limits);
    // The rest of the event is dropped with the line: one error for it.
    let long = format!("data: {}\ndata: {{}}\n\n", "x".repeat(100));
    for chunk in long.as_bytes().chunks(7) {
        decoder.push(chunk);
    }
    decoder.push(b"data: {\"OK\": true, \"Ping\": true}\n\n");
    assert_eq!(
        decoder.next_frame(),
        Some(Err(FrameError::TooLong { limit: 64 }))
    );
    assert_eq!(decoder.next_frame(), Some(Ok(Frame::Ping)));
    assert_eq!(decoder.next_frame(), None);
}

#[test]
fn stream_paths_carry_the_id_and_where_to_resume() {
    assert_eq!(
        stream_path(Transport::WebSocket, Listen::User(UserId::new(5)), None),
        "/api/v1/ws/chats/events/listen_to_user/5"
    );
    assert_eq!(
        stream_path(
            Transport::ServerSentEvents,
            Listen::Chat(ChatId::new(10)),
            None
        ),
        "/api/v1/sse/chats/events/listen_to_chat/10"
    );
}

/// The path of each stream: the public API's events and both unread streams, and the
/// operator's chat, channel and user streams (Server-Sent Events and WebSocket).
const STREAM_PATHS: [&str; 9] = [
    "/public/api/v1/sse/chats/channel/events/support?ChatType=regular&LastEventId=7",
    "/public/api/v1/sse/chats/channel/unread/support",
    "/public/api/v1/sse/chats/channel/unread/multichat",
    "/api/v1/sse/chats/events/listen_to_chat/10?FromId=3",
    "/api/v1/sse/chats/events/listen_to_channel/2",
    "/api/v1/sse/chats/events/listen_to_user/5",
    "/api/v1/ws/chats/events/listen_to_chat/10",
    "/api/v1/ws/chats/events/listen_to_channel/2?FromId=1",
    "/api/v1/ws/chats/events/listen_to_user/5",
];

/// A refusal as the development server writes it, with a byte-order mark and white
/// space before it, as a server may send.
const REFUSAL: &str =
    "\u{feff}\r\n {\"OK\":false,\"Error\":{\"Code\":\"unauthorized\",\"Text\":\"no session\"},\"Ping\":false,\"Result\":null,\"Rels\":null}\n";

/// The frames of `body` pushed in two pieces cut at `cut`, then ended.
fn frames_of(path: &str, body: &[u8], cut: usize) -> (Vec<Result<Frame, FrameError>>, bool) {
    let mut decoder = decoder_for(path).unwrap_or_else(|| panic!("a stream: {path}"));
    let (head, tail) = body.split_at(cut);
    decoder.push(head);
    decoder.push(tail);
    decoder.finish();
    let frames = std::iter::from_fn(|| decoder.next_frame()).collect();
    (frames, decoder.is_envelope())
}

/// Each stream answered with an error envelope gives that error, wherever the body is cut;
/// before, the decoder read it as one unknown SSE field and gave nothing at all.
#[test]
fn every_stream_answered_with_an_envelope_gives_its_error() {
    let expected = iqchannels_proto::Error::new(ErrorCode::Unauthorized, "no session");
    for path in STREAM_PATHS {
        for cut in 0..=REFUSAL.len() {
            let (frames, envelope) = frames_of(path, REFUSAL.as_bytes(), cut);
            assert_eq!(
                frames,
                [Ok(Frame::Error(expected.clone()))],
                "{path} cut at {cut}"
            );
            assert!(envelope, "{path}");
        }
        // The error comes as soon as the envelope is whole, before the connection ends.
        let mut decoder = decoder_for(path).unwrap();
        decoder.push(REFUSAL.as_bytes());
        assert_eq!(
            decoder.next_frame(),
            Some(Ok(Frame::Error(expected.clone())))
        );
        assert!(!expected.code.is_retryable());
    }
}

/// The silent case of the issue, exactly: the body an SSE reader took for one unknown field.
#[test]
fn an_error_envelope_is_never_silence() {
    let mut decoder = StreamDecoder::new();
    decoder.push(br#"{"OK":false,"Error":{"Code":"unauthorized","Text":"x"}}"#);
    let Some(Ok(Frame::Error(error))) = decoder.next_frame() else {
        panic!("the refusal is a frame");
    };
    assert_eq!(
        (error.code, error.text.as_str()),
        (ErrorCode::Unauthorized, "x")
    );
}

/// An envelope cut short, or followed by more than white space, is an error at the end of
/// the body, never a frame taken for the whole answer; a stream is still a stream.
#[test]
fn a_broken_envelope_body_is_reported_when_the_body_ends() {
    let (frames, envelope) =
        frames_of(STREAM_PATHS[3], br#"{"OK":false,"Error":{"Code":"forb"#, 10);
    assert!(envelope);
    assert!(
        matches!(&frames[..], [Err(FrameError::Decode(error))] if error.kind() == iqchannels_proto::DecodeErrorKind::Eof),
        "{frames:?}"
    );

    // The first envelope is given as soon as it is whole, however the body is cut; what
    // follows it makes the body an error when it ends.
    let body = br#"{"OK":false,"Error":{"Code":"forbidden","Text":""}} {"OK":true}"#;
    for cut in [body.len(), 52, 53, 10] {
        let (frames, _) = frames_of(STREAM_PATHS[0], body, cut);
        assert!(
            matches!(&frames[0], Ok(Frame::Error(error)) if error.code == ErrorCode::Forbidden)
        );
        assert!(
            matches!(&frames[1..], [Err(FrameError::Decode(error))] if error.kind() == iqchannels_proto::DecodeErrorKind::Syntax),
            "{frames:?}"
        );
    }

    // White space and a comment first: a stream, whose frames come as before.
    let body = b"\n\n: hello\ndata: {\"OK\": true, \"Ping\": true}\n\n";
    let (frames, envelope) = frames_of(STREAM_PATHS[3], body, 1);
    assert_eq!(frames, [Ok(Frame::Ping)]);
    assert!(!envelope);

    // An envelope over the body limit is dropped whole, reported once.
    let limits = iqchannels_proto::codec::Limits::default();
    let mut decoder = StreamDecoder::new();
    decoder.push(b"{\"OK\": false, \"Error\": {\"Text\": \"");
    decoder.push(&vec![b'a'; limits.max_body_bytes]);
    decoder.push(b"\"}}");
    decoder.finish();
    assert!(matches!(
        decoder.next_frame(),
        Some(Err(FrameError::TooLong { .. }))
    ));
    assert_eq!(decoder.next_frame(), None);

    // After `finish`, the next connection's body is read from its start.
    decoder.push(
        b"data: {\"OK\": true, \"Result\": [{\"Id\": 4, \"Type\": \"message_created\"}]}\n\n",
    );
    assert!(matches!(
        decoder.next_frame(),
        Some(Ok(Frame::Events { .. }))
    ));
    assert!(!decoder.is_envelope());
    assert_eq!(decoder.last_event_id().map(|id| id.get()), Some(4));
}

/// No path that is not a stream's gets a decoder.
#[test]
fn only_stream_paths_have_a_decoder() {
    for path in [
        "/api/v1/chats/get/10",
        "/api/v1/sse/chats/events/listen_to_chat/ten",
        "/api/v1/ws/chats/get/10",
        "/public/api/v1/chats/channel/send/support",
        "/api/v1/sse/chats/events/listen_to_chat/",
    ] {
        assert!(decoder_for(path).is_none(), "{path}");
    }
}

/// The status and content type tell an answer apart before its body.
#[test]
fn answers_are_told_by_status_and_content_type() {
    for (status, content_type, answer) in [
        (200, Some("text/event-stream"), Answer::Stream),
        (
            200,
            Some("Text/Event-Stream ; charset=UTF-8"),
            Answer::Stream,
        ),
        (200, Some("application/json"), Answer::Envelope),
        (
            200,
            Some("application/json; charset=utf-8"),
            Answer::Envelope,
        ),
        (401, Some("application/problem+json"), Answer::Envelope),
        (503, Some("application/json"), Answer::Envelope),
        (503, None, Answer::Unavailable),
        (502, Some("text/html"), Answer::Unavailable),
        (429, Some("text/plain"), Answer::Unavailable),
        (404, Some("text/html"), Answer::Other),
        (302, None, Answer::Other),
        (200, Some("text/html"), Answer::Other),
        (500, Some("text/event-stream"), Answer::Unavailable),
    ] {
        assert_eq!(
            Answer::of(status, content_type),
            answer,
            "{status} {content_type:?}"
        );
    }
}

/// The operator's streams are methods: their request builds the stream's target, a server
/// reads the target back, and the router finds them.
#[test]
fn operator_streams_are_methods() {
    use iqchannels_proto::api::chats::{ListenToChannel, ListenToChat, ListenToUser};
    use iqchannels_proto::methods::{Auth, BodyKind, ResponseKind};
    use iqchannels_proto::{codec, ChannelId, ChatEventId, Method, Router};

    let request = ListenToChat::new(ChatId::new(10)).from_id(Some(ChatEventId::new(3)));
    let encoded = codec::encode_request(&request).unwrap();
    assert_eq!(
        encoded.target,
        "/api/v1/sse/chats/events/listen_to_chat/10?FromId=3"
    );
    assert!(encoded.body.is_empty());
    let read = codec::decode_request_at::<ListenToChat>(&encoded.target, b"").unwrap();
    assert_eq!(read.value, request);
    assert_eq!(
        codec::encode_request(&ListenToChannel::new(ChannelId::new(2)))
            .unwrap()
            .target,
        "/api/v1/sse/chats/events/listen_to_channel/2"
    );
    for metadata in [
        ListenToChat::METADATA,
        ListenToChannel::METADATA,
        ListenToUser::METADATA,
    ] {
        assert_eq!(metadata.auth, Auth::Operator);
        assert_eq!(metadata.body, BodyKind::Empty);
        assert_eq!(metadata.response, ResponseKind::Stream);
        assert_eq!(metadata.query, ["FromId"]);
    }
    let route = Router::new()
        .route("GET", "/api/v1/sse/chats/events/listen_to_user/5?FromId=9")
        .unwrap();
    assert_eq!(*route.metadata(), ListenToUser::METADATA);
    assert_eq!(
        stream_path(
            Transport::WebSocket,
            Listen::Channel(ChannelId::new(2)),
            Some(ChatEventId::new(1))
        ),
        "/api/v1/ws/chats/events/listen_to_channel/2?FromId=1"
    );
}

/// An envelope body gives the same frames however it is cut (the fuzz target's check):
/// braces in strings, a value after it, one cut short, one that is not an envelope.
#[test]
fn every_cut_of_an_envelope_body_yields_the_same_frames() {
    let bodies: [&[u8]; 6] = [
        br#"{"OK":false,"Error":{"Code":"not_found","Text":"}{ \"}\" {"}}"#,
        br#"{"OK":false,"Error":{"Code":"forbidden"}} x"#,
        br#"{"OK":false,"Error":{"Code":"forb"#,
        br#"{"OK":"yes"}"#,
        b" \r\n{\"OK\": true, \"Result\": [{\"Id\": 9, \"Type\": \"message_created\"}]}\n\n",
        br#"{"OK":true,"Ping":true}}}"#,
    ];
    for body in bodies {
        let read = |chunk: usize, finish: bool| {
            let mut decoder = StreamDecoder::new();
            let mut frames = Vec::new();
            for part in body.chunks(chunk) {
                decoder.push(part);
                frames.extend(std::iter::from_fn(|| decoder.next_frame()));
            }
            if finish {
                decoder.finish();
                frames.extend(std::iter::from_fn(|| decoder.next_frame()));
            }
            (frames, decoder.last_event_id(), decoder.resume_point())
        };
        for finish in [false, true] {
            let whole = read(body.len(), finish);
            for chunk in 1..body.len() {
                assert_eq!(
                    read(chunk, finish),
                    whole,
                    "{:?} in chunks of {chunk}",
                    String::from_utf8_lossy(body)
                );
            }
        }
    }
}
