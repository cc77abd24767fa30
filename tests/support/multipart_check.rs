//! The check of the `multipart` fuzz target, also run by `tests/multipart.rs`: any bytes as
//! an upload's body (the first byte picks the `Content-Type`) are read without a panic,
//! within the limits, with every part's content a slice of the body; and an upload read
//! from them, written again, reads back the same.

use iqchannels_proto::files::{self, Boundary, UploadLimits};

/// The `Content-Type` values the first byte picks from: the boundaries of the tests, the
/// SDKs' (quoted or not) and this crate's.
const CONTENT_TYPES: [&str; 4] = [
    "multipart/form-data; boundary=b",
    "multipart/form-data; boundary=\"-----------iqchannels-boundary-x\"",
    "Multipart/Form-Data;boundary=XX; charset=utf-8",
    "multipart/form-data; boundary=iqchannels-proto-00",
];

pub fn multipart(bytes: &[u8]) {
    let Some((&selector, body)) = bytes.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];
    let mut limits = UploadLimits::default();
    limits.max_parts = 4;
    limits.max_header_bytes = 512;
    if let Ok(parts) = files::read_parts(content_type, body, &limits) {
        assert!(parts.len() <= limits.max_parts, "more parts than the limit");
        let whole = body.as_ptr_range();
        for part in &parts {
            let range = part.bytes.as_ptr_range();
            assert!(
                part.bytes.is_empty() || (whole.start <= range.start && range.end <= whole.end),
                "a part's content is not a slice of the body"
            );
        }
    }
    let Ok(upload) = files::read_upload(content_type, body, &limits) else {
        return;
    };
    let Ok(written) = upload.encode(&Boundary::from_random([selector; 16])) else {
        return;
    };
    let mut roomy = limits;
    roomy.max_header_bytes = files::MAX_HEADER_LINE;
    let read = files::read_upload(&written.content_type, &written.body, &roomy)
        .expect("a written upload reads back");
    assert_eq!(read, upload, "the upload changed when written again");
}
