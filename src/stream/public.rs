//! The public client API's streams (public API §6): where they are, and how a client
//! resumes one.
//!
//! Three streams, all Server-Sent Events under `/public/api/v1/sse/`:
//!
//! | Stream | Path | Frames ([`StreamKind`]) |
//! |---|---|---|
//! | a channel's chat events | [`events_path`] | [`Events`](StreamKind::Events): events with `Rels`; the inline [`messages`](crate::ChatEvent::messages) of `delete-messages`, `message_edited` and `close-system-chat` |
//! | a channel's unread count | [`unread_path`] | [`Unread`](StreamKind::Unread): a bare integer |
//! | every channel's unread state | [`MULTICHAT_UNREAD_PATH`] | [`MultichatUnread`](StreamKind::MultichatUnread): an AdvancedUnreadResult |
//!
//! Only the events stream is in use; the unread ones are the Android SDK's, which no SDK
//! in the spec's snapshots still reads (§6.1). A server writes any of them with
//! [`StreamEncoder`](super::StreamEncoder).
//!
//! # Resuming (§6.5)
//!
//! The SDKs resume by the `LastEventId` query parameter; none reads the SSE `id:` field or
//! sends `Last-Event-ID` (the widget closes its `EventSource` on every error, so the
//! browser never reconnects by itself). The rules a client of this crate follows, which
//! are the SDKs' with their slips left out:
//!
//! 1. **Before opening**, load the chat's messages (`chats/channel/messages`) and start
//!    from the largest `EventId` among them: [`StreamDecoder::resume_after`] and
//!    [`events_path`]'s `last_event_id` (the widget takes the newest message's, the
//!    Android SDK the largest; the iOS SDK decodes no `EventId` and so opens without one,
//!    missing what happened in between).
//! 2. **The resume point** is the largest id of a *stored* event received
//!    ([`StreamDecoder::last_event_id`]): a transitive event (`typing`) does not move it,
//!    whatever its `Id` (the widget moves it on every event, and on `typing` with `Id` 0
//!    would then reconnect without `LastEventId`, §8 question 6); an older event, sent
//!    again, does not move it back.
//! 3. **A lost frame is a gap**: a frame that does not decode or is too long carried
//!    events the later frames do not. The resume point stays where it was before the
//!    first lost frame ([`StreamDecoder::resume_point`],
//!    [`has_gap`](StreamDecoder::has_gap)); the client closes the stream and reconnects
//!    from there, as the widget does on a frame it cannot read.
//! 4. **On an error frame, the end of the stream or a gap**, reconnect with
//!    `LastEventId` = [`resume_point`](StreamDecoder::resume_point) and a new
//!    `x-client-token` (its time is checked), after [`reconnect_delay_ms`] (the widget's
//!    back-off: 1, 2, 5, 10, 15, 20, then every 30 seconds; the count starts again with
//!    the first frame that carries events). The iOS SDK reconnects at once and the
//!    Android SDK after a second, whatever happened: both hammer a failing server.
//! 5. **After reconnecting**, events after the resume point come again: apply events
//!    idempotently (a message by its `Id`, a client's own message by its `LocalId`, as all
//!    SDKs do): after a gap, the events that followed the lost frame come again too. How far
//!    back the server replays is not known (§8): after a long gap, reload the messages and
//!    merge them by `Id`, as the widget and the iOS SDK do.
//!
//! A server takes the resume point from the query, and from `Last-Event-ID` when the query
//! has none ([`server_resume_point`]): this crate's encoder writes `id:` lines, so a
//! browser that reconnects by itself sends it.
//!
//! ```
//! use iqchannels_proto::stream::public::{events_path, reconnect_delay_ms};
//! use iqchannels_proto::stream::{Frame, StreamDecoder};
//! use iqchannels_proto::{ChatEventId, ChatType};
//!
//! // Open after the history's newest event, 1200.
//! let mut decoder = StreamDecoder::new().resume_after(Some(ChatEventId::new(1200)));
//! decoder.push(b"data: {\"OK\": true, \"Result\": [{\"Id\": 1201, \"Type\": \"message_created\"}], \"Rels\": {}}\n\n");
//! decoder.push(b"data: {\"OK\": true, \"Result\": [{\"Id\": 12\n\n"); // cut short: lost
//! decoder.push(b"data: {\"OK\": true, \"Result\": [{\"Id\": 1203, \"Type\": \"message_read\"}], \"Rels\": {}}\n\n");
//! assert_eq!(decoder.last_event_id(), Some(ChatEventId::new(1203)));
//! assert!(decoder.has_gap());
//! // Reconnect after the last event before the gap, so 1202 comes again.
//! let path = events_path("support", &ChatType::Regular, decoder.resume_point(), None);
//! assert_eq!(path, "/public/api/v1/sse/chats/channel/events/support?ChatType=regular&LastEventId=1201");
//! assert_eq!(reconnect_delay_ms(0), 1_000);
//! ```

use super::{StreamDecoder, StreamKind};
use crate::auth::{ClientStreamToken, CLIENT_TOKEN_PARAM};
use crate::model::ChatType;
use crate::primitives::{ChatEventId, Param};

/// The path of every channel's unread state (§3.3, endpoint 24): no parameters. (A
/// channel named `multichat` has its unread count here too, to the server's reading.)
pub const MULTICHAT_UNREAD_PATH: &str = "/public/api/v1/sse/chats/channel/unread/multichat";

/// The path (with its query) of a channel's chat events (§3.3 endpoint 22, §6.1), built
/// as the web widget builds it: `ChatType`, then `LastEventId` unless absent or zero, then
/// the signed `x-client-token` when given (a browser cannot set the `Authorization`
/// header on an `EventSource`; the mobile SDKs send that header instead). The channel and
/// the chat type are percent-encoded where a URL needs it (channel names are Latin
/// letters, so never in practice), and so is the token's base64 `=` padding (`%3D`, as
/// `encodeURIComponent` writes it; the widget leaves it raw, which servers read the same).
/// The same target as [`ChannelEvents::target`](crate::api::public::chats::ChannelEvents),
/// without the `public` feature.
///
/// ```
/// use iqchannels_proto::stream::public::events_path;
/// use iqchannels_proto::{ChatEventId, ChatType, ClientSessionId, ClientStreamToken};
///
/// let token = ClientStreamToken::new(ClientSessionId::new(109356), "tok14", 1700550026870);
/// let path = events_path("support", &ChatType::PersonalManager, Some(ChatEventId::new(123)), Some(&token));
/// assert_eq!(path, "/public/api/v1/sse/chats/channel/events/support?ChatType=personal_manager&LastEventId=123\
///     &x-client-token=eyJUb2tlbiI6IntcIlNlc3Npb25JRFwiOjEwOTM1NixcIlRpbWVcIjoxNzAwNTUwMDI2ODcwfSIsIlNpZ24iOiIzYzE3Zjg5YWQ4OWM5MGVjMmJjNTdjNjgwYWExYjEyMjg1ZjJhZDgwIn0%3D");
/// ```
pub fn events_path(
    channel: &str,
    chat_type: &ChatType,
    last_event_id: Option<ChatEventId>,
    token: Option<&ClientStreamToken>,
) -> String {
    let mut path = format!(
        "/public/api/v1/sse/chats/channel/events/{}?ChatType={}",
        crate::primitives::encode_segment(channel).collect::<String>(),
        crate::primitives::encode_query(chat_type.as_str()).collect::<String>(),
    );
    if let Some(id) = last_event_id.filter(|id| id.get() != 0) {
        path.push_str(&format!("&LastEventId={}", id.get()));
    }
    if let Some(token) = token {
        let token = token.encode();
        let token = crate::primitives::encode_query(&token).collect::<String>();
        path.push_str(&format!("&{CLIENT_TOKEN_PARAM}={token}"));
    }
    path
}

/// The path of a channel's unread count (§3.3, endpoint 23): no query.
///
/// ```
/// use iqchannels_proto::stream::public::unread_path;
///
/// assert_eq!(unread_path("support"), "/public/api/v1/sse/chats/channel/unread/support");
/// ```
pub fn unread_path(channel: &str) -> String {
    format!(
        "/public/api/v1/sse/chats/channel/unread/{}",
        crate::primitives::encode_segment(channel).collect::<String>()
    )
}

/// The decoder for the stream at `path` (what [`events_path`], [`unread_path`] or
/// [`MULTICHAT_UNREAD_PATH`] gave, with or without the query), within the default limits;
/// `None` for a path that is none of them.
///
/// ```
/// use iqchannels_proto::stream::public::{decoder_for, MULTICHAT_UNREAD_PATH};
/// use iqchannels_proto::stream::Frame;
///
/// let mut decoder = decoder_for(MULTICHAT_UNREAD_PATH).unwrap();
/// decoder.push(b"data: {\"OK\": true, \"Result\": {\"name\": \"support\", \"unreadCount\": 2}}\n\n");
/// assert!(matches!(decoder.next_frame(), Some(Ok(Frame::MultichatUnread(unread))) if unread.unread_count == 2));
/// ```
pub fn decoder_for(path: &str) -> Option<StreamDecoder> {
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    let rest = path.strip_prefix("/public/api/v1/sse/chats/channel/")?;
    let kind = match rest.split_once('/')? {
        ("unread", "multichat") => StreamKind::MultichatUnread,
        ("events", channel) if valid_channel(channel) => StreamKind::Events,
        ("unread", channel) if valid_channel(channel) => StreamKind::Unread,
        _ => return None,
    };
    Some(StreamDecoder::for_stream(kind))
}

/// A channel segment: not empty, one segment.
fn valid_channel(channel: &str) -> bool {
    !channel.is_empty() && !channel.contains('/')
}

/// How long a client waits before its `attempt`-th reconnection in a row (0 for the
/// first), in milliseconds: the web widget's back-off (§6.5), 1, 2, 5, 10, 15 and 20
/// seconds, then 30 seconds each time. Start counting again when a frame with events
/// arrives.
///
/// ```
/// use iqchannels_proto::stream::public::reconnect_delay_ms;
///
/// let delays: Vec<i64> = (0..8).map(reconnect_delay_ms).collect();
/// assert_eq!(delays, [1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 30_000]);
/// ```
pub fn reconnect_delay_ms(attempt: u32) -> i64 {
    const DELAYS_MS: [i64; 7] = [1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000];
    let index = usize::try_from(attempt).map_or(DELAYS_MS.len() - 1, |attempt| {
        attempt.min(DELAYS_MS.len() - 1)
    });
    DELAYS_MS[index]
}

/// Server side: the event to resume after, from the events stream's `LastEventId` query
/// parameter (its text, percent-decoded: what [`methods::parse_query`] gives, which also
/// reads the Android SDK's `?ChatType=regular?LastEventId=123`) or, when the query has
/// none, the `Last-Event-ID` header a browser sends when it reconnects by itself. `0`,
/// an empty value and a value that is not an integer mean none, as for the widget, which
/// sends no `LastEventId` rather than `0`.
///
/// ```
/// use iqchannels_proto::methods::parse_query;
/// use iqchannels_proto::stream::public::server_resume_point;
/// use iqchannels_proto::ChatEventId;
///
/// let query = parse_query("ChatType=regular?LastEventId=123");
/// let param = query.iter().find(|(name, _)| name == "LastEventId").map(|(_, value)| value.as_str());
/// assert_eq!(server_resume_point(param, Some(b"99")), Some(ChatEventId::new(123)));
/// assert_eq!(server_resume_point(None, Some(b"99")), Some(ChatEventId::new(99)));
/// assert_eq!(server_resume_point(Some("0"), None), None);
/// ```
///
/// [`methods::parse_query`]: crate::methods::parse_query
pub fn server_resume_point(
    last_event_id_param: Option<&str>,
    last_event_id_header: Option<&[u8]>,
) -> Option<ChatEventId> {
    let read = |text: &str| {
        ChatEventId::from_param(text.trim())
            .ok()
            .filter(|id| id.get() > 0)
    };
    last_event_id_param
        .filter(|text| !text.is_empty())
        .map_or_else(
            || {
                last_event_id_header
                    .and_then(|header| std::str::from_utf8(header).ok())
                    .and_then(read)
            },
            read,
        )
}
