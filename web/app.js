// What the vendor's web widget does, with the crate's wasm package: anonymous sign-in
// (again by the session cookie, or a sign-up),
// the channel's history with authors resolved, send, typing, the events stream (an
// EventSource with the signed x-client-token), a file upload. Every request is written by
// `encodeRequest`, every answer read by `decodeResponse`/`resolveResponse`, every stream
// frame by `StreamDecoder`; ids stay exact BigInts. Each step shows its state in an
// element with a `data-testid`, which web/e2e.mjs reads.
import init, {
  clientStreamToken,
  credentialsHeader,
  decodeResponse,
  encodeRequest,
  eventsPath,
  filePath,
  resolveResponse,
  StreamDecoder,
  uploadFields,
} from "./pkg/web/iqchannels_proto.js";

const channel = new URLSearchParams(location.search).get("channel") ?? "support";
const element = (id) => document.querySelector(`[data-testid="${id}"]`);
const show = (id, text) => {
  element(id).textContent = String(text);
};

let session = null;
let clientId = null;
const shown = new Set();

/** Sends an encoded request with the client's credentials; gives the answer's bytes. */
async function call(request) {
  const headers = new Headers(request.headers);
  if (session) {
    const header = credentialsHeader("client", session.Token, "x-client-authorization");
    headers.set(header.name, header.value);
  }
  const body = request.body === "" ? undefined : request.body;
  const reply = await fetch(request.target, { method: request.verb, headers, body });
  return new Uint8Array(await reply.arrayBuffer());
}

/** The data of an answer, or a thrown error with the server's code and text. */
function result(path, bytes) {
  const { response } = decodeResponse(path, bytes);
  if (!response.OK) throw new Error(`${response.Error?.Code}: ${response.Error?.Text}`);
  return response.Result;
}

/** Shows a message once, with its author (and its file as a link). */
function render({ message, author, file }) {
  const id = String(message.Id);
  if (shown.has(id)) return;
  shown.add(id);
  const item = document.createElement("li");
  item.dataset.messageId = id;
  item.dataset.author = author.kind;
  const name = document.createElement("span");
  name.className = "author";
  if (author.kind === "user") {
    name.textContent = author.user.DisplayName || author.user.Name;
  } else if (author.kind === "client") {
    name.textContent = author.client.Id === clientId ? "you" : author.client.Name;
    if (author.client.Id === clientId) item.classList.add("mine");
  } else {
    name.textContent = author.kind;
  }
  item.append(name);
  if (file?.Id) {
    const link = document.createElement("a");
    link.href = filePath(file.Id);
    link.textContent = file.Name;
    link.dataset.fileId = file.Id;
    item.append(link);
  } else {
    item.append(document.createTextNode(message.Text));
  }
  element("messages").append(item);
  show("chat-id", message.ChatId);
}

/** Signs in again with the `client-session` cookie of an earlier visit, as the widget
 *  does; without one (`unauthorized`), signs up anonymously, which sets the cookie. */
async function signIn() {
  const again = "/public/api/v1/clients/anonymous/auth";
  const { response } = decodeResponse(again, await call(encodeRequest(again, null)));
  let auth = response.Result;
  if (!response.OK) {
    if (response.Error?.Code !== "unauthorized") throw new Error(response.Error?.Text);
    const path = "/public/api/v1/clients/anonymous/signup";
    auth = result(path, await call(encodeRequest(path, { Channel: channel, Name: "Guest" })));
  }
  // Kept as they came: the SDKs refuse a sign-in without both.
  if (!auth.Session || !auth.Client) throw new Error("the sign-in has no session");
  session = auth.Session;
  clientId = auth.Client.Id;
  show("client-id", clientId);
}

/** The history, oldest first; gives the newest event's id, to resume the stream from. */
async function history() {
  const path = `/public/api/v1/chats/channel/messages/${channel}`;
  const page = resolveResponse(path, await call(encodeRequest(path, { ChatType: "regular", Limit: 50 })));
  page.chatMessages.forEach(render);
  show("history-count", page.chatMessages.length);
  return page.chatMessages.reduce((newest, { message }) => {
    const id = message.EventId ?? 0n;
    return id > newest ? id : newest;
  }, 0n);
}

/** The chat's events from `lastEventId` on, reconnecting with a fresh token after a gap. */
function listen(lastEventId) {
  const path = eventsPath(channel, "regular", lastEventId, clientStreamToken(session, Date.now()));
  const decoder = StreamDecoder.forPath(path, lastEventId);
  const source = new EventSource(path);
  source.onopen = () => show("stream", "open");
  source.onmessage = (event) => {
    decoder.pushMessage(event.data);
    for (let frame = decoder.nextFrame(); frame; frame = decoder.nextFrame()) {
      if (frame.type === "events") {
        frame.messages.forEach(render);
        for (const chatEvent of frame.events) {
          if (chatEvent.Type === "typing" && chatEvent.Actor === "user") show("typing", "operator is typing");
        }
      } else if (frame.type === "error" || (frame.type === "malformed" && decoder.hasGap)) {
        reconnect();
        return;
      }
    }
  };
  // The browser's own retry would send the old token and the old LastEventId: close, and
  // open afresh from where the decoder stands, with a new token (§6.5).
  source.onerror = reconnect;
  function reconnect() {
    source.close();
    show("stream", "reconnecting");
    setTimeout(() => listen(decoder.resumePoint ?? lastEventId), 1000);
  }
}

async function send(text) {
  const path = `/public/api/v1/chats/channel/send/${channel}`;
  const request = encodeRequest(path, { LocalId: BigInt(Date.now()), Payload: "text", Text: text, ChatType: "regular" });
  result(path, await call(request));
}

async function typing(text) {
  const path = `/public/api/v1/chats/channel/typing/${channel}`;
  result(path, await call(encodeRequest(path, { ChatType: "regular", Text: text })));
  show("typing", "sent");
}

async function upload(file) {
  show("upload", "uploading");
  const form = uploadFields(file.type || "application/octet-stream");
  const data = new FormData();
  for (const [name, value] of form.fields) data.append(name, value);
  data.append(form.fileField, file, file.name);
  const header = credentialsHeader("client", session.Token, "x-client-authorization");
  const reply = await fetch(form.path, { method: "POST", headers: { [header.name]: header.value }, body: data });
  const stored = result("/public/api/v1/files/upload", new Uint8Array(await reply.arrayBuffer()));
  const path = `/public/api/v1/chats/channel/send/${channel}`;
  const message = { LocalId: BigInt(Date.now()), Payload: "file", Text: "", FileId: stored.Id, ChatType: "regular" };
  result(path, await call(encodeRequest(path, message)));
  show("upload", stored.Id);
}

async function main() {
  await init();
  await signIn();
  listen(await history());
  const composer = element("composer");
  const input = composer.elements.text;
  let typingSent = 0;
  input.addEventListener("input", () => {
    if (Date.now() - typingSent > 2000) {
      typingSent = Date.now();
      typing(input.value).catch(fail);
    }
  });
  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    input.value = "";
    if (text) send(text).catch(fail);
  });
  element("file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    if (file) upload(file).catch(fail);
  });
  show("status", "ready");
}

function fail(error) {
  show("status", `error: ${error.message}`);
  console.error(error);
}

main().catch(fail);
