// The speed comparison itself, the same in node (web/bench.mjs) and in headless Chromium
// (web/bench-browser.mjs): the wasm package against what a frontend would otherwise pick,
// on the same bodies, in the same run, interleaved round by round. Every contender parses
// the body and resolves each message's author against the graph; the ratio is what counts.
//
// Contenders: plain `JSON.parse` (rounds ids above 2^53: the speed to aim at, not exact),
// `json-bigint`, `lossless-json`, `json-with-bigint`, and `JSON.parse` with a source-text
// reviver where the engine gives one (exact, native), each with the resolution by hand.

const texts = ["Hello", "Здравствуйте, чем могу помочь?", "Спасибо! 😀👍", 'Line one\nline "two"\t\\ tab', "ok"];

/** 50 responses of the documented shape of `tickets/create_message`, authors among 10 users. */
export function ticketResponses(documented) {
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

/** A public-API history page of 50 messages with its `Rels`, from the fixture's shapes:
 * every other message the client's, the others among 10 operators. */
export function historyPage(fixture) {
  const response = JSON.parse(fixture).response;
  const [clientMessage, userMessage] = ["client", "user"].map((author) => response.Result.find((m) => m.Author === author));
  const user = response.Rels.Users[0];
  const users = Array.from({ length: 10 }, (_, i) => ({ ...user, Id: 5 + i, Name: `Оператор ${i + 1}`, DisplayName: `Оператор ${i + 1}` }));
  const result = Array.from({ length: 50 }, (_, i) => {
    const message = structuredClone(i % 2 === 0 ? clientMessage : userMessage);
    Object.assign(message, { Id: 500 + i, EventId: 1200 + i, Text: texts[i % texts.length], CreatedAt: 1700000000000 + i * 1000 });
    if (message.Author === "user") message.UserId = 5 + (i % 10);
    return message;
  });
  return JSON.stringify({ ...response, Result: result, Rels: { ...response.Rels, Users: users } }, null, 2);
}

/** The resolution by hand a widget does after parsing: index the graph's users and clients by
 * id, attach each message's author. `Data.Message(s)` or `Result` (a history page). */
function resolve(response) {
  if (!response.OK) throw new Error(response.Error?.Text);
  const graph = response.Graph ?? response.Rels ?? {};
  const users = new Map((graph.Users ?? []).map((user) => [String(user.Id), user]));
  const clients = new Map((graph.Clients ?? []).map((client) => [String(client.Id), client]));
  const data = response.Data ?? response.Result ?? {};
  const messages = Array.isArray(data) ? data : data.Messages ?? (data.Message ? [data.Message] : []);
  return messages.map((message) => ({
    message,
    author:
      message.Author === "user" ? users.get(String(message.UserId)) : message.Author === "client" ? clients.get(String(message.ClientId)) : null,
  }));
}

const utf8 = new TextDecoder();
const asText = (body) => (typeof body === "string" ? body : utf8.decode(body));

/** The contenders, each `(body) => [{message, author}]` (the crate's for a method's path);
 * `peers` holds the libraries. */
export function contenders(iq, peers, path) {
  const list = [["JSON.parse (inexact)", (body) => resolve(JSON.parse(asText(body)))]];
  list.push([
    "wasm resolveResponse",
    (body) => {
      const resolved = iq.resolveResponse(path, body);
      return resolved.chatMessages.length > 0 ? resolved.chatMessages : resolved.messages;
    },
  ]);
  if (peers.jsonBigint) {
    const JSONbig = peers.jsonBigint({ useNativeBigInt: true });
    list.push(["json-bigint", (body) => resolve(JSONbig.parse(asText(body)))]);
  }
  if (peers.losslessJson) {
    const { parse, parseNumberAndBigInt } = peers.losslessJson;
    list.push(["lossless-json", (body) => resolve(parse(asText(body), null, parseNumberAndBigInt))]);
  }
  if (peers.jsonWithBigint) {
    list.push(["json-with-bigint", (body) => resolve(peers.jsonWithBigint.JSONParse(asText(body)))]);
  }
  if (sourceReviver()) {
    const reviver = (_, value, context) => (typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value) ? BigInt(context.source) : value);
    list.push(["JSON.parse + source reviver", (body) => resolve(JSON.parse(asText(body), reviver))]);
  }
  return list;
}

/** Whether `JSON.parse` hands a reviver the value's source text (JSON.parse with source). */
export function sourceReviver() {
  let source;
  JSON.parse("[1]", (key, value, context) => {
    if (key === "0") source = context?.source;
    return value;
  });
  return source === "1";
}

/** Runs every contender on every payload: median time per body over `rounds` rounds, each
 * round timing each contender once over enough iterations. Gives the table's rows. */
export function run(iq, peers, fixtures, now, rounds = 11) {
  const encoder = new TextEncoder();
  const tickets = ticketResponses(fixtures.documented);
  const history = historyPage(fixtures.history);
  const ticketPath = "/api/tickets/create_message";
  const historyPath = "/public/api/v1/chats/channel/messages/support";
  const payloads = [
    ["documented response (1 message), text", ticketPath, [fixtures.documented]],
    ["documented response (1 message), bytes", ticketPath, [encoder.encode(fixtures.documented)]],
    ["50 ticket responses, text", ticketPath, tickets],
    ["history page (50 messages, Rels), text", historyPath, [history]],
    ["history page (50 messages, Rels), bytes", historyPath, [encoder.encode(history)]],
  ];
  // First every payload's check and warm-up, then the timings: so that no payload is
  // timed while the engine is still compiling what the others use.
  const prepared = payloads.map(([name, path, bodies]) => {
    const runs = contenders(iq, peers, path);
    // Same answers first: the same authors, by name, for the same messages.
    const expected = bodies.flatMap((body) => runs[0][1](body).map((m) => m.author?.Name ?? null));
    for (const [who, fn] of runs) {
      const got = bodies.flatMap((body) =>
        fn(body).map((m) => (who === "wasm resolveResponse" ? m.author.user?.Name ?? m.author.client?.Name ?? null : m.author?.Name ?? null)),
      );
      if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`${who} answers differently on ${name}`);
    }
    // Iterations so that one timing lasts about 20 ms for the slowest contender.
    const probe = now();
    for (const [, fn] of runs) for (const body of bodies) fn(body);
    const once = Math.max(now() - probe, 0.001);
    const iterations = Math.max(5, Math.round((20 * runs.length) / once));
    for (const [, fn] of runs) for (let k = 0; k < iterations; k++) for (const body of bodies) fn(body); // warm up
    return { name, bodies, runs, iterations };
  });
  const rows = [];
  for (const { name, bodies, runs, iterations } of prepared) {
    const times = runs.map(() => []);
    for (let round = 0; round < rounds; round++) {
      runs.forEach(([, fn], i) => {
        const start = now();
        for (let k = 0; k < iterations; k++) for (const body of bodies) fn(body);
        times[i].push(((now() - start) * 1000) / iterations / bodies.length); // µs per body
      });
    }
    const medians = times.map((t) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]);
    rows.push({ payload: name, results: runs.map(([who], i) => [who, medians[i]]) });
  }
  return rows;
}

/** What any WebAssembly decoder pays before it reads a body given as text: the engine's
 * `TextEncoder.encodeInto` writing the history page's UTF-8 into a buffer, µs, median of
 * `rounds`; beside it `JSON.parse` of the same text, which pays nothing of the kind. */
export function textToBytes(fixtures, now, rounds = 11) {
  const text = historyPage(fixtures.history);
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(text.length * 3);
  const cases = [() => encoder.encodeInto(text, buffer), () => JSON.parse(text)];
  const times = cases.map(() => []);
  for (const f of cases) for (let k = 0; k < 200; k++) f();
  for (let round = 0; round < rounds; round++) {
    cases.forEach((f, i) => {
      const start = now();
      for (let k = 0; k < 200; k++) f();
      times[i].push(((now() - start) * 1000) / 200);
    });
  }
  const [encode, parse] = times.map((t) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]);
  return `history page as text: TextEncoder.encodeInto ${encode.toFixed(1)} µs, JSON.parse ${parse.toFixed(1)} µs`;
}

/** The rows as a Markdown table: µs per body, and each contender's time over the crate's. */
export function table(rows) {
  const names = rows[0].results.map(([who]) => who);
  const lines = [`| payload | ${names.join(" | ")} |`, `|---|${names.map(() => "---").join("|")}|`];
  for (const { payload, results } of rows) {
    const crate = results.find(([who]) => who === "wasm resolveResponse")[1];
    const cells = results.map(([who, us]) => (who === "wasm resolveResponse" ? `**${us.toFixed(1)} µs**` : `${us.toFixed(1)} µs (${(us / crate).toFixed(2)}x)`));
    lines.push(`| ${payload} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}
