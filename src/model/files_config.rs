use iqchannels_proto_macros::wire;

/// What uploads the server accepts, checked by the clients before uploading: the result of
/// `files/config` (`public-api.md` §4.11, §7.2).
///
/// Every field is written, `null` for an absent nullable one, except `title_label`, which
/// only the Android SDK declares: it is written only when present.
///
/// ```
/// use iqchannels_proto::FilesConfig;
///
/// let config: FilesConfig =
///     serde_json::from_str(r#"{"MaxFileSizeMb": 10, "ForbiddenExtensions": ["exe"]}"#)?;
/// assert_eq!(config.max_file_size_mb, Some(10));
/// assert_eq!(config.forbidden_extensions, Some(vec!["exe".to_owned()]));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[wire]
pub struct FilesConfig {
    /// `MaxFileSizeMb`: the largest upload, in megabytes.
    pub max_file_size_mb: Option<i32>,
    /// `MaxImageWidth`: in pixels.
    pub max_image_width: Option<i32>,
    /// `MaxImageHeight`: in pixels.
    pub max_image_height: Option<i32>,
    /// `AllowedExtensions`: extensions without the dot.
    pub allowed_extensions: Option<Vec<String>>,
    /// `ForbiddenExtensions`: extensions without the dot.
    pub forbidden_extensions: Option<Vec<String>>,
    /// `title_label` (declared by the Android SDK). Written only when present.
    #[wire(rename = "title_label", when_present)]
    pub title_label: Option<String>,
}
