//! The method model: a request's verb, path with typed parameters anywhere in it, query,
//! body kind and envelope spelling, both ways; the router.

use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::methods::{
    parse_query, Auth, BodyKind, Metadata, ResponseKind, Spelling, Target, Verb,
};
use iqchannels_proto::primitives::{Param, ParamError};
use iqchannels_proto::schema::{Kind, Wire};
use iqchannels_proto::{codec, ChatEventId, Method, RawJson, Router};
use serde::{Deserialize, Serialize};

/// A method declared outside the crate, as a user would: a `GET` whose path carries a
/// channel's name in the middle and a message id, with a query.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Listen {
    #[serde(skip)]
    channel: String,
    #[serde(skip)]
    message_id: i64,
    #[serde(skip)]
    chat_type: Option<String>,
    #[serde(skip)]
    last_event_id: Option<ChatEventId>,
}

/// Its body is `{}`, read and ignored: any JSON.
impl Wire for Listen {
    const KIND: Kind = Kind::Raw;
}

impl Method for Listen {
    const METADATA: Metadata = Metadata::new(Verb::Get, "/x/channels/:channel/messages/:id/events")
        .with_query(&["ChatType", "LastEventId"])
        .with_body(BodyKind::Empty)
        .with_response(ResponseKind::Stream)
        .with_auth(Auth::Client)
        .with_spelling(Spelling::ResultRels);
    type Data = RawJson;

    fn path_params(&self) -> Vec<String> {
        vec![self.channel.clone(), self.message_id.to_string()]
    }

    fn set_path_params(&mut self, params: &[String]) -> Result<(), (&'static str, ParamError)> {
        self.channel = params[0].clone();
        self.message_id = i64::from_param(&params[1]).map_err(|error| ("id", error))?;
        Ok(())
    }

    fn query_params(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(value) = self.chat_type.to_param() {
            query.push(("ChatType", value.into_owned()));
        }
        if let Some(value) = self.last_event_id.to_param() {
            query.push(("LastEventId", value.into_owned()));
        }
        query
    }

    fn set_query_param(&mut self, name: &str, text: &str) -> Result<(), ParamError> {
        match name {
            "ChatType" => self.chat_type = Param::from_param(text)?,
            "LastEventId" => self.last_event_id = Param::from_param(text)?,
            _ => {}
        }
        Ok(())
    }
}

#[test]
fn parameters_anywhere_in_the_path_and_the_query_are_encoded_and_read_back() {
    let listen = Listen {
        channel: "sup port/é?#".to_owned(),
        message_id: 42,
        chat_type: Some("regular".to_owned()),
        last_event_id: Some(ChatEventId::new(123)),
    };
    let encoded = codec::encode_request(&listen).unwrap();
    assert_eq!(encoded.verb, Verb::Get);
    assert_eq!(
        encoded.target,
        "/x/channels/sup%20port%2F%C3%A9%3F%23/messages/42/events?ChatType=regular&LastEventId=123"
    );
    // No body, so no content type.
    assert!(encoded.body.is_empty());
    assert!(encoded.headers.is_empty());
    let read = codec::decode_request_at::<Listen>(&encoded.target, &encoded.body).unwrap();
    assert_eq!(read.value, listen);
    assert_eq!(read.warnings, []);

    // An absent optional query parameter is left out.
    let bare = Listen {
        channel: "support".to_owned(),
        ..Listen::default()
    };
    assert_eq!(bare.target(), "/x/channels/support/messages/0/events");
}

#[test]
fn the_android_sdk_s_second_question_mark_separates_parameters() {
    let target = "/x/channels/support/messages/1/events?ChatType=regular?LastEventId=123";
    let read = codec::decode_request_at::<Listen>(target, b"")
        .unwrap()
        .value;
    assert_eq!(read.chat_type.as_deref(), Some("regular"));
    assert_eq!(read.last_event_id, Some(ChatEventId::new(123)));
    assert_eq!(
        parse_query("a=1?b=2&c&d=%zz&e=x+y%2B"),
        [
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
            ("c".to_owned(), String::new()),
            ("e".to_owned(), "x y+".to_owned()),
        ]
    );
}

#[test]
fn a_parameter_that_is_not_of_its_type_is_an_error_naming_it() {
    let error =
        codec::decode_request_at::<Listen>("/x/channels/a/messages/ten/events", b"").unwrap_err();
    assert_eq!(error.path(), ":id");
    assert_eq!(
        error.to_string(),
        ":id: expected a 64-bit integer at line 1 column 1"
    );
    let error =
        codec::decode_request_at::<Listen>("/x/channels/a/messages/1/events?LastEventId=x", b"")
            .unwrap_err();
    assert_eq!(error.path(), "?LastEventId");
    // Unknown query parameters are ignored, as the Go server ignores them.
    assert!(
        codec::decode_request_at::<Listen>("/x/channels/a/messages/1/events?Zzz=1", b"").is_ok()
    );
}

#[test]
fn paths_match_whole_segments_after_percent_decoding() {
    let metadata = &Listen::METADATA;
    for target in [
        "/x/channels//messages/1/events",
        "/x/channels/a/messages/1/events/",
        "/x/channels/a/messages/1",
        "/x/channels/a/b/messages/1/events",
        "/x/channels/%ff/messages/1/events",
        "x/channels/a/messages/1/events",
    ] {
        assert_eq!(Target::read(metadata, target), None, "{target}");
    }
    let read = Target::read(metadata, "/x/%63hannels/a%2Fb/messages/1/events").unwrap();
    assert_eq!(read.params, ["a/b", "1"]);
}

#[test]
fn the_router_finds_the_method_by_verb_and_path_behind_a_prefix() {
    let router = Router::with_prefix("/iq/");
    let route = router
        .route("POST", "/iq/api/tickets/create_message?x=1")
        .unwrap();
    assert!(route.is::<CreateMessage>());
    assert_eq!(route.metadata().spelling, Spelling::DataGraph);
    assert_eq!(route.target(), "/api/tickets/create_message?x=1");
    for (verb, target) in [
        ("POST", "/api/tickets/create_message"),
        ("POST", "/iqapi/tickets/create_message"),
        ("POST", "/iq/api/tickets/nope"),
    ] {
        assert_eq!(
            router.route(verb, target).unwrap_err(),
            iqchannels_proto::RouteError::NotFound,
            "{target}"
        );
    }
    let error = router
        .route("get", "/iq/api/tickets/create_message")
        .unwrap_err();
    assert_eq!(
        error,
        iqchannels_proto::RouteError::WrongVerb {
            allowed: Verb::Post
        }
    );
    assert_eq!(error.to_string(), "this path takes POST requests");
}

#[test]
fn every_method_of_the_registry_routes_to_itself() {
    struct Check(Router);
    impl iqchannels_proto::api::MethodVisitor for Check {
        type Output = ();
        fn visit<M: Method>(&mut self)
        where
            M::Data: iqchannels_proto::Messages,
        {
            let metadata = M::METADATA;
            // The template itself, with a value in place of each parameter.
            let target = metadata
                .path
                .replace(":chatId", "7")
                .replace(":userId", "7")
                .replace(":channelId", "7");
            let route = self.0.route(metadata.verb.as_str(), &target).unwrap();
            assert!(route.is::<M>(), "{target}");
        }
    }
    iqchannels_proto::api::visit_all(&mut Check(Router::new()));
}
