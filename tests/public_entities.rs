//! The public client API's entities and enumerations (`public-api.md` §4, §5): every field
//! any SDK reads is read and written back as it came, by serde_json and by the crate's own
//! codec; missing and `null` fields are zero values; unknown enum values are kept; the keys
//! the iOS SDK requires are always written; and exactly the fields `src/primitives/wire.rs`
//! lists are written only when present.
//!
//! The JSON objects here are ours, built from the spec's tables (each names its section),
//! not captured from a server. With the `public` feature, which brings the public API's
//! fields of the shared `Client` and `File`.

#![cfg(feature = "public")]

use std::collections::{BTreeMap, BTreeSet};
use std::marker::PhantomData;

use iqchannels_proto::envelope::Spelling;
use iqchannels_proto::methods::{Metadata, Verb};
use iqchannels_proto::references::References;
use iqchannels_proto::schema::{Described, Kind, Rule, Schema, Wire};
use iqchannels_proto::{
    codec, Action, ActionType, AdvancedUnread, AdvancedUnreadResult, Blocker, Channel, ChannelKind,
    Chat, ChatEvent, ChatEventType, ChatMessage, ChatNoticeId, ChatPayloadType, ChatSettings,
    ChatType, Client, ClientAuth, ClientDetails, ClientSession, ClientType, EndAppealSettings,
    FieldValidation, File, FileImageSize, FileState, FileType, FilesConfig, GreetFrom,
    GreetingSettings, InfoRequest, InfoRequestState, Language, Languages, LooseId, MessageStyle,
    Method, MultiChatsInfo, PeriodicPayment, PeriodicPaymentType, PersonalDataField,
    PersonalDataForm, PersonalDataRequestType, PollQuestionScale, PollQuestionType, Price, Product,
    ProductType, PushKind, Rating, RatingPoll, RatingPollAnswer, RatingPollQuestion, RatingState,
    Response, ServerVersion, SingleChoice, TransferToChannel, UnreadChannel, UnreadLastMessage,
    User,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A method whose data is `T`, spelled as the public API spells it (`Result`/`Rels`): the
/// crate's own reading and writing of `T` as a response's data.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
struct DataOf<T> {
    #[serde(skip)]
    data: PhantomData<T>,
}

/// Its request is `{}`: any JSON, ignored.
impl<T> Wire for DataOf<T> {
    const KIND: Kind = Kind::Raw;
}

impl<T> Method for DataOf<T>
where
    T: Serialize + DeserializeOwned + Default + PartialEq + std::fmt::Debug + References + Wire,
{
    const METADATA: Metadata =
        Metadata::new(Verb::Post, "/test/data_of").with_spelling(Spelling::ResultRels);
    type Data = T;
}

/// The data of `{"OK": true, "Result": <result>}` as the crate's codec reads it, with no
/// warning.
fn codec_read<T>(result: &Value) -> Result<T, codec::DecodeError>
where
    T: Serialize + DeserializeOwned + Default + PartialEq + std::fmt::Debug + References + Wire,
{
    let body = serde_json::to_vec(&json!({"OK": true, "Result": result})).unwrap();
    let decoded = codec::decode_response::<DataOf<T>>(&body)?;
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    Ok(decoded.value.data.unwrap_or_default())
}

/// `object` decodes as a `T`, by serde_json and by the codec alike, and encodes back to
/// itself both ways: every field is modelled. Every field missing, and every field `null`,
/// reads as the zero value.
fn round_trips<T>(object: Value) -> T
where
    T: Serialize + DeserializeOwned + Default + PartialEq + std::fmt::Debug + References + Wire,
{
    let value: T = serde_json::from_value(object.clone()).unwrap();
    assert_eq!(serde_json::to_value(&value).unwrap(), object);
    assert_eq!(
        codec_read::<T>(&object).unwrap(),
        value,
        "the codec reads the same"
    );
    let response = Response::success(value, Default::default());
    let body = codec::encode_response::<DataOf<T>>(&response).unwrap();
    let written: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(written["Result"], object, "the codec writes the same");
    assert_eq!(
        serde_json::from_value::<T>(json!({})).unwrap(),
        T::default()
    );
    // Except the fields kept as they came (`Presence`): `null` stays `null` there.
    let Kind::Object(schema) = T::KIND else {
        panic!("an object")
    };
    let kept = |key: &str| {
        schema()
            .field(key)
            .is_some_and(|field| field.rule == Rule::Kept)
    };
    let nulls: serde_json::Map<String, Value> = object
        .as_object()
        .unwrap()
        .keys()
        .filter(|key| !kept(key))
        .map(|key| (key.clone(), Value::Null))
        .collect();
    assert_eq!(
        serde_json::from_value::<T>(Value::Object(nulls.clone())).unwrap(),
        T::default()
    );
    assert_eq!(
        codec_read::<T>(&Value::Object(nulls)).unwrap(),
        T::default()
    );
    response.data.unwrap()
}

// The objects, one function each, every field the spec's tables give.

/// §4.9 SingleChoice: note the lower-case `title`, `value`, `tag`.
fn single_choice_json() -> Value {
    json!({
        "Id": 11, "ChatMessageId": 501, "ClientId": 77, "Deleted": false,
        "title": "Да", "value": "yes", "tag": null
    })
}

/// §4.9 Action.
fn action_json() -> Value {
    json!({
        "Id": 21, "ChatMessageId": 501, "ClientId": 77, "Title": "Открыть сайт",
        "Action": "Open URL", "Payload": "btn|primary", "URL": "https://iqstore.ru"
    })
}

/// §4.9 Product, with a price that is not a whole number.
fn product_json() -> Value {
    json!({
        "Id": 31, "Type": "product", "PeriodicPayment": "paid",
        "PeriodicPaymentType": "month", "PeriodicPaymentPrice": 299.99
    })
}

/// §4.9 TransferToChannel.
fn transfer_to_channel_json() -> Value {
    json!({
        "Id": 41, "ProjectId": 2, "Name": "sales", "Title": "Перейти в отдел продаж",
        "Description": "Там ответят быстрее", "ProjectName": "IQStore", "ChatTitle": null,
        "CreatedAt": 1548142724904_i64, "UpdatedAt": null
    })
}

/// §4.2 ChatMessage: the chat API's fields, then every field the public API adds.
fn chat_message_json() -> Value {
    json!({
        "Id": 501, "UID": "a75247b226787bc7fc2e337e28d898c2eb46da15", "ChatId": 10,
        "SessionId": 3, "LocalId": 1548142724904_i64, "EventId": 101, "Public": true,
        "Author": "user", "ClientId": null, "UserId": 5, "Payload": "single-choice",
        "Text": "**Подключить?**", "FileId": "5722e415-dbc7-11e6-859b-975704fae91d.ogg",
        "NoticeId": null, "Received": true, "Read": false, "Pushed": false, "CreatedAt": 1,
        "ReceivedAt": 2, "ReadAt": 0, "My": false,
        "ReplyToMessageId": 500, "RatingId": 7, "InfoRequestId": 9,
        "BotpressPayload": "yes", "SingleChoices": [single_choice_json()],
        "IsDropDown": true, "DisableFreeText": false, "Actions": [action_json()],
        "Product": product_json(), "TransferToChannel": transfer_to_channel_json(),
        "Style": "markdown", "TicketId": 77, "Listened": false,
        "EditedAt": 1548142725000_i64
    })
}

/// §4.3 ChatEvent: a `delete-messages` event with its inline messages.
fn chat_event_json() -> Value {
    json!({
        "Id": 1205, "Type": "delete-messages", "Transitive": false, "ChatId": 10,
        "MessageId": null, "InboxId": null, "ThreadId": null, "Actor": "user",
        "ClientId": null, "UserId": 5, "CreatedAt": 1548142724904_i64, "Public": true,
        "SessionId": null, "MemberId": null,
        "Messages": [chat_message_json()], "NextChannelName": "sales"
    })
}

/// §4.4 MultiChatsInfo.
fn multi_chats_info_json() -> Value {
    json!({
        "PersonalManagerName": "Иван", "ChannelName": "Поддержка",
        "ChannelIconColor": "#0096F7", "EnableForPersonalManagers": true,
        "EnableChat": true, "ChannelType": "info"
    })
}

/// §4.4 Client.Details.
fn client_details_json() -> Value {
    json!({
        "Cellphone": "+79990000000", "Email": "client@example.ru", "BirthDay": "01.01.1990",
        "FirstName": "Пётр", "LastName": "Петров", "MiddleName": "Петрович", "INN": "7700000000",
        "Fields": [{"Name": "Город", "Value": "Москва"}]
    })
}

/// §4.4 Client: the chat API's fields, then the public API's.
fn client_json() -> Value {
    json!({
        "Id": 77, "Type": "anonymous", "Name": "Гость", "Online": true,
        "IntegrationId": null, "TelegramId": null, "CreatedAt": 1, "UpdatedAt": 2,
        "LastSeenAt": null, "ProjectId": 2, "PersonalManagerId": 5,
        "PersonalManagerGroupId": 0, "MultiChatsInfo": multi_chats_info_json(),
        "Details": client_details_json()
    })
}

/// §4.5 ClientSession: the chat API's fields, then the public API's.
fn client_session_json() -> Value {
    json!({
        "Id": 3, "ClientId": 77, "Token": "eyJhbGciOi.secret-token", "Integration": true,
        "CreatedAt": 1, "IntegrationHash": "5f4dcc3b", "IntegrationCredentials": "crm-secret"
    })
}

/// §4.7 File, with its check state.
fn file_json() -> Value {
    json!({
        "Id": "5722e415-dbc7-11e6-859b-975704fae91d.ogg", "Type": "audio", "Owner": "client",
        "OwnerClientId": 77, "Actor": "client", "ActorClientId": 77, "ActorUserId": null,
        "Name": "voice.ogg", "Path": "2017/01/voice.ogg", "Size": 48213, "ImageWidth": null,
        "ImageHeight": null, "ContentType": "audio/ogg", "CreatedAt": 1,
        "State": "on_checking"
    })
}

/// §4.8 Rating.
fn rating_json() -> Value {
    json!({
        "Id": 7, "ProjectId": 2, "ClientId": 77, "TicketId": 103, "UserId": 5,
        "State": "poll", "Value": null, "Comment": "Спасибо", "CreatedAt": 1, "UpdatedAt": 2,
        "RatingPollId": 8, "QuestionText": "Оцените работу оператора"
    })
}

/// §4.8 RatingPollQuestion of each kind the tables show.
fn rating_poll_questions_json() -> Value {
    json!([
        {
            "Id": 81, "Text": "Решён ли вопрос?", "Type": "fcr", "AsTicketRating": false,
            "Scale": null,
            "Answers": [{"Id": 1, "Text": "Да", "FCR": true}, {"Id": 2, "Text": "Нет", "FCR": false}]
        },
        {
            "Id": 82, "Text": "Насколько вероятно, что порекомендуете нас?", "Type": "scale",
            "AsTicketRating": true,
            "Scale": {"FromValue": 0, "ToValue": 10, "Items": {"0": "Ни за что", "10": "Обязательно"}},
            "Answers": []
        },
        {
            "Id": 83, "Text": "Что улучшить?", "Type": "one_of_list", "AsTicketRating": false,
            "Scale": null, "Answers": [{"Id": 3, "Text": "Скорость", "FCR": null}]
        }
    ])
}

/// §4.8 RatingPoll.
fn rating_poll_json() -> Value {
    json!({
        "Id": 8, "FeedbackThanks": true, "FeedbackThanksText": "Спасибо за ответы!",
        "ShowOffer": true, "Questions": rating_poll_questions_json()
    })
}

/// §4.11 InfoRequest.
fn info_request_json() -> Value {
    json!({
        "Id": 9, "ClientId": 77, "State": "pending", "ClientConsent": false,
        "ProcessingDataLink": "https://iqstore.ru/policy",
        "Form": {"Fields": [
            {"Name": "Email", "Label": "Почта", "Required": true, "ValidationRegexp": "email", "CorrespondingField": ""},
            {"Name": "Код", "Label": "Код", "Required": false, "ValidationRegexp": "^[0-9]{4}$", "CorrespondingField": "1234"}
        ]}
    })
}

/// §4.11 ChatSettings, with both spellings of the operator's name.
fn chat_settings_json() -> Value {
    json!({
        "Id": 1, "Enabled": true, "GreetFrom": "user", "Message": "Здравствуйте!",
        "Lifetime": 300, "Pseudonym": "Оператор", "OperatorName": "Оператор",
        "AvatarId": null, "TotalOpenedTickets": 0, "ChatTitle": "Поддержка"
    })
}

/// §4.11 GreetingSettings.
fn greeting_settings_json() -> Value {
    json!({
        "Greeting": "Представьтесь, пожалуйста", "GreetingBold": "Добро пожаловать",
        "PersonalDataRequestType": "full_form", "ChannelType": null
    })
}

/// §4.11 Blocker, both SDKs' fields at once.
fn blocker_json() -> Value {
    json!({"Enabled": true, "Text": "Канал только для чтения", "BlockerFileId": "b.png"})
}

/// §4.11 FilesConfig, with the Android SDK's `title_label`.
fn files_config_json() -> Value {
    json!({
        "MaxFileSizeMb": 10, "MaxImageWidth": 4096, "MaxImageHeight": null,
        "AllowedExtensions": null, "ForbiddenExtensions": ["exe", "bat"],
        "title_label": "Файлы"
    })
}

/// §4.10 Language, with both spellings of the icon.
fn language_json() -> Value {
    json!({"Code": "ru", "Name": "Русский", "Default": true, "IconURL": "/ru.png", "icon_url": "/ru.png"})
}

/// §4.11 AdvancedUnread's last message, lower camel case.
fn unread_last_message_json() -> Value {
    json!({"text": "Здравствуйте", "fileId": null, "isSurvey": false, "date": "2026-11-28T10:00:00Z"})
}

#[test]
fn chat_messages_carry_every_field_of_section_4_2() {
    let message: ChatMessage = round_trips(chat_message_json());
    assert_eq!(message.payload, ChatPayloadType::SingleChoice);
    assert_eq!(message.style, Some(MessageStyle::Markdown));
    assert_eq!(message.rating_id.map(|id| id.get()), Some(7));
    let choices = message.single_choices.as_deref().unwrap();
    assert_eq!(
        (choices[0].title.as_str(), choices[0].value.as_str()),
        ("Да", "yes")
    );
    let actions = message.actions.as_deref().unwrap();
    assert_eq!(actions[0].action, Some(ActionType::OpenUrl));
    assert_eq!(actions[0].url.as_deref(), Some("https://iqstore.ru"));
    let product = message.product.as_deref().unwrap();
    assert_eq!(product.kind, ProductType::Product);
    assert_eq!(product.periodic_payment_type, PeriodicPaymentType::Month);
    assert_eq!(product.periodic_payment_price.as_f64(), 299.99);
    assert_eq!(
        message.transfer_to_channel.as_deref().unwrap().name,
        "sales"
    );
    // The pieces on their own.
    round_trips::<SingleChoice>(single_choice_json());
    round_trips::<Action>(action_json());
    round_trips::<Product>(product_json());
    round_trips::<TransferToChannel>(transfer_to_channel_json());
}

#[test]
fn the_chat_apis_message_gains_no_public_api_keys() {
    // §4.2 "Shared": what the chat API sends is written back with nothing added.
    let mut message = chat_message_json();
    let object = message.as_object_mut().unwrap();
    for key in [
        "ReplyToMessageId",
        "RatingId",
        "InfoRequestId",
        "BotpressPayload",
        "SingleChoices",
        "IsDropDown",
        "DisableFreeText",
        "Actions",
        "Product",
        "TransferToChannel",
        "Style",
        "TicketId",
        "Listened",
        "EditedAt",
    ] {
        object.remove(key);
    }
    round_trips::<ChatMessage>(message);
}

#[test]
fn local_fields_are_not_modelled_and_kept_as_they_came() {
    // §4.2: `Error`, `AutoGreeting` (the mobile SDKs' own) and `ListenedAt` (the widget's
    // own) are not modelled fields. A body that carries them anyway keeps them, as every
    // unknown key is kept: written back after the known fields, unchanged.
    let message: ChatMessage =
        serde_json::from_str(r#"{"Id": 1, "Error": true, "AutoGreeting": true, "ListenedAt": 5}"#)
            .unwrap();
    let kept: Vec<_> = message
        .unknown
        .iter()
        .map(|(key, raw)| (key, raw.get()))
        .collect();
    assert_eq!(
        kept,
        [
            ("Error", "true"),
            ("AutoGreeting", "true"),
            ("ListenedAt", "5")
        ]
    );
    let written = serde_json::to_string(&message).unwrap();
    assert!(
        written.ends_with(r#","Error":true,"AutoGreeting":true,"ListenedAt":5}"#),
        "{written}"
    );
}

#[test]
fn notice_ids_are_read_from_a_number_or_a_string_of_digits() {
    // §4.2: an int64 in the chat API (and so for the widget and the iOS SDK), a string in
    // the Android SDK's model. Either reads; the number is what is written.
    for (sent, id) in [
        (json!(42), 42),
        (json!("42"), 42),
        (json!(-7), -7),
        (json!("-7"), -7),
        (json!("9223372036854775807"), i64::MAX),
        (json!(i64::MIN), i64::MIN),
    ] {
        let object = json!({"NoticeId": sent});
        let message: ChatMessage = serde_json::from_value(object.clone()).unwrap();
        assert_eq!(
            message.notice_id,
            Some(LooseId::Id(ChatNoticeId::new(id))),
            "{sent}"
        );
        assert_eq!(
            codec_read::<ChatMessage>(&object).unwrap(),
            message,
            "{sent}"
        );
        assert_eq!(
            serde_json::to_value(&message).unwrap()["NoticeId"],
            json!(id)
        );
    }
    for missing in [json!({}), json!({"NoticeId": null})] {
        assert_eq!(codec_read::<ChatMessage>(&missing).unwrap().notice_id, None);
    }
    // Any other text is kept as it came (`sdk-fidelity.md` M6: one bad notice must not lose
    // the whole page), and written back as it came.
    for text in ["", "-", "4x", "+4", " 4", "1.5", "9223372036854775808"] {
        let body =
            serde_json::to_vec(&json!({"OK": true, "Result": [{"Id": 1}, {"NoticeId": text}]}))
                .unwrap();
        let decoded = codec::decode_response::<DataOf<Vec<ChatMessage>>>(&body).unwrap();
        let messages = decoded.value.data.unwrap();
        assert_eq!(
            messages[1].notice_id,
            Some(LooseId::Text(text.to_owned())),
            "{text}"
        );
        // Warned of, where it is.
        let warned: Vec<_> = decoded
            .warnings
            .iter()
            .map(|warning| (warning.kind(), warning.path(), warning.column()))
            .collect();
        assert_eq!(
            warned,
            [(codec::WarningKind::NotDigits, "Result[1].NoticeId", 43)],
            "{text}"
        );
        assert_eq!(
            serde_json::to_value(&messages[1]).unwrap()["NoticeId"],
            json!(text)
        );
    }
    for wrong in [
        json!(9223372036854775808_u64),
        json!(1.5),
        json!(true),
        json!([1]),
        json!({"Id": 1}),
    ] {
        let object = json!({"NoticeId": wrong});
        assert!(
            serde_json::from_value::<ChatMessage>(object.clone()).is_err(),
            "{wrong}"
        );
        let error = codec_read::<ChatMessage>(&object).unwrap_err();
        assert_eq!(error.path(), "Result.NoticeId", "{wrong}: {error}");
    }
}

#[test]
fn chat_events_carry_their_messages_inline() {
    // §4.3.
    let event: ChatEvent = round_trips(chat_event_json());
    assert_eq!(event.kind, ChatEventType::DeleteMessages);
    assert_eq!(event.messages.as_ref().map(Vec::len), Some(1));
    assert_eq!(event.next_channel_name.as_deref(), Some("sales"));
    // The inline messages' ids are references too: a graph must carry what they point at.
    let found = iqchannels_proto::references::collect(&event);
    assert!(
        found.iter().any(|(path, _)| path == "Messages[0].UserId"),
        "{found:?}"
    );
}

#[test]
fn clients_carry_their_managers_and_channel_presentation() {
    // §4.4.
    let client: Client = round_trips(client_json());
    assert_eq!(client.client_type(), ClientType::Anonymous);
    assert_eq!(client.personal_manager_id.map(|id| id.get()), Some(5));
    // `0` is kept apart from absent: the SDKs disagree on what it means (§8, question 13).
    assert_eq!(client.personal_manager_group_id.map(|id| id.get()), Some(0));
    let info = client.multi_chats_info.as_ref().unwrap();
    assert_eq!(info.channel_type, Some(ChannelKind::Info));
    assert_eq!(client.details.as_ref().unwrap().inn, "7700000000");
    round_trips::<MultiChatsInfo>(multi_chats_info_json());
    round_trips::<ClientDetails>(client_details_json());
}

#[test]
fn sessions_keep_their_integration_secret_out_of_debug() {
    // §4.5.
    let session: ClientSession = round_trips(client_session_json());
    assert_eq!(session.integration_hash.as_deref(), Some("5f4dcc3b"));
    assert_eq!(
        session
            .integration_credentials
            .as_ref()
            .map(|secret| secret.expose()),
        Some("crm-secret")
    );
    let auth: ClientAuth = serde_json::from_value(json!({
        "Client": client_json(), "Session": client_session_json()
    }))
    .unwrap();
    for shown in [format!("{auth:?}"), format!("{auth:#?}")] {
        assert!(!shown.contains("crm-secret") && !shown.contains("secret-token"));
    }
}

#[test]
fn users_are_read_with_the_keys_the_sdks_read() {
    // §4.6: the shared user; the SDKs read these keys.
    let user: User = codec_read(&json!({
        "Id": 5, "Name": "i.korobkov", "DisplayName": "Иван Коробков",
        "Email": "i.korobkov@iqstore.ru", "Online": true, "Deleted": false, "CreatedAt": 1,
        "LoggedInAt": 2, "LastSeenAt": 3, "AvatarId": "baac46c4.jpg"
    }))
    .unwrap();
    assert_eq!(user.display_name, "Иван Коробков");
    assert_eq!(user.logged_in_at.map(|at| at.as_millis()), Some(2));
    assert_eq!(user.avatar_id.value().unwrap().as_str(), "baac46c4.jpg");
}

#[test]
fn files_carry_their_check_state() {
    // §4.7.
    let file: File = round_trips(file_json());
    assert_eq!(
        (file.kind, file.state),
        (FileType::Audio, Some(FileState::OnChecking))
    );
}

#[test]
fn ratings_polls_and_their_questions() {
    // §4.8.
    let rating: Rating = round_trips(rating_json());
    assert_eq!(rating.state, RatingState::Poll);
    assert_eq!(rating.rating_poll_id.map(|id| id.get()), Some(8));
    let poll: RatingPoll = round_trips(rating_poll_json());
    assert_eq!(poll.questions[0].kind, PollQuestionType::Fcr);
    assert_eq!(poll.questions[0].answers[0].fcr, Some(true));
    let scale = poll.questions[1].scale.as_ref().unwrap();
    assert_eq!(
        (scale.from_value, scale.to_value, scale.label(10)),
        (0, 10, Some("Обязательно"))
    );
    round_trips::<RatingPollQuestion>(rating_poll_questions_json()[2].clone());
    round_trips::<PollQuestionScale>(rating_poll_questions_json()[1]["Scale"].clone());
    round_trips::<RatingPollAnswer>(rating_poll_questions_json()[0]["Answers"][1].clone());
    // `AsTicketRating` is nullable for the Android SDK, required by the iOS SDK: `null`
    // reads as `false` and is written as `false`, never `null`.
    let question: RatingPollQuestion =
        codec_read(&json!({"Id": 1, "AsTicketRating": null})).unwrap();
    assert_eq!(
        serde_json::to_value(&question).unwrap()["AsTicketRating"],
        false
    );
}

#[test]
fn prices_keep_integers_integral_and_fractions_exact() {
    // §4.9: the iOS SDK requires an integer; the widget shows any number.
    for (text, integral) in [
        ("0", true),
        ("1500", true),
        ("-3", true),
        ("299.99", false),
        ("0.1", false),
        ("1e3", false),
        ("12345678.9", false),
        ("18446744073709551615", true),
    ] {
        let object: Value =
            serde_json::from_str(&format!(r#"{{"PeriodicPaymentPrice": {text}}}"#)).unwrap();
        let product: Product = codec_read(&object).unwrap();
        let price = &product.periodic_payment_price;
        assert_eq!(
            price.to_string(),
            object["PeriodicPaymentPrice"].to_string(),
            "{text}"
        );
        assert_eq!(serde_json::to_value(&product).unwrap(), {
            let mut full = serde_json::to_value(Product::default()).unwrap();
            full["PeriodicPaymentPrice"] = object["PeriodicPaymentPrice"].clone();
            full
        });
        let written = serde_json::to_value(&product).unwrap();
        assert_eq!(
            !written["PeriodicPaymentPrice"].is_f64(),
            integral,
            "{text}"
        );
        // Written, then read again by the codec: the same value, bit for bit.
        let again: Product = codec_read(&serde_json::to_value(&product).unwrap()).unwrap();
        assert_eq!(
            again.periodic_payment_price.as_f64().to_bits(),
            price.as_f64().to_bits()
        );
    }
    assert_eq!(Price::default().to_string(), "0");
    assert!(Price::default().is_zero());
    assert_eq!(Price::from_f64(f64::NAN), None);
    assert_eq!(Price::from_i64(7).as_i64(), Some(7));
}

#[test]
fn languages_keep_either_spelling_of_the_icon() {
    // §4.10: the Android SDK reads `IconURL`, the iOS SDK `icon_url`.
    round_trips::<Language>(language_json());
    for (key, other) in [("IconURL", "icon_url"), ("icon_url", "IconURL")] {
        let mut object = language_json();
        object.as_object_mut().unwrap().remove(other);
        let language: Language = round_trips(object);
        assert_eq!(language.icon(), Some("/ru.png"), "{key}");
    }
    let languages: Languages = round_trips(json!({"Languages": [language_json()]}));
    assert_eq!(languages.languages[0].code, "ru");
}

#[test]
fn settings_and_widget_objects() {
    // §4.11.
    let settings: ChatSettings = round_trips(chat_settings_json());
    assert_eq!(settings.greet_from, GreetFrom::User);
    assert_eq!(settings.operator(), Some("Оператор"));
    let greeting: GreetingSettings = round_trips(greeting_settings_json());
    assert_eq!(
        greeting.personal_data_request_type,
        PersonalDataRequestType::FullForm
    );
    round_trips::<Blocker>(blocker_json());
    // Each SDK's shape of the blocker is written back as it came (§8, question 11).
    round_trips::<Blocker>(json!({"Enabled": false, "Text": "Закрыто"}));
    round_trips::<Blocker>(json!({"Text": null, "BlockerFileId": "b.png"}));
    round_trips::<EndAppealSettings>(json!({"QuestionText": "Оцените", "HasComment": true}));
    round_trips::<FilesConfig>(files_config_json());
    round_trips::<ServerVersion>(json!({"Version": "4.2.1"}));
    let request: InfoRequest = round_trips(info_request_json());
    assert_eq!(request.state, InfoRequestState::Pending);
    let fields = &request.form.fields;
    assert_eq!(fields[0].validation_regexp, FieldValidation::Email);
    // A literal pattern, kept verbatim.
    assert_eq!(fields[1].validation_regexp.as_str(), "^[0-9]{4}$");
    round_trips::<PersonalDataForm>(info_request_json()["Form"].clone());
    round_trips::<PersonalDataField>(info_request_json()["Form"]["Fields"][1].clone());
    // The Android SDK's unread counts, lower camel case.
    let unread: AdvancedUnread = round_trips(json!({"channels": [
        {"name": "support", "chatType": "personal_manager", "lastMessage": unread_last_message_json(), "unreadCount": 3}
    ]}));
    assert_eq!(unread.channels[0].chat_type, ChatType::PersonalManager);
    round_trips::<UnreadChannel>(json!({
        "name": "support", "chatType": "regular", "lastMessage": null, "unreadCount": 0
    }));
    round_trips::<UnreadLastMessage>(unread_last_message_json());
    let frame: AdvancedUnreadResult = round_trips(json!({
        "id": 12, "type": "regular", "name": "support",
        "lastMessage": unread_last_message_json(), "unreadCount": 1
    }));
    assert_eq!(frame.id.get(), "12");
    // Its undocumented `id` is kept as it came, whatever its type.
    round_trips::<AdvancedUnreadResult>(json!({
        "id": "a-1", "type": null, "name": "", "lastMessage": null, "unreadCount": 0
    }));
}

/// Every entity of the spec and its fullest object, by name.
/// Each entity's name, its fullest object, what its default value writes, and its schema.
fn full_objects() -> Vec<(&'static str, Value, Value, &'static Schema)> {
    fn entry<T: Serialize + DeserializeOwned + Default + Described>(
        name: &'static str,
        full: Value,
    ) -> (&'static str, Value, Value, &'static Schema) {
        let _: T = serde_json::from_value(full.clone()).unwrap();
        let default = serde_json::to_value(T::default()).unwrap();
        (name, full, default, &T::SCHEMA)
    }
    vec![
        entry::<User>(
            "User",
            json!({
                "Id": 1, "Name": "", "Email": "", "Position": "", "RoleId": 0, "AvatarId": "",
                "Online": false, "Active": false, "Deleted": false, "TotalAssignedTickets": 0,
                "CreatedAt": 0, "UpdatedAt": 0, "LastSeenAt": 0, "AssignedAt": 0, "DisplayName": "",
                "Permissions": null, "LoggedInAt": 1
            }),
        ),
        entry::<ChatMessage>("ChatMessage", chat_message_json()),
        entry::<ChatEvent>("ChatEvent", chat_event_json()),
        entry::<Client>("Client", client_json()),
        entry::<ClientSession>("ClientSession", client_session_json()),
        entry::<File>("File", file_json()),
        entry::<ChatSettings>("ChatSettings", chat_settings_json()),
        entry::<Language>("Language", language_json()),
        entry::<Blocker>("Blocker", blocker_json()),
        entry::<FilesConfig>("FilesConfig", files_config_json()),
        entry::<SingleChoice>("SingleChoice", single_choice_json()),
        entry::<Action>("Action", action_json()),
        entry::<Product>("Product", product_json()),
        entry::<TransferToChannel>("TransferToChannel", transfer_to_channel_json()),
        entry::<MultiChatsInfo>("MultiChatsInfo", multi_chats_info_json()),
        entry::<ClientDetails>("ClientDetails", client_details_json()),
        entry::<Rating>("Rating", rating_json()),
        entry::<RatingPoll>("RatingPoll", rating_poll_json()),
        entry::<RatingPollQuestion>(
            "RatingPollQuestion",
            rating_poll_questions_json()[1].clone(),
        ),
        entry::<InfoRequest>("InfoRequest", info_request_json()),
        entry::<GreetingSettings>("GreetingSettings", greeting_settings_json()),
        entry::<UnreadLastMessage>("UnreadLastMessage", unread_last_message_json()),
    ]
}

fn keys(object: &Value) -> BTreeSet<String> {
    object.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn exactly_the_fields_the_schema_says_are_written_only_when_present() {
    // What the schemas state (and the reference page lists): the fields written only when
    // present, and those kept absent as they came.
    let mut stated: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // What the code does: the keys of the fullest object that a default value leaves out.
    let mut omitted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, full, default, schema) in full_objects() {
        let left_out: BTreeSet<String> = keys(&full).difference(&keys(&default)).cloned().collect();
        assert!(
            keys(&default).is_subset(&keys(&full)),
            "{name}: the full object has every key"
        );
        if !left_out.is_empty() {
            omitted.insert(name.to_owned(), left_out);
        }
        let absent: BTreeSet<String> = schema
            .fields
            .iter()
            .filter(|field| matches!(field.rule, Rule::WhenPresent | Rule::Kept))
            .map(|field| field.name.to_owned())
            .collect();
        if !absent.is_empty() {
            stated.insert(name.to_owned(), absent);
        }
    }
    assert_eq!(omitted, stated);
}

#[test]
fn keys_the_ios_sdk_requires_are_always_written() {
    // §4.13: written for every value, the zero value too, and never `null`.
    let required: Vec<(Value, &[&str])> = vec![
        (
            serde_json::to_value(ChatMessage::default()).unwrap(),
            &["Id"],
        ),
        (
            serde_json::to_value(ChatEvent::default()).unwrap(),
            &["Id", "Type"],
        ),
        (serde_json::to_value(Client::default()).unwrap(), &["Id"]),
        (serde_json::to_value(User::default()).unwrap(), &["Id"]),
        (
            serde_json::to_value(Chat::default()).unwrap(),
            &["Id", "ClientId", "ChannelId"],
        ),
        (serde_json::to_value(Channel::default()).unwrap(), &["Id"]),
        (serde_json::to_value(File::default()).unwrap(), &["Size"]),
        (serde_json::to_value(Rating::default()).unwrap(), &["Id"]),
        (
            serde_json::to_value(RatingPoll::default()).unwrap(),
            &["Id", "FeedbackThanks", "FeedbackThanksText", "ShowOffer"],
        ),
        (
            serde_json::to_value(RatingPollQuestion::default()).unwrap(),
            &["Id", "AsTicketRating", "Text", "Type"],
        ),
        (
            serde_json::to_value(PollQuestionScale::default()).unwrap(),
            &["FromValue", "ToValue"],
        ),
        (
            serde_json::to_value(RatingPollAnswer::default()).unwrap(),
            &["Id", "Text"],
        ),
        (
            serde_json::to_value(SingleChoice::default()).unwrap(),
            &["Id", "ChatMessageId", "ClientId", "Deleted"],
        ),
        (
            serde_json::to_value(Action::default()).unwrap(),
            &["Id", "ChatMessageId", "ClientId"],
        ),
        (
            serde_json::to_value(Product::default()).unwrap(),
            &["Id", "PeriodicPaymentPrice"],
        ),
        (
            serde_json::to_value(TransferToChannel::default()).unwrap(),
            &["Id", "ProjectId"],
        ),
        (
            // `Enabled` is kept absent as it came (`sdk-fidelity.md` M2, the Android SDK's
            // default): a server sets it, as the iOS SDK requires the key.
            serde_json::to_value({
                let mut settings = ChatSettings::default();
                settings.enabled = false.into();
                settings
            })
            .unwrap(),
            &[
                "Id",
                "Message",
                "Enabled",
                "Lifetime",
                "TotalOpenedTickets",
                "ChatTitle",
            ],
        ),
    ];
    for (object, keys) in required {
        for key in keys {
            let value = object
                .get(key)
                .unwrap_or_else(|| panic!("{key} in {object}"));
            assert!(!value.is_null(), "{key} in {object}");
        }
    }
    // The iOS SDK reads an integer price.
    assert!(serde_json::to_value(Product::default()).unwrap()["PeriodicPaymentPrice"].is_i64());
    // And the envelope's `OK`.
    let body = codec::encode_response::<DataOf<Rating>>(&Response::success(
        Rating::default(),
        Default::default(),
    ))
    .unwrap();
    assert!(body.starts_with(br#"{"OK":true"#));
}

/// Each enum's documented values (§5), each its own variant and written as it came.
macro_rules! documented {
    ($($enum:ident { $($variant:ident = $value:literal),* $(,)? })*) => {$(
        $(
            assert_eq!($enum::from($value), $enum::$variant);
            assert_eq!($enum::$variant.as_str(), $value);
        )*
        let unknown = $enum::from("not-a-documented-value");
        assert_eq!(unknown.as_str(), "not-a-documented-value");
        assert_eq!(serde_json::to_value(&unknown).unwrap(), "not-a-documented-value");
        assert_eq!(serde_json::from_value::<$enum>(json!("not-a-documented-value")).unwrap(), unknown);
    )*};
}

#[test]
fn every_documented_value_is_known_and_any_other_is_kept() {
    documented! {
        ChatEventType {
            ChatCreated = "chat_created", ChatOpened = "chat_opened", ChatClosed = "chat_closed",
            CloseSystemChat = "close-system-chat", Typing = "typing",
            MessageCreated = "message_created", SystemMessageCreated = "system_message_created",
            MessageReceived = "message_received", MessageRead = "message_read",
            MessageListened = "message_listened", MessageEdited = "message_edited",
            DeleteMessages = "delete-messages", FileUpdated = "file_updated",
            ClientChanged = "client_changed", RatingIgnored = "rating_ignored",
        }
        ChatPayloadType {
            Text = "text", File = "file", Notice = "notice", Rating = "rating", Typing = "typing",
            SingleChoice = "single-choice", Card = "card", Carousel = "carousel",
            Product = "product", Link = "link",
        }
        ChatType { Regular = "regular", PersonalManager = "personal_manager", Info = "info" }
        ClientType { Anonymous = "anonymous", Integrated = "integrated" }
        FileType { File = "file", Image = "image", Audio = "audio" }
        FileState {
            Approved = "approved", Rejected = "rejected", OnChecking = "on_checking",
            SentForChecking = "sent_for_checking", CheckError = "check_error",
        }
        FileImageSize { Original = "", Avatar = "avatar", Thumbnail = "thumbnail", Preview = "preview" }
        RatingState {
            Invalid = "", Pending = "pending", Ignored = "ignored", Rated = "rated", Poll = "poll",
            Finished = "finished",
        }
        PollQuestionType {
            Invalid = "", OneOfList = "one_of_list", Input = "input", Stars = "stars", Fcr = "fcr",
            Scale = "scale",
        }
        ActionType { Postback = "Postback", OpenUrl = "Open URL", SaySomething = "Say something" }
        PersonalDataRequestType { Default = "default", FullForm = "full_form", None = "none" }
        GreetFrom { Bot = "bot", User = "user" }
        InfoRequestState { Pending = "pending", Finished = "finished", Ignored = "ignored" }
        MessageStyle { Html = "html", Markdown = "markdown" }
        ProductType { Product = "product" }
        PeriodicPayment { Free = "free" }
        PeriodicPaymentType { Day = "day", Week = "week", Month = "month", Year = "year" }
        ChannelKind { Info = "info" }
        PushKind { Apns = "apns", Fcm = "fcm", Hcm = "hcm" }
        FieldValidation {
            None = "", OnlyLetters = "only_letters", LettersAndNumbers = "letters_and_numbers",
            LatinAndNumbers = "latin_and_numbers", Nickname = "nickname",
            OnlyCyrillic = "only_cyrillic", OnlyLatin = "only_latin", OnlyNumbers = "only_numbers",
            Phone = "phone", DateOfBirth = "date_of_birth", Email = "email", Custom = "custom",
        }
    }
    // In an entity too: an unknown value is written back verbatim.
    let file: File = codec_read(&json!({"Type": "video", "State": "quarantined"})).unwrap();
    let written = serde_json::to_value(&file).unwrap();
    assert_eq!(
        (&written["Type"], &written["State"]),
        (&json!("video"), &json!("quarantined"))
    );
}

/// §3.2 (endpoint 11) and §4.1: a page of messages with everything it side-loads, the
/// public API's three collections among them.
fn page_of_messages() -> Value {
    json!({
        "OK": true,
        "Result": [chat_message_json()],
        "Rels": {
            "Clients": [client_json()],
            "Users": [{"Id": 5, "DisplayName": "Иван Коробков", "AvatarId": ""}],
            "Files": [file_json()],
            "ChatMessages": [{"Id": 500, "ChatId": 10, "Text": "Вопрос"}],
            "Ratings": [rating_json()],
            "RatingPolls": [rating_poll_json()],
            "InfoRequests": [info_request_json()],
            "Chats": [{"Id": 10, "ChannelId": 1, "ClientId": 77}],
            "Channels": [{"Id": 1, "Name": "support"}]
        }
    })
}

#[test]
fn a_page_of_messages_resolves_its_ratings_polls_and_info_requests() {
    use iqchannels_proto::graph::{Author, GraphBuilder, Object};
    use iqchannels_proto::references::Reference;
    use iqchannels_proto::Graph;

    assert_eq!(
        (Graph::RATINGS, Graph::RATING_POLLS, Graph::INFO_REQUESTS),
        ("Ratings", "RatingPolls", "InfoRequests")
    );
    let body = serde_json::to_vec(&page_of_messages()).unwrap();
    let decoded = codec::decode_response::<DataOf<Vec<ChatMessage>>>(&body).unwrap();
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    let response = decoded.value;
    let graph = response.graph.clone().unwrap();
    assert!(
        graph.other.is_empty(),
        "every collection typed: {:?}",
        graph.other.keys()
    );
    let index = graph.index();
    assert!(
        index.dangling(&response).is_empty(),
        "{:?}",
        index.dangling(&response)
    );

    let message = &response.data.as_ref().unwrap()[0];
    let rating = index.message_rating(message).unwrap();
    assert_eq!(rating.state, RatingState::Poll);
    let poll = index.rating_poll_of(rating).unwrap();
    assert_eq!(poll.questions.len(), 3);
    assert_eq!(
        index.message_info_request(message).unwrap().client_id.get(),
        77
    );
    match index.chat_message_author(message) {
        Author::User(user) => assert_eq!(user.display_name, "Иван Коробков"),
        other => panic!("{other:?}"),
    }

    // Server side: the builder completes the same graph from the data alone, following
    // the rating to its poll.
    let lookup = |reference: &Reference| -> Option<Object> {
        Some(match reference {
            Reference::User(id) => Object::User(index.user(*id)?.clone()),
            Reference::Client(id) => Object::Client(index.client(*id)?.clone()),
            Reference::File(id) => Object::File(index.file(id)?.clone()),
            Reference::Chat(id) => Object::Chat(index.chat(*id)?.clone()),
            Reference::Channel(id) => Object::Channel(index.channel(*id)?.clone()),
            Reference::ChatMessage(id) => Object::ChatMessage(index.chat_message(*id)?.clone()),
            Reference::Rating(id) => Object::Rating(index.rating(*id)?.clone()),
            Reference::RatingPoll(id) => Object::RatingPoll(index.rating_poll(*id)?.clone()),
            Reference::InfoRequest(id) => Object::InfoRequest(index.info_request(*id)?.clone()),
            _ => return None,
        })
    };
    let data = response.data.clone().unwrap();
    let mut builder = GraphBuilder::new();
    assert_eq!(builder.complete(&data, lookup), Vec::<Reference>::new());
    let built = builder.build();
    // The reply's target (`ReplyToMessageId`) is not a reference (§4.1 links
    // `Rels.ChatMessages` from events only), so the built graph leaves it out.
    assert!(built.chat_messages.is_empty());
    assert_eq!(
        (built.ratings, built.rating_polls, built.info_requests),
        (
            graph.ratings.clone(),
            graph.rating_polls.clone(),
            graph.info_requests.clone()
        )
    );

    // Written back with the public API's spelling, it reads the same.
    let encoded = codec::encode_response::<DataOf<Vec<ChatMessage>>>(&response).unwrap();
    let written: Value = serde_json::from_slice(&encoded).unwrap();
    assert!(written.get("Result").is_some() && written.get("Rels").is_some());
    let again = codec::decode_response::<DataOf<Vec<ChatMessage>>>(&encoded).unwrap();
    assert_eq!(again.value, response);

    insta::with_settings!({
        description => "Ours, not a server capture: a page of messages built from public-api.md \
                        §3.2 (endpoint 11), §4.1-§4.9 and §4.11, decoded: the messages and the \
                        public API's collections",
        omit_expression => true,
    }, {
        insta::assert_debug_snapshot!((
            response.data.unwrap(),
            graph.ratings,
            graph.rating_polls,
            graph.info_requests,
        ));
    });
}
