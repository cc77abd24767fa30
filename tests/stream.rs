//! The stream decoder: every way of cutting a stream into chunks yields the same frames,
//! and the frames are what the stream carried.

use iqchannels_proto::stream::{stream_path, Frame, FrameError, Listen, StreamDecoder, Transport};
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
