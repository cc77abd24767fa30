//! Files: `/public/api/v1/files/...` (`public-api.md` §3.4, §7). A client uploads a file
//! ([`UploadFile`], multipart), then sends a `file` message with its id
//! ([`ChannelSend`](super::chats::ChannelSend)); downloads and previews are plain `GET`s
//! whose answer is the file's bytes, authorised by the `client-session` cookie or by a
//! file token in the query ([`FileToken`]).
//!
//! ```
//! use iqchannels_proto::api::public::files::{DownloadFile, DownloadImage};
//! use iqchannels_proto::{FileId, FileImageSize, Method, Secret};
//!
//! let id = FileId::new("5722e415-dbc7-11e6-859b-975704fae91d.jpg");
//! let signed = DownloadFile::new(id.clone()).with_token(Secret::new("f1le-t0ken"));
//! assert_eq!(
//!     signed.target(),
//!     "/public/api/v1/files/get/5722e415-dbc7-11e6-859b-975704fae91d.jpg?token=f1le-t0ken"
//! );
//! let preview = DownloadImage::new(id, Some(FileImageSize::Preview));
//! assert!(preview.target().ends_with(".jpg?size=preview"));
//! ```

use iqchannels_proto_macros::wire;

use crate::files::{Boundary, MultipartBody, UploadEncodeError};
use crate::model::{File, FileImageSize, FileType, FilesConfig};
use crate::primitives::{FileId, Secret};

/// `POST /public/api/v1/files/upload` (§3.4 row 25, §7.1): uploads a file. The body is
/// not JSON but `multipart/form-data` with two parts, `Type` and `File`, which
/// [`crate::files`] writes and reads: [`codec::encode_request`](crate::codec::encode_request)
/// writes it with a boundary drawn from the upload itself, [`multipart`](Self::multipart)
/// with one of the caller's, and a server reads it with
/// [`files::read_upload`](crate::files::read_upload), then `UploadFile::from`. The data is
/// the stored [`File`], with its `Rels`.
///
/// ```
/// use iqchannels_proto::api::public::files::UploadFile;
/// use iqchannels_proto::files::{self, Boundary, UploadLimits};
/// use iqchannels_proto::FileType;
///
/// let upload = UploadFile::new(FileType::Image, "photo.jpg", Some("image/jpeg".to_owned()), b"\xff\xd8".to_vec());
/// let form = upload.multipart(&Boundary::new("iqchannels-boundary-42")?)?;
/// assert_eq!(form.content_type, "multipart/form-data; boundary=iqchannels-boundary-42");
/// // A server reads it back.
/// let read = files::read_upload(&form.content_type, &form.body, &UploadLimits::default())?;
/// assert_eq!(UploadFile::from(read), upload);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[wire(
    request,
    post = "/public/api/v1/files/upload",
    auth = Client, spelling = ResultRels, body = Multipart, multipart = UploadFile::form,
    data = File,
)]
pub struct UploadFile {
    /// The `Type` part: `image`, `file` or `audio` (the SDKs choose it from the media
    /// type or the file's name, §7.1; see
    /// [`files::Upload::kind_for`](crate::files::Upload::kind_for)).
    pub kind: FileType,
    /// The `File` part's file name.
    pub file_name: String,
    /// The `File` part's `Content-Type`, if known.
    pub content_type: Option<String>,
    /// The file's content (`Debug` shows its length only).
    #[wire(debug_len)]
    pub content: Vec<u8>,
}

/// `POST /public/api/v1/files/token` (§3.4 row 26, §7.3): a short-lived token for
/// one file, `{FileId}`, to put in a download link ([`DownloadFile::with_token`]). The
/// data is [`FileTokenData`].
#[wire(
    request, new, retry,
    post = "/public/api/v1/files/token",
    auth = Client, spelling = ResultRels, data = FileTokenData,
)]
pub struct FileToken {
    /// `FileId`: the file.
    pub file_id: FileId,
}

/// The data of [`FileToken`] (§7.3): `{Token}`.
#[wire]
pub struct FileTokenData {
    /// `Token`: the file token; never shown by `Debug`.
    pub token: Secret,
}

/// `GET /public/api/v1/files/get/:fileId` (§3.4 row 27, §7.3, §7.4): the file's
/// bytes (no envelope), authorised by the `client-session` cookie or by a file token
/// in `?token` (W's and K's signed links; not percent-encoded by them).
#[wire(
    request, new,
    get = "/public/api/v1/files/get/:fileId",
    auth = FileToken, spelling = ResultRels, body = Empty, response = Bytes, data = (),
)]
pub struct DownloadFile {
    /// `:fileId`: the file; in the path.
    #[wire(path)]
    pub file_id: FileId,
    /// `?token`: a file token from [`FileToken`]; never shown by `Debug`.
    #[wire(query = "token")]
    pub token: Option<Secret>,
}

/// `GET /public/api/v1/files/image/:fileId` (§3.4 row 28, §7.4): an image's bytes at
/// a size: `?size=avatar`, `thumbnail` or `preview`; an empty `size=` (K) is the
/// original image, as is leaving it out.
#[wire(
    request,
    get = "/public/api/v1/files/image/:fileId",
    auth = Client, spelling = ResultRels, body = Empty, response = Bytes, data = (),
)]
pub struct DownloadImage {
    /// `:fileId`: the image; in the path.
    #[wire(path)]
    pub file_id: FileId,
    /// `?size`: the size.
    #[wire(query = "size")]
    pub size: Option<FileImageSize>,
}

/// `GET /public/api/v1/files/config` (§3.4 row 29, §7.2): the upload limits
/// (`FilesConfig`, §4.11), which every SDK checks before uploading. S calls it with
/// no credential.
#[wire(
    request, new,
    get = "/public/api/v1/files/config",
    auth = None, spelling = ResultRels, body = Empty, data = FilesConfig,
)]
pub struct GetFilesConfig {}

/// `GET /public/api/v1/files/get_file/:fileId` (§3.4 row 30, §7.5): a file's record
/// (a [`File`], in `Result`), fetched again after a `file_updated` event for its new
/// `State`.
#[wire(
    request, new,
    get = "/public/api/v1/files/get_file/:fileId",
    auth = Client, spelling = ResultRels, body = Empty, data = File,
)]
pub struct GetFile {
    /// `:fileId`: the file; in the path.
    #[wire(path)]
    pub file_id: FileId,
}

impl UploadFile {
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

    /// The upload as [`crate::files`] writes it, its content borrowed.
    pub fn as_upload(&self) -> crate::files::Upload<'_> {
        crate::files::Upload::new(
            self.kind.clone(),
            self.file_name.as_str(),
            self.content_type.as_deref(),
            &self.content,
        )
    }

    /// The `multipart/form-data` body of the upload and its `Content-Type` header value,
    /// with `boundary` between the parts ([`crate::files::Upload::encode`]).
    ///
    /// # Errors
    ///
    /// As `encode`: the boundary occurs in the content, the file name holds one of the
    /// escapes `%22`, `%0D`, `%0A`, or the content type is not a header value.
    pub fn multipart(&self, boundary: &Boundary) -> Result<MultipartBody, UploadEncodeError> {
        self.as_upload().encode(boundary)
    }

    /// The body [`codec::encode_request`](crate::codec::encode_request) sends: with the
    /// boundary drawn from the upload itself ([`Boundary::for_upload`]).
    fn form(&self) -> Result<MultipartBody, UploadEncodeError> {
        let upload = self.as_upload();
        upload.encode(&Boundary::for_upload(&upload))
    }
}

/// What a server read from a multipart body ([`crate::files::read_upload`]), its content
/// copied.
impl From<crate::files::Upload<'_>> for UploadFile {
    fn from(upload: crate::files::Upload<'_>) -> Self {
        Self {
            kind: upload.kind,
            file_name: upload.file_name,
            content_type: upload.content_type,
            content: upload.bytes.to_vec(),
        }
    }
}

impl FileTokenData {
    /// The data carrying `token`.
    pub fn new(token: Secret) -> Self {
        Self {
            token,
            ..Self::default()
        }
    }
}

impl DownloadFile {
    /// Authorised by a file token instead ([`FileToken`]): a link that works without the
    /// client's cookie.
    #[must_use]
    pub fn with_token(mut self, token: Secret) -> Self {
        self.token = Some(token);
        self
    }
}

impl DownloadImage {
    /// Image `file_id` at `size` (`None`: the original).
    pub fn new(file_id: FileId, size: Option<FileImageSize>) -> Self {
        Self { file_id, size }
    }
}
