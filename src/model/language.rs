use iqchannels_proto_macros::wire;

/// A language the channel's widget is localised in: an element of `Data.Languages` of
/// `widget/localization/:channel/languages` (`public-api.md` §4.10).
///
/// The icon's key is disputed (§8, question 10): the Android SDK reads `IconURL`, the iOS
/// SDK `icon_url`. Each is its own field, written only when present, so a response is
/// written back with the spelling (or both) it came with; [`icon`](Self::icon) reads
/// either.
///
/// ```
/// use iqchannels_proto::Language;
///
/// let language: Language =
///     serde_json::from_str(r#"{"Code": "ru", "Name": "Русский", "Default": true, "icon_url": "/ru.png"}"#)?;
/// assert_eq!((language.code.as_str(), language.icon()), ("ru", Some("/ru.png")));
/// assert!(!serde_json::to_string(&language)?.contains("IconURL"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[wire]
pub struct Language {
    /// `Code`: such as `ru`; sent back by `clients/set_language`.
    pub code: String,
    /// `Name`: the language's name, to show.
    pub name: String,
    /// `Default`: the channel's default language.
    pub default: bool,
    /// `IconURL`: the icon's link, as the Android SDK reads it. Written only when present.
    #[wire(rename = "IconURL", when_present)]
    pub icon_url: Option<String>,
    /// `icon_url`: the icon's link, as the iOS SDK reads it. Written only when present.
    #[wire(rename = "icon_url", when_present)]
    pub icon_url_snake: Option<String>,
}

impl Language {
    /// The icon's link, from `IconURL` or else `icon_url`.
    pub fn icon(&self) -> Option<&str> {
        self.icon_url.as_deref().or(self.icon_url_snake.as_deref())
    }
}
