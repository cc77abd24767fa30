//! The official clients' start-up sequences (`public-api.md` §2.2, §3), each request
//! spelled as that client spells it (§1.2, §1.4, §3.9) and each answer read as that client
//! reads it (§1.3, §4.13), against the server's process: none `not_found`, none refused.
//! The web widget (W) anonymous and integrated, the Android SDK (K) and the iOS SDK (S),
//! each anonymous (sign-up, then a later start by the stored token) and integrated.

mod support;

use std::time::Duration;

use iqchannels_proto::{ChatType, ClientStreamToken};
use serde_json::Value;
use support::{http, Server};

/// `verb` `path` with `body` (none when `None`) and `headers`; the answer's JSON.
async fn send(
    http: &reqwest::Client,
    base: &str,
    verb: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, String)],
) -> (serde_json::Value, reqwest::header::HeaderMap) {
    let mut request = http.request(verb.parse().unwrap(), format!("{base}{path}"));
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{verb} {path}");
    let headers = response.headers().clone();
    let json = serde_json::from_slice(&response.bytes().await.unwrap())
        .unwrap_or_else(|error| panic!("{verb} {path}: not JSON: {error}"));
    (json, headers)
}

/// The time now, in ms since the epoch (what W signs into `x-client-token`, §2.3 step 1).
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// The `client-session` cookie a sign-in's answer sets (`name=value`, §2.1 notes).
fn session_cookie(headers: &reqwest::header::HeaderMap, what: &str) -> String {
    headers
        .get("set-cookie")
        .unwrap_or_else(|| panic!("{what}: no set-cookie"))
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// The widget's stylesheet, as the page's `<link rel="stylesheet">` loads it
/// (`W:src/app/App.vue`; not in the spec's tables): CSS, not an envelope.
async fn styles(http: &reqwest::Client, base: &str) {
    let path = "/public/api/v1/widget/styles.css?channel=support";
    let response = http
        .get(format!("{base}{path}"))
        .header("accept", "text/css,*/*;q=0.1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("text/css"), "GET {path}: {kind}");
}

/// The largest `EventId` among a history page's messages (K's and W's resume point when
/// they open the stream after loading the history, §6.5), if any carries one.
fn newest_event_id(messages: &Value) -> Option<i64> {
    messages
        .as_array()?
        .iter()
        .filter_map(|message| message["EventId"].as_i64())
        .max()
}

/// One Server-Sent Events block that carried `data`: the block as it came (line endings
/// kept) and its data, parsed.
struct Frame {
    block: String,
    json: Value,
}

/// The first data frame of an events stream, or `None` when none comes within `seconds`
/// (comment lines, a keep-alive, are skipped as every SDK's parser skips them, §6.3, §6.4).
async fn first_frame(mut stream: reqwest::Response, seconds: u64) -> Option<Frame> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    let mut buffer = String::new();
    loop {
        // A block ends at a blank line, whatever the line ending (§6.3).
        while let Some((end, skip)) = ["\r\n\r\n", "\n\n", "\r\r"]
            .iter()
            .filter_map(|separator| buffer.find(separator).map(|at| (at, separator.len())))
            .min()
        {
            let block: String = buffer.drain(..end + skip).collect();
            let data: Vec<&str> = block
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .map(|data| data.strip_prefix(' ').unwrap_or(data))
                .collect();
            if !data.is_empty() {
                let json = serde_json::from_str(&data.join("\n")).unwrap_or_else(|error| {
                    panic!("a frame that is not JSON ({error}): {block:?}")
                });
                return Some(Frame { block, json });
            }
        }
        let chunk = tokio::time::timeout_at(deadline, stream.chunk()).await;
        match chunk {
            Ok(Ok(Some(chunk))) => buffer.push_str(&String::from_utf8_lossy(&chunk)),
            _ => return None,
        }
    }
}

/// The web widget's checks of a stream and its first frame: the browser's EventSource
/// needs the MIME type `text/event-stream` (§6.2); W listens to unnamed events only, and
/// closes and reconnects when a frame lacks `OK: true`, `Result` or `Rels` (§6.3,
/// `W:src/client/index.js` `channelListen`, `W:src/client/relations.js`).
async fn widget_stream(stream: reqwest::Response, what: &str) {
    assert_eq!(stream.status(), 200, "{what}");
    let kind = stream.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("text/event-stream"), "{what}: {kind}");
    if let Some(frame) = first_frame(stream, 3).await {
        assert!(
            !frame.block.lines().any(|line| line.starts_with("event:")),
            "{what}: a named event, which W never sees (§6.3): {:?}",
            frame.block
        );
        assert_eq!(frame.json["OK"], true, "{what}: {}", frame.json);
        assert!(frame.json["Result"].is_array(), "{what}: {}", frame.json);
        assert!(frame.json["Rels"].is_object(), "{what}: {}", frame.json);
    }
}

/// The web widget, anonymous: its configuration, stylesheet, greetings and version, a
/// sign-in by cookie that fails (no cookie yet), the policy link, then the sign-up with its
/// name form, the audio flag, the history, the events stream by `x-client-token`, and the
/// chat settings; each read from the key the widget reads (`Data` or `Result`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widgets_anonymous_start_up() {
    let server = Server::memory();
    let http = http();
    let base = &server.base;
    let ok = |json: &serde_json::Value, key: &str, what: &str| {
        assert_eq!(json["OK"], true, "{what}: {json}");
        assert!(json.get(key).is_some(), "{what}: no {key} in {json}");
    };

    // §3.4 row 29: `GET files/config`, W reads `Result`.
    let (json, _) = send(&http, base, "GET", "/public/api/v1/files/config", None, &[]).await;
    ok(&json, "Result", "files/config");
    // `W:src/app/App.vue`: the channel's stylesheet, CSS.
    styles(&http, base).await;
    // §3.6 row 40: `{}`, W reads `Data`.
    let greetings = "/public/api/v1/widget/greetings/support";
    let (json, _) = send(&http, base, "POST", greetings, Some("{}"), &[]).await;
    ok(&json, "Data", "widget/greetings");
    // §3.6 row 39: `{}`, W reads `Data`.
    let (json, _) = send(
        &http,
        base,
        "POST",
        "/public/api/v1/chats/version",
        Some("{}"),
        &[],
    )
    .await;
    ok(&json, "Data", "chats/version");
    // §2.2 "Anonymous, web widget" step 1, §1.2: the JSON body `null`, cookies only;
    // step 3: `unauthorized` without a cookie, which W does not retry.
    let auth = "/public/api/v1/clients/anonymous/auth";
    let (json, _) = send(&http, base, "POST", auth, Some("null"), &[]).await;
    assert_eq!(
        json["Error"]["Code"], "unauthorized",
        "no cookie yet: {json}"
    );
    // §3.6 row 44: no body, W reads `Data` (the policy link).
    let (json, _) = send(
        &http,
        base,
        "POST",
        "/public/api/v1/info_requests/support",
        None,
        &[],
    )
    .await;
    ok(&json, "Data", "info_requests/:channel");

    // §2.2 step 4, §3.1 row 4: `{Name, Channel, PersonalData: null}`, W reads `Result`
    // and the browser keeps the `client-session` cookie it sets (§2.1 notes).
    let signup = r#"{"Name": "Anna", "Channel": "support", "PersonalData": null}"#;
    let (json, headers) = send(
        &http,
        base,
        "POST",
        "/public/api/v1/clients/anonymous/signup",
        Some(signup),
        &[],
    )
    .await;
    ok(&json, "Result", "clients/anonymous/signup");
    let cookie = session_cookie(&headers, "clients/anonymous/signup");
    let session = &json["Result"]["Session"];
    let (session_id, token) = (
        session["Id"].as_i64().unwrap(),
        session["Token"].as_str().unwrap(),
    );
    let client_id = json["Result"]["Client"]["Id"].as_i64().unwrap();
    let cookie = [("cookie", cookie)];

    // §3.6 row 38: `{}`, W reads `Data`.
    let audio = "/public/api/v1/chats/channel/audio_messages_enabled/support";
    let (json, _) = send(&http, base, "POST", audio, Some("{}"), &cookie).await;
    ok(&json, "Data", "audio_messages_enabled");
    // §3.9: `{ChatType, Limit: 50}`, W reads `Result` and `Rels` (§1.3).
    let messages = "/public/api/v1/chats/channel/messages/support";
    let query = r#"{"ChatType": "regular", "Limit": 50}"#;
    let (json, _) = send(&http, base, "POST", messages, Some(query), &cookie).await;
    ok(&json, "Result", "chats/channel/messages");
    assert!(
        json.get("Rels").is_some(),
        "the widget's relations need Rels: {json}"
    );

    // §2.3, §6.1, §6.2: the stream by `x-client-token` and the cookie.
    let stream_token = ClientStreamToken::new(session_id, token, now_ms());
    let path = iqchannels_proto::stream::public::events_path(
        "support",
        &ChatType::Regular,
        None,
        Some(&stream_token),
    );
    let stream = http
        .get(format!("{base}{path}"))
        .header("accept", "text/event-stream")
        .header(cookie[0].0, &cookie[0].1)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    widget_stream(stream, "the widget's events stream").await;

    // §3.6 row 36, §3.9: `{ClientId}`, W reads `Data`.
    let settings = "/public/api/v1/chats/channel/chat/get_settings/support";
    let body = format!(r#"{{"ClientId": {client_id}}}"#);
    let (json, _) = send(&http, base, "POST", settings, Some(&body), &cookie).await;
    ok(&json, "Data", "chat/get_settings");
}

/// The web widget in integration mode (the host page knows the customer): the same
/// configuration calls up to `chats/version`, then the integration sign-in, the host
/// page's push token, and the chat as in the anonymous mode.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widgets_integration_start_up() {
    let server = Server::memory();
    let http = http();
    let base = &server.base;
    // §1.3: W reads `Result` or `Data` per call site (its table row), `Rels` only.
    let ok = |json: &Value, key: &str, what: &str| {
        assert_eq!(json["OK"], true, "{what}: {json}");
        assert!(
            json.get(key).is_some_and(|value| !value.is_null()),
            "{what}: no {key} in {json}"
        );
    };

    // §3.4 row 29: `GET files/config`, W reads `Result`; GETs bypass W's queue (§3.8).
    let (json, _) = send(&http, base, "GET", "/public/api/v1/files/config", None, &[]).await;
    ok(&json, "Result", "files/config");
    // §7.2: a present but empty `AllowedExtensions` blocks every file in W.
    assert_ne!(
        json["Result"]["AllowedExtensions"],
        serde_json::json!([]),
        "{json}"
    );
    // `W:src/app/App.vue`: the channel's stylesheet.
    styles(&http, base).await;
    // §3.6 row 40: `POST widget/greetings/:channel` `{}`, W reads `Data`.
    let greetings = "/public/api/v1/widget/greetings/support";
    let (json, _) = send(&http, base, "POST", greetings, Some("{}"), &[]).await;
    ok(&json, "Data", "widget/greetings");
    // §3.6 row 39: `POST chats/version` `{}`, W reads `Data.Version`.
    let version = "/public/api/v1/chats/version";
    let (json, _) = send(&http, base, "POST", version, Some("{}"), &[]).await;
    ok(&json, "Data", "chats/version");
    assert!(json["Data"]["Version"].is_string(), "{json}");

    // §2.2 "Integration login", §3.1 row 1: `{Credentials, Channel}`, no credential
    // (`W:src/client/index.js` `authorize`); W reads `Result`, a ClientAuth (§4.5).
    let body = r#"{"Credentials":"crm-customer-42","Channel":"support"}"#;
    let auth = "/public/api/v1/clients/integration_auth";
    let (json, headers) = send(&http, base, "POST", auth, Some(body), &[]).await;
    ok(&json, "Result", "clients/integration_auth");
    // §2.2 step 3, §2.3: W keeps `Session.Token` and `Session.Id` (it signs the stream
    // URL with both) and the client's `Id` (chat settings, §3.9).
    let session = &json["Result"]["Session"];
    let token = session["Token"].as_str().expect("Session.Token").to_owned();
    let session_id = session["Id"].as_i64().expect("Session.Id");
    let client_id = json["Result"]["Client"]["Id"].as_i64().expect("Client.Id");
    // §2.1: once signed in, W sends `X-Client-Authorization: <token>` on every POST and
    // the browser sends the `client-session` cookie the sign-in set (§2.1 notes).
    let cookie = session_cookie(&headers, "clients/integration_auth");
    let signed = [
        ("x-client-authorization", token.clone()),
        ("cookie", cookie.clone()),
    ];

    // §3.7 row 47: the host page's token, `{Type: "apns", Token}` (W's body for `apns`
    // and its default kind, `W:src/client/index.js` `channelPushToken`); not read.
    let push = "/public/api/v1/push/channel/apns/support";
    let body = r#"{"Type":"apns","Token":"host-page-device-token"}"#;
    let (json, _) = send(&http, base, "POST", push, Some(body), &signed).await;
    assert_eq!(json["OK"], true, "push/channel/apns: {json}");

    // §3.6 row 38: `{}`, W reads `Data` (a bool).
    let audio = "/public/api/v1/chats/channel/audio_messages_enabled/support";
    let (json, _) = send(&http, base, "POST", audio, Some("{}"), &signed).await;
    ok(&json, "Data", "audio_messages_enabled");
    assert!(json["Data"].is_boolean(), "{json}");

    // §3.9 "Message history query": W's first load is `{ChatType, Limit: 50}`; W reads
    // `Result` and builds relations from `Rels`, unguarded (§1.3).
    let messages = "/public/api/v1/chats/channel/messages/support";
    let query = r#"{"ChatType":"regular","Limit":50}"#;
    let (json, _) = send(&http, base, "POST", messages, Some(query), &signed).await;
    ok(&json, "Result", "chats/channel/messages");
    assert!(json["Result"].is_array(), "{json}");
    assert!(
        json["Rels"].is_object(),
        "the widget's relations need Rels: {json}"
    );
    // §6.5: W resumes after the newest loaded message's `EventId`.
    let resume = newest_event_id(&json["Result"]);

    // §2.3, §6.1: the stream by a signed `x-client-token`, after `ChatType` (and
    // `LastEventId`), raw base64 with its padding (step 6: no percent-encoding); the
    // EventSource sends the cookie (`withCredentials`) and `Accept: text/event-stream`
    // (§6.2).
    let signed_token = ClientStreamToken::new(session_id, &token, now_ms()).encode();
    let mut path = "/public/api/v1/sse/chats/channel/events/support?ChatType=regular".to_owned();
    if let Some(id) = resume {
        path.push_str(&format!("&LastEventId={id}"));
    }
    path.push_str(&format!("&x-client-token={signed_token}"));
    let stream = http
        .get(format!("{base}{path}"))
        .header("accept", "text/event-stream")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    widget_stream(stream, "the widget's events stream (integration)").await;

    // §3.6 row 36, §3.9 "Chat settings": `{ClientId}`, W reads `Data`.
    let settings = "/public/api/v1/chats/channel/chat/get_settings/support";
    let body = format!(r#"{{"ClientId":{client_id}}}"#);
    let (json, _) = send(&http, base, "POST", settings, Some(&body), &signed).await;
    ok(&json, "Data", "chat/get_settings");
}

/// K's JSON call: `Content-Type: application/json` on every POST, with a body or not, and
/// `Authorization: Client <token>` once signed in (`K:http/HttpRequest.kt` `postJSON`,
/// §1.2, §2.1); K refuses a status other than 2xx and a content type without
/// `application/json` (§1.2), and a body whose `OK` is not `true` (§1.3).
async fn k_post(
    http: &reqwest::Client,
    base: &str,
    path: &str,
    body: Option<&str>,
    token: Option<&str>,
) -> Value {
    let mut headers = Vec::new();
    if body.is_none() {
        headers.push(("content-type", "application/json".to_owned()));
    }
    if let Some(token) = token {
        headers.push(("authorization", format!("Client {token}")));
    }
    let (json, answer) = send(http, base, "POST", path, body, &headers).await;
    k_checked(json, &answer, path)
}

/// K's GET: `Accept: application/json` and its `Authorization` (`K:http/HttpRequest.kt`
/// `getJSON`, §1.2), the same checks of the answer.
async fn k_get(http: &reqwest::Client, base: &str, path: &str, token: &str) -> Value {
    let headers = [
        ("accept", "application/json".to_owned()),
        ("authorization", format!("Client {token}")),
    ];
    let (json, answer) = send(http, base, "GET", path, None, &headers).await;
    k_checked(json, &answer, path)
}

/// K's checks of a JSON answer, as [`k_post`] describes them.
fn k_checked(json: Value, answer: &reqwest::header::HeaderMap, path: &str) -> Value {
    let kind = answer
        .get("content-type")
        .map(|kind| kind.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(
        kind.contains("application/json"),
        "K refuses {path}: content type {kind:?}"
    );
    assert_eq!(json["OK"], true, "K: {path}: {json}");
    json
}

/// What K needs of a ClientAuth (`K:app/IQChannels.kt` `authComplete`, `signupComplete`;
/// §2.2 step 2): `Result.Client`, `Result.Session` and `Result.Session.Token`, spelled
/// exactly so (Gson matches field names by case). The token and the client's id.
fn k_auth(json: &Value, what: &str) -> (String, i64) {
    let auth = &json["Result"];
    assert!(
        auth["Client"].is_object(),
        "K: {what}: no Result.Client: {json}"
    );
    assert!(
        auth["Session"].is_object(),
        "K: {what}: no Result.Session: {json}"
    );
    let token = auth["Session"]["Token"]
        .as_str()
        .filter(|token| !token.is_empty())
        .unwrap_or_else(|| panic!("K: {what}: no Result.Session.Token: {json}"));
    let client_id = auth["Client"]["Id"]
        .as_i64()
        .unwrap_or_else(|| panic!("K: {what}: no Result.Client.Id: {json}"));
    (token.to_owned(), client_id)
}

/// K's chat screen once signed in to `channel` as client `client_id` with `token`, in the
/// order `K:app/IQChannels.kt` makes its calls (`authComplete`: the push token, the chat
/// settings; then the history; then the stream), then the file configuration
/// (`K:ui/ChatViewModel.kt` `getConfigs`) and the languages, for which the spec gives no
/// order.
async fn k_first_screen(
    http: &reqwest::Client,
    base: &str,
    channel: &str,
    token: &str,
    client_id: i64,
) {
    // §3.7 row 48: `POST push/channel/fcm/:channel` `{Token}` (`K:http/HttpClient.kt`
    // `pushChannelFCM`); a void call, K checks only status and content type (§1.3).
    let push = format!("/public/api/v1/push/channel/fcm/{channel}");
    let body = r#"{"Token":"fcm-registration-token"}"#;
    k_post(http, base, &push, Some(body), Some(token)).await;

    // §3.6 row 36, §3.9: `{ClientId}`, K reads `Data` (`K:http/HttpClient.kt`
    // `getChatSettings`); a null `AvatarId` goes into K's non-null field and the greeting
    // is lost (`sdk-fidelity.md` M3).
    let settings = format!("/public/api/v1/chats/channel/chat/get_settings/{channel}");
    let body = format!(r#"{{"ClientId":{client_id}}}"#);
    let json = k_post(http, base, &settings, Some(&body), Some(token)).await;
    let data = &json["Data"];
    assert!(data.is_object(), "K reads Data: {json}");
    assert!(
        !data.get("AvatarId").is_some_and(Value::is_null),
        "K: AvatarId null: {json}"
    );
    // §3.2 row 19, §4.11: when `GreetFrom` is `bot`, K opens the bot chat, no body
    // (`K:app/IQChannels.kt` `showAutoGreeting`, `K:http/HttpClient.kt` `openSystemChat`).
    if data["GreetFrom"] == "bot" {
        let system = format!("/public/api/v1/chats/channel/system_chats/send/{channel}");
        k_post(http, base, &system, None, Some(token)).await;
    }

    // §3.9: K's first load is `{ChatType}` alone (Gson drops the null `MaxId` and `Limit`,
    // §1.2); K hands the page on only when both `Result` and `Rels` are there
    // (`K:http/HttpClient.kt` `chatsChannelMessages`).
    let messages = format!("/public/api/v1/chats/channel/messages/{channel}");
    let json = k_post(
        http,
        base,
        &messages,
        Some(r#"{"ChatType":"regular"}"#),
        Some(token),
    )
    .await;
    assert!(json["Result"].is_array(), "K reads Result: {json}");
    assert!(
        json["Rels"].is_object(),
        "K drops a page without Rels: {json}"
    );

    // §6.1: `?ChatType=regular`, then K's resume point (the largest `EventId` of the
    // loaded messages, §6.5) joined with a second `?`, as `K:http/HttpClient.kt`
    // `chatsChannelEvents` writes it; `Authorization: Client`, no `Accept` (§6.2).
    let mut path = format!("/public/api/v1/sse/chats/channel/events/{channel}?ChatType=regular");
    let resume = newest_event_id(&json["Result"]);
    if let Some(id) = resume {
        path.push_str(&format!("?LastEventId={id}"));
    }
    let stream = http
        .get(format!("{base}{path}"))
        .header("authorization", format!("Client {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200, "K: {path}");
    // §1.2, §6.2: K takes exactly `text/event-stream`, no parameters.
    assert_eq!(
        stream.headers()["content-type"],
        "text/event-stream",
        "K: {path}"
    );
    // §6.3: K drops a frame without `Rels`; it reads `Result`, a list of events.
    if let Some(frame) = first_frame(stream, 3).await {
        assert!(frame.json["Result"].is_array(), "K: {path}: {}", frame.json);
        assert!(
            frame.json["Rels"].is_object(),
            "K drops a frame without Rels: {}",
            frame.json
        );
        // §6.1, §6.5: the resume point K meant, read from its second `?`: nothing at or
        // before it comes again.
        for event in frame.json["Result"].as_array().unwrap() {
            let id = event["Id"].as_i64().unwrap_or_default();
            assert!(id > resume.unwrap_or(0), "K: {path}: event {id} again");
        }
    }

    // §3.4 row 29, §2.1 (cookie row): K's Retrofit client sends `GET files/config` with the
    // cookie `client-session=<token>` set by hand (`K:http/retrofit/NetworkModule.kt`) and
    // reads `Result` (`K:configs/GetConfigsInteractorImpl.kt`).
    let cookie = [("cookie", format!("client-session={token}"))];
    let (json, _) = send(
        http,
        base,
        "GET",
        "/public/api/v1/files/config",
        None,
        &cookie,
    )
    .await;
    assert_eq!(json["OK"], true, "K: files/config: {json}");
    assert!(json["Result"].is_object(), "K reads Result: {json}");

    // §3.6 row 43, §4.10: `GET widget/localization/:channel/languages`, K reads
    // `Data.Languages` (`K:http/HttpClient.kt` `availableLanguages`; no `Data`, no callback).
    let languages = format!("/public/api/v1/widget/localization/{channel}/languages");
    let json = k_get(http, base, &languages, token).await;
    assert!(
        json["Data"]["Languages"].is_array(),
        "K reads Data.Languages: {json}"
    );
}

/// The Android SDK: its anonymous sign-up, a later start by the stored token, and its
/// chat screen (`support`); then an integration login and its chat screen (`sales`, whose
/// new chat starts with a message, so K's stream resumes after it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_android_sdks_start_up() {
    let server = Server::memory();
    let http = http();
    let base = &server.base;

    // §3.6 row 40: the sign-up greeting, no body, no credential yet; K reads `Data`
    // (`K:app/IQChannels.kt` `getSignupGreetingSettings`, `K:http/HttpClient.kt`).
    let greetings = "/public/api/v1/widget/greetings/support";
    let json = k_post(&http, base, greetings, None, None).await;
    assert!(json["Data"].is_object(), "K reads Data: {json}");

    // §2.2 "Anonymous, Android" step 1, §3.1 row 5: no stored token, so
    // `clients/signup` `{Name, Channel}` with the empty name `loginAnonymous` passes.
    let signup = "/public/api/v1/clients/signup";
    let json = k_post(
        &http,
        base,
        signup,
        Some(r#"{"Name":"","Channel":"support"}"#),
        None,
    )
    .await;
    // Step 2: K stores `Session.Token`.
    let (stored, client_id) = k_auth(&json, "clients/signup");

    // Step 3, §3.1 row 2: a later start, `clients/auth` `{Token}` with the stored token,
    // sent before K has a credential (`K:http/HttpClient.kt` `clientsAuth`).
    let body = format!(r#"{{"Token":"{stored}"}}"#);
    let json = k_post(
        &http,
        base,
        "/public/api/v1/clients/auth",
        Some(&body),
        None,
    )
    .await;
    let (token, again) = k_auth(&json, "clients/auth");
    assert_eq!(
        again, client_id,
        "clients/auth signs the same client in: {json}"
    );
    k_first_screen(&http, base, "support", &token, client_id).await;

    // §2.2 "Integration login", §3.1 row 1: `{Credentials, Channel}`
    // (`K:http/HttpClient.kt` `clientsIntegrationAuth`).
    let body = r#"{"Credentials":"crm-customer-7","Channel":"sales"}"#;
    let auth = "/public/api/v1/clients/integration_auth";
    let json = k_post(&http, base, auth, Some(body), None).await;
    let (token, client_id) = k_auth(&json, "clients/integration_auth");
    k_first_screen(&http, base, "sales", &token, client_id).await;
}

/// A wire key as S's decoder rewrites it before matching its models' (case-sensitive)
/// property names: an all-capitals key in lower case, otherwise the first letter lowered
/// and every `Id` made `ID` (§1.3, `S:Managers/IQJSONDecoder.swift`).
fn swift_key(wire: &str) -> String {
    if wire == wire.to_uppercase() {
        return wire.to_lowercase();
    }
    let mut chars = wire.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_lowercase().collect())
        .unwrap_or_default();
    (first + chars.as_str()).replace("Id", "ID")
}

/// The value S decodes into property `key` of `object`, if a wire key becomes it and is
/// not null.
fn swift<'a>(object: &'a Value, key: &str) -> Option<&'a Value> {
    object
        .as_object()?
        .iter()
        .find(|(wire, value)| swift_key(wire) == key && !value.is_null())
        .map(|(_, value)| value)
}

/// §4.13: S fails the whole response when one of `keys` is absent or null in `object`.
fn s_requires(object: &Value, keys: &[&str], what: &str) {
    for key in keys {
        assert!(
            swift(object, key).is_some(),
            "S needs {what}.{key}: {object}"
        );
    }
}

/// The elements of S's list property `key` of `object` (none when absent).
fn swift_list<'a>(object: &'a Value, key: &str) -> Vec<&'a Value> {
    swift(object, key)
        .and_then(Value::as_array)
        .map(|list| list.iter().collect())
        .unwrap_or_default()
}

/// §4.13 over a message: its `Id` and the keys of what it carries.
fn s_message(message: &Value) {
    s_requires(message, &["id"], "ChatMessage");
    for choice in swift_list(message, "singleChoices") {
        s_requires(
            choice,
            &["id", "chatMessageID", "clientID", "deleted"],
            "SingleChoice",
        );
    }
    for action in swift_list(message, "actions") {
        s_requires(action, &["id", "chatMessageID", "clientID"], "Action");
    }
    if let Some(product) = swift(message, "product") {
        s_requires(product, &["id", "periodicPaymentPrice"], "Product");
    }
    if let Some(transfer) = swift(message, "transferToChannel") {
        s_requires(transfer, &["id", "projectID"], "TransferToChannel");
    }
}

/// §4.13 over `Rels` (§4.1), as S decodes it.
fn s_rels(rels: &Value) {
    for client in swift_list(rels, "clients") {
        s_requires(client, &["id"], "Client");
    }
    for user in swift_list(rels, "users") {
        s_requires(user, &["id"], "User");
    }
    for message in swift_list(rels, "chatMessages") {
        s_message(message);
    }
    for file in swift_list(rels, "files") {
        s_requires(file, &["size"], "File");
    }
    for rating in swift_list(rels, "ratings") {
        s_requires(rating, &["id"], "Rating");
    }
    for poll in swift_list(rels, "ratingPolls") {
        let keys = ["id", "feedbackThanks", "feedbackThanksText", "showOffer"];
        s_requires(poll, &keys, "RatingPoll");
        for question in swift_list(poll, "questions") {
            let keys = ["id", "asTicketRating", "text", "type"];
            s_requires(question, &keys, "RatingPollQuestion");
            if let Some(scale) = swift(question, "scale") {
                s_requires(scale, &["fromValue", "toValue"], "Scale");
            }
            for answer in swift_list(question, "answers") {
                s_requires(answer, &["id", "text"], "RatingPollAnswer");
            }
        }
    }
    for chat in swift_list(rels, "chats") {
        s_requires(chat, &["id", "clientID", "channelID"], "Chat");
    }
    for channel in swift_list(rels, "channels") {
        s_requires(channel, &["id"], "Channel");
    }
}

/// S's request (`S:Managers/IQNetworkManager+Extensions.swift` `request`):
/// `Content-Type: application/json` on every request, GETs and body-less POSTs included
/// (§1.2), `Authorization: Client <token>` when it has one (§2.1), the body pretty-printed
/// in lower-camel keys (§1.2, §1.4). S checks only the status (§1.2), then needs `OK`
/// (§1.3, §4.13) and takes `Result`, falling back to `Data` (§1.3), after its key
/// rewriting. The envelope and that value.
async fn s_call(
    http: &reqwest::Client,
    base: &str,
    verb: &str,
    path: &str,
    body: Option<&str>,
    token: Option<&str>,
) -> (Value, Value) {
    let mut headers = Vec::new();
    if body.is_none() {
        headers.push(("content-type", "application/json".to_owned()));
    }
    if let Some(token) = token {
        headers.push(("authorization", format!("Client {token}")));
    }
    let (json, _) = send(http, base, verb, path, body, &headers).await;
    assert_eq!(
        swift(&json, "ok"),
        Some(&Value::Bool(true)),
        "S: {path}: {json}"
    );
    let value = swift(&json, "result")
        .or_else(|| swift(&json, "data"))
        .cloned()
        .unwrap_or(Value::Null);
    if let Some(rels) = swift(&json, "rels") {
        s_rels(rels);
    }
    (json, value)
}

/// What S needs of a ClientAuth (§2.2 step 2, `S:Managers/IQChannelsManager+Extensions.swift`
/// `auth(_:succeededWith:)`): `Client` and `Session`, the client's `Id` (§4.13), and the
/// session's `Token` it stores (§2.2 "Anonymous, iOS" step 3). The token and the id.
fn s_auth(auth: &Value, json: &Value, what: &str) -> (String, i64) {
    let client = swift(auth, "client").unwrap_or_else(|| panic!("S: {what}: no Client: {json}"));
    let session = swift(auth, "session").unwrap_or_else(|| panic!("S: {what}: no Session: {json}"));
    s_requires(client, &["id"], "Client");
    let token = swift(session, "token")
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("S: {what}: no Session.Token: {json}"));
    (
        token.to_owned(),
        swift(client, "id").unwrap().as_i64().unwrap(),
    )
}

/// S's chat screen once signed in to `channel`: the push token, then `loadMessages` in the
/// order `S:Managers/IQNetworkManager.swift` makes its calls (the history, the languages,
/// the chat settings, the bot chat when asked), then the stream
/// (`S:Managers/IQChannelsManager+Extensions.swift` `listenToEvents`).
async fn s_first_screen(
    http: &reqwest::Client,
    base: &str,
    channel: &str,
    token: &str,
    client_id: i64,
) {
    // §3.7 row 47: `{Token}`, the APNs device token in upper-case hex
    // (`S:Managers/IQChannelsManager+Extensions.swift` `pushToken`); not read.
    let push = format!("/public/api/v1/push/channel/apns/{channel}");
    let body =
        "{\n  \"Token\" : \"9F0C1DA3B7E24C55A1D0E6F7A8B9C0D1E2F3A4B5C6D7E8F90A1B2C3D4E5F6A7B\"\n}";
    s_call(http, base, "POST", &push, Some(body), Some(token)).await;

    // §3.9: S's first load is `{chatType, clientId}` (`S:Models/IQLoadMessageRequest.swift`;
    // `maxID` and `limit` never set); S reads `Result`, messages whose `Id` it requires.
    let messages = format!("/public/api/v1/chats/channel/messages/{channel}");
    let body = format!("{{\n  \"chatType\" : \"regular\",\n  \"clientId\" : {client_id}\n}}");
    let (json, page) = s_call(http, base, "POST", &messages, Some(&body), Some(token)).await;
    let page = page
        .as_array()
        .unwrap_or_else(|| panic!("S: no message list: {json}"));
    for message in page {
        s_message(message);
    }

    // §3.6 row 43, §4.10: `GET widget/localization/:channel/languages`; S takes
    // `languages` from the value (`S:Managers/IQNetworkManager.swift`
    // `getAvailableLanguages`).
    let languages = format!("/public/api/v1/widget/localization/{channel}/languages");
    let (json, value) = s_call(http, base, "GET", &languages, None, Some(token)).await;
    assert!(
        swift(&value, "languages").is_some_and(Value::is_array),
        "S: {json}"
    );

    // §3.6 row 36, §3.9: `{clientId}`; §4.13: ChatSettings `Id`, `Message`, `Enabled`,
    // `Lifetime`, `TotalOpenedTickets`, `ChatTitle` (`S:Models/IQChatSettings.swift`).
    let settings = format!("/public/api/v1/chats/channel/chat/get_settings/{channel}");
    let body = format!("{{\n  \"clientId\" : {client_id}\n}}");
    let (_, value) = s_call(http, base, "POST", &settings, Some(&body), Some(token)).await;
    let keys = [
        "id",
        "message",
        "enabled",
        "lifetime",
        "totalOpenedTickets",
        "chatTitle",
    ];
    s_requires(&value, &keys, "ChatSettings");
    // §3.2 row 19: `GreetFrom == "bot"` opens the bot chat, no body.
    if swift(&value, "greetFrom") == Some(&Value::from("bot")) {
        let system = format!("/public/api/v1/chats/channel/system_chats/send/{channel}");
        s_call(http, base, "POST", &system, None, Some(token)).await;
    }

    // §6.1: `?ChatType=regular`, no `LastEventId` on the first connection (S does not
    // decode `EventId`, §6.5); `Authorization: Client`, no `Accept` (§6.2).
    let path = format!("/public/api/v1/sse/chats/channel/events/{channel}?ChatType=regular");
    let stream = http
        .get(format!("{base}{path}"))
        .header("authorization", format!("Client {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200, "S: {path}");
    if let Some(frame) = first_frame(stream, 3).await {
        // §6.3: S cuts events at LF LF only; a CR makes the stream yield nothing.
        assert!(
            !frame.block.contains('\r'),
            "S needs LF line endings: {:?}",
            frame.block
        );
        // §6.3, §1.3: S reads `OK` and `Result` only on a frame; §4.13: events' `Id`, `Type`.
        let json = &frame.json;
        assert_eq!(swift(json, "ok"), Some(&Value::Bool(true)), "S: {json}");
        let events = swift(json, "result").and_then(Value::as_array);
        for event in events.unwrap_or_else(|| panic!("S: a frame without Result: {json}")) {
            s_requires(event, &["id", "type"], "ChatEvent");
            for message in swift_list(event, "messages") {
                s_message(message);
            }
        }
        if let Some(rels) = swift(json, "rels") {
            s_rels(rels);
        }
    }
}

/// The iOS SDK: the file configuration (asked with no credential), its anonymous sign-up,
/// a later start by the stored token, and its chat screen (`support`); then an
/// integration login and its chat screen (`sales`, whose history starts with a message).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ios_sdks_start_up() {
    let server = Server::memory();
    let http = http();
    let base = &server.base;

    // §3.4 row 29: S asks `GET files/config` with no credential
    // (`S:Managers/IQNetworkManager.swift` `getFileConfig`); every key optional.
    let config = "/public/api/v1/files/config";
    let (json, value) = s_call(&http, base, "GET", config, None, None).await;
    assert!(value.is_object(), "S: files/config: {json}");
    // §7.2: a present but empty `AllowedExtensions` blocks every file in S.
    assert_ne!(
        swift(&value, "allowedExtensions"),
        Some(&serde_json::json!([])),
        "{json}"
    );

    // §2.2 "Anonymous, iOS" step 2, §3.1 row 4: no stored token, so
    // `clients/anonymous/signup` `{channel}` (`S:Models/IQSignupRequest.swift`).
    let signup = "/public/api/v1/clients/anonymous/signup";
    let body = "{\n  \"channel\" : \"support\"\n}";
    let (json, auth) = s_call(&http, base, "POST", signup, Some(body), None).await;
    // Step 3: S stores `Session.Token`.
    let (stored, client_id) = s_auth(&auth, &json, "clients/anonymous/signup");

    // Step 2 on a later start, §3.1 row 2: `clients/auth` `{token}`
    // (`S:Models/IQClientAuthRequest.swift`), before S has a credential.
    let body = format!("{{\n  \"token\" : \"{stored}\"\n}}");
    let auth = "/public/api/v1/clients/auth";
    let (json, value) = s_call(&http, base, "POST", auth, Some(&body), None).await;
    let (token, again) = s_auth(&value, &json, "clients/auth");
    assert_eq!(
        again, client_id,
        "clients/auth signs the same client in: {json}"
    );
    s_first_screen(&http, base, "support", &token, client_id).await;

    // §2.2 "Integration login", §3.1 row 1: `{credentials, channel}`
    // (`S:Managers/IQNetworkManager.swift` `clientsIntegrationAuth`).
    let body = "{\n  \"credentials\" : \"crm-customer-9\",\n  \"channel\" : \"sales\"\n}";
    let auth = "/public/api/v1/clients/integration_auth";
    let (json, value) = s_call(&http, base, "POST", auth, Some(body), None).await;
    let (token, client_id) = s_auth(&value, &json, "clients/integration_auth");
    s_first_screen(&http, base, "sales", &token, client_id).await;
}
