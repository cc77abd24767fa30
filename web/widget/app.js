// The widget's flows with the package, against the server that serves this page:
// anonymous sign-up, the channel's history with authors resolved, send, typing, the events
// stream with x-client-token (operators' messages appear), a file upload. Each step writes
// its state into the element whose data-testid names it: "ok: ...", or "error: ...".
import init, {
  clientStreamToken,
  credentialsHeader,
  decodeResponse,
  encodeRequest,
  eventsPath,
  resolveResponse,
  StreamDecoder,
  uploadFields,
} from "/pkg/web/iqchannels_proto.js";

const channel = new URLSearchParams(location.search).get("channel") ?? "support";
const state = (step, text) => (document.querySelector(`[data-testid="${step}-state"]`).textContent = text);
const shown = new Set();

/** Sends `request` (from encodeRequest, or a path and FormData) with the client's header. */
async function send(request, token) {
  const headers = new Headers(request.headers ?? []);
  if (token) {
    const header = credentialsHeader("client", token, "x-client-authorization");
    headers.set(header.name, header.value);
  }
  const reply = await fetch(request.target, {
    method: request.verb,
    headers,
    body: request.body === "" ? undefined : request.body,
    credentials: "include",
  });
  return new Uint8Array(await reply.arrayBuffer());
}

/** A message in the list, once, with its author's name; one that came by the stream from
 * an operator also in "incoming". */
function render({ message, author, file }, live) {
  if (shown.has(String(message.Id))) return;
  shown.add(String(message.Id));
  const who = author.kind === "user" ? author.user.DisplayName || author.user.Name : author.kind === "client" ? author.client.Name : author.kind;
  const item = document.createElement("li");
  item.dataset.testid = "message";
  item.dataset.author = author.kind;
  item.textContent = `${who}: ${message.Text}${file ? ` [${file.Name}]` : ""}`;
  document.getElementById("messages").append(item);
  if (live && author.kind === "user") {
    const copy = item.cloneNode(true);
    copy.dataset.testid = "incoming-message";
    document.getElementById("incoming").append(copy);
  }
}

async function step(name, run) {
  try {
    state(name, await run());
  } catch (error) {
    state(name, `error: ${error.code ?? ""} ${error.message}`);
    throw error;
  }
}

async function main() {
  await step("init", async () => (await init(), "ok"));

  let auth;
  await step("signup", async () => {
    const request = encodeRequest("/public/api/v1/clients/signup", { Name: "Guest", Channel: channel });
    const { response } = decodeResponse("/public/api/v1/clients/signup", await send(request));
    if (!response.OK) throw Object.assign(new Error(response.Error?.Text ?? "not OK"), { code: response.Error?.Code });
    auth = response.Result;
    return `ok: client ${auth.Client.Id}`;
  });
  const token = auth.Session.Token;

  let newest = 0n;
  await step("history", async () => {
    const path = `/public/api/v1/chats/channel/messages/${encodeURIComponent(channel)}`;
    const request = encodeRequest(path, { ChatType: "regular", Limit: 50 });
    const { chatMessages } = resolveResponse(path, await send(request, token));
    for (const resolved of chatMessages) {
      render(resolved, false);
      if (resolved.message.EventId && resolved.message.EventId > newest) newest = resolved.message.EventId;
    }
    return `ok: ${chatMessages.length} messages`;
  });

  await step("events", async () => {
    const path = eventsPath(channel, "regular", newest, clientStreamToken(auth.Session, Date.now()));
    const decoder = StreamDecoder.forPath(path, newest);
    const source = new EventSource(path, { withCredentials: true });
    let events = 0;
    source.onopen = () => state("events", `ok: open, ${events} events`);
    source.onmessage = (event) => {
      decoder.pushMessage(event.data);
      for (let frame = decoder.nextFrame(); frame; frame = decoder.nextFrame()) {
        if (frame.type === "events") {
          events += frame.events.length;
          for (const resolved of frame.messages) render(resolved, true);
          state("events", `ok: open, ${events} events`);
        } else if (frame.type === "error" || frame.type === "malformed") {
          state("events", `error: ${frame.error.code ?? ""} ${frame.error.message ?? frame.error.Text}`);
        }
      }
    };
    source.onerror = () => state("events", `error: the stream closed after ${events} events`);
    return "connecting";
  });

  await step("send", async () => {
    const request = encodeRequest(`/public/api/v1/chats/channel/send/${encodeURIComponent(channel)}`, {
      LocalId: BigInt(Date.now()),
      Payload: "text",
      Text: "Hello from the page",
      ChatType: "regular",
    });
    const { response } = decodeResponse(request.target, await send(request, token));
    return response.OK ? "ok: sent" : `error: ${response.Error?.Code}`;
  });

  await step("typing", async () => {
    const request = encodeRequest(`/public/api/v1/chats/channel/typing/${encodeURIComponent(channel)}`, { ChatType: "regular", Text: "Hel" });
    const { response } = decodeResponse(request.target, await send(request, token));
    return response.OK ? "ok: typing" : `error: ${response.Error?.Code}`;
  });

  await step("upload", async () => {
    const file = new File(["hello from the page\n"], "hello.txt", { type: "text/plain" });
    const form = uploadFields(file.type);
    const data = new FormData();
    for (const [name, value] of form.fields) data.append(name, value);
    data.append(form.fileField, file, file.name);
    const { response } = decodeResponse(form.path, await send({ verb: "POST", target: form.path, body: data }, token));
    if (!response.OK) return `error: ${response.Error?.Code}`;
    const stored = response.Result;
    const message = encodeRequest(`/public/api/v1/chats/channel/send/${encodeURIComponent(channel)}`, {
      LocalId: BigInt(Date.now()),
      Payload: "file",
      Text: "",
      FileId: stored.Id,
      ChatType: "regular",
    });
    const sent = decodeResponse(message.target, await send(message, token)).response;
    return sent.OK ? `ok: ${stored.Id}` : `error: ${sent.Error?.Code}`;
  });
}

main().catch((error) => console.error(error));
