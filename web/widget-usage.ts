// The web widget's flows with the package built with the public API (`--features
// wasm,public`, web/build.sh into pkg/web/), type-checked by .ci/run: sign up, the history
// with authors resolved, send, typing, the events stream with `x-client-token`, an upload,
// a rating.
import init, {
  clientStreamToken,
  credentialsHeader,
  decodeResponse,
  encodeRequest,
  eventsPath,
  filePath,
  imagePath,
  resolveResponse,
  StreamDecoder,
  uploadFields,
  type ChatMessage,
  type ClientAuth,
  type EncodedRequest,
  type Frame,
  type ResolvedChatMessage,
} from "./pkg/web/iqchannels_proto.js";

/** Sends an encoded request with the client's credentials, and gives the body's bytes. */
async function send(base: string, request: EncodedRequest, token?: string): Promise<Uint8Array> {
  const headers = new Headers(request.headers);
  if (token !== undefined) {
    const header = credentialsHeader("client", token, "x-client-authorization");
    headers.set(header.name, header.value);
  }
  const body = request.body === "" ? undefined : request.body;
  const reply = await fetch(base + request.target, { method: request.verb, headers, body, credentials: "include" });
  return new Uint8Array(await reply.arrayBuffer());
}

export async function widget(base: string, channel: string, file: File): Promise<ResolvedChatMessage[]> {
  await init();

  // Sign up: the client and its session, exact ids.
  const signup = encodeRequest("/public/api/v1/clients/signup", { Name: "Guest", Channel: channel });
  const signedUp = decodeResponse("/public/api/v1/clients/signup", await send(base, signup)).response.Result;
  if (signedUp === null) throw new Error("no client");
  // What the package gives has every field (no `?.`, no `!`), and is still a ClientAuth.
  const auth: ClientAuth = signedUp;
  // `Client` and `Session` are kept as they came: absent, null or a value; the SDKs refuse a
  // sign-in without both (and the package warns of it).
  const { Session: session, Client: client } = signedUp;
  if (!session || !client) throw new Error("the sign-in has no session");
  const token: string = session.Token;
  const clientId: bigint = client.Id;
  void [auth, clientId];
  // @ts-expect-error: sign-up is spelled `Result`/`Rels`
  void decodeResponse("/public/api/v1/clients/signup", "{}").response.Data;

  // The history, each message with its author (and file) resolved against `Rels`.
  const history = encodeRequest(`/public/api/v1/chats/channel/messages/${channel}`, { ChatType: "regular", Limit: 50 });
  const page = resolveResponse(`/public/api/v1/chats/channel/messages/${channel}`, await send(base, history, token));
  const messages: ResolvedChatMessage[] = page.chatMessages;
  for (const { message, author, file } of messages) {
    const who: string = author.kind === "user" ? author.user.DisplayName : author.kind === "client" ? author.client.Name : author.kind;
    const link = file ? filePath(file.Id) : null;
    const [id, text]: [bigint, string] = [message.Id, message.Text];
    // @ts-expect-error: a field written only when present may be absent, or null
    const eventId: bigint | null = message.EventId;
    void [id, text, who, link, eventId];
  }
  const newest: bigint | undefined = messages.map(({ message }) => message.EventId ?? 0n).reduce((a, b) => (a > b ? a : b), 0n);
  // The typed data, as the envelope has it.
  const typed: ChatMessage[] | null = decodeResponse(`/public/api/v1/chats/channel/messages/${channel}`, "{}").response.Result;
  void typed;

  // Send, and say the client is typing.
  const sent = encodeRequest(`/public/api/v1/chats/channel/send/${channel}`, {
    LocalId: BigInt(Date.now()),
    Payload: "text",
    Text: "Hello",
    ChatType: "regular",
  });
  await send(base, sent, token);
  await send(base, encodeRequest(`/public/api/v1/chats/channel/typing/${channel}`, { ChatType: "regular", Text: "Hel" }), token);
  // @ts-expect-error: a message needs its LocalId
  encodeRequest(`/public/api/v1/chats/channel/send/${channel}`, { Payload: "text", Text: "x", ChatType: "regular" });

  // The events stream: an EventSource cannot send headers, so the signed x-client-token.
  const streamToken = clientStreamToken(session, Date.now());
  // @ts-expect-error: the token is signed with the session's Id and Token
  clientStreamToken({ Id: 1n }, Date.now());
  const path = eventsPath(channel, "regular", newest, streamToken);
  const decoder = StreamDecoder.forPath(path, newest);
  const source = new EventSource(base + path, { withCredentials: true });
  source.onmessage = (event: MessageEvent<string>) => {
    decoder.pushMessage(event.data);
    for (let frame: Frame | undefined; (frame = decoder.nextFrame()); ) {
      if (frame.type === "events") {
        for (const { message, author } of frame.messages) void [message.Text, author.kind];
      } else if (frame.type === "error" || (frame.type === "malformed" && decoder.hasGap)) {
        source.close(); // reconnect from decoder.resumePoint with a new token
      }
    }
  };

  // An upload: the FormData's fields, then a file message with the uploaded file's id.
  const form = uploadFields(file.type);
  const data = new FormData();
  for (const [name, value] of form.fields) data.append(name, value);
  data.append(form.fileField, file, file.name);
  const headers = new Headers();
  const header = credentialsHeader("client", token, "x-client-authorization");
  headers.set(header.name, header.value);
  const uploaded = await fetch(base + form.path, { method: "POST", headers, body: data });
  const stored = decodeResponse("/public/api/v1/files/upload", new Uint8Array(await uploaded.arrayBuffer())).response.Result;
  if (stored?.Id) {
    const fileMessage = encodeRequest(`/public/api/v1/chats/channel/send/${channel}`, {
      LocalId: BigInt(Date.now()),
      Payload: "file",
      Text: "",
      FileId: stored.Id,
      ChatType: "regular",
    });
    await send(base, fileMessage, token);
    void [filePath(stored.Id, "t0k"), imagePath(stored.Id, "preview")];
  }

  // Rate the operator when a rating request comes.
  const rating = messages.find(({ message }) => message.RatingId !== undefined && message.RatingId !== null);
  if (rating?.message.RatingId) {
    await send(base, encodeRequest("/public/api/v1/ratings/rate", { RatingId: rating.message.RatingId, Rating: { Value: 5 } }), token);
  }
  return messages;
}
