//! An operator bot: answers every client message of a channel, on the channel's stream.
//!
//! ```sh
//! cargo run -p iqchannels-client --example bot -- --base http://127.0.0.1:8080 --token TOKEN --channel 1 --answers 10 --timeout 60
//! ```
//!
//! It ends after `--answers` answers, or `--timeout` seconds; it answers a message with
//! the message's id for `LocalId`, so that a retried answer is not a second one.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use iqchannels_client::Client;
use iqchannels_proto::api::chats::{ChatMessageForm, ListenToChannel, SendMessage};
use iqchannels_proto::stream::Frame;
use iqchannels_proto::{ActorType, ChannelId, ChatEventType, Credentials};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = |name: &str| std::env::args().skip_while(|a| a != name).nth(1);
    let base = arg("--base").unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let token = arg("--token").ok_or("--token: the operator's token")?;
    let channel = arg("--channel").map_or(Ok(1), |c| c.parse())?;
    let answers: usize = arg("--answers").map_or(Ok(usize::MAX), |n| n.parse())?;
    let timeout = Duration::from_secs(arg("--timeout").map_or(Ok(60), |s| s.parse())?);
    let operator = Client::new(base).with_credentials(Credentials::service_account(token)?);
    let mut frames = Box::pin(operator.stream(ListenToChannel::new(ChannelId::new(channel))));
    let (started, mut answered) = (Instant::now(), 0);
    while answered < answers {
        let left = timeout.saturating_sub(started.elapsed());
        let Ok(Some(frame)) = tokio::time::timeout(left, frames.next()).await else {
            break;
        };
        let Frame::Events { events, graph, .. } = frame? else {
            continue;
        };
        for event in events
            .iter()
            .filter(|e| e.kind == ChatEventType::MessageCreated)
        {
            let Some(message) = graph
                .chat_messages
                .iter()
                .find(|m| Some(m.id) == event.message_id)
            else {
                continue;
            };
            if message.author != ActorType::Client {
                continue;
            }
            let text = format!("You said: {}", message.text);
            let answer = ChatMessageForm::text(message.id.get(), text.clone());
            operator
                .call(&SendMessage::new(message.chat_id, answer))
                .await?;
            answered += 1;
            println!("chat {}: {text}", message.chat_id.get());
        }
    }
    println!("{answered} answers");
    Ok(())
}
