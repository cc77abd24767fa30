use serde::{Deserialize, Serialize};

use crate::primitives::wire::{absent, zero_if_null};

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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct Language {
    /// `Code`: such as `ru`; sent back by `clients/set_language`.
    #[serde(deserialize_with = "zero_if_null")]
    pub code: String,
    /// `Name`: the language's name, to show.
    #[serde(deserialize_with = "zero_if_null")]
    pub name: String,
    /// `Default`: the channel's default language.
    #[serde(deserialize_with = "zero_if_null")]
    pub default: bool,
    /// `IconURL`: the icon's link, as the Android SDK reads it. Written only when present.
    #[serde(rename = "IconURL", skip_serializing_if = "absent")]
    pub icon_url: Option<String>,
    /// `icon_url`: the icon's link, as the iOS SDK reads it. Written only when present.
    #[serde(rename = "icon_url", skip_serializing_if = "absent")]
    pub icon_url_snake: Option<String>,
}

impl Language {
    /// The icon's link, from `IconURL` or else `icon_url`.
    pub fn icon(&self) -> Option<&str> {
        self.icon_url.as_deref().or(self.icon_url_snake.as_deref())
    }
}

objects_only!(Language);
references!(Language {});
