//! A request's target (its path and query) against a method's path template:
//! percent-encoding on the way out, matching and percent-decoding on the way in.

use percent_encoding::percent_decode_str;

use super::Metadata;

/// A request's target read against one method's template: the path's parameters and the
/// query's, percent-decoded.
///
/// ```
/// use iqchannels_proto::api::chats::GetChat;
/// use iqchannels_proto::methods::Target;
/// use iqchannels_proto::Method;
///
/// let target = Target::read(&GetChat::METADATA, "/api/v1/chats/get/10?x=1").unwrap();
/// assert_eq!(target.params, ["10"]);
/// assert_eq!(target.query, [("x".to_owned(), "1".to_owned())]);
/// assert!(Target::read(&GetChat::METADATA, "/api/v1/chats/open/10").is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Target {
    /// The values of the path's parameters, in the template's order.
    pub params: Vec<String>,
    /// The query's parameters, in order ([`parse_query`]).
    pub query: Vec<(String, String)>,
}

impl Target {
    /// Reads `target` (a path, then optionally `?` and a query) against the template of
    /// `metadata`: `None` when the path is not one of the template's. Each segment is
    /// percent-decoded before it is compared or read; a parameter's segment may not be
    /// empty, and no segment may decode to anything but UTF-8.
    pub fn read(metadata: &Metadata, target: &str) -> Option<Self> {
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (target, None),
        };
        let mut params = Vec::new();
        let mut template = metadata.path.split('/');
        for segment in path.split('/') {
            let expected = template.next()?;
            let decoded = percent_decode_str(segment).decode_utf8().ok()?;
            match expected.strip_prefix(':') {
                Some(_) if decoded.is_empty() => return None,
                Some(_) => params.push(decoded.into_owned()),
                None if decoded == expected => {}
                None => return None,
            }
        }
        if template.next().is_some() {
            return None;
        }
        Some(Self {
            params,
            query: query.map(parse_query).unwrap_or_default(),
        })
    }
}

/// The parameters of a query (what follows the `?`), in order, as Go's
/// `url.ParseQuery` reads them (`+` is a space, `%XX` a byte; a pair without `=` has an
/// empty value; a pair that does not decode is left out), with one addition: a further
/// `?` separates pairs as `&` does, so the Android SDK's
/// `ChatType=regular?LastEventId=123` is the two parameters it means.
///
/// ```
/// use iqchannels_proto::methods::parse_query;
///
/// let pairs = parse_query("ChatType=regular?LastEventId=123&q=a+b%21");
/// assert_eq!(pairs[1], ("LastEventId".to_owned(), "123".to_owned()));
/// assert_eq!(pairs[2], ("q".to_owned(), "a b!".to_owned()));
/// ```
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split(['&', '?'])
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((unescape(name)?, unescape(value)?))
        })
        .collect()
}

/// `url.QueryUnescape`: `+` is a space; a `%` not followed by two hex digits, or text
/// that is not UTF-8 once decoded, is refused.
fn unescape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let malformed = bytes.iter().enumerate().any(|(index, byte)| {
        *byte == b'%'
            && !bytes
                .get(index + 1..index + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    let text = text.replace('+', " ");
    percent_decode_str(&text)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}
