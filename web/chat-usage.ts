// An operator workplace's use of the package built with the chat API (`--features
// wasm,chat`, into pkg-chat/), type-checked by .ci/run: paths called with their ids, the
// stream decoder.
import init, { decodeResponse, encodeRequest, StreamDecoder, streamPath, type Chat, type Frame } from "./pkg-chat/iqchannels_proto.js";

export async function chat(base: string, id: bigint): Promise<Chat | null> {
  await init();
  const invite = encodeRequest(`/api/v1/chats/invite/${id}`, { UserId: 5 });
  const get = encodeRequest(`/api/v1/chats/get/${id}`, {});
  const read = encodeRequest("/api/v1/chats/messages/read", [1n, 2]);
  const ticket = encodeRequest("/api/tickets/create_message", { TicketId: 1, Message: { LocalId: 1, Type: "text", Text: "x" } });
  // @ts-expect-error: invite needs the operator
  encodeRequest(`/api/v1/chats/invite/${id}`, {});
  // @ts-expect-error: not a path of any method
  encodeRequest("/api/v1/chats/nope/1", {});
  void [invite, read, ticket];
  const reply = await fetch(base + get.target, { method: get.verb, headers: get.headers, body: get.body });
  const decoded = decodeResponse(`/api/v1/chats/get/${id}`, await reply.text());
  const pattern = decodeResponse("/api/v1/chats/get/:chatId", "{}");
  void pattern;
  const stream = new StreamDecoder();
  stream.push(new Uint8Array());
  const frame: Frame | undefined = stream.nextFrame();
  if (frame?.type === "events") {
    const first: bigint | undefined = frame.events[0].Id;
    void first;
  }
  void streamPath("sse", "chat", id, stream.lastEventId);
  // The chat API's answers are spelled `Result`/`Rels`, as its official clients read them.
  const rels = decoded.response.Rels;
  // The graph is there only when the body had one.
  // @ts-expect-error: possibly undefined
  void rels.Users;
  void rels?.Users;
  // @ts-expect-error: not the chat API's spelling
  void decoded.response.Data;
  return decoded.response.Result;
}
