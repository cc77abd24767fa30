//! Property tests: what is encoded decodes back equal, and no input panics.

use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData, MessageForm};
use iqchannels_proto::{
    codec, ActorType, Client, ClientId, Error, ErrorCode, File, FileId, FileOwnerType, FileType,
    Graph, Message, MessageId, MessageType, MessageUid, RawJson, Response, RoleId, TicketId,
    Timestamp, User, UserId,
};
use proptest::prelude::*;

/// Known values, unknown ones, and `""`.
fn wire_string<T: From<String> + std::fmt::Debug>(
    known: &'static [&'static str],
) -> impl Strategy<Value = T> {
    prop_oneof![
        prop::sample::select(known).prop_map(str::to_owned),
        ".{0,12}"
    ]
    .prop_map(T::from)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,16}",
        ".{0,24}",
        Just("\"\\\u{0}\u{1f}\n😀".to_owned())
    ]
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    any::<i64>().prop_map(Timestamp::from_millis)
}

prop_compose! {
    fn message()(
        ids in (any::<i64>(), any::<i64>(), any::<i64>()),
        uid in "[0-9a-f]{40}|.{0,8}",
        author in wire_string::<ActorType>(&["", "user", "client", "system"]),
        (client_id, user_id) in (any::<Option<i64>>(), any::<Option<i64>>()),
        kind in wire_string::<MessageType>(&["text", "file", "notice", "single-choice", "product", "card", "carousel"]),
        text in text(),
        flags in any::<(bool, bool, bool)>(),
        times in (timestamp(), timestamp(), prop::option::of(timestamp()), prop::option::of(timestamp())),
    ) -> Message {
        let mut message = Message::default();
        message.id = MessageId::new(ids.0);
        message.uid = MessageUid::new(uid);
        message.ticket_id = TicketId::new(ids.1);
        message.local_id = ids.2;
        message.author = author;
        message.client_id = client_id.map(ClientId::new);
        message.user_id = user_id.map(UserId::new);
        message.kind = kind;
        message.text = text;
        (message.received, message.read, message.my) = flags;
        (message.created_at, message.updated_at, message.received_at, message.read_at) = times;
        message
    }
}

prop_compose! {
    fn user()(
        (id, role_id, total) in any::<(i64, i64, i32)>(),
        strings in (text(), text(), text(), text(), "[0-9a-f-]{0,36}(\\.jpg)?"),
        flags in any::<(bool, bool, bool)>(),
        times in (timestamp(), timestamp(), timestamp(), timestamp()),
        permissions in prop::sample::select(&[
            "null", "[]", "{}", r#"{"Chats": ["read"], "N": 1.50e3}"#, "123456789012345678901234567890", r#""x""#, "[ 1 ,\n2 ]",
        ][..]),
    ) -> User {
        let mut user = User::default();
        user.id = UserId::new(id);
        user.role_id = RoleId::new(role_id);
        user.total_assigned_tickets = total;
        (user.name, user.email, user.position, user.display_name) = (strings.0, strings.1, strings.2, strings.3);
        user.avatar_id = FileId::new(strings.4).into();
        (user.online, user.active, user.deleted) = flags;
        (user.created_at, user.updated_at, user.last_seen_at, user.assigned_at) = times;
        user.permissions = RawJson::from_string(permissions.to_owned()).unwrap();
        user
    }
}

prop_compose! {
    fn client()(
        id in any::<i64>(),
        (kind, name) in (text(), text()),
        online in any::<bool>(),
        integration_id in prop::option::of(text()),
        telegram_id in any::<Option<i64>>(),
        times in (timestamp(), timestamp(), prop::option::of(timestamp())),
    ) -> Client {
        let mut client = Client::default();
        client.id = ClientId::new(id);
        (client.kind, client.name, client.online) = (kind, name, online);
        (client.integration_id, client.telegram_id) = (integration_id, telegram_id);
        (client.created_at, client.updated_at, client.last_seen_at) = times;
        client
    }
}

prop_compose! {
    fn file()(
        id in ".{0,40}",
        kind in wire_string::<FileType>(&["file", "image"]),
        owner in wire_string::<FileOwnerType>(&["public", "client"]),
        actor in wire_string::<ActorType>(&["", "user", "client", "system"]),
        ids in any::<(Option<i64>, Option<i64>, Option<i64>)>(),
        strings in (text(), text(), text()),
        size in any::<i64>(),
        dimensions in any::<(Option<i32>, Option<i32>)>(),
        created_at in timestamp(),
    ) -> File {
        let mut file = File::default();
        file.id = FileId::new(id);
        (file.kind, file.owner, file.actor) = (kind, owner, actor);
        file.owner_client_id = ids.0.map(ClientId::new);
        file.actor_client_id = ids.1.map(ClientId::new);
        file.actor_user_id = ids.2.map(UserId::new);
        (file.name, file.path, file.content_type) = strings;
        file.size = size;
        (file.image_width, file.image_height) = dimensions;
        file.created_at = created_at;
        file
    }
}

prop_compose! {
    fn graph()(
        users in prop::collection::vec(user(), 0..4),
        clients in prop::collection::vec(client(), 0..3),
        files in prop::collection::vec(file(), 0..3),
        other in prop::collection::btree_map("[A-Z][a-z]{0,8}", prop::sample::select(&["[]", r#"[{"Id": 1}]"#, "null", "{}"][..]), 0..3),
    ) -> Graph {
        let mut graph = Graph::default();
        (graph.users, graph.clients, graph.files) = (users, clients, files);
        graph.other = other
            .into_iter()
            .filter(|(name, _)| !["Users", "Clients", "Files"].contains(&name.as_str()))
            .map(|(name, json)| (name, RawJson::from_string(json.to_owned()).unwrap()))
            .collect();
        graph
    }
}

fn response() -> impl Strategy<Value = Response<CreateMessageData>> {
    let error = (
        wire_string::<ErrorCode>(&[
            "not_found",
            "forbidden",
            "unauthorized",
            "invalid",
            "internal_server_error",
            "bad_request",
        ]),
        text(),
    )
        .prop_map(|(code, text)| Error::new(code, text));
    prop_oneof![
        (message(), graph())
            .prop_map(|(message, graph)| Response::success(CreateMessageData::new(message), graph)),
        error.prop_map(Response::failure),
        Just(Response::ping()),
    ]
}

proptest! {
    #[test]
    fn responses_round_trip(response in response()) {
        let bytes = codec::encode_response::<CreateMessage>(&response).unwrap();
        let decoded = codec::decode_response::<CreateMessage>(&bytes).unwrap();
        prop_assert!(decoded.warnings.is_empty());
        prop_assert_eq!(decoded.value, response);
    }

    #[test]
    fn responses_read_back_strictly_through_serde_in_either_spelling(response in response()) {
        // `Response` and `Graph` implement `Deserialize` (strict): what the crate writes,
        // in either spelling, reads back equal.
        use iqchannels_proto::envelope::Spelling;
        for spelling in [Spelling::DataGraph, Spelling::ResultRels] {
            let bytes = codec::encode_response_as(&response, spelling).unwrap();
            let read: Response<CreateMessageData> = serde_json::from_slice(&bytes).unwrap();
            prop_assert_eq!(&read, &response);
        }
    }

    #[test]
    fn encoding_writes_the_bytes_serde_json_writes(response in response()) {
        // The crate's writer escapes eight bytes at a time; the bytes must be serde_json's.
        prop_assert_eq!(
            codec::encode_response::<CreateMessage>(&response).unwrap(),
            serde_json::to_vec(&response).unwrap()
        );
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them(text in prop_oneof![".{0,40}", "[\\x00-\\x7f]{0,40}"]) {
        let request = CreateMessage::new(TicketId::new(1), MessageForm::text(1, text));
        prop_assert_eq!(codec::encode_request(&request).unwrap().body, serde_json::to_vec(&request).unwrap());
    }

    #[test]
    fn requests_round_trip(ticket_id in any::<i64>(), local_id in any::<i64>(), kind in wire_string::<MessageType>(&["text", "file"]), text in text()) {
        let request = CreateMessage::new(TicketId::new(ticket_id), MessageForm::new(local_id, kind, text));
        let encoded = codec::encode_request(&request).unwrap();
        prop_assert_eq!(codec::decode_request_strict::<CreateMessage>(&encoded.body).unwrap(), request);
    }

    #[test]
    fn string_enums_keep_any_value(value in ".{0,16}") {
        let kind = MessageType::from(value.as_str());
        prop_assert_eq!(kind.as_str(), value.as_str());
        let json = serde_json::to_string(&kind).unwrap();
        prop_assert_eq!(serde_json::from_str::<MessageType>(&json).unwrap(), kind);
    }

    #[test]
    fn any_bytes_decode_or_fail_without_panicking(body in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = codec::decode_response::<CreateMessage>(&body);
        let _ = codec::decode_request_strict::<CreateMessage>(&body);
        let _ = codec::decode_request::<CreateMessage>(&body);
    }

    #[test]
    fn mutated_documented_bodies_decode_or_fail_with_a_location(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        which in any::<bool>(),
    ) {
        let original: &[u8] = if which {
            include_bytes!("fixtures/create_message.response.json")
        } else {
            include_bytes!("fixtures/create_message.request.json")
        };
        let mut body = original.to_vec();
        for (index, byte) in edits {
            let at = index.index(body.len());
            body[at] = byte;
        }
        for result in [
            codec::decode_response::<CreateMessage>(&body).map(|_| ()),
            codec::decode_request_strict::<CreateMessage>(&body).map(|_| ()),
            codec::decode_request::<CreateMessage>(&body).map(|_| ()),
        ] {
            if let Err(error) = result {
                prop_assert!(error.line() >= 1 && error.column() >= 1, "{}", error);
                let lines = body.split(|b| *b == b'\n').count();
                prop_assert!(error.line() <= lines, "{}", error);
            }
        }
        // Whatever decodes is valid JSON: UTF-8, and of JSON's syntax (numbers of any size,
        // as Go's scanner takes them: 1e999 is valid JSON but no f64).
        if codec::decode_response::<CreateMessage>(&body).is_ok() {
            let text = std::str::from_utf8(&body);
            prop_assert!(text.is_ok_and(|text| serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()));
        }
    }
}

/// The public API's entities (`public-api.md` §4), made by their `Arbitrary` derive from
/// random bytes: written by the crate as a response's data, with the bytes serde_json
/// writes, and read back equal with no warning. A page of messages comes with an arbitrary
/// graph, the public API's collections (`Ratings`, `RatingPolls`, `InfoRequests`) in it.
#[cfg(all(feature = "arbitrary", feature = "public"))]
mod public_entities {
    use std::marker::PhantomData;

    use arbitrary::{Arbitrary, Unstructured};
    use iqchannels_proto::methods::{Metadata, Verb};
    use iqchannels_proto::references::References;
    use iqchannels_proto::schema::{Kind, Wire};
    use iqchannels_proto::{
        codec, AdvancedUnread, AdvancedUnreadResult, Blocker, ChatEvent, ChatMessage, ChatSettings,
        Client, ClientSession, EndAppealSettings, File, FilesConfig, Graph, GreetingSettings,
        InfoRequest, Languages, Method, PersonalDataForm, Rating, RatingPoll, Response,
        ServerVersion,
    };
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Serialize};

    /// A method whose data is `T`.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(bound = "")]
    struct DataOf<T> {
        #[serde(skip)]
        data: PhantomData<T>,
    }

    /// Its request is `{}`.
    impl<T> Wire for DataOf<T> {
        const KIND: Kind = Kind::Raw;
    }

    impl<T> Method for DataOf<T>
    where
        T: Serialize + DeserializeOwned + Default + PartialEq + std::fmt::Debug + References + Wire,
    {
        const METADATA: Metadata = Metadata::new(Verb::Post, "/test/data_of");
        type Data = T;
    }

    /// The value `bytes` make, as a response's data with `graph`, round trips.
    fn round_trips<T>(bytes: &[u8], graph: Graph) -> Result<(), TestCaseError>
    where
        T: for<'a> Arbitrary<'a>
            + Serialize
            + DeserializeOwned
            + Default
            + PartialEq
            + std::fmt::Debug
            + References
            + Wire,
    {
        let Ok(value) = T::arbitrary(&mut Unstructured::new(bytes)) else {
            return Ok(());
        };
        let response = Response::success(value, graph);
        let encoded = codec::encode_response::<DataOf<T>>(&response).unwrap();
        prop_assert_eq!(&encoded, &serde_json::to_vec(&response).unwrap());
        let decoded = codec::decode_response::<DataOf<T>>(&encoded).unwrap();
        // Nothing left out; a departure (a notice id of text) is kept and warned of.
        prop_assert!(
            decoded
                .warnings
                .iter()
                .all(|warning| warning.kind() != codec::WarningKind::LeftOut),
            "{:?}",
            decoded.warnings
        );
        prop_assert_eq!(decoded.value, response);
        Ok(())
    }

    fn bytes() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(any::<u8>(), 0..2048)
    }

    proptest! {
        #[test]
        fn messages_and_events_round_trip(bytes in bytes()) {
            round_trips::<ChatMessage>(&bytes, Graph::default())?;
            round_trips::<ChatEvent>(&bytes, Graph::default())?;
        }

        #[test]
        fn a_page_of_messages_with_its_graph_round_trips(bytes in bytes(), graph in bytes()) {
            let graph = Graph::arbitrary(&mut Unstructured::new(&graph)).unwrap_or_default();
            round_trips::<Vec<ChatMessage>>(&bytes, graph)?;
        }

        #[test]
        fn clients_sessions_and_files_round_trip(bytes in bytes()) {
            round_trips::<Client>(&bytes, Graph::default())?;
            round_trips::<ClientSession>(&bytes, Graph::default())?;
            round_trips::<File>(&bytes, Graph::default())?;
        }

        #[test]
        fn ratings_polls_and_info_requests_round_trip(bytes in bytes()) {
            round_trips::<Rating>(&bytes, Graph::default())?;
            round_trips::<RatingPoll>(&bytes, Graph::default())?;
            round_trips::<InfoRequest>(&bytes, Graph::default())?;
            round_trips::<PersonalDataForm>(&bytes, Graph::default())?;
        }

        #[test]
        fn settings_and_widget_objects_round_trip(bytes in bytes()) {
            round_trips::<ChatSettings>(&bytes, Graph::default())?;
            round_trips::<GreetingSettings>(&bytes, Graph::default())?;
            round_trips::<Blocker>(&bytes, Graph::default())?;
            round_trips::<EndAppealSettings>(&bytes, Graph::default())?;
            round_trips::<FilesConfig>(&bytes, Graph::default())?;
            round_trips::<Languages>(&bytes, Graph::default())?;
            round_trips::<ServerVersion>(&bytes, Graph::default())?;
            round_trips::<AdvancedUnread>(&bytes, Graph::default())?;
            round_trips::<AdvancedUnreadResult>(&bytes, Graph::default())?;
        }
    }
}

/// Floats across the whole `f64` range, in every field the crate keeps as raw JSON: read by
/// the crate's decoders, each keeps its text to the digit, and is written back as it came.
#[cfg(feature = "public")]
mod raw_json_floats {
    use iqchannels_proto::api::public::chats::{ChannelSend, ExistingTickets};
    use iqchannels_proto::api::public::ratings::QueryPoll;
    use iqchannels_proto::envelope::Spelling;
    use iqchannels_proto::stream::{Frame, StreamDecoder, StreamKind};
    use iqchannels_proto::{codec, AdvancedUnreadResult, RawJson, Response, User};
    use proptest::prelude::*;

    /// A finite float from any bit pattern (so every exponent is as likely), written as
    /// serde_json writes it, as Rust's `{:e}` does, with more digits than it needs, and
    /// with an upper-case signed exponent.
    fn float_text() -> impl Strategy<Value = String> {
        let float = any::<u64>()
            .prop_map(f64::from_bits)
            .prop_filter("finite", |float| float.is_finite());
        (float, 0..4u8).prop_map(|(float, form)| match form {
            0 => serde_json::Number::from_f64(float).unwrap().to_string(),
            1 => format!("{float:e}"),
            2 => format!("{float:.19e}"),
            _ => format!("{float:E}").replace('E', "E+").replace("E+-", "E-"),
        })
    }

    /// `body`'s data read back from what the crate writes of it.
    fn rewritten<T>(response: &Response<T>) -> Response<T>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
    {
        let body = codec::encode_response_as(response, Spelling::ResultRels).unwrap();
        let decoded = codec::decode_response_as::<T>(&body).unwrap();
        assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
        decoded.value
    }

    proptest! {
        #[test]
        fn responses_keep_a_float_to_the_digit(text in float_text()) {
            // A method whose data is raw JSON, a graph collection the crate has no type
            // for, and a user's permissions.
            let body = format!(
                r#"{{"OK":true,"Result":{text},"Rels":{{"Future":[{text}],"Users":[{{"Id":1,"Permissions":{text}}}]}}}}"#
            );
            let response = codec::decode_response::<ChannelSend>(body.as_bytes()).unwrap().value;
            prop_assert_eq!(response.data.as_ref().map(RawJson::get), Some(text.as_str()));
            let graph = response.graph.as_ref().unwrap();
            prop_assert_eq!(graph.other["Future"].get(), format!("[{text}]"));
            prop_assert_eq!(graph.users[0].permissions.get(), text.as_str());
            let written = codec::encode_response::<ChannelSend>(&response).unwrap();
            prop_assert_eq!(written.windows(text.len()).filter(|at| *at == text.as_bytes()).count(), 3);
            prop_assert_eq!(&rewritten(&response), &response);

            let body = format!(r#"{{"OK":true,"Result":{{"Id":1,"Permissions":{text}}}}}"#);
            let user = codec::decode_response_as::<User>(body.as_bytes()).unwrap().value;
            prop_assert_eq!(user.data.as_ref().unwrap().permissions.get(), text.as_str());
            prop_assert_eq!(&rewritten(&user), &user);
        }

        #[test]
        fn an_unread_result_keeps_a_float_to_the_digit(text in float_text()) {
            let body = format!(r#"{{"OK":true,"Result":{{"id":{text},"name":"support"}}}}"#);
            let unread = codec::decode_response_as::<AdvancedUnreadResult>(body.as_bytes()).unwrap().value;
            prop_assert_eq!(unread.data.as_ref().unwrap().id.get(), text.as_str());
            prop_assert_eq!(&rewritten(&unread), &unread);

            let mut stream = StreamDecoder::for_stream(StreamKind::MultichatUnread);
            stream.push(format!("data: {body}\n\n").as_bytes());
            match stream.next_frame() {
                Some(Ok(Frame::MultichatUnread(result))) => prop_assert_eq!(result.id.get(), text.as_str()),
                other => prop_assert!(false, "{other:?}"),
            }
        }

        #[test]
        fn requests_keep_a_float_to_the_digit(text in float_text()) {
            // As the Go server reads a request, strictly, and as a client writes it back.
            let body = format!(r#"{{"ClientId":1,"Query":{text}}}"#);
            let lenient = codec::decode_request::<ExistingTickets>(body.as_bytes()).unwrap();
            prop_assert!(lenient.warnings.is_empty(), "{:?}", lenient.warnings);
            let strict = codec::decode_request_strict::<ExistingTickets>(body.as_bytes()).unwrap();
            prop_assert_eq!(lenient.value.query.get(), text.as_str());
            prop_assert_eq!(&strict, &lenient.value);
            prop_assert_eq!(codec::encode_request(&strict).unwrap().body, body.as_bytes());

            let body = format!(r#"{{"Query":{text}}}"#);
            let poll = codec::decode_request_strict::<QueryPoll>(body.as_bytes()).unwrap();
            prop_assert_eq!(poll.query.get(), text.as_str());
            prop_assert_eq!(codec::encode_request(&poll).unwrap().body, body.as_bytes());

            let body = format!(r#"{{"LocalId":1,"Payload":"text","Text":"","ChatType":"regular","Metadata":{{"Version":{text}}}}}"#);
            let send = codec::decode_request::<ChannelSend>(body.as_bytes()).unwrap().value;
            let metadata = format!(r#"{{"Version":{text}}}"#);
            prop_assert_eq!(send.message.metadata.as_ref().map(RawJson::get), Some(metadata.as_str()));
            let written = codec::encode_request(&send).unwrap().body;
            prop_assert!(written.windows(text.len()).any(|at| at == text.as_bytes()));
        }
    }
}
