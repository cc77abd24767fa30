//! The keys a wire object does not model, kept with their raw JSON.

use std::fmt;

use crate::RawJson;

/// The keys of a JSON object that its type does not model, in the order they came, each
/// with its raw JSON (its text, byte for byte).
///
/// Every response object has one (its `unknown` field): a key that a newer server sends,
/// or that only one client reads, is kept through decode and written back after the
/// known fields, so that a server or proxy on the crate strips nothing. In JavaScript
/// (the wasm package) the keys are own properties of the object, after its known ones.
///
/// ```
/// use iqchannels_proto::User;
///
/// let user: User = serde_json::from_str(r#"{"Id": 1, "Nickname": "ann"}"#)?;
/// assert_eq!(user.unknown.get("Nickname").map(|raw| raw.get()), Some(r#""ann""#));
/// let json = serde_json::to_string(&user)?;
/// assert!(json.ends_with(r#","Nickname":"ann"}"#));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
// Boxed on purpose: one pointer in every entity, the vector only where keys are kept
// (measured: the instruction-count gate's page decode, 24 bytes more per message).
#[allow(clippy::box_collection)]
pub struct UnknownKeys(Option<Box<Vec<(String, RawJson)>>>);

impl UnknownKeys {
    /// No keys.
    pub const fn new() -> Self {
        // One pointer, null until a key is kept: an entity without unknown keys (nearly
        // every one) pays eight bytes for the field, not a vector's 24.
        Self(None)
    }

    fn keys(&self) -> &[(String, RawJson)] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    /// Whether there are none.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.keys().is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.keys().len()
    }

    /// The raw JSON of the key `name` (its last, if the object carried it twice).
    pub fn get(&self, name: &str) -> Option<&RawJson> {
        self.keys()
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, raw)| raw)
    }

    /// Each key with its raw JSON, in their order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &RawJson)> {
        self.keys().iter().map(|(key, raw)| (key.as_str(), raw))
    }

    /// Adds a key after the others. An object that carries a key twice keeps both, and
    /// both are written back, as they came. A key that names one of the type's fields is
    /// kept but never written (the field is).
    pub fn push(&mut self, name: String, raw: RawJson) {
        self.0.get_or_insert_with(Box::default).push((name, raw));
    }

    /// Sets the key `name`: replaces its value if it is kept, else adds it after the
    /// others.
    pub fn insert(&mut self, name: impl Into<String>, raw: RawJson) {
        let name = name.into();
        let keys = self.0.get_or_insert_with(Box::default);
        match keys.iter_mut().rev().find(|(key, _)| *key == name) {
            Some((_, value)) => *value = raw,
            None => keys.push((name, raw)),
        }
    }

    /// Takes out every key `name`, giving the last one's value.
    pub fn remove(&mut self, name: &str) -> Option<RawJson> {
        let mut removed = None;
        let keys = self.0.as_mut()?;
        keys.retain(|(key, raw)| {
            if key == name {
                removed = Some(raw.clone());
                false
            } else {
                true
            }
        });
        if keys.is_empty() {
            self.0 = None;
        }
        removed
    }
}

/// A map of each key to its value, where the value cannot hold a secret: `null`, a
/// boolean or a number is shown; a string, an array or an object (which could be, or hold,
/// a token under any name) is shown as its size only.
impl fmt::Debug for UnknownKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Shown<'a>(&'a RawJson);
        impl fmt::Debug for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let text = self.0.get();
                match text.as_bytes().first() {
                    Some(b'"' | b'[' | b'{') => write!(f, "<{} bytes>", text.len()),
                    _ => fmt::Debug::fmt(self.0, f),
                }
            }
        }
        let mut map = f.debug_map();
        for (key, raw) in self.keys() {
            map.entry(key, &Shown(raw));
        }
        map.finish()
    }
}

/// No keys: the fuzzers' values are the modelled ones (the transparent-proxy target reads
/// unknown keys from arbitrary JSON instead).
#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for UnknownKeys {
    fn arbitrary(_: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self::new())
    }

    fn size_hint(_: usize) -> (usize, Option<usize>) {
        (0, Some(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> RawJson {
        RawJson::from_string(json.to_owned()).unwrap()
    }

    #[test]
    fn keys_keep_their_order_and_duplicates() {
        let mut keys = UnknownKeys::new();
        keys.push("B".into(), raw("1"));
        keys.push("A".into(), raw("2"));
        keys.push("B".into(), raw("3"));
        let listed: Vec<_> = keys.iter().map(|(key, raw)| (key, raw.get())).collect();
        assert_eq!(listed, [("B", "1"), ("A", "2"), ("B", "3")]);
        assert_eq!(keys.get("B").unwrap().get(), "3");
        keys.insert("A", raw("4"));
        keys.insert("C", raw("5"));
        assert_eq!(keys.len(), 4);
        assert_eq!(keys.remove("B").unwrap().get(), "3");
        let listed: Vec<_> = keys.iter().map(|(key, raw)| (key, raw.get())).collect();
        assert_eq!(listed, [("A", "4"), ("C", "5")]);
    }

    #[test]
    fn debug_shows_no_string_which_could_be_a_credential() {
        let mut keys = UnknownKeys::new();
        keys.push("Nickname".into(), raw(r#""s3cr3t""#));
        keys.push("Session".into(), raw(r#"{"Token": "s3cr3t"}"#));
        keys.push("Count".into(), raw("7"));
        let shown = format!("{keys:?}");
        assert_eq!(
            shown,
            r#"{"Nickname": <8 bytes>, "Session": <19 bytes>, "Count": RawJson(7)}"#
        );
        assert!(!shown.contains("s3cr3t"));
    }
}
