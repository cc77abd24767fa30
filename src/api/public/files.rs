//! Files: `/public/api/v1/files/...` (`public-api.md` §3.4, §7). A client uploads a file
//! ([`Upload`], multipart), then sends a `file` message with its id
//! ([`SendMessage`](super::chats::SendMessage)); downloads and previews are plain `GET`s
//! whose answer is the file's bytes, authorised by the `client-session` cookie or by a
//! file token in the query ([`FileToken`]).
//!
//! ```
//! use iqchannels_proto::api::public::files::{Download, Image};
//! use iqchannels_proto::{FileId, FileImageSize, Method, Secret};
//!
//! let id = FileId::new("5722e415-dbc7-11e6-859b-975704fae91d.jpg");
//! let signed = Download::new(id.clone()).with_token(Secret::new("f1le-t0ken"));
//! assert_eq!(
//!     signed.target(),
//!     "/public/api/v1/files/get/5722e415-dbc7-11e6-859b-975704fae91d.jpg?token=f1le-t0ken"
//! );
//! let preview = Image::new(id, Some(FileImageSize::Preview));
//! assert!(preview.target().ends_with(".jpg?size=preview"));
//! ```

use std::fmt;

use crate::model::{File, FileImageSize, FileType, FilesConfig};
use crate::primitives::wire::zero_if_null;
use crate::primitives::{FileId, Secret};

public_no_body! {
    /// `POST /public/api/v1/files/upload` (§3.4 row 25, §7.1): uploads a file. The body
    /// is not JSON but `multipart/form-data` with two parts, `Type` and `File`: build it
    /// with [`multipart`](Self::multipart) (the JSON codec sends none). The data is the
    /// stored [`File`], with its `Rels`.
    ///
    /// ```
    /// use iqchannels_proto::api::public::files::Upload;
    /// use iqchannels_proto::FileType;
    ///
    /// let upload = Upload::new(FileType::Image, "photo.jpg", Some("image/jpeg".to_owned()), b"\xff\xd8".to_vec());
    /// let form = upload.multipart("iqchannels-boundary-42")?;
    /// assert_eq!(form.content_type, "multipart/form-data; boundary=iqchannels-boundary-42");
    /// assert!(form.body.starts_with(b"--iqchannels-boundary-42\r\nContent-Disposition: form-data; name=\"Type\"\r\n\r\nimage\r\n"));
    /// assert!(form.body.ends_with(b"\xff\xd8\r\n--iqchannels-boundary-42--\r\n"));
    /// # Ok::<(), iqchannels_proto::api::public::files::MultipartError>(())
    /// ```
    pub struct Upload {
        /// The `Type` part: `image`, `file` or `audio` (the SDKs choose it from the MIME
        /// type or the file's name, §7.1).
        pub kind: FileType,
        /// The `File` part's file name.
        pub file_name: String,
        /// The `File` part's `Content-Type`, if known.
        pub content_type: Option<String>,
        /// The file's content.
        pub content: Vec<u8>,
    }
}

/// A `multipart/form-data` body and the `Content-Type` header that names its boundary:
/// what [`Upload::multipart`] builds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Multipart {
    /// The value of the request's `Content-Type` header.
    pub content_type: String,
    /// The body.
    pub body: Vec<u8>,
}

/// Why [`Upload::multipart`] cannot build a body with a boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum MultipartError {
    /// The boundary is empty, longer than 70 characters, or has a character RFC 2046
    /// does not allow in one (letters, digits and `'()+_,-./:=?`).
    #[error("a multipart boundary is 1 to 70 letters, digits or '()+_,-./:=?")]
    InvalidBoundary,
    /// The file's content contains the boundary: choose another (a random one).
    #[error("the file's content contains the boundary")]
    BoundaryInContent,
}

public_body! {
    /// `POST /public/api/v1/files/token` (§3.4 row 26, §7.3): a short-lived token for
    /// one file, `{FileId}`, to put in a download link ([`Download::with_token`]). The
    /// data is [`FileTokenData`].
    pub struct FileToken {
        /// `FileId`: the file.
        pub file_id: FileId,
    }
}

public_data! {
    /// The data of [`FileToken`] (§7.3): `{Token}`.
    pub struct FileTokenData {
        /// `Token`: the file token; never shown by `Debug`.
        #[serde(deserialize_with = "zero_if_null")]
        pub token: Secret,
    }
}

references!(FileTokenData {});

public_no_body! {
    /// `GET /public/api/v1/files/get/:fileId` (§3.4 row 27, §7.3, §7.4): the file's
    /// bytes (no envelope), authorised by the `client-session` cookie or by a file token
    /// in `?token` (W's and K's signed links; not percent-encoded by them).
    pub struct Download {
        /// `:fileId`: the file; in the path.
        pub file_id: FileId,
        /// `?token`: a file token from [`FileToken`]; never shown by `Debug`.
        pub token: Option<Secret>,
    }
}

public_no_body! {
    /// `GET /public/api/v1/files/image/:fileId` (§3.4 row 28, §7.4): an image's bytes at
    /// a size: `?size=avatar`, `thumbnail` or `preview`; an empty `size=` (K) is the
    /// original image, as is leaving it out.
    pub struct Image {
        /// `:fileId`: the image; in the path.
        pub file_id: FileId,
        /// `?size`: the size.
        pub size: Option<FileImageSize>,
    }
}

public_no_body! {
    /// `GET /public/api/v1/files/config` (§3.4 row 29, §7.2): the upload limits
    /// (`FilesConfig`, §4.11), which every SDK checks before uploading. S calls it with
    /// no credential.
    pub struct Config {}
}

public_no_body! {
    /// `GET /public/api/v1/files/get_file/:fileId` (§3.4 row 30, §7.5): a file's record
    /// (a [`File`], in `Result`), fetched again after a `file_updated` event for its new
    /// `State`.
    pub struct GetFile {
        /// `:fileId`: the file; in the path.
        pub file_id: FileId,
    }
}

impl Upload {
    /// The upload of `content`, named `file_name`, as a `kind` file.
    pub fn new(
        kind: FileType,
        file_name: impl Into<String>,
        content_type: Option<String>,
        content: Vec<u8>,
    ) -> Self {
        Self {
            kind,
            file_name: file_name.into(),
            content_type,
            content,
        }
    }

    /// The `multipart/form-data` body (RFC 7578) of the upload, its parts separated by
    /// `boundary`: `Type`, then `File` with its file name and, if known, its
    /// `Content-Type`. In the file name, `"`, CR and LF are percent-encoded, as browsers
    /// do.
    ///
    /// # Errors
    ///
    /// When `boundary` is not a valid boundary, or the content contains it.
    pub fn multipart(&self, boundary: &str) -> Result<Multipart, MultipartError> {
        const ALLOWED: &[u8] = b"'()+_,-./:=?";
        let valid = (1..=70).contains(&boundary.len())
            && boundary
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || ALLOWED.contains(&byte));
        if !valid {
            return Err(MultipartError::InvalidBoundary);
        }
        let delimiter = format!("--{boundary}");
        if self
            .content
            .windows(delimiter.len())
            .any(|window| window == delimiter.as_bytes())
        {
            return Err(MultipartError::BoundaryInContent);
        }
        let file_name = self
            .file_name
            .replace('"', "%22")
            .replace('\r', "%0D")
            .replace('\n', "%0A");
        let mut body = Vec::with_capacity(self.content.len() + 256);
        body.extend_from_slice(delimiter.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"Type\"\r\n\r\n");
        body.extend_from_slice(self.kind.as_str().as_bytes());
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(delimiter.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"File\"; filename=\"");
        body.extend_from_slice(file_name.as_bytes());
        body.extend_from_slice(b"\"\r\n");
        if let Some(content_type) = &self.content_type {
            let content_type: String = content_type
                .chars()
                .filter(|c| !c.is_ascii_control())
                .collect();
            body.extend_from_slice(b"Content-Type: ");
            body.extend_from_slice(content_type.as_bytes());
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(&self.content);
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(delimiter.as_bytes());
        body.extend_from_slice(b"--\r\n");
        Ok(Multipart {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            body,
        })
    }
}

impl fmt::Display for Multipart {
    /// The content type and the body's size, not the body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} bytes)", self.content_type, self.body.len())
    }
}

impl FileToken {
    /// The request for file `file_id`'s token.
    pub fn new(file_id: FileId) -> Self {
        Self { file_id }
    }
}

impl FileTokenData {
    /// The data carrying `token`.
    pub fn new(token: Secret) -> Self {
        Self { token }
    }
}

impl Download {
    /// The download of file `file_id`, authorised by the client's cookie.
    pub fn new(file_id: FileId) -> Self {
        Self {
            file_id,
            token: None,
        }
    }

    /// Authorised by a file token instead ([`FileToken`]): a link that works without the
    /// client's cookie.
    #[must_use]
    pub fn with_token(mut self, token: Secret) -> Self {
        self.token = Some(token);
        self
    }
}

impl Image {
    /// Image `file_id` at `size` (`None`: the original).
    pub fn new(file_id: FileId, size: Option<FileImageSize>) -> Self {
        Self { file_id, size }
    }
}

impl Config {
    /// The request.
    pub fn new() -> Self {
        Self {}
    }
}

impl GetFile {
    /// The request for file `file_id`'s record.
    pub fn new(file_id: FileId) -> Self {
        Self { file_id }
    }
}

method!(
    Config => Get "/public/api/v1/files/config",
    body: Empty, auth: None, spelling: ResultRels,
    data: FilesConfig
);
method!(
    Download => Get "/public/api/v1/files/get/:fileId" (file_id) ? { token = "token" },
    body: Empty, auth: FileToken, spelling: ResultRels, response: Bytes,
    data: () as "null"
);
method!(
    GetFile => Get "/public/api/v1/files/get_file/:fileId" (file_id),
    body: Empty, auth: Client, spelling: ResultRels,
    data: File
);
method!(
    Image => Get "/public/api/v1/files/image/:fileId" (file_id) ? { size = "size" },
    body: Empty, auth: Client, spelling: ResultRels, response: Bytes,
    data: () as "null"
);
method!(
    FileToken => Post "/public/api/v1/files/token",
    body: Object, auth: Client, spelling: ResultRels,
    data: FileTokenData
);
method!(
    Upload => Post "/public/api/v1/files/upload",
    body: Empty, auth: Client, spelling: ResultRels,
    data: File
);
