use iqchannels_proto_macros::wire;

/// The server's version: the data of `chats/version` (`public-api.md` §3.6, §4.11); the
/// widget compares it to decide which calls the server has (`4.2.0`: the blocker, `4.2.1`:
/// the bad-words check).
///
/// ```
/// use iqchannels_proto::ServerVersion;
///
/// let version: ServerVersion = serde_json::from_str(r#"{"Version": "4.2.1"}"#)?;
/// assert_eq!(version.version, "4.2.1");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[wire]
pub struct ServerVersion {
    /// `Version`: such as `4.2.1`, kept verbatim.
    pub version: String,
}

impl ServerVersion {
    /// This version.
    pub fn new(version: impl Into<String>) -> Self {
        Self {
            version: version.into(),
            ..Self::default()
        }
    }
}
