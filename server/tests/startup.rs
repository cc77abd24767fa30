//! The official clients' start-up, as each sends it (`public-api.md` §2.2, §3), against the
//! server's process: every answer `OK`, in the envelope key that client reads. The web
//! widget's anonymous mode so far; `widget/styles.css` is not yet a method of the crate.

mod support;

use iqchannels_proto::{ChatType, ClientStreamToken};
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

/// The web widget, anonymous: its configuration, greetings and version, a sign-in by
/// cookie that fails (no cookie yet), the policy link, then the sign-up with its name
/// form, the audio flag, the history, the events stream by `x-client-token`, and the chat
/// settings; each read from the key the widget reads (`Data` or `Result`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widgets_anonymous_start_up() {
    let server = Server::memory();
    let http = http();
    let base = &server.base;
    let ok = |json: &serde_json::Value, key: &str, what: &str| {
        assert_eq!(json["OK"], true, "{what}: {json}");
        assert!(json.get(key).is_some(), "{what}: no {key} in {json}");
    };

    let (json, _) = send(&http, base, "GET", "/public/api/v1/files/config", None, &[]).await;
    ok(&json, "Result", "files/config");
    let greetings = "/public/api/v1/widget/greetings/support";
    let (json, _) = send(&http, base, "POST", greetings, Some("{}"), &[]).await;
    ok(&json, "Data", "widget/greetings");
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
    let auth = "/public/api/v1/clients/anonymous/auth";
    let (json, _) = send(&http, base, "POST", auth, Some("null"), &[]).await;
    assert_eq!(
        json["Error"]["Code"], "unauthorized",
        "no cookie yet: {json}"
    );
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
    let cookie = headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let session = &json["Result"]["Session"];
    let (session_id, token) = (
        session["Id"].as_i64().unwrap(),
        session["Token"].as_str().unwrap(),
    );
    let client_id = json["Result"]["Client"]["Id"].as_i64().unwrap();
    let cookie = [("cookie", cookie)];

    let audio = "/public/api/v1/chats/channel/audio_messages_enabled/support";
    let (json, _) = send(&http, base, "POST", audio, Some("{}"), &cookie).await;
    ok(&json, "Data", "audio_messages_enabled");
    let messages = "/public/api/v1/chats/channel/messages/support";
    let query = r#"{"ChatType": "regular", "Limit": 50}"#;
    let (json, _) = send(&http, base, "POST", messages, Some(query), &cookie).await;
    ok(&json, "Result", "chats/channel/messages");
    assert!(
        json.get("Rels").is_some(),
        "the widget's relations need Rels: {json}"
    );

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let stream_token = ClientStreamToken::new(session_id, token, now);
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
    drop(stream);

    let settings = "/public/api/v1/chats/channel/chat/get_settings/support";
    let body = format!(r#"{{"ClientId": {client_id}}}"#);
    let (json, _) = send(&http, base, "POST", settings, Some(&body), &cookie).await;
    ok(&json, "Data", "chat/get_settings");
}
