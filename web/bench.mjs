// Speed in a JS engine: the wasm package against what the widget does today, JSON.parse
// plus resolving authors by hand (users indexed by id, each message's author attached).
// Both sides are timed in the same run, interleaved, and the ratio is what counts.
//
//   web/build.sh && node web/bench.mjs
//
// The one method with messages, tickets/create_message, answers with one message, so the
// 50 messages are 50 responses, each with the documented graph widened to 10 users.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const iq = require("./pkg/nodejs/iqchannels_proto.js");
const path = "/api/tickets/create_message";
const documented = readFileSync(new URL("../tests/fixtures/create_message.response.json", import.meta.url), "utf8");

const texts = ["Hello", "Здравствуйте, чем могу помочь?", "Спасибо! 😀👍", 'Line one\nline "two"\t\\ tab', "ok"];

/** 50 responses of the documented shape: varied text, authors among 10 users. */
function fiftyResponses() {
  const base = JSON.parse(documented);
  const user = base.Graph.Users[0];
  const users = Array.from({ length: 10 }, (_, i) => ({ ...user, Id: i + 1, Name: `Оператор ${i + 1}`, DisplayName: `Оператор ${i + 1}` }));
  return Array.from({ length: 50 }, (_, i) => {
    const body = structuredClone(base);
    Object.assign(body.Data.Message, { Id: 1632 + i, UserId: (i % 10) + 1, Text: texts[i % texts.length], LocalId: 1548142724904 + i });
    body.Graph.Users = users;
    return JSON.stringify(body, null, 2);
  });
}

/** What the widget does: JSON.parse, index the graph by id, attach each message's author. */
function widget(text) {
  const response = JSON.parse(text);
  if (!response.OK) throw new Error(response.Error?.Text);
  const graph = response.Graph ?? {};
  const users = new Map((graph.Users ?? []).map((user) => [user.Id, user]));
  const clients = new Map((graph.Clients ?? []).map((client) => [client.Id, client]));
  const data = response.Data ?? {};
  const messages = data.Messages ?? (data.Message ? [data.Message] : []);
  return messages.map((message) => ({
    message,
    author: message.Author === "user" ? users.get(message.UserId) : message.Author === "client" ? clients.get(message.ClientId) : null,
  }));
}

function crate(body) {
  return iq.resolveResponse(path, body).messages;
}

function decodeOnly(body) {
  return iq.decodeResponse(path, body).response;
}

/** From the bytes fetch gives (`response.arrayBuffer()`): the widget decodes them to text first. */
const utf8 = new TextDecoder();
const widgetFromBytes = (bytes) => widget(utf8.decode(bytes));

/** Median nanoseconds per call of `run` over `bodies`, over `rounds` rounds. */
function time(run, bodies, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    for (const body of bodies) run(body);
  }
  return Number(process.hrtime.bigint() - start) / iterations;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const encoder = new TextEncoder();
const fifty = fiftyResponses();
const payloads = [
  ["documented response (1 message), as text", [documented], widget],
  ["50 responses (50 messages, 10 users), as text", fifty, widget],
  ["documented response (1 message), as bytes", [encoder.encode(documented)], widgetFromBytes],
  ["50 responses (50 messages, 10 users), as bytes", fifty.map((text) => encoder.encode(text)), widgetFromBytes],
];

const rounds = Number(process.env.ROUNDS ?? 15);
console.log("| payload | JSON.parse + resolution | wasm resolveResponse | ratio | wasm decodeResponse | ratio |");
console.log("|---|---|---|---|---|---|");
for (const [name, bodies, widget] of payloads) {
  // Same answers first: the same authors for the same messages.
  for (const body of bodies) {
    const [a, b] = [widget(body), crate(body)];
    if (a.length !== b.length || a.some((m, i) => m.author.Name !== b[i].author.user.Name)) throw new Error("different answers");
  }
  const iterations = Math.max(20, Math.round(20000 / bodies.length));
  for (const run of [widget, crate, decodeOnly]) time(run, bodies, iterations); // warm up
  const results = { widget: [], crate: [], decodeOnly: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [key, run] of [["widget", widget], ["crate", crate], ["decodeOnly", decodeOnly]]) {
      results[key].push(time(run, bodies, iterations));
    }
  }
  const [w, c, d] = [median(results.widget), median(results.crate), median(results.decodeOnly)];
  const us = (ns) => `${(ns / 1000).toFixed(1)} µs`;
  console.log(`| ${name} | ${us(w)} | ${us(c)} | ${(c / w).toFixed(2)}x | ${us(d)} | ${(d / w).toFixed(2)}x |`);
}
