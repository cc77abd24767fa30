#!/usr/bin/env bash
# The client's examples against the development server, as CI runs them: the bot answers
# a terminal chat client's messages; the checks read what each printed.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build -q -p iqchannels-devserver -p iqchannels-client --examples --bins
out=$(mktemp -d)
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$out"' EXIT

target/debug/iqchannels-devserver --memory --addr 127.0.0.1:0 --operator-token ci-operator \
  > "$out/server.out" 2> "$out/server.err" &
for _ in $(seq 100); do grep -q "listening on" "$out/server.out" && break; sleep 0.1; done
base=$(sed -n 's/^iqchannels-devserver listening on //p' "$out/server.out")
echo "server: $base"

# The bot: two answers, a minute at most.
target/debug/examples/bot --base "$base" --token ci-operator --channel 1 --answers 2 --timeout 60 \
  > "$out/bot.out" &
bot=$!

# A first session sends a line and waits (10 s at most) for the answer; a second session
# of the same integrated client shows it all in its history, and sends one more.
printf 'Hello\n' | target/debug/examples/chat --base "$base" --channel support \
  --credentials ci-client --linger 10 > "$out/chat1.out"
printf 'Again\n' | target/debug/examples/chat --base "$base" --channel support \
  --credentials ci-client --linger 10 > "$out/chat2.out"
wait "$bot"

for file in bot chat1 chat2; do printf -- '--- %s\n' "$file"; cat "$out/$file.out"; done
expect() { grep -qxF -- "$2" "$out/$1.out" || { echo "$1: no line '$2'" >&2; exit 1; }; }
# Each message got the bot's answer within the client's 10 s.
expect chat1 "operator: You said: Hello"
expect chat2 "operator: You said: Again"
# The second session's history has the first's messages.
sed -n '/^-- history/,/^-- new/p' "$out/chat2.out" > "$out/history.out"
expect history "me: Hello"
expect history "operator: You said: Hello"
expect bot "2 answers"
echo "the client's examples: ok"
