//! The client's figures, on demand (not in CI):
//!
//! ```sh
//! cargo run --release -p iqchannels-client --example bench
//! ```
//!
//! Starts the development server in this process (in memory), then measures, interleaved
//! in rounds: a call of `clients/me` through the client against the same request made
//! with reqwest and read with serde_json by hand (the overhead per call: the codec's
//! typed decode, the metadata, the credentials); and the messages per second one client
//! sends (each send waits for its answer) while it receives them on its own events
//! stream.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use iqchannels_client::Client;
use iqchannels_proto::api::public::chats::{ChannelEvents, ChannelSend};
use iqchannels_proto::api::public::clients::{AnonymousSignup, Me};
use iqchannels_proto::stream::Frame;
use iqchannels_proto::{ChatEventType, ChatType};

const CALLS: usize = 2_000;
const MESSAGES: i64 = 2_000;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = iqchannels_devserver::Config {
        db: None,
        addr: "127.0.0.1:0".parse()?,
        ..Default::default()
    };
    let server = iqchannels_devserver::start(config).await?;
    let base = format!("http://{}", server.addr());
    let (client, auth) = Client::new(&base)
        .sign_in(&AnonymousSignup::new("support"))
        .await?;
    let token = auth
        .session
        .value()
        .ok_or("no session")?
        .token
        .expose()
        .to_owned();
    let http = reqwest::Client::new();

    // Calls: the client, then reqwest and serde_json by hand, in rounds.
    let (mut typed, mut by_hand) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..5 {
        let started = Instant::now();
        for _ in 0..CALLS / 5 {
            let me = client.call(&Me::new()).await?;
            std::hint::black_box(me.data.id);
        }
        typed += started.elapsed();
        let started = Instant::now();
        for _ in 0..CALLS / 5 {
            let body = http
                .post(format!("{base}/public/api/v1/clients/me"))
                .header("Authorization", format!("Client {token}"))
                .header("Content-Type", "application/json")
                .body("{}")
                .send()
                .await?
                .bytes()
                .await?;
            let json: serde_json::Value = serde_json::from_slice(&body)?;
            std::hint::black_box(json["Result"]["Id"].as_i64());
        }
        by_hand += started.elapsed();
    }
    let per_call = |total: Duration| total.as_secs_f64() * 1e6 / CALLS as f64;
    println!(
        "clients/me: the client {:.1} µs a call, reqwest + serde_json by hand {:.1} µs: {:.2}x",
        per_call(typed),
        per_call(by_hand),
        typed.as_secs_f64() / by_hand.as_secs_f64()
    );

    // Messages: sent one after another, received on the client's own stream.
    let mut frames = Box::pin(client.stream(ChannelEvents::new("support", ChatType::Regular)));
    let receiver = tokio::spawn(async move {
        let mut received = 0;
        while received < MESSAGES {
            let Some(Ok(Frame::Events { events, .. })) = frames.next().await else {
                break;
            };
            received += events
                .iter()
                .filter(|e| e.kind == ChatEventType::MessageCreated)
                .count() as i64;
        }
        received
    });
    let started = Instant::now();
    for n in 1..=MESSAGES {
        client
            .call(
                &ChannelSend::builder("support", n)
                    .text(n.to_string())
                    .build(),
            )
            .await?;
    }
    let sent_in = started.elapsed();
    let received = receiver.await?;
    let received_in = started.elapsed();
    println!(
        "messages: {MESSAGES} sent in {:.2} s ({:.0}/s), {received} received in {:.2} s ({:.0}/s)",
        sent_in.as_secs_f64(),
        MESSAGES as f64 / sent_in.as_secs_f64(),
        received_in.as_secs_f64(),
        received as f64 / received_in.as_secs_f64()
    );
    Ok(())
}
