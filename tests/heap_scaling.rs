//! Peak heap per message decoded, from 50 to 10,000 messages: it must stay flat (the
//! decoder's memory is linear in the messages). One test in its own binary, so nothing
//! else allocates meanwhile. Heap counts are deterministic, unlike times.
//!
//! `cargo test --test heap_scaling -- --nocapture` prints the table.

#[path = "../benches/support/payloads.rs"]
#[allow(dead_code)]
mod payloads;

use iqchannels_proto::codec;
use payloads::Page;
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

#[test]
fn peak_heap_grows_linearly_with_the_messages() {
    println!(
        "| messages | users | body bytes | peak heap | heap bytes per message | heap / body |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut per_message = Vec::new();
    for messages in [50, 500, 5_000, 10_000] {
        let users = messages / 5;
        let payload = payloads::page("scaling", messages, users);
        let before = HEAP.current_usage();
        HEAP.reset_peak_usage();
        let decoded = codec::decode_response::<Page>(&payload.body).unwrap();
        let peak = HEAP.peak_usage().saturating_sub(before);
        assert_eq!(decoded.value.data.map(|data| data.len()), Some(messages));
        let each = peak as f64 / messages as f64;
        println!(
            "| {messages} | {users} | {} | {peak} | {each:.0} | {:.2} |",
            payload.body.len(),
            peak as f64 / payload.body.len() as f64
        );
        per_message.push(each);
    }
    // Linear: from 500 messages on (at 50 the envelope's fixed cost still shows), the cost
    // per message varies only by the slack of vectors that double as they grow, which
    // is less than 2x (500 fill 512 slots, 5,000 fill 8,192 of the last doubling).
    let (least, most) = per_message[1..]
        .iter()
        .fold((f64::MAX, 0.0f64), |(least, most), each| {
            (least.min(*each), most.max(*each))
        });
    assert!(
        most < least * 2.0,
        "heap per message from {least:.0} to {most:.0} bytes"
    );
}
