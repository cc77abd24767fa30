//! Any bytes, as a response and as a strict request of every method: never a panic;
//! whatever decodes is valid JSON, encodes to bytes that decode and encode to the same
//! bytes, and resolves against its own graph.
#![no_main]

use iqchannels_proto::methods::{self, MethodVisitor};
use iqchannels_proto::{codec, Method};
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;

struct Check<'a>(&'a [u8]);

impl MethodVisitor for Check<'_> {
    type Output = ();

    fn visit<M: Method>(&mut self) {
        if let Ok(decoded) = codec::decode_response::<M>(self.0) {
            assert!(valid_json(self.0));
            let encoded = codec::encode_response(&decoded.value).expect("the crate's types encode");
            let again = codec::decode_response::<M>(&encoded).expect("what the crate encodes decodes");
            assert!(again.warnings.is_empty());
            // Resolution never fails on what decodes.
            let graph = decoded.value.graph.clone().unwrap_or_default();
            let index = graph.index();
            let _ = index.dangling(&decoded.value);
            if let Some(data) = &decoded.value.data {
                let _ = index.resolve_all(data);
            }
            assert_eq!(codec::encode_response(&again.value).unwrap(), encoded);
        }
        if let Ok(request) = codec::decode_request::<M>(self.0) {
            assert!(valid_json(self.0));
            let encoded = codec::encode_request(&request).expect("the crate's types encode");
            let again = codec::decode_request::<M>(&encoded.body).expect("what the crate encodes decodes");
            assert_eq!(codec::encode_request(&again).unwrap(), encoded);
        }
    }
}

/// Whether the body is one valid JSON value (RFC 8259 syntax; numbers of any size, as
/// Go's scanner also takes them).
fn valid_json(body: &[u8]) -> bool {
    std::str::from_utf8(body).is_ok_and(|text| serde_json::from_str::<IgnoredAny>(text).is_ok())
}

fuzz_target!(|body: &[u8]| {
    methods::visit_all(&mut Check(body));
});
