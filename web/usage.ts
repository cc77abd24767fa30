// A frontend's use of the package, type-checked by .ci/run with `tsc --noEmit` against
// the definitions wasm-bindgen writes: if a type or a signature changes, this stops
// compiling.
import init, {
  credentialsHeader,
  decodeResponse,
  encodeRequest,
  resolveResponse,
  type Author,
  type CreateMessageData,
  type DecodedResponse,
  type Message,
  type ProtocolError,
  type User,
} from "./pkg/web/iqchannels_proto.js";

const path = "/api/tickets/create_message";

export async function send(base: string, token: string, text: string): Promise<Message | undefined> {
  await init();
  // Ids may be given as numbers or BigInts.
  const request = encodeRequest(path, { TicketId: 103, Message: { LocalId: BigInt(Date.now()), Type: "text", Text: text } });
  const header = credentialsHeader("service_account", token);
  const reply = await fetch(base + request.target, {
    method: request.verb,
    headers: [...request.headers, [header.name, header.value]],
    body: request.body,
  });
  const decoded: DecodedResponse<CreateMessageData> = decodeResponse(path, await reply.text());
  const { response, warnings } = decoded;
  for (const warning of warnings) {
    console.warn(`${warning.path} (line ${warning.line}): ${warning.message}`);
  }
  if (!response.OK) {
    throw new Error(`${response.Error?.Code}: ${response.Error?.Text}`);
  }
  const message = response.Data?.Message;
  if (message?.Id !== undefined) {
    const id: bigint = message.Id; // exact, also above 2^53
    const sent = new Date(Number(message.CreatedAt ?? 0n));
    console.log(`message ${id} at ${sent.toISOString()}`);
  }
  return message;
}

export function authorName(author: Author): string {
  switch (author.kind) {
    case "user":
      return author.user.DisplayName ?? "";
    case "client":
      return author.client.Name ?? "";
    case "missing":
      return `(${author.reference.kind} ${author.reference.id} not in the graph)`;
    default:
      return author.kind;
  }
}

export function timeline(body: string): string[] {
  try {
    const { messages, dangling } = resolveResponse(path, body);
    for (const reference of dangling) {
      console.warn(`${reference.path} points at a missing ${reference.reference.kind}`);
    }
    return messages.map(({ message, author }) => `${authorName(author)}: ${message.Text ?? ""}`);
  } catch (thrown) {
    const error = thrown as ProtocolError;
    console.error(error.code, error.path, error.line, error.column);
    return [];
  }
}

export const admins = (users: User[]): User[] => users.filter((user) => user.Permissions !== null);

// @ts-expect-error: a path that is no method does not type-check.
decodeResponse("/api/nope", "{}");
// @ts-expect-error: a request is checked against its method's type.
encodeRequest(path, { TicketId: 103 });
