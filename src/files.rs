//! Files of the public client API (public API §7), without I/O: the `multipart/form-data`
//! body of an upload (`POST files/upload`), written for clients and read for servers, and
//! the download and preview URLs.
//!
//! ```
//! use iqchannels_proto::files::{self, Boundary, Upload, UploadLimits};
//! use iqchannels_proto::FileType;
//!
//! // A client: the body and its Content-Type, with a boundary from its own random bytes.
//! let upload = Upload::new(FileType::Image, "cat \"Tom\".png", Some("image/png"), b"\x89PNG...");
//! let body = upload.encode(&Boundary::from_random([7; 16]))?;
//! assert_eq!(body.content_type, "multipart/form-data; boundary=iqchannels-proto-07070707070707070707070707070707");
//!
//! // A server: the upload read back from the body and its Content-Type header.
//! let read = files::read_upload(&body.content_type, &body.body, &UploadLimits::default())?;
//! assert_eq!(read, upload);
//! assert_eq!(read.file_name, "cat \"Tom\".png");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The body
//!
//! Two parts, as every SDK sends them (§7.1): a text part `Type` (`image`, `audio` or
//! `file`, see [`Upload::kind_for`]) and a file part `File` with its `filename` and, when
//! known, its `Content-Type`. The body is written as browsers write a form (the HTML
//! standard's multipart/form-data encoding, RFC 7578): CR LF line endings, parameter
//! values in quotes, and in those values `"`, CR and LF written `%22`, `%0D` and `%0A`.
//! No `filename*` (RFC 7578 §4.2 says not to), no `Content-Transfer-Encoding`.
//!
//! A CR or LF in a file name is escaped, not refused: a browser uploads such a name
//! escaped, so refusing it would make the crate fail where the web widget succeeds, and
//! the escape reads back to the same name. What is refused is a name that already holds
//! one of the escapes (`%22`, `%0D`, `%0A`, in either case): every reader of browser
//! forms (browsers', Node's, this crate's) would decode it into another name, so the
//! body could not say what the caller meant. A backslash is written as it is, as browsers
//! write it; note that Go's `mime` package reads a backslash before one of
//! `()<>@,;:\"/[]?=` as an escape and drops it, and keeps `%22` as it is.
//!
//! # The reader
//!
//! [`read_upload`] (and [`read_parts`] for any form) takes the whole body and its
//! `Content-Type` header value and reads it as browsers write it: a quoted parameter value
//! ends at the next `"`, a backslash in it is an ordinary byte, and `%22`, `%0D`, `%0A`
//! are decoded; it also takes what the hand-written bodies of the Android and iOS SDKs
//! hold (unquoted values, parameter names in any case, an empty `Content-Type`). It holds
//! the body to [`UploadLimits`] (its size, its number of parts, the size of each part's
//! headers) before it reads further, borrows the file's bytes from the body rather than
//! copying them, and reports what is wrong as an [`UploadError`]. The framing (delimiters,
//! header lines) is the `nostd-multipart` crate's parser, sans-I/O and panic-free.

use std::fmt;

use nostd_multipart::{Event, Parser};

use crate::model::{FileImageSize, FileType};
use crate::primitives::FileId;

/// Where the public client API lives on the server: every path below starts with it.
pub const PUBLIC_API_PREFIX: &str = "/public/api/v1";

/// The path of the upload: `POST /public/api/v1/files/upload`, with a
/// `multipart/form-data` body (§3.4, endpoint 25).
pub const UPLOAD_PATH: &str = "/public/api/v1/files/upload";

/// The name of the text part that says what kind of file is uploaded.
pub const TYPE_PART: &str = "Type";

/// The name of the part that carries the file.
pub const FILE_PART: &str = "File";

/// The longest header line a part may have, in bytes, whatever the limits say: the
/// parser holds one line at a time in a buffer of this size.
pub const MAX_HEADER_LINE: usize = 8 << 10;

/// The most header lines a part may have (the SDKs send one or two).
pub const MAX_PART_HEADERS: usize = 16;

/// The framing parser: one header line at most `MAX_HEADER_LINE` bytes (CR LF included),
/// at most `MAX_PART_HEADERS` lines a part.
type FormParser<'b> = Parser<'b, MAX_HEADER_LINE, MAX_PART_HEADERS>;

/// The upload of `files/upload`: the file and what kind of file it is.
///
/// The bytes are borrowed: from the caller when a client writes the body, from the body
/// when a server reads it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Upload<'a> {
    /// The `Type` part: `image`, `audio` or `file` as the SDKs send it; another value is
    /// kept as it came.
    pub kind: FileType,
    /// The `File` part's `filename`, as the client meant it (escapes decoded). Browsers
    /// send the base name only; a hand-written body may hold a path, so a server should
    /// keep only its last component (RFC 7578 §4.2). The iOS SDK sends `""` when it has
    /// no name.
    pub file_name: String,
    /// The `File` part's `Content-Type`; `None` when absent (Android, for an unknown
    /// type; RFC 7578 makes it `text/plain` then, and browsers' readers say so) or empty
    /// (iOS).
    pub content_type: Option<String>,
    /// The file's bytes.
    pub bytes: &'a [u8],
}

impl fmt::Debug for Upload<'_> {
    /// The bytes are shown by their length only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("kind", &self.kind)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("[{} bytes]", self.bytes.len()))
            .finish()
    }
}

impl<'a> Upload<'a> {
    /// An upload of `bytes` named `file_name`, of kind `kind` and media type
    /// `content_type` (`None`: the `File` part has no `Content-Type`).
    pub fn new(
        kind: FileType,
        file_name: impl Into<String>,
        content_type: Option<&str>,
        bytes: &'a [u8],
    ) -> Self {
        Self {
            kind,
            file_name: file_name.into(),
            content_type: content_type.map(str::to_owned),
            bytes,
        }
    }

    /// The kind the web widget gives a file of media type `content_type` (§7.1): `image`
    /// for `image/...`, `audio` for `audio...`, else `file`. (The Android SDK never says
    /// `audio`, and the iOS SDK says `image` only for a file named `image.jpeg`.)
    ///
    /// ```
    /// use iqchannels_proto::files::Upload;
    /// use iqchannels_proto::FileType;
    ///
    /// assert_eq!(Upload::kind_for("image/png"), FileType::Image);
    /// assert_eq!(Upload::kind_for("audio/mpeg").as_str(), "audio");
    /// assert_eq!(Upload::kind_for("application/pdf"), FileType::File);
    /// ```
    pub fn kind_for(content_type: &str) -> FileType {
        if content_type.starts_with("image/") {
            FileType::Image
        } else if content_type.starts_with("audio") {
            FileType::Audio
        } else {
            FileType::File
        }
    }

    /// The body of the upload and its `Content-Type` header value, with `boundary`
    /// between the parts.
    ///
    /// # Errors
    ///
    /// When the boundary occurs in the content (draw another), the file name holds one of
    /// the escapes `%22`, `%0D`, `%0A` (see the [module](self) documentation), or the
    /// content type is not a header value (a control character, a non-ASCII byte).
    pub fn encode(&self, boundary: &Boundary) -> Result<MultipartBody, UploadEncodeError> {
        let form = StreamedForm::new(
            &self.kind,
            &self.file_name,
            self.content_type.as_deref(),
            boundary,
        )?;
        if boundary.occurs_in(self.bytes) {
            return Err(UploadEncodeError::BoundaryInContent);
        }
        let mut body = Vec::with_capacity(form.head.len() + self.bytes.len() + form.tail.len());
        body.extend_from_slice(&form.head);
        body.extend_from_slice(self.bytes);
        body.extend_from_slice(&form.tail);
        Ok(MultipartBody {
            content_type: form.content_type,
            body,
        })
    }
}

/// The body of an upload whose bytes are sent as they are read (a file, not loaded
/// whole): the `Content-Type` header value, and the parts of the body before and after
/// the file's bytes. [`Upload::encode`] writes the same body around bytes at hand.
///
/// The file's bytes are not at hand, so they are not checked for the boundary: draw it
/// from 16 random bytes ([`Boundary::from_random`]), and the chance that a file holds it
/// is that of guessing 128 random bits.
///
/// ```
/// use iqchannels_proto::files::{Boundary, StreamedForm, Upload};
/// use iqchannels_proto::FileType;
///
/// let boundary = Boundary::from_random([7; 16]);
/// let form = StreamedForm::new(&FileType::File, "a.txt", Some("text/plain"), &boundary)?;
/// let whole = Upload::new(FileType::File, "a.txt", Some("text/plain"), b"hello").encode(&boundary)?;
/// assert_eq!([form.head, b"hello".to_vec(), form.tail].concat(), whole.body);
/// assert_eq!(form.content_type, whole.content_type);
/// # Ok::<(), iqchannels_proto::files::UploadEncodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamedForm {
    /// The `Content-Type` header value: `multipart/form-data; boundary=...`.
    pub content_type: String,
    /// The body before the file's bytes: the `Type` part and the `File` part's headers.
    pub head: Vec<u8>,
    /// The body after the file's bytes: the closing delimiter.
    pub tail: Vec<u8>,
}

impl StreamedForm {
    /// The form of a `kind` file named `file_name`, of media type `content_type`
    /// (`None`: the `File` part has no `Content-Type`), with `boundary` between the parts.
    ///
    /// # Errors
    ///
    /// When the file name holds one of the escapes `%22`, `%0D`, `%0A` (see the
    /// [module](self) documentation), the content type is not a header value (a control
    /// character, a non-ASCII byte), or the boundary occurs in the kind.
    pub fn new(
        kind: &FileType,
        file_name: &str,
        content_type: Option<&str>,
        boundary: &Boundary,
    ) -> Result<Self, UploadEncodeError> {
        if holds_escape(file_name) {
            return Err(UploadEncodeError::AmbiguousFileName);
        }
        if let Some(content_type) = content_type {
            let printable = |byte: &u8| matches!(byte, b' ' | b'\t' | 0x21..=0x7e);
            if !content_type.bytes().all(|byte| printable(&byte)) {
                return Err(UploadEncodeError::ContentType);
            }
        }
        let kind = kind.as_str().as_bytes();
        if boundary.occurs_in(kind) {
            return Err(UploadEncodeError::BoundaryInContent);
        }
        let b = boundary.as_str();
        let mut head = Vec::with_capacity(file_name.len() + 256);
        head.extend_from_slice(format!("--{b}\r\n").as_bytes());
        head.extend_from_slice(
            format!("Content-Disposition: form-data; name=\"{TYPE_PART}\"\r\n\r\n").as_bytes(),
        );
        head.extend_from_slice(kind);
        head.extend_from_slice(format!("\r\n--{b}\r\n").as_bytes());
        head.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"{FILE_PART}\"; filename=\"{}\"\r\n",
                escape(file_name)
            )
            .as_bytes(),
        );
        if let Some(content_type) = content_type {
            head.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        head.extend_from_slice(b"\r\n");
        Ok(Self {
            content_type: format!("multipart/form-data; boundary={b}"),
            head,
            tail: format!("\r\n--{b}--\r\n").into_bytes(),
        })
    }
}

/// A `multipart/form-data` body and the `Content-Type` header value that goes with it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MultipartBody {
    /// The `Content-Type` header value: `multipart/form-data; boundary=...`.
    pub content_type: String,
    /// The body.
    pub body: Vec<u8>,
}

impl fmt::Debug for MultipartBody {
    /// The body is shown by its length only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MultipartBody")
            .field("content_type", &self.content_type)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

/// Why an upload could not be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UploadEncodeError {
    /// The boundary occurs in a part's content, where it would end the part: write the
    /// body again with another boundary (from other random bytes).
    #[error("the boundary occurs in the content; draw another")]
    BoundaryInContent,
    /// The file name holds `%22`, `%0D` or `%0A` (in either case), which a reader of
    /// browser forms decodes into `"`, CR or LF: the name would not read back as it is.
    #[error("the file name holds %22, %0D or %0A, which readers decode")]
    AmbiguousFileName,
    /// The content type holds a byte a header value may not (a control character or a
    /// non-ASCII byte).
    #[error("the content type is not a valid header value")]
    ContentType,
}

/// The string that separates the parts of a body: 1 to 70 characters of RFC 2046's
/// `bchars` (letters, digits, `'()+_,-./:=?` and space), not ending in a space.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Boundary(String);

impl Boundary {
    /// The boundary `text`, if it is one.
    ///
    /// # Errors
    ///
    /// When it is empty, longer than 70 bytes, holds a character that is not a `bchar`,
    /// or ends in a space.
    pub fn new(text: &str) -> Result<Self, InvalidBoundary> {
        let bchar = |byte: u8| byte.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&byte);
        let valid =
            (1..=70).contains(&text.len()) && text.bytes().all(bchar) && !text.ends_with(' ');
        valid.then(|| Self(text.to_owned())).ok_or(InvalidBoundary)
    }

    /// A boundary made of 16 random bytes the caller draws (the crate has no random
    /// source): `iqchannels-proto-` and the bytes in hexadecimal. The chance that it
    /// occurs in a given file is negligible; [`Upload::encode`] checks anyway.
    pub fn from_random(random: [u8; 16]) -> Self {
        let mut text = String::from("iqchannels-proto-");
        for byte in random {
            text.push_str(&format!("{byte:02x}"));
        }
        Self(text)
    }

    /// A boundary drawn from the upload itself, for a client with no random source at
    /// hand ([`codec::encode_request`](crate::codec::encode_request) uses it): the first
    /// 16 bytes of the SHA-1 of its content and file name. A content cannot hold the
    /// boundary that its own digest makes but by a SHA-1 preimage; [`Upload::encode`]
    /// checks anyway.
    ///
    /// ```
    /// use iqchannels_proto::files::{Boundary, Upload};
    /// use iqchannels_proto::FileType;
    ///
    /// let upload = Upload::new(FileType::File, "a.txt", Some("text/plain"), b"hello");
    /// assert_eq!(Boundary::for_upload(&upload), Boundary::for_upload(&upload));
    /// assert!(Boundary::for_upload(&upload).as_str().starts_with("iqchannels-proto-"));
    /// ```
    pub fn for_upload(upload: &Upload<'_>) -> Self {
        use sha1::{Digest, Sha1};

        let mut digest = Sha1::new();
        digest.update(upload.bytes);
        digest.update(upload.file_name.as_bytes());
        let mut random = [0; 16];
        random.copy_from_slice(&digest.finalize()[..16]);
        Self::from_random(random)
    }

    /// The boundary's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `content`, as a part's content (after the headers' CR LF), holds a
    /// delimiter line: CR LF, `--` and the boundary.
    fn occurs_in(&self, content: &[u8]) -> bool {
        let dashed = format!("--{}", self.0);
        let dashed = dashed.as_bytes();
        content.starts_with(dashed)
            || content
                .windows(dashed.len() + 2)
                .any(|window| window.starts_with(b"\r\n") && window.ends_with(dashed))
    }
}

impl fmt::Display for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A boundary that is not 1 to 70 `bchars` ending in a non-space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a boundary is 1 to 70 of the characters A-Z a-z 0-9 '()+_,-./:=? and space, not ending in a space")]
pub struct InvalidBoundary;

/// Whether `name` holds `%22`, `%0D` or `%0A`, in either case.
fn holds_escape(name: &str) -> bool {
    name.as_bytes().windows(3).any(|window| {
        window[0] == b'%'
            && matches!(
                (window[1], window[2].to_ascii_uppercase()),
                (b'2', b'2') | (b'0', b'D') | (b'0', b'A')
            )
    })
}

/// `value` for a quoted parameter, as browsers write it: `"`, CR and LF percent-escaped.
fn escape(value: &str) -> String {
    value
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `raw` (a parameter value as it stands) as browsers mean it: `%22`, `%0D` and `%0A`, in
/// either case, decoded; any other byte as it is.
fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while let Some((&byte, tail)) = rest.split_first() {
        let decoded = match (byte, tail) {
            (b'%', [b'2', b'2', ..]) => Some(b'"'),
            (b'%', [b'0', b'd' | b'D', ..]) => Some(b'\r'),
            (b'%', [b'0', b'a' | b'A', ..]) => Some(b'\n'),
            _ => None,
        };
        match decoded {
            Some(decoded) => {
                out.push(decoded);
                rest = &tail[2..];
            }
            None => {
                out.push(byte);
                rest = tail;
            }
        }
    }
    out
}

/// What a server holds an upload's body to before it reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadLimits {
    /// The largest body, in bytes. Default: 32 MiB.
    pub max_body_bytes: usize,
    /// The most parts. Default: 16 (the SDKs send 2).
    pub max_parts: usize,
    /// The most bytes of one part's header lines, CR LF included; one line is at most
    /// [`MAX_HEADER_LINE`] bytes whatever this says, and a part has at most
    /// [`MAX_PART_HEADERS`] lines. Default: 8 KiB.
    pub max_header_bytes: usize,
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: 32 << 20,
            max_parts: 16,
            max_header_bytes: 8 << 10,
        }
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Part<'a> {
    /// The field's name (`Content-Disposition`'s `name`), escapes decoded.
    pub name: String,
    /// The `filename`, escapes decoded; `None` for a field that is not a file.
    pub file_name: Option<String>,
    /// The part's `Content-Type`; `None` when absent or empty.
    pub content_type: Option<String>,
    /// The part's content, borrowed from the body.
    pub bytes: &'a [u8],
}

impl fmt::Debug for Part<'_> {
    /// The content is shown by its length only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("[{} bytes]", self.bytes.len()))
            .finish()
    }
}

/// Why a body is not an upload. Parts are counted from 0.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// The `Content-Type` is not `multipart/form-data`.
    #[error("the content type is not multipart/form-data")]
    NotFormData,
    /// The `Content-Type` has no `boundary`, or not a valid one.
    #[error("the content type has no valid boundary")]
    Boundary,
    /// The body is larger than the limit.
    #[error("the body is larger than {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body has more parts than the limit.
    #[error("the body has more than {limit} parts")]
    TooManyParts {
        /// The limit.
        limit: usize,
    },
    /// A part's headers are larger than the limit, or more than [`MAX_PART_HEADERS`]
    /// lines.
    #[error("the headers of part {part} are larger than {limit} bytes or more than 16 lines")]
    HeadersTooLarge {
        /// The part.
        part: usize,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body is not well formed: a header line that is not one (no colon, a bare LF,
    /// a name that is not a token), or no closing delimiter before the end.
    #[error("the body is malformed at byte {offset}: {reason}")]
    Malformed {
        /// Where, in bytes from the body's start.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A part has no `Content-Disposition: form-data` with a `name`, or one that does not
    /// parse.
    #[error("part {part} has no valid Content-Disposition: form-data with a name")]
    Disposition {
        /// The part.
        part: usize,
    },
    /// A part's name, file name or content type, or the `Type` part's value, is not UTF-8.
    #[error("the {what} of part {part} is not UTF-8")]
    NotUtf8 {
        /// The part.
        part: usize,
        /// What is not: `name`, `filename`, `Content-Type` or `value`.
        what: &'static str,
    },
    /// The form has no part of this name (the `File` part must have a `filename`).
    #[error("the form has no {name} part")]
    Missing {
        /// `Type` or `File`.
        name: &'static str,
    },
}

/// Server side: the upload a `files/upload` body carries, read as
/// [`read_parts`] reads a form; `content_type` is the request's `Content-Type` header
/// value. As Go's `Request.FormValue` and `FormFile` do, the first part named `Type`
/// without a file name gives the kind and the first part named `File` with one gives the
/// file; other parts are ignored.
///
/// # Errors
///
/// As [`read_parts`]; [`UploadError::Missing`] when either part is missing;
/// [`UploadError::NotUtf8`] when the `Type` part's value is not UTF-8.
pub fn read_upload<'a>(
    content_type: impl AsRef<[u8]>,
    body: &'a [u8],
    limits: &UploadLimits,
) -> Result<Upload<'a>, UploadError> {
    let parts = read_parts(content_type, body, limits)?;
    let (index, kind) = parts
        .iter()
        .enumerate()
        .find(|(_, part)| part.name == TYPE_PART && part.file_name.is_none())
        .ok_or(UploadError::Missing { name: TYPE_PART })?;
    let kind = std::str::from_utf8(kind.bytes).map_err(|_| UploadError::NotUtf8 {
        part: index,
        what: "value",
    })?;
    let kind = FileType::from(kind);
    let file = parts
        .into_iter()
        .find(|part| part.name == FILE_PART && part.file_name.is_some())
        .ok_or(UploadError::Missing { name: FILE_PART })?;
    Ok(Upload {
        kind,
        file_name: file.file_name.unwrap_or_default(),
        content_type: file.content_type,
        bytes: file.bytes,
    })
}

/// Server side: the parts of a `multipart/form-data` body, in order; `content_type` is
/// the request's `Content-Type` header value. The body is held to `limits` as it is read.
///
/// ```
/// use iqchannels_proto::files::{self, UploadLimits};
///
/// // As the iOS SDK writes it: an unquoted boundary, an empty Content-Type.
/// let body = b"--b\r\nContent-Disposition: form-data; name=\"Type\"\r\n\r\nfile\r\n\
///     --b\r\nContent-Disposition: form-data; name=\"File\"; filename=\"a.txt\"\r\nContent-Type: \r\n\r\nhi\r\n--b--\r\n";
/// let parts = files::read_parts("multipart/form-data; boundary=b", body, &UploadLimits::default())?;
/// assert_eq!(parts[1].file_name.as_deref(), Some("a.txt"));
/// assert_eq!(parts[1].content_type, None);
/// assert_eq!(parts[1].bytes, b"hi");
/// # Ok::<(), files::UploadError>(())
/// ```
///
/// # Errors
///
/// When the content type is not `multipart/form-data` with a boundary, the body is over
/// a limit or malformed, or a part has no `Content-Disposition: form-data` with a name
/// or holds a name, file name or content type that is not UTF-8.
pub fn read_parts<'a>(
    content_type: impl AsRef<[u8]>,
    body: &'a [u8],
    limits: &UploadLimits,
) -> Result<Vec<Part<'a>>, UploadError> {
    let content_type = content_type.as_ref();
    if !is_form_data(content_type) {
        return Err(UploadError::NotFormData);
    }
    let mut parser =
        FormParser::from_content_type(content_type).map_err(|_| UploadError::Boundary)?;
    if body.len() > limits.max_body_bytes {
        return Err(UploadError::TooLarge {
            limit: limits.max_body_bytes,
        });
    }
    let mut parts = Vec::new();
    let mut part = PartReader::default();
    let mut at = 0;
    loop {
        let input = &body[at..];
        let (consumed, event) = parser
            .parse(input, true)
            .map_err(|error| framing_error(error, at, parts.len(), limits.max_header_bytes))?;
        match event {
            Some(Event::PartStart) => {
                if parts.len() >= limits.max_parts {
                    return Err(UploadError::TooManyParts {
                        limit: limits.max_parts,
                    });
                }
                part = PartReader::default();
            }
            Some(Event::Header { name, value }) => {
                part.header_bytes += consumed;
                if part.header_bytes > limits.max_header_bytes {
                    return Err(UploadError::HeadersTooLarge {
                        part: parts.len(),
                        limit: limits.max_header_bytes,
                    });
                }
                part.header(name, value, parts.len())?;
            }
            Some(Event::HeadersEnd) => {
                part.header_bytes += consumed;
                if part.header_bytes > limits.max_header_bytes {
                    return Err(UploadError::HeadersTooLarge {
                        part: parts.len(),
                        limit: limits.max_header_bytes,
                    });
                }
                part.start = at + consumed;
                part.end = part.start;
            }
            // Every `Data` is `input[..consumed]`: the content runs on to where it ends.
            Some(Event::Data(_)) => part.end = at + consumed,
            Some(Event::PartEnd) => {
                let index = parts.len();
                parts.push(part.finish(&body[part.start..part.end], index)?);
            }
            Some(Event::Finished) => return Ok(parts),
            None => {}
        }
        at += consumed;
    }
}

/// Whether a `Content-Type` value's media type is `multipart/form-data` (in any case,
/// with or without parameters).
fn is_form_data(content_type: &[u8]) -> bool {
    let end = content_type
        .iter()
        .position(|byte| *byte == b';')
        .unwrap_or(content_type.len());
    content_type[..end]
        .trim_ascii()
        .eq_ignore_ascii_case(b"multipart/form-data")
}

/// The framing parser's error, where it happened.
fn framing_error(
    error: nostd_multipart::Error,
    offset: usize,
    part: usize,
    limit: usize,
) -> UploadError {
    use nostd_multipart::Error;

    let reason = match error {
        Error::HeaderTooLong | Error::TooManyHeaders => {
            return UploadError::HeadersTooLarge { part, limit }
        }
        Error::Header => {
            "a header line is malformed (no colon, a bare LF, a name that is not a token)"
        }
        Error::UnexpectedEof => "the body ends before the closing delimiter",
        Error::Boundary => return UploadError::Boundary,
        _ => "the body is not multipart",
    };
    UploadError::Malformed { offset, reason }
}

/// What a part's headers said, and where its content is.
#[derive(Default)]
struct PartReader {
    name: Option<String>,
    file_name: Option<String>,
    content_type: Option<String>,
    disposition_seen: bool,
    header_bytes: usize,
    start: usize,
    end: usize,
}

impl PartReader {
    /// Reads a header line: the first `Content-Disposition` and `Content-Type` count.
    fn header(&mut self, name: &[u8], value: &[u8], part: usize) -> Result<(), UploadError> {
        if name.eq_ignore_ascii_case(b"content-disposition") && !self.disposition_seen {
            self.disposition_seen = true;
            let disposition = Disposition::parse(value).ok_or(UploadError::Disposition { part })?;
            let text = |raw: &[u8], what| {
                String::from_utf8(unescape(raw)).map_err(|_| UploadError::NotUtf8 { part, what })
            };
            self.name = disposition.name.map(|raw| text(raw, "name")).transpose()?;
            self.file_name = disposition
                .file_name
                .map(|raw| text(raw, "filename"))
                .transpose()?;
        } else if name.eq_ignore_ascii_case(b"content-type") && self.content_type.is_none() {
            let value = std::str::from_utf8(value).map_err(|_| UploadError::NotUtf8 {
                part,
                what: "Content-Type",
            })?;
            self.content_type = (!value.is_empty()).then(|| value.to_owned());
        }
        Ok(())
    }

    /// The part, with its content: it must have had a `Content-Disposition` with a name.
    fn finish<'a>(&mut self, bytes: &'a [u8], part: usize) -> Result<Part<'a>, UploadError> {
        let name = self.name.take().ok_or(UploadError::Disposition { part })?;
        Ok(Part {
            name,
            file_name: self.file_name.take(),
            content_type: self.content_type.take(),
            bytes,
        })
    }
}

/// A `Content-Disposition: form-data` value's `name` and `filename`, undecoded.
struct Disposition<'v> {
    name: Option<&'v [u8]>,
    file_name: Option<&'v [u8]>,
}

impl<'v> Disposition<'v> {
    /// Reads `form-data` (any case), then `;`-separated parameters: a token name (any
    /// case), `=`, and a token or a quoted value that ends at the next `"` (browsers
    /// escape `"` as `%22` rather than with a backslash). Spaces and tabs may stand
    /// around each. The first `name` and `filename` count; `filename*` is ignored (RFC
    /// 7578 §4.2). `None` when it is not such a value.
    fn parse(value: &'v [u8]) -> Option<Self> {
        let mut rest = value.trim_ascii_start();
        let kind_end = rest
            .iter()
            .position(|byte| *byte == b';')
            .unwrap_or(rest.len());
        if !rest[..kind_end]
            .trim_ascii_end()
            .eq_ignore_ascii_case(b"form-data")
        {
            return None;
        }
        rest = &rest[kind_end..];
        let mut disposition = Self {
            name: None,
            file_name: None,
        };
        while let Some(after) = rest.strip_prefix(b";") {
            let after = after.trim_ascii_start();
            if after.is_empty() {
                break;
            }
            let equals = after.iter().position(|byte| *byte == b'=')?;
            let attribute = after[..equals].trim_ascii_end();
            if attribute.is_empty() || !attribute.iter().all(|byte| is_token_byte(*byte)) {
                return None;
            }
            let after = after[equals + 1..].trim_ascii_start();
            let (raw, tail) = match after.strip_prefix(b"\"") {
                Some(quoted) => {
                    let close = quoted.iter().position(|byte| *byte == b'"')?;
                    (&quoted[..close], &quoted[close + 1..])
                }
                None => {
                    let end = after
                        .iter()
                        .position(|byte| *byte == b';')
                        .unwrap_or(after.len());
                    let token = after[..end].trim_ascii_end();
                    if token.is_empty() || !token.iter().all(|byte| is_token_byte(*byte)) {
                        return None;
                    }
                    (token, &after[end..])
                }
            };
            rest = tail.trim_ascii_start();
            if !rest.is_empty() && !rest.starts_with(b";") {
                return None;
            }
            if attribute.eq_ignore_ascii_case(b"name") {
                disposition.name.get_or_insert(raw);
            } else if attribute.eq_ignore_ascii_case(b"filename") {
                disposition.file_name.get_or_insert(raw);
            }
        }
        rest.is_empty().then_some(disposition)
    }
}

/// An RFC 7230 `tchar`.
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// The path to download a file (§7.3, §7.4): `files/get/<id>`, with the file token of
/// `files/token` when given (a link that works without the client's credentials). The
/// id and the token are percent-encoded where a URL needs it; the ids and tokens the
/// server hands out need none, so the path is the SDKs'.
///
/// ```
/// use iqchannels_proto::files;
/// use iqchannels_proto::FileId;
///
/// let id = FileId::new("5722e415-dbc7-11e6-859b-975704fae91d.jpg");
/// assert_eq!(files::file_path(&id, None), "/public/api/v1/files/get/5722e415-dbc7-11e6-859b-975704fae91d.jpg");
/// assert_eq!(files::file_path(&id, Some("t0k")), "/public/api/v1/files/get/5722e415-dbc7-11e6-859b-975704fae91d.jpg?token=t0k");
/// ```
pub fn file_path(file_id: &FileId, token: Option<&str>) -> String {
    let mut path = format!(
        "{PUBLIC_API_PREFIX}/files/get/{}",
        crate::primitives::encode_segment(file_id.as_str()).collect::<String>()
    );
    if let Some(token) = token {
        path.push_str(&format!(
            "?token={}",
            crate::primitives::encode_query(token).collect::<String>()
        ));
    }
    path
}

/// The path of an image in a given size (§7.4): `files/image/<id>?size=<size>`, the
/// parameter present even for the original (`?size=`), as the Android SDK asks for it.
/// Also a user's avatar: `image_path(&avatar_id, &FileImageSize::Avatar)`. A size the
/// crate does not know is sent as it is, percent-encoded.
///
/// ```
/// use iqchannels_proto::files;
/// use iqchannels_proto::{FileId, FileImageSize};
///
/// let id = FileId::new("5722e415-dbc7-11e6-859b-975704fae91d.jpg");
/// assert_eq!(files::image_path(&id, &FileImageSize::Preview), "/public/api/v1/files/image/5722e415-dbc7-11e6-859b-975704fae91d.jpg?size=preview");
/// assert!(files::image_path(&id, &FileImageSize::Original).ends_with(".jpg?size="));
/// ```
pub fn image_path(file_id: &FileId, size: &FileImageSize) -> String {
    format!(
        "{PUBLIC_API_PREFIX}/files/image/{}?size={}",
        crate::primitives::encode_segment(file_id.as_str()).collect::<String>(),
        crate::primitives::encode_query(size.as_str()).collect::<String>()
    )
}
