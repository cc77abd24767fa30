use iqchannels_proto_macros::wire;

/// An element of `Client.Details.Fields`: a named profile value (`public-api.md` §4.4).
#[wire]
pub struct ClientDetailsField {
    /// `Name`.
    pub name: String,
    /// `Value`.
    pub value: String,
}

impl ClientDetailsField {
    /// A field with this name and value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            ..Self::default()
        }
    }
}
