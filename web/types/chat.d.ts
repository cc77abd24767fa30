// The chat API (the `chat` feature): the operator streams' paths; added by `web/build.sh`.

/** The path (with `?FromId=`) to open a stream at. Throws a `ProtocolError`. */
export function streamPath(transport: "sse" | "ws", listen: "chat" | "channel" | "user", id: bigint | number, fromId?: bigint | number | null): string;
