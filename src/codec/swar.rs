//! Eight bytes at a time: the word tricks the JSON scans share (the limits scan, the
//! reader and the writer). Words are read little-endian, so a word's first byte is its
//! lowest.

pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `from`, if there are eight.
#[inline]
pub(super) fn word_at(bytes: &[u8], from: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(from..from.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The high bit of each zero byte of `word` (the classic bit trick). A byte above a zero
/// byte may be marked too, but the lowest mark is always the first zero byte: exact for
/// finding it, which is all it is used for.
#[inline]
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGHS
}

/// The marks of the bytes of `word` that are `byte` (exact for the first one).
#[inline]
pub(super) fn bytes_equal(word: u64, byte: u8) -> u64 {
    zero_bytes(word ^ (ONES * u64::from(byte)))
}

/// The marks of the bytes of `word` below 0x20, the control characters (exact for the
/// first one).
#[inline]
fn bytes_below_space(word: u64) -> u64 {
    word.wrapping_sub(ONES * 0x20) & !word & HIGHS
}

/// The index in its word of the first byte marked in `marks` (not zero).
#[inline]
pub(super) fn first_marked(marks: u64) -> usize {
    (marks.trailing_zeros() / 8) as usize
}

/// Whether a JSON string cannot hold `byte` as it is: a quote, a backslash or a control
/// character.
#[inline]
pub(super) fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// The offset of the first byte at or after `at` that a JSON string cannot hold as it is
/// ([`needs_escape`]), or the length: where a string being read ends or has an escape,
/// and where one being written needs one.
#[inline]
pub(super) fn next_escape(bytes: &[u8], mut at: usize) -> usize {
    while let Some(word) = word_at(bytes, at) {
        let marks = bytes_equal(word, b'"') | bytes_equal(word, b'\\') | bytes_below_space(word);
        if marks != 0 {
            return at + first_marked(marks);
        }
        at += 8;
    }
    while let Some(byte) = bytes.get(at) {
        if needs_escape(*byte) {
            return at;
        }
        at += 1;
    }
    bytes.len()
}

/// The number the eight ASCII digits of `word` write, first digit first; `None` unless
/// all eight are digits. (The multiply-and-shift reduction of Lemire's fast_float.)
#[cfg(not(target_arch = "wasm32"))]
#[inline]
pub(super) fn eight_digits(word: u64) -> Option<u64> {
    // Each byte is 0x30 to 0x39: its high nibble is 3, and adding 6 keeps it 3.
    let high = ONES * 0xF0;
    let digits = word & high == ONES * 0x30 && word.wrapping_add(ONES * 0x06) & high == ONES * 0x30;
    if !digits {
        return None;
    }
    let value = word - ONES * u64::from(b'0');
    // Pairs of digits, then fours, then all eight.
    let value = value.wrapping_mul(10).wrapping_add(value >> 8);
    let mask = 0x0000_00FF_0000_00FF;
    let value = (value & mask)
        .wrapping_mul(100 + (1_000_000 << 32))
        .wrapping_add(((value >> 16) & mask).wrapping_mul(1 + (10_000 << 32)))
        >> 32;
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::{needs_escape, next_escape};

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn eight_digits_are_read_at_once_and_anything_else_is_not() {
        use super::eight_digits;

        for number in [0, 7, 12_345_678, 99_999_999, 10_000_000, 31_415_926] {
            let text = format!("{number:08}");
            let word = u64::from_le_bytes(text.as_bytes().try_into().unwrap());
            assert_eq!(eight_digits(word), Some(number), "{text}");
        }
        for text in [
            "1234567/", "1234567:", "-1234567", "1234 678", "123.5678", "1e345678",
        ] {
            let word = u64::from_le_bytes(text.as_bytes().try_into().unwrap());
            assert_eq!(eight_digits(word), None, "{text}");
        }
        // Every byte that is not a digit, in every position.
        for byte in (0..=255u8).filter(|byte| !byte.is_ascii_digit()) {
            for at in 0..8 {
                let mut text = *b"12345678";
                text[at] = byte;
                assert_eq!(eight_digits(u64::from_le_bytes(text)), None);
            }
        }
    }

    #[test]
    fn the_next_byte_to_escape_is_found_in_any_position() {
        for special in (0..0x20).chain([b'"', b'\\']) {
            for at in 0..27 {
                // Every position: in a whole word and in the last, partial one; after
                // bytes that borrow in the word tricks (0x00 after 0x01, 0x80 and up).
                let mut bytes = "ab\u{1}é😀 0123456789 ~\u{7f}xyz!".as_bytes().to_vec();
                bytes.retain(|byte| !needs_escape(*byte));
                bytes.resize(27, b'.');
                bytes[at] = special;
                assert_eq!(next_escape(&bytes, 0), at, "{special:#x} at {at}");
                assert_eq!(next_escape(&bytes, at + 1), bytes.len());
            }
        }
        let plain: Vec<u8> = (0..=255u8).filter(|byte| !needs_escape(*byte)).collect();
        assert_eq!(next_escape(&plain, 0), plain.len());
    }
}
