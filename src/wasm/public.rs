//! The public client API's helpers in JavaScript (with the `public` feature): the
//! `x-client-token` of a stream, the streams' paths, the upload's form fields and the
//! files' URLs, as [`crate::auth`], [`crate::stream::public`] and [`crate::files`] have
//! them. The methods themselves go through `encodeRequest`, `decodeResponse` and
//! `resolveResponse` like every other.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use super::stream::{event_id, integer};
use super::{js, protocol_error, text};
use crate::files::{self, Upload, FILE_PART, TYPE_PART, UPLOAD_PATH};
use crate::primitives::{ClientSessionId, FileId};
use crate::stream::public as streams;
use crate::{ChatType, ClientStreamToken, ErrorCode, FileImageSize, CLIENT_TOKEN_PARAM};

/// `clientStreamToken(session, nowMs)`: [`ClientStreamToken::new`] then
/// [`ClientStreamToken::encode`], the value of `x-client-token`.
///
/// # Errors
///
/// A `ProtocolError` with code `invalid` for a session without an integer `Id` or a string
/// `Token`, or a time that is not an integer; its message never contains the token.
#[wasm_bindgen(js_name = clientStreamToken, skip_typescript)]
pub fn client_stream_token(session: &JsValue, now_ms: &JsValue) -> Result<String, JsValue> {
    let invalid = |message: &str| protocol_error(&ErrorCode::Invalid, message, None);
    let field = |name: &str| js_sys::Reflect::get(session, &JsValue::from_str(name)).ok();
    let id = field("Id")
        .as_ref()
        .and_then(integer)
        .ok_or_else(|| invalid("the session's Id is an integer"))?;
    let token = field("Token")
        .and_then(|token| token.as_string())
        .ok_or_else(|| invalid("the session's Token is a string"))?;
    let now = integer(now_ms).ok_or_else(|| invalid("nowMs is an integer"))?;
    Ok(ClientStreamToken::new(ClientSessionId::new(id), &token, now).encode())
}

/// `eventsPath(channel, chatType, lastEventId, token)`: [`streams::events_path`], with
/// `token` (from `clientStreamToken`) as `x-client-token`.
///
/// # Errors
///
/// A `ProtocolError` with code `invalid` for a channel or chat type that is not a string,
/// or an id that is not an integer.
#[wasm_bindgen(js_name = eventsPath, skip_typescript)]
pub fn events_path(
    channel: &JsValue,
    chat_type: &JsValue,
    last_event_id: &JsValue,
    token: &JsValue,
) -> Result<String, JsValue> {
    let channel = text(channel, "the channel")?;
    let chat_type = ChatType::from(text(chat_type, "the chat type")?);
    let last = event_id(last_event_id, "lastEventId")?;
    let mut path = streams::events_path(&channel, &chat_type, last, None);
    if !token.is_undefined() && !token.is_null() {
        // Escaped as `events_path` escapes a token (its `=` padding, and whatever else a
        // query cannot hold).
        let token = text(token, "the token")?;
        let token: String = crate::primitives::encode_query(&token).collect();
        path.push_str(&format!("&{CLIENT_TOKEN_PARAM}={token}"));
    }
    Ok(path)
}

/// `unreadPath(channel)`: [`streams::unread_path`], or
/// [`MULTICHAT_UNREAD_PATH`](streams::MULTICHAT_UNREAD_PATH) for `"multichat"`.
///
/// # Errors
///
/// A `ProtocolError` for a channel that is not a string.
#[wasm_bindgen(js_name = unreadPath, skip_typescript)]
pub fn unread_path(channel: &JsValue) -> Result<String, JsValue> {
    let channel = text(channel, "the channel")?;
    Ok(if channel == "multichat" {
        streams::MULTICHAT_UNREAD_PATH.to_owned()
    } else {
        streams::unread_path(&channel)
    })
}

/// `uploadFields(contentType)`: what a `FormData` for `files/upload` holds (§7.1): the
/// `Type` field as [`Upload::kind_for`] gives it, and the name of the file's field.
///
/// # Errors
///
/// A `ProtocolError` for a content type that is not a string.
#[wasm_bindgen(js_name = uploadFields, skip_typescript)]
pub fn upload_fields(content_type: &JsValue) -> Result<JsValue, JsValue> {
    let content_type = text(content_type, "the content type")?;
    let kind = Upload::kind_for(&content_type);
    let form = Object::new();
    js::set(&form, "path", &JsValue::from_str(UPLOAD_PATH));
    let field = Array::of2(
        &JsValue::from_str(TYPE_PART),
        &JsValue::from_str(kind.as_str()),
    );
    js::set(&form, "fields", &Array::of1(&field));
    js::set(&form, "fileField", &JsValue::from_str(FILE_PART));
    Ok(form.into())
}

/// `filePath(fileId, token)`: [`files::file_path`].
///
/// # Errors
///
/// A `ProtocolError` for an id or token that is not a string.
#[wasm_bindgen(js_name = filePath, skip_typescript)]
pub fn file_path(file_id: &JsValue, token: &JsValue) -> Result<String, JsValue> {
    let id = FileId::new(text(file_id, "the file's id")?);
    let token = if token.is_undefined() || token.is_null() {
        None
    } else {
        Some(text(token, "the token")?)
    };
    Ok(files::file_path(&id, token.as_deref()))
}

/// `imagePath(fileId, size)`: [`files::image_path`].
///
/// # Errors
///
/// A `ProtocolError` for an id or size that is not a string.
#[wasm_bindgen(js_name = imagePath, skip_typescript)]
pub fn image_path(file_id: &JsValue, size: &JsValue) -> Result<String, JsValue> {
    let id = FileId::new(text(file_id, "the file's id")?);
    let size = FileImageSize::from(text(size, "the size")?);
    Ok(files::image_path(&id, &size))
}
