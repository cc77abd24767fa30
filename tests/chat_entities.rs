//! The chat API's entities (`chat-api-v1`): every documented field, and the fields the
//! page's examples carry, is read and written back as it came; missing and `null` fields
//! are zero values; tokens never show in `Debug`.

use iqchannels_proto::{
    Channel, ChannelMember, Chat, ChatEvent, ChatEventType, ChatInbox, ChatInboxThread, ChatMember,
    ChatMessage, ChatNotice, ChatNoticeType, ChatPayloadType, ClientAuth, ClientSession,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// `object` decodes as a `T` and encodes back to itself: every field is modelled.
fn round_trips<T: DeserializeOwned + Serialize + Default + PartialEq + std::fmt::Debug>(
    object: Value,
) -> T {
    let value: T = serde_json::from_value(object.clone()).unwrap();
    assert_eq!(serde_json::to_value(&value).unwrap(), object);
    // Every field missing, and every field `null`: the zero value.
    assert_eq!(
        serde_json::from_value::<T>(json!({})).unwrap(),
        T::default()
    );
    let nulls: serde_json::Map<String, Value> = object
        .as_object()
        .unwrap()
        .keys()
        .map(|key| (key.clone(), Value::Null))
        .collect();
    assert_eq!(
        serde_json::from_value::<T>(Value::Object(nulls)).unwrap(),
        T::default()
    );
    value
}

#[test]
fn channels_and_their_members() {
    let channel: Channel = round_trips(json!({
        "Id": 1, "Name": "support", "Type": "telegram", "Title": "Support",
        "Description": "Our bot", "Deleted": false, "EventId": 7, "ChatEventId": 9,
        "TotalMembers": 3, "TotalChats": 10, "TotalOpenChats": 2,
        "CreatedAt": 1548142724904_i64, "UpdatedAt": 1548142724905_i64,
        "TelegramBotToken": "123456:ABC-secret", "ApnsId": null
    }));
    assert!(!format!("{channel:?}").contains("ABC-secret"));
    round_trips::<ChannelMember>(json!({
        "Id": 2, "ChannelId": 1, "UserId": 5, "Deleted": true,
        "CreatedAt": 1, "DeletedAt": 2
    }));
    // An unknown channel type is kept verbatim.
    let other: Channel = serde_json::from_value(json!({"Type": "whatsapp"})).unwrap();
    assert_eq!(other.kind.as_str(), "whatsapp");
    assert_eq!(serde_json::to_value(&other).unwrap()["Type"], "whatsapp");
}

#[test]
fn chats_members_and_inboxes() {
    round_trips::<Chat>(json!({
        "Id": 10, "ChannelId": 1, "ClientId": 77, "Open": true, "EventId": 100,
        "MessageId": 500, "SessionId": 3, "AssigneeId": 5, "ClientUnread": 0,
        "UserUnread": 2, "TotalMembers": -1, "CreatedAt": 1, "ChangedAt": 2,
        "OpenedAt": 3, "ClosedAt": 0, "CurrentMemberId": 4
    }));
    round_trips::<ChatMember>(json!({
        "Id": 4, "ChatId": 10, "UserId": 5, "Present": true, "Assigned": true,
        "CreatedAt": 1, "AddedAt": 2, "RemovedAt": 0, "AssignedAt": 3, "Me": true
    }));
    round_trips::<ChatInbox>(json!({
        "Id": 5, "UserId": 5, "EventId": null, "TotalThreads": 4, "TotalOpenThreads": 2,
        "TotalAssignedThreads": 1, "CreatedAt": 1, "ChangedAt": 2, "AssignedAt": 3
    }));
    round_trips::<ChatInboxThread>(json!({
        "Id": 6, "UserId": 5, "ChatId": 10, "EventId": 100, "Open": true,
        "CreatedAt": 1, "ChangedAt": 2
    }));
}

#[test]
fn events_messages_and_notices() {
    let event: ChatEvent = round_trips(json!({
        "Id": 100, "Type": "message_created", "Transitive": false, "ChatId": 10,
        "MessageId": 500, "InboxId": null, "ThreadId": null, "Actor": "client",
        "ClientId": 77, "UserId": null, "CreatedAt": 1548142724904_i64, "Public": true,
        "SessionId": 3, "MemberId": null
    }));
    assert_eq!(event.kind, ChatEventType::MessageCreated);
    let message: ChatMessage = round_trips(json!({
        "Id": 500, "UID": "a75247b226787bc7fc2e337e28d898c2eb46da15", "ChatId": 10,
        "SessionId": 3, "LocalId": 1548142724904_i64, "EventId": 100, "Public": true,
        "Author": "client", "ClientId": 77, "UserId": null, "Payload": "text",
        "Text": "Здравствуйте 😀", "FileId": null, "NoticeId": null, "Received": true,
        "Read": false, "Pushed": false, "CreatedAt": 1, "ReceivedAt": 2, "ReadAt": 0,
        "My": false
    }));
    assert_eq!(message.payload, ChatPayloadType::Text);
    let notice: ChatNotice = round_trips(json!({
        "Id": 8, "Type": "member_joined", "ActorId": 5, "MemberId": 4, "CreatedAt": 1
    }));
    assert_eq!(notice.kind, ChatNoticeType::MemberJoined);
}

#[test]
fn client_sessions_keep_their_token_out_of_debug() {
    let session: ClientSession = round_trips(json!({
        "Id": 3, "ClientId": 77, "Token": "eyJhbGciOi.secret-token", "Integration": true,
        "CreatedAt": 1
    }));
    assert_eq!(session.token.expose(), "eyJhbGciOi.secret-token");
    let auth: ClientAuth = serde_json::from_value(json!({
        "Client": {"Id": 77, "Type": "integrated", "Name": "Иван", "Online": true,
                   "IntegrationId": "crm-1", "TelegramId": null, "CreatedAt": 1,
                   "UpdatedAt": 2, "LastSeenAt": null},
        "Session": {"Id": 3, "ClientId": 77, "Token": "eyJhbGciOi.secret-token",
                    "Integration": true, "CreatedAt": 1}
    }))
    .unwrap();
    assert_eq!(auth.session, session.into());
    assert!(!format!("{auth:?}").contains("secret-token"));
    assert!(!format!("{auth:#?}").contains("secret-token"));
}

#[test]
fn the_older_user_shape_keeps_its_login_time_and_the_current_one_stays_as_it_came() {
    let older: iqchannels_proto::User = serde_json::from_value(json!({
        "Id": 5, "Name": "Оператор", "LoggedInAt": 1548142724904_i64
    }))
    .unwrap();
    assert_eq!(
        older.logged_in_at.map(|at| at.as_millis()),
        Some(1548142724904)
    );
    let written = serde_json::to_value(&older).unwrap();
    assert_eq!(written["LoggedInAt"], 1548142724904_i64);
    let current = iqchannels_proto::User::default();
    assert!(serde_json::to_value(&current)
        .unwrap()
        .get("LoggedInAt")
        .is_none());
}
