//! Uploads (public API §7.1): the body the crate writes is read back by the crate's reader
//! and by an independent one, Node's (undici's) `Response.formData()`, to the same parts;
//! the crate reads what browsers (Node's `FormData`, a browser-like writer) and the SDKs'
//! hand-written bodies hold; limits and malformed bodies give typed errors.
//!
//! The Node comparison needs `node` (18 or later) on the PATH, or `NODE` naming it; the
//! project's CI has it for the wasm tests.

#[path = "support/multipart_check.rs"]
mod check;

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine;
use iqchannels_proto::files::{
    self, Boundary, InvalidBoundary, Part, Upload, UploadEncodeError, UploadError, UploadLimits,
};
use iqchannels_proto::{FileId, FileImageSize, FileType};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn read(body: &files::MultipartBody) -> Upload<'_> {
    files::read_upload(&body.content_type, &body.body, &UploadLimits::default()).unwrap()
}

fn limits(max_body_bytes: usize, max_parts: usize, max_header_bytes: usize) -> UploadLimits {
    let mut limits = UploadLimits::default();
    limits.max_body_bytes = max_body_bytes;
    limits.max_parts = max_parts;
    limits.max_header_bytes = max_header_bytes;
    limits
}

/// A part as both readers report it: name, file name, content type, content.
type Seen = (String, Option<String>, Option<String>, Vec<u8>);

/// The crate's parts as Node reports them: Node gives a file part without a
/// `Content-Type` RFC 7578's default type, `text/plain`, where the crate says there was
/// none.
fn seen(parts: &[Part<'_>]) -> Vec<Seen> {
    parts
        .iter()
        .map(|part| {
            let content_type = match (&part.file_name, &part.content_type) {
                (Some(_), None) => Some("text/plain".to_owned()),
                _ => part.content_type.clone(),
            };
            (
                part.name.clone(),
                part.file_name.clone(),
                content_type,
                part.bytes.to_vec(),
            )
        })
        .collect()
}

/// Reads each body (with its content type) with Node's `Response.formData()`: one JSON
/// line in, one out, for all of them in one process.
const NODE_READER: &str = r#"
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
(async () => {
  const out = [];
  for (const line of lines) {
    const { contentType, body } = JSON.parse(line);
    try {
      const form = await new Response(Buffer.from(body, "base64"), { headers: { "content-type": contentType } }).formData();
      const parts = [];
      for (const [name, value] of form) {
        if (typeof value === "string") {
          parts.push([name, null, null, Buffer.from(value, "utf8").toString("base64")]);
        } else {
          const bytes = Buffer.from(await value.arrayBuffer()).toString("base64");
          parts.push([name, value.name, value.type === "" ? null : value.type, bytes]);
        }
      }
      out.push(JSON.stringify({ parts }));
    } catch (error) {
      out.push(JSON.stringify({ error: String(error) }));
    }
  }
  process.stdout.write(out.join("\n") + "\n");
})();
"#;

fn node() -> String {
    std::env::var("NODE").unwrap_or_else(|_| "node".to_owned())
}

/// Node's reading of each body: its parts, or why it refused it.
fn node_reads(bodies: &[files::MultipartBody]) -> Vec<Result<Vec<Seen>, String>> {
    let mut child = Command::new(node())
        .args(["-e", NODE_READER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| {
            panic!("this test needs Node 18 or later (`node`, or NODE naming it): {error}")
        });
    let mut input = String::new();
    let engine = base64::engine::general_purpose::STANDARD;
    for body in bodies {
        input.push_str(
            &serde_json::json!({"contentType": body.content_type, "body": engine.encode(&body.body)})
                .to_string(),
        );
        input.push('\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success(), "node failed");
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(error) = value.get("error") {
                return Err(error.to_string());
            }
            Ok(value["parts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|part| {
                    let text = |index: usize| part[index].as_str().map(str::to_owned);
                    (
                        text(0).unwrap(),
                        text(1),
                        text(2),
                        engine.decode(part[3].as_str().unwrap()).unwrap(),
                    )
                })
                .collect())
        })
        .collect()
}

/// Names that go through as they are, and the characters browsers escape.
const NAMES: &[&str] = &[
    "photo.jpg",
    "",
    "blob",
    "cat \"Tom\".png",
    "two\r\nlines\r.txt",
    "back\\slash\\",
    "semi;colon=equals,comma.txt",
    "Отчёт за май 😀.pdf",
    "tab\there",
    "100%.txt",
    "%2.txt",
];

#[test]
fn every_name_reads_back_as_it_was() {
    for (index, name) in NAMES.iter().enumerate() {
        let bytes = vec![index as u8; index * 7];
        for content_type in [None, Some("image/png"), Some("application/octet-stream")] {
            let upload = Upload::new(
                Upload::kind_for(content_type.unwrap_or("")),
                *name,
                content_type,
                &bytes,
            );
            let body = upload
                .encode(&Boundary::from_random([index as u8; 16]))
                .unwrap();
            assert_eq!(read(&body), upload, "{name:?}");
        }
    }
}

#[test]
fn the_body_is_what_browsers_write() {
    let upload = Upload::new(
        FileType::Image,
        "a\"b\r\nc\\d.txt",
        Some("text/plain"),
        b"hi",
    );
    let body = upload.encode(&Boundary::new("XX").unwrap()).unwrap();
    assert_eq!(body.content_type, "multipart/form-data; boundary=XX");
    assert_eq!(
        String::from_utf8(body.body).unwrap(),
        "--XX\r\nContent-Disposition: form-data; name=\"Type\"\r\n\r\nimage\r\n\
         --XX\r\nContent-Disposition: form-data; name=\"File\"; filename=\"a%22b%0D%0Ac\\d.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nhi\r\n--XX--\r\n"
    );
}

#[test]
fn node_reads_what_the_crate_writes() {
    let mut bodies = Vec::new();
    let mut expected = Vec::new();
    for (index, name) in NAMES.iter().enumerate() {
        let bytes: Vec<u8> = (0..=255u8).cycle().skip(index).take(300 + index).collect();
        let content_type = ["image/png", "audio/mpeg", "application/pdf"][index % 3];
        let upload = Upload::new(
            Upload::kind_for(content_type),
            *name,
            Some(content_type),
            &bytes,
        );
        let body = upload
            .encode(&Boundary::from_random([index as u8 + 1; 16]))
            .unwrap();
        expected.push(seen(
            &files::read_parts(&body.content_type, &body.body, &UploadLimits::default()).unwrap(),
        ));
        bodies.push(body);
    }
    for ((node, ours), name) in node_reads(&bodies).into_iter().zip(expected).zip(NAMES) {
        assert_eq!(node.unwrap(), ours, "{name:?}");
    }
}

#[test]
fn generated_uploads_read_back_alike_in_the_crate_and_in_node() {
    // Names of any characters (those holding an escape are refused, below), any bytes.
    let upload = (
        "\\PC{0,24}|[\"\\\\\r\n%; =a-z]{0,12}",
        proptest::collection::vec(any::<u8>(), 0..600),
        proptest::option::of("[a-z]{1,8}/[a-z0-9.+-]{1,12}"),
        any::<[u8; 16]>(),
    );
    let mut runner = TestRunner::new(Config {
        cases: 200,
        ..Config::default()
    });
    let mut cases = Vec::new();
    for _ in 0..200 {
        let tree = upload.new_tree(&mut runner).unwrap();
        cases.push(proptest::strategy::ValueTree::current(&tree));
    }
    let mut bodies = Vec::new();
    let mut expected = Vec::new();
    for (name, bytes, content_type, random) in &cases {
        let upload = Upload::new(
            Upload::kind_for(content_type.as_deref().unwrap_or("")),
            name.clone(),
            content_type.as_deref(),
            bytes,
        );
        match upload.encode(&Boundary::from_random(*random)) {
            Ok(body) => {
                let parts =
                    files::read_parts(&body.content_type, &body.body, &UploadLimits::default())
                        .unwrap();
                assert_eq!(read(&body), upload);
                expected.push(seen(&parts));
                bodies.push(body);
            }
            Err(UploadEncodeError::AmbiguousFileName) => {
                let upper = name.to_ascii_uppercase();
                assert!(upper.contains("%22") || upper.contains("%0D") || upper.contains("%0A"));
            }
            Err(error) => panic!("{name:?}: {error}"),
        }
    }
    assert!(bodies.len() > 150, "too few uploads could be written");
    for (node, ours) in node_reads(&bodies).into_iter().zip(expected) {
        assert_eq!(node.unwrap(), ours);
    }
}

proptest! {
    #[test]
    fn any_upload_reads_back(
        name in "\\PC{0,40}",
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
        content_type in proptest::option::of("[ -~]{0,40}"),
        random in any::<[u8; 16]>(),
    ) {
        let upload = Upload::new(FileType::File, name, content_type.as_deref(), &bytes);
        if let Ok(body) = upload.encode(&Boundary::from_random(random)) {
            // An empty content type is read as none, the iOS SDK's way of sending none.
            let mut expected = upload.clone();
            expected.content_type = expected.content_type.filter(|value| !value.trim().is_empty());
            expected.content_type = expected.content_type.map(|value| value.trim_matches([' ', '\t']).to_owned());
            prop_assert_eq!(read(&body), expected);
        }
    }

    #[test]
    fn any_bytes_are_read_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check::multipart(&bytes);
    }

    #[test]
    fn bytes_around_a_valid_upload_are_read_without_a_panic(
        cut in 0usize..400, byte in any::<u8>(), at in 0usize..400,
    ) {
        let upload = Upload::new(FileType::Image, "a.png", Some("image/png"), b"\r\n--b\r\n-");
        let mut body = vec![0u8];
        body.extend(upload.encode(&Boundary::new("b").unwrap()).map(|body| body.body).unwrap_or_default());
        let at = 1 + at % body.len().max(1);
        if at < body.len() {
            body[at] = byte;
        }
        body.truncate(1 + cut % body.len());
        check::multipart(&body);
    }
}

#[test]
fn the_boundary_may_not_occur_in_the_content() {
    let boundary = Boundary::new("b").unwrap();
    for content in [&b"--b"[..], b"x\r\n--b", b"x\r\n--b--", b"\r\n--b\r\n"] {
        let upload = Upload::new(FileType::File, "a", None, content);
        assert_eq!(
            upload.encode(&boundary),
            Err(UploadEncodeError::BoundaryInContent)
        );
    }
    let upload = Upload::new(FileType::File, "a", None, b"x\n--b, -b, \r\n-b");
    assert!(upload.encode(&boundary).is_ok());
}

#[test]
fn names_holding_an_escape_and_bad_content_types_are_refused() {
    for name in ["a%22b", "%0d", "x%0A"] {
        let upload = Upload::new(FileType::File, name, None, b"");
        assert_eq!(
            upload.encode(&Boundary::new("b").unwrap()),
            Err(UploadEncodeError::AmbiguousFileName)
        );
    }
    for content_type in ["text/plain\r\nX: y", "tëxt/plain"] {
        let upload = Upload::new(FileType::File, "a", Some(content_type), b"");
        assert_eq!(
            upload.encode(&Boundary::new("b").unwrap()),
            Err(UploadEncodeError::ContentType)
        );
    }
    assert_eq!(Boundary::new(""), Err(InvalidBoundary));
    assert_eq!(Boundary::new("ends in space "), Err(InvalidBoundary));
    assert_eq!(Boundary::new("semi;colon"), Err(InvalidBoundary));
    assert_eq!(Boundary::new(&"x".repeat(71)), Err(InvalidBoundary));
    assert!(Boundary::new(&"x".repeat(70)).is_ok());
}

/// Bodies as the clients write them: Node's `FormData` (as a browser writes a form), the
/// Android and iOS SDKs' hand-written ones (§7.1).
#[test]
fn the_clients_bodies_are_read() {
    let script = r#"
      const form = new FormData();
      form.append("Type", "image");
      form.append("File", new Blob([Buffer.from([0, 13, 10, 45, 45, 255])], { type: "image/jpeg" }), 'снимок "1"\r\n.jpg');
      const request = new Request("http://localhost/", { method: "POST", body: form });
      request.arrayBuffer().then((body) => process.stdout.write(JSON.stringify({
        contentType: request.headers.get("content-type"), body: Buffer.from(body).toString("base64") })));
    "#;
    let output = Command::new(node())
        .args(["-e", script])
        .output()
        .expect("node");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let body = base64::engine::general_purpose::STANDARD
        .decode(value["body"].as_str().unwrap())
        .unwrap();
    let upload = files::read_upload(
        value["contentType"].as_str().unwrap(),
        &body,
        &UploadLimits::default(),
    )
    .unwrap();
    assert_eq!(
        upload,
        Upload::new(
            FileType::Image,
            "снимок \"1\"\r\n.jpg",
            Some("image/jpeg"),
            &[0, 13, 10, 45, 45, 255]
        )
    );

    // The iOS SDK: its own boundary, unescaped name, an empty Content-Type.
    let ios = "-------------iqchannels-boundary-6F9619FF-8B86-D011-B42D-00CF4FC964FF\r\n\
        Content-Disposition: form-data; name=\"Type\"\r\n\r\nfile\r\n\
        -------------iqchannels-boundary-6F9619FF-8B86-D011-B42D-00CF4FC964FF\r\n\
        Content-Disposition: form-data; name=\"File\"; filename=\"IMG_0001.HEIC\"\r\n\
        Content-Type: \r\n\r\n\x01\x02\r\n\
        -------------iqchannels-boundary-6F9619FF-8B86-D011-B42D-00CF4FC964FF--\r\n";
    let upload = files::read_upload(
        "multipart/form-data; boundary=-----------iqchannels-boundary-6F9619FF-8B86-D011-B42D-00CF4FC964FF",
        ios.as_bytes(),
        &UploadLimits::default(),
    )
    .unwrap();
    assert_eq!(
        upload,
        Upload::new(FileType::File, "IMG_0001.HEIC", None, b"\x01\x02")
    );

    // The Android SDK, older: parameters in any case and order, an unknown part, an
    // unquoted name, and a duplicate File part (the first counts, as in Go).
    let android = "--B\r\ncontent-disposition: form-data; name=Other\r\n\r\nx\r\n\
        --B\r\nContent-Disposition: form-data; FILENAME=\"a.pdf\"; NAME=\"File\"\r\n\
        Content-Type: application/pdf\r\n\r\n%PDF\r\n\
        --B\r\nContent-Disposition: form-data; name=\"File\"; filename=\"b.pdf\"\r\n\r\nsecond\r\n\
        --B\r\nContent-Disposition: form-data;name = \"Type\" \r\n\r\nfile\r\n--B--";
    let upload = files::read_upload(
        "multipart/form-data; boundary=\"B\"",
        android.as_bytes(),
        &UploadLimits::default(),
    )
    .unwrap();
    assert_eq!(
        upload,
        Upload::new(FileType::File, "a.pdf", Some("application/pdf"), b"%PDF")
    );
}

#[test]
fn what_is_wrong_is_said() {
    let upload = Upload::new(FileType::File, "a.txt", Some("text/plain"), &[7; 100]);
    let body = upload.encode(&Boundary::new("b").unwrap()).unwrap();
    let ok = UploadLimits::default();
    let read = |content_type: &str, body: &[u8], limits: &UploadLimits| {
        files::read_upload(content_type, body, limits).unwrap_err()
    };
    assert_eq!(
        read("application/json", &body.body, &ok),
        UploadError::NotFormData
    );
    assert_eq!(
        read("multipart/form-data", &body.body, &ok),
        UploadError::Boundary
    );
    assert_eq!(
        read("multipart/form-data; boundary=\"a b \"", &body.body, &ok),
        UploadError::Boundary
    );
    assert_eq!(
        read(&body.content_type, &body.body, &limits(100, 16, 1024)),
        UploadError::TooLarge { limit: 100 }
    );
    assert_eq!(
        read(&body.content_type, &body.body, &limits(1 << 20, 1, 1024)),
        UploadError::TooManyParts { limit: 1 }
    );
    assert_eq!(
        read(&body.content_type, &body.body, &limits(1 << 20, 16, 60)),
        UploadError::HeadersTooLarge { part: 1, limit: 60 }
    );
    let cut = &body.body[..body.body.len() - 8];
    assert!(matches!(
        read(&body.content_type, cut, &ok),
        UploadError::Malformed { reason, .. } if reason.contains("closing delimiter")
    ));
    let bare_lf = b"--b\r\nContent-Disposition: form-data; name=\"Type\"\n\r\nfile\r\n--b--";
    assert!(matches!(
        read(&body.content_type, bare_lf, &ok),
        UploadError::Malformed { offset: 5, .. }
    ));
    let attachment = b"--b\r\nContent-Disposition: attachment; name=\"Type\"\r\n\r\nfile\r\n--b--";
    assert_eq!(
        read(&body.content_type, attachment, &ok),
        UploadError::Disposition { part: 0 }
    );
    let unclosed = b"--b\r\nContent-Disposition: form-data; name=\"Type\r\n\r\nfile\r\n--b--";
    assert_eq!(
        read(&body.content_type, unclosed, &ok),
        UploadError::Disposition { part: 0 }
    );
    let no_name = b"--b\r\nContent-Type: text/plain\r\n\r\nfile\r\n--b--";
    assert_eq!(
        read(&body.content_type, no_name, &ok),
        UploadError::Disposition { part: 0 }
    );
    let latin1 = b"--b\r\nContent-Disposition: form-data; name=\"File\"; filename=\"\xe9.txt\"\r\n\r\nx\r\n--b--";
    assert_eq!(
        read(&body.content_type, latin1, &ok),
        UploadError::NotUtf8 {
            part: 0,
            what: "filename"
        }
    );
    let only_type = b"--b\r\nContent-Disposition: form-data; name=\"Type\"\r\n\r\nfile\r\n--b--";
    assert_eq!(
        read(&body.content_type, only_type, &ok),
        UploadError::Missing { name: "File" }
    );
    let not_a_file = b"--b\r\nContent-Disposition: form-data; name=\"File\"\r\n\r\nx\r\n--b--";
    assert_eq!(
        read(&body.content_type, not_a_file, &ok),
        UploadError::Missing { name: "Type" }
    );
    let bad_type = b"--b\r\nContent-Disposition: form-data; name=\"Type\"\r\n\r\n\xff\r\n--b--";
    assert_eq!(
        read(&body.content_type, bad_type, &ok),
        UploadError::NotUtf8 {
            part: 0,
            what: "value"
        }
    );
    // Errors say what, never the content.
    assert_eq!(
        UploadError::HeadersTooLarge { part: 1, limit: 60 }.to_string(),
        "the headers of part 1 are larger than 60 bytes or more than 16 lines"
    );
}

#[test]
fn file_and_image_paths() {
    let id = FileId::new("5722e415-dbc7-11e6-859b-975704fae91d.jpg");
    assert_eq!(
        files::file_path(&id, Some("a b&c=d")),
        "/public/api/v1/files/get/5722e415-dbc7-11e6-859b-975704fae91d.jpg?token=a%20b%26c%3Dd"
    );
    assert_eq!(
        files::image_path(&FileId::new("x/y.png"), &FileImageSize::Avatar),
        "/public/api/v1/files/image/x%2Fy.png?size=avatar"
    );
    let sizes = [
        (FileImageSize::Original, ""),
        (FileImageSize::Avatar, "avatar"),
        (FileImageSize::Thumbnail, "thumbnail"),
        (FileImageSize::Preview, "preview"),
        (FileImageSize::from("huge & wide"), "huge%20%26%20wide"),
    ];
    for (size, text) in sizes {
        assert!(files::image_path(&id, &size).ends_with(&format!("?size={text}")));
    }
    assert_eq!(files::UPLOAD_PATH, "/public/api/v1/files/upload");
}

#[test]
fn uploads_show_the_size_of_their_bytes_not_the_bytes() {
    let upload = Upload::new(FileType::File, "a.txt", None, b"secret content");
    let shown = format!("{upload:?}");
    assert!(
        shown.contains("[14 bytes]") && !shown.contains("secret"),
        "{shown}"
    );
}
