//! Uploads streamed from a file: the multipart body's head, the file's bytes as they are
//! read, and its tail ([`StreamedForm`]), never the whole file in memory.

use std::path::Path;

use bytes::Bytes;
use iqchannels_proto::api::public::files::UploadFile;
use iqchannels_proto::files::{Boundary, StreamedForm};
use iqchannels_proto::methods::Method;
use iqchannels_proto::{File, FileType};
use tokio::io::AsyncReadExt;

use crate::{Answer, Client, Error};

/// How much of the file is read at a time.
const CHUNK: usize = 64 << 10;

impl Client {
    /// Uploads the file at `path` (`files/upload`) as a `kind` file of media type
    /// `content_type` (`None`: no `Content-Type` for the part), named as the path's last
    /// component: its bytes are sent as they are read, 64 KiB at a time. The boundary is
    /// 16 random bytes, not checked against the file's content (see [`StreamedForm`]).
    /// An upload is not retried.
    ///
    /// ```no_run
    /// use iqchannels_client::Client;
    /// use iqchannels_proto::FileType;
    /// # async fn run(client: Client) -> Result<(), iqchannels_client::Error> {
    /// let uploaded = client.upload_file("photo.jpg", FileType::Image, Some("image/jpeg")).await?;
    /// println!("file {}", uploaded.data.id);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] when the file cannot be read or its name cannot travel (it holds
    /// `%22`, `%0D` or `%0A`), or no random source; else as [`call`](Client::call).
    pub async fn upload_file(
        &self,
        path: impl AsRef<Path>,
        kind: FileType,
        content_type: Option<&str>,
    ) -> Result<Answer<File>, Error> {
        let path = path.as_ref();
        let unreadable =
            |error: std::io::Error| Error::Encode(format!("{}: {error}", path.display()));
        let file = tokio::fs::File::open(path).await.map_err(unreadable)?;
        let size = file.metadata().await.map_err(unreadable)?.len();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut random = [0u8; 16];
        getrandom::fill(&mut random)
            .map_err(|error| Error::Encode(format!("no random source: {error}")))?;
        let form = StreamedForm::new(&kind, &name, content_type, &Boundary::from_random(random))
            .map_err(|error| Error::Encode(error.to_string()))?;
        let length = form.head.len() as u64 + size + form.tail.len() as u64;
        let (head, tail) = (Bytes::from(form.head), Bytes::from(form.tail));
        // The head, the file chunk by chunk, the tail.
        let chunks = futures_util::stream::unfold(
            (Some(head), Some(file), Some(tail)),
            |(mut head, mut file, mut tail)| async move {
                if let Some(head) = head.take() {
                    return Some((Ok(head), (None, file, tail)));
                }
                if let Some(mut reader) = file.take() {
                    let mut buffer = vec![0; CHUNK];
                    match reader.read(&mut buffer).await {
                        Ok(0) => {}
                        Ok(read) => {
                            buffer.truncate(read);
                            return Some((Ok(Bytes::from(buffer)), (None, Some(reader), tail)));
                        }
                        Err(error) => return Some((Err(error), (None, None, None))),
                    }
                }
                tail.take()
                    .map(|tail| (Ok::<_, std::io::Error>(tail), (None, None, None)))
            },
        );
        let url = format!("{}{}", self.shared.base, UploadFile::METADATA.path);
        let mut request = reqwest::Request::new(
            reqwest::Method::POST,
            url.parse().map_err(|_| Error::Encode(url.clone()))?,
        );
        let headers = request.headers_mut();
        let value = reqwest::header::HeaderValue::try_from(form.content_type)
            .map_err(|_| Error::Encode("the upload's content type".to_owned()))?;
        headers.insert(reqwest::header::CONTENT_TYPE, value);
        headers.insert(reqwest::header::CONTENT_LENGTH, length.into());
        self.put_credentials(headers)?;
        *request.body_mut() = Some(reqwest::Body::wrap_stream(chunks));
        *request.timeout_mut() = Some(self.timeout);
        let response = self
            .shared
            .http
            .execute(request)
            .await
            .map_err(Error::transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(Error::transport)?;
        if status != reqwest::StatusCode::OK {
            return Err(Error::Status(status.as_u16(), crate::error::excerpt(&body)));
        }
        crate::answer_of::<UploadFile>(&body)
    }
}
