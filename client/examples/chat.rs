//! A chat in the terminal: signs in, prints the history, sends each line of stdin, and
//! prints the chat's new messages as they come on the events stream.
//!
//! ```sh
//! cargo run -p iqchannels-client --example chat -- --base http://127.0.0.1:8080 --channel support --credentials my-crm-id
//! ```
//!
//! `--credentials` signs in as an integrated client (the same one each time, so a second
//! run shows the first run's history); without it, an anonymous client signs up. At the
//! end of stdin it waits for the answers to what it sent, at most `--linger` seconds (10
//! unless given), then ends.

use std::collections::HashSet;
use std::time::Duration;

use futures_util::StreamExt;
use iqchannels_client::Client;
use iqchannels_proto::api::public::chats::{
    ChannelEvents, ChannelMessages, ChannelSend, MessageQuery,
};
use iqchannels_proto::api::public::clients::{AnonymousSignup, ClientIntegrationAuth};
use iqchannels_proto::stream::Frame;
use iqchannels_proto::{ActorType, ChatMessage, ChatType, Secret};
use tokio::io::AsyncBufReadExt;

/// A message as a line: who wrote it, and its text.
fn line(message: &ChatMessage) -> String {
    let who = match message.author {
        ActorType::Client => "me",
        ActorType::User => "operator",
        _ => "system",
    };
    format!("{who}: {}", message.text)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = |name: &str| std::env::args().skip_while(|a| a != name).nth(1);
    let base = arg("--base").unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let channel = arg("--channel").unwrap_or_else(|| "support".to_owned());
    let linger = Duration::from_secs(arg("--linger").map_or(Ok(10), |s| s.parse())?);
    let anonymous = Client::new(base);
    let (client, _) = match arg("--credentials") {
        Some(key) => {
            let sign_in = ClientIntegrationAuth::new(Secret::new(key), channel.clone());
            anonymous.sign_in(&sign_in).await?
        }
        None => {
            anonymous
                .sign_in(&AnonymousSignup::new(channel.clone()))
                .await?
        }
    };

    let history = ChannelMessages::new(channel.clone(), MessageQuery::new(ChatType::Regular));
    let page = client.call(&history).await?;
    let mut seen: HashSet<_> = page.data.iter().map(|message| message.id).collect();
    println!("-- history: {} messages", page.data.len());
    for message in &page.data {
        println!("{}", line(message));
    }
    println!("-- new");
    let mut listen = ChannelEvents::new(channel.clone(), ChatType::Regular);
    listen.last_event_id = page
        .data
        .iter()
        .filter_map(|message| message.event_id)
        .max();
    let mut frames = Box::pin(client.stream(listen));
    let mut stdin = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    // `LocalId`s unique for this client across runs, as the SDKs make them: from the
    // clock (a resend of the same one is the same message).
    let mut local_id = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis() as i64;
    let (mut sent, mut answers) = (0, 0);
    let mut open = true;
    // Set at the end of stdin: the answers are waited for until then.
    let mut deadline = tokio::time::Instant::now();
    while open || answers < sent {
        tokio::select! {
            read = stdin.next_line(), if open => match read? {
                Some(text) if !text.trim().is_empty() => {
                    local_id += 1;
                    let send = ChannelSend::builder(channel.clone(), local_id).text(text).build();
                    client.call(&send).await?;
                    sent += 1;
                }
                Some(_) => {}
                None => {
                    open = false;
                    deadline = tokio::time::Instant::now() + linger;
                }
            },
            frame = frames.next() => {
                let Some(frame) = frame else { break };
                if let Frame::Events { graph, .. } = frame? {
                    for message in graph.chat_messages.iter().filter(|m| seen.insert(m.id)) {
                        answers += usize::from(message.author == ActorType::User);
                        println!("{}", line(message));
                    }
                }
            }
            () = tokio::time::sleep_until(deadline), if !open => break,
        }
    }
    Ok(())
}
