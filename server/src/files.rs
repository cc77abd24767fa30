//! Files: upload, a file's record, a file token, and the bytes, served so that a browser
//! never runs them.

use axum::body::Body;
use axum::http::{header, HeaderValue};
use iqchannels_proto::api::public::files::{
    DownloadFile, DownloadImage, FileToken, FileTokenData, GetFile, GetFilesConfig, UploadFile,
};
use iqchannels_proto::files::{self, UploadLimits};
use iqchannels_proto::{
    ActorType, Client, ClientId, Error, File, FileId, FileOwnerType, FileState, FilesConfig, Secret,
};

use crate::caller::{Anyone, AuthClient, FileReader};
use crate::errors::{forbidden, invalid, not_found, random_token, unauthorized};
use crate::routes::{Call, HttpResponse, Reply, Serve};
use crate::store::Store;
use crate::{now_ms, App};

/// A file the client may see: its own upload, or one no client owns (an operator's;
/// file ids are random, so one is reached only through a message that names it).
pub(crate) fn visible_file(store: &Store, id: &FileId, client: &Client) -> Result<File, Error> {
    let file = store.file(id)?.ok_or_else(|| not_found("no such file"))?;
    match file.owner_client_id {
        Some(owner) if owner != client.id => Err(forbidden("the file is another client's")),
        _ => Ok(file),
    }
}

/// Whether `client` may store `more` bytes within `--max-client-storage`.
pub(crate) fn within_storage(
    app: &App,
    store: &Store,
    client: ClientId,
    more: usize,
) -> Result<(), Error> {
    let max = app.config.max_client_storage;
    let used = store.client_storage(client)?;
    if used.saturating_add(u64::try_from(more).unwrap_or(u64::MAX)) > max {
        return Err(invalid(format!(
            "the client's storage is full: {used} of {max} bytes used"
        )));
    }
    Ok(())
}

impl Serve for UploadFile {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<File>, Error> {
        let client = call.caller.client;
        let store = call.app.store();
        let content_type = call
            .http
            .headers()
            .get(header::CONTENT_TYPE)
            .map_or(&b""[..], HeaderValue::as_bytes);
        let mut limits = UploadLimits::default();
        limits.max_body_bytes = call.app.config.max_body;
        let upload = files::read_upload(content_type, call.http.body(), &limits)
            .map_err(|error| invalid(error.to_string()))?;
        let extension = upload
            .file_name
            .rsplit_once('.')
            .map(|(_, extension)| extension)
            .filter(|extension| {
                !extension.is_empty()
                    && extension.len() <= 8
                    && extension.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        let id = match extension {
            Some(extension) => format!("{}.{}", random_token()?, extension.to_ascii_lowercase()),
            None => random_token()?,
        };
        let mut file = File::new(FileId::new(id));
        file.kind = upload.kind.clone();
        file.owner = FileOwnerType::Client;
        file.owner_client_id = Some(client.id);
        file.actor = ActorType::Client;
        file.actor_client_id = Some(client.id);
        file.name = upload.file_name.clone();
        file.path = files::file_path(&file.id, None);
        file.size = i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX);
        file.content_type = upload
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        file.created_at = now_ms().into();
        file.state = Some(FileState::Approved);
        within_storage(call.app, &store, client.id, upload.bytes.len())?;
        store.insert_file(&file, upload.bytes)?;
        let graph = store.graph(&file)?;
        Ok(Reply::Data(file, graph))
    }
}

impl Serve for GetFile {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<File>, Error> {
        let store = call.app.store();
        let file = visible_file(&store, &call.request.file_id, &call.caller.client)?;
        let graph = store.graph(&file)?;
        Ok(Reply::Data(file, graph))
    }
}

impl Serve for GetFilesConfig {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<FilesConfig>, Error> {
        let mut config = FilesConfig::default();
        let max_mb = call.app.config.max_body >> 20;
        config.max_file_size_mb = Some(i32::try_from(max_mb).unwrap_or(i32::MAX));
        Ok(Reply::data(config))
    }
}

impl Serve for FileToken {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<FileTokenData>, Error> {
        let store = call.app.store();
        let file = visible_file(&store, &call.request.file_id, &call.caller.client)?;
        let token = random_token()?;
        store.insert_file_token(&token, &file.id)?;
        Ok(Reply::data(FileTokenData::new(Secret::new(token))))
    }
}

/// `files/get/:fileId`: by a file token for this file, or by the client's session.
impl Serve for DownloadFile {
    type Caller = FileReader;

    fn serve(call: Call<'_, Self>) -> Result<Reply<()>, Error> {
        let id = &call.request.file_id;
        let store = call.app.store();
        match &call.caller {
            FileReader::Token(allowed) if allowed.as_ref() == Some(id) => {}
            FileReader::Token(_) => return Err(unauthorized("the file token is not this file's")),
            FileReader::Client(caller) => {
                visible_file(&store, id, &caller.client)?;
            }
        }
        downloaded(&store, id)
    }
}

/// `files/image/:fileId`: the original image whatever the size asked for (the server
/// does not resize).
impl Serve for DownloadImage {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<()>, Error> {
        let store = call.app.store();
        visible_file(&store, &call.request.file_id, &call.caller.client)?;
        downloaded(&store, &call.request.file_id)
    }
}

fn downloaded(store: &Store, id: &FileId) -> Result<Reply<()>, Error> {
    let (file, data) = store
        .file_data(id)?
        .ok_or_else(|| not_found("no such file"))?;
    Ok(Reply::Http(uploaded(&file, data)))
}

/// The image types a browser is shown inline: formats that cannot carry script. (Not SVG.)
const INLINE_IMAGES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// An uploaded file's bytes, served so that a browser never runs them: an image of
/// [`INLINE_IMAGES`] inline as its type, anything else (whatever type its uploader
/// claimed) as an `application/octet-stream` attachment; never sniffed, and sandboxed by
/// its Content-Security-Policy should a browser render it anyway.
fn uploaded(file: &File, data: Vec<u8>) -> HttpResponse {
    let claimed = file
        .content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let inline = INLINE_IMAGES.iter().find(|image| **image == claimed);
    let mut response = HttpResponse::new(Body::from(data));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(inline.copied().unwrap_or("application/octet-stream")),
    );
    let disposition = if inline.is_some() {
        "inline".to_owned()
    } else {
        // RFC 6266's `filename*`: the name percent-encoded as UTF-8 (RFC 8187's attr-chars
        // left as they are), no quoting to get wrong.
        const ATTR_CHAR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'!')
            .remove(b'#')
            .remove(b'$')
            .remove(b'&')
            .remove(b'+')
            .remove(b'-')
            .remove(b'.')
            .remove(b'^')
            .remove(b'_')
            .remove(b'`')
            .remove(b'|')
            .remove(b'~');
        let name = percent_encoding::utf8_percent_encode(&file.name, ATTR_CHAR);
        format!("attachment; filename*=UTF-8''{name}")
    };
    if let Ok(value) = HeaderValue::try_from(disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; sandbox"),
    );
    response
}
