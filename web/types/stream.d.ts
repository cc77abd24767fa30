// The real-time streams (the `chat` or `public` feature): added by `web/build.sh`.

/** One frame of a stream: events with their graph (and the messages they concern, resolved), an unread count or state, a ping, the server's error, or a frame that did not decode (the stream goes on). */
export type Frame =
    | { type: "events"; events: Decoded<ChatEvent>[]; graph: Decoded<Graph>; messages: ResolvedChatMessage[]; warnings: Warning[] }
    | { type: "unread"; count: number }
    | { type: "multichatUnread"; unread: Decoded<AdvancedUnreadResult> }
    | { type: "ping" }
    | { type: "error"; error: Decoded<ApiError> }
    | { type: "malformed"; error: ProtocolError };
/** Reads a stream's frames from Server-Sent Events bytes pushed in chunks of any size (`push`), or from whole WebSocket messages (`pushMessage`); takes them with `nextFrame()`; `lastEventId` is where to resume. */
export class StreamDecoder {
    free(): void;
    [Symbol.dispose](): void;
    /** A decoder within the default limits. */
    constructor();
    /** A decoder for the stream at `path` (the public API's events, a channel's unread count or every channel's unread state; with the chat API, an operator's chat, channel or user stream): its frames typed as that stream's; `lastEventId` (the history's newest event) is where it resumes after. Throws a `ProtocolError`: `not_found` for a path that is no stream's, `invalid` for an id that is not an integer. */
    static forPath(path: string, lastEventId?: bigint | number | null): StreamDecoder;
    /** Feeds the next bytes of a Server-Sent Events stream, cut anywhere. Throws a `ProtocolError` for a chunk that is neither a string nor a `Uint8Array`. */
    push(chunk: string | Uint8Array): void;
    /** Reads one WebSocket message (or one `EventSource` event's `data`): one envelope. Throws a `ProtocolError` for a message that is neither a string nor a `Uint8Array`. */
    pushMessage(message: string | Uint8Array): void;
    /** Ends the body: call it when the connection closes. An envelope body (the server's refusal, not a stream) whose frame has not come yet is read now, so that one cut short is a `malformed` frame; bytes pushed after it start the next connection's body. */
    finish(): void;
    /** The next frame read (`undefined` if none is complete). */
    nextFrame(): Frame | undefined;
    /** Whether a frame was lost: reconnect from `resumePoint`. */
    readonly hasGap: boolean;
    /** Whether the body is one JSON envelope rather than a stream: the server refused the stream, and its error is the one frame. */
    readonly isEnvelope: boolean;
    /** The id of the last stored event received (`undefined` before one). */
    readonly lastEventId: bigint | undefined;
    /** Where to resume after a reconnection: the last stored event before the first lost frame, or the last one (`undefined` before one). */
    readonly resumePoint: bigint | undefined;
}
