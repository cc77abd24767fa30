// The package's own types and functions: what the schemas do not describe. `web/build.sh`
// adds this file to the `.d.ts` that `wasm-bindgen` writes, after the declarations that
// `examples/typescript.rs` generates from the schemas (every wire type, `Graph`,
// `Reference`, the `Methods` map).

/** The envelope of every response, as `decodeResponse` gives it (`Data`/`Graph`). In TypeScript `ApiResponse`: `Response` is the Fetch API's. */
export interface ApiResponse<T> {
    /** `OK`: `true` for success, `false` for an error. */
    OK: boolean;
    /** `Error`: why the call failed. */
    Error: ApiError | null;
    /** `Ping`: a keep-alive frame with no data (real-time streams). */
    Ping: boolean;
    /** `Data` (or `Result`): the method's result. */
    Data: T | null;
    /** `Graph` (or `Rels`): the objects the data refers to; not written when absent. */
    Graph?: Graph;
}
/** A part of a response that was left out. */
export interface Warning {
    /** The JSON path of the part left out (`Graph.Users[1]`). */
    path: string;
    /** Why, without the location. */
    message: string;
    /** The 1-based line in the body. */
    line: number;
    /** The 1-based column (in bytes) in that line. */
    column: number;
}
/** What `resolveResponse` gives: a graph object is one JavaScript object wherever it is referenced. */
export interface ResolvedResponse {
    /** Every message the data carries, in order, with its author. */
    messages: ResolvedMessage[];
    /** Every chat message the data carries (a public API history page), in order, with its author and its file. */
    chatMessages: ResolvedChatMessage[];
    /** Every reference, in the data and in the graph, whose object the graph lacks. */
    dangling: Dangling[];
    /** As in `DecodedResponse`. */
    warnings: Warning[];
    /** As in `DecodedResponse`. */
    moreWarnings: number;
}
/** A message with its author. */
export interface ResolvedMessage {
    /** The message. */
    message: Decoded<Message>;
    /** Who wrote it. */
    author: Author;
    /** The author's avatar, when the author is a user whose avatar the graph carries. */
    avatar: Decoded<File> | null;
}
/** A chat message with its author, the author's avatar and its file, as the graph has them. */
export interface ResolvedChatMessage {
    /** The message. */
    message: Decoded<ChatMessage>;
    /** Who wrote it. */
    author: Author;
    /** The author's avatar, when the author is a user whose avatar the graph carries. */
    avatar: Decoded<File> | null;
    /** The file the message carries, when the graph has it. */
    file: Decoded<File> | null;
}
/** Who wrote a message, told apart by `kind`: a user or a client of the graph, the server itself, nobody identified, one the graph does not carry, or not said. */
export type Author =
    | { kind: "user"; user: Decoded<User> }
    | { kind: "client"; client: Decoded<Client> }
    | { kind: "system" }
    | { kind: "anonymous" }
    | { kind: "missing"; reference: Reference }
    | { kind: "unknown" };
/** A reference whose object the graph does not carry. */
export interface Dangling {
    /** Where the id stands (`Data.Message.UserId`). */
    path: string;
    /** The id. */
    reference: Reference;
}
/** What `encodeRequest` gives: what to send where. */
export interface EncodedRequest {
    /** The HTTP method. */
    verb: "GET" | "POST";
    /** The path with its parameters, then the query if any (`/api/v1/chats/get/10`). */
    target: string;
    /** The headers the body needs (`Content-Type`), before the credentials': name, value. */
    headers: [string, string][];
    /** The JSON body; empty for a method that takes none. */
    body: string;
}
/** What `credentialsHeader` gives: a header's name and value. */
export interface Header {
    /** `Cookie` or `Authorization`. */
    name: string;
    /** The header's value, token included. */
    value: string;
}
/** Every method's path. */
export type MethodPath = keyof Methods;
/** What a request accepts: any `bigint` may be given as a (safe integer) `number`. */
export type Input<T> = T extends bigint ? bigint | number
    : T extends (infer U)[] ? Input<U>[]
    : T extends object ? { [K in keyof T]: Input<T[K]> }
    : T;
/** A value as the package gives it (decoded, resolved, from a stream): every field the crate always writes is there, where the type it is declared with, which also says what a request may leave out, has it optional. A field that may be `null` may also be absent (one written only when present, like a message's `EventId`), and a graph has only the collections it has. */
export type Decoded<T> = unknown extends T ? T
    : T extends bigint | number | string | boolean | null | undefined | Uint8Array ? T
    : T extends (infer U)[] ? Decoded<U>[]
    : string extends keyof T ? { [K in keyof T]: Decoded<T[K]> }
    : { [K in keyof T as undefined extends T[K] ? (null extends T[K] ? never : K) : K]-?: Decoded<Exclude<T[K], undefined>> }
        & { [K in keyof T as undefined extends T[K] ? (null extends T[K] ? K : never) : never]?: Decoded<T[K]> };
/** What the functions throw: a JavaScript `Error` with the protocol's error code. */
export interface ProtocolError extends Error {
    /** `invalid`, `not_found`, or the server's own code. */
    code: ErrorCode;
    /** What kind of input was wrong, for `invalid`. */
    kind: DecodeErrorKind | null;
    /** The JSON path of the value at fault (`Message.Text`; `""` for the whole body). */
    path: string | null;
    /** The 1-based line in the body. */
    line: number | null;
    /** The 1-based column (in bytes) in that line. */
    column: number | null;
}
export type DecodeErrorKind = "encoding" | "syntax" | "eof" | "data" | "limit";
export type CredentialKind = "user_session" | "service_account" | "client";
/** The header that carries credentials; with `carrier`, that carrier's (`"x-client-authorization"`: the web widget's). Throws a `ProtocolError`. */
export function credentialsHeader(kind: CredentialKind, token: string, carrier?: "authorization" | "x-client-authorization" | "cookie"): Header;
/** A path parameter's text: an id's digits, or any text (a channel's name, a file's id). */
export type ParamText<N extends string> = N extends "fileId" ? string : N extends `${string}Id` ? `${bigint}` : string;
/** A method's path as it is called: each `:name` replaced by its value (`/api/v1/chats/get/10`). */
export type CalledPath<P extends string = MethodPath> =
    P extends `${infer Head}:${infer Name}/${infer Rest}` ? `${Head}${ParamText<Name>}/${CalledPath<Rest>}`
    : P extends `${infer Head}:${infer Name}` ? `${Head}${ParamText<Name>}` : P;
/** The envelope as the method's API spells it: `Data`/`Graph`, or `Result`/`Rels`. */
export type SpelledResponse<T, S extends Spelling> = S extends "ResultRels"
    ? { OK: boolean; Error: ApiError | null; Ping: boolean; Result: T | null; Rels?: Graph }
    : ApiResponse<T>;
/** The envelope's graph key in a spelling: `Graph` or `Rels`. */
export type GraphKey<S extends Spelling> = S extends "ResultRels" ? "Rels" : "Graph";
/** An envelope as `decodeResponse` gives it: its other keys always there, its graph only when the body had one. */
export type DecodedEnvelope<T, S extends Spelling> = Decoded<Omit<SpelledResponse<T, S>, GraphKey<S>>>
    & { [K in GraphKey<S>]?: Decoded<Graph> };
export type Spelling = "DataGraph" | "ResultRels";
/** What `decodeResponse` gives: the envelope, and the parts left out of it. */
export interface DecodedResponse<T, S extends Spelling = "DataGraph"> {
    /** The envelope, field for field, spelled as the method's API spells it. */
    response: DecodedEnvelope<T, S>;
    /** The parts of the response left out because they were malformed. */
    warnings: Warning[];
    /** How many more warnings there were than `warnings` keeps. */
    moreWarnings: number;
}
/** The method a path is of: its own path, or one with an id in place of its `:name`. */
export type MethodOf<C extends string> = { [P in MethodPath]: C extends P | CalledPath<P> ? P : never }[MethodPath];
/** Decodes the response `body` of the method at `path`. Throws a `ProtocolError`. */
export function decodeResponse<C extends MethodPath | CalledPath>(path: C, body: string | Uint8Array): DecodedResponse<Methods[MethodOf<C>]["data"], Methods[MethodOf<C>]["spelling"]>;
/** Decodes the response `body` of the method at `path` and resolves its messages' authors. Throws a `ProtocolError`, also for an error response. */
export function resolveResponse<C extends MethodPath | CalledPath>(path: C, body: string | Uint8Array): ResolvedResponse;
/** Encodes a request to the method at `path`: the path as it is called, with its parameters. Throws a `ProtocolError`. */
export function encodeRequest<C extends MethodPath | CalledPath>(path: C, request: Input<Methods[MethodOf<C>]["request"]>): EncodedRequest;
