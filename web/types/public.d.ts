// The public API (the `public` feature): the stream token, the streams' paths, uploads and files; added by `web/build.sh`.

/** A client's session as `ClientAuth.Session` has it: what a stream's token is signed with. */
export interface StreamSession { Id: bigint | number; Token: string }
/** Signs the `x-client-token` of a stream for `session` at `nowMs` (ms since the epoch, read afresh for each connection). Throws a `ProtocolError`. */
export function clientStreamToken(session: StreamSession, nowMs: number | bigint): string;
/** The path of a channel's events stream, with `LastEventId` when given (not 0) and the stream's token when given. Throws a `ProtocolError`. */
export function eventsPath(channel: string, chatType: ChatType, lastEventId?: bigint | number | null, token?: string | null): string;
/** The path of a channel's unread count stream (`"multichat"`: every channel's unread state). */
export function unreadPath(channel: string): string;
/** What a `FormData` for `files/upload` holds: the text fields in order, then the file under `fileField`. */
export interface UploadForm {
    /** `/public/api/v1/files/upload`. */
    path: string;
    /** The text fields, name and value: `[["Type", "image"]]`. */
    fields: [string, string][];
    /** The name of the file's field: `"File"`. */
    fileField: string;
}
/** The form of an upload of a file of media type `contentType`, its `Type` as the web widget gives it (`image`, `audio` or `file`). */
export function uploadFields(contentType: string): UploadForm;
/** The path to download a file, with the token of `files/token` when given. */
export function filePath(fileId: string, token?: string | null): string;
/** The path of an image in a size (`"preview"`, `"avatar"`, `"thumbnail"`, or `""` for the original). */
export function imagePath(fileId: string, size: FileImageSize): string;
