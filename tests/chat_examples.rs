//! The chat API's envelopes as the server writes them (the older `Result` and `Rels`
//! names), decoded, as snapshots: `tests/fixtures/chat/`.

#![cfg(feature = "chat")]

use iqchannels_proto::api::chats::{GetChat, QueryMessages};
use iqchannels_proto::stream::StreamDecoder;
use iqchannels_proto::{codec, Method};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/chat")
            .join(name),
    )
    .unwrap()
}

/// Decodes the response of `M`, with no warning, and checks that what the crate writes
/// back decodes to the same value.
fn decode<M: Method>(name: &str) -> iqchannels_proto::Response<M::Data> {
    let decoded = codec::decode_response::<M>(&fixture(name)).unwrap();
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    let encoded = codec::encode_response::<M>(&decoded.value).unwrap();
    assert_eq!(
        codec::decode_response::<M>(&encoded).unwrap().value,
        decoded.value
    );
    decoded.value
}

#[test]
fn a_chat_with_its_related_objects() {
    let response = decode::<GetChat>("get_chat.response.json");
    // The bot's token never shows.
    assert!(!format!("{response:?}").contains("ABC-secret"));
    insta::assert_debug_snapshot!(response);
}

#[test]
fn a_page_of_messages_with_a_file_and_a_notice() {
    insta::assert_debug_snapshot!(decode::<QueryMessages>("query_messages.response.json"));
}

#[test]
fn a_captured_stream() {
    let mut decoder = StreamDecoder::new();
    decoder.push(&fixture("listen_to_chat.sse"));
    let frames: Vec<_> = std::iter::from_fn(|| decoder.next_frame()).collect();
    assert_eq!(frames.len(), 3);
    assert_eq!(decoder.last_event_id().map(|id| id.get()), Some(1204));
    assert_eq!(decoder.last_sse_id(), Some("1204"));
    insta::assert_debug_snapshot!(frames);
}
