use super::Language;
use iqchannels_proto_macros::wire;

/// The data of `widget/localization/:channel/languages`: `{Languages: [...]}`
/// (`public-api.md` §3.6, §4.10).
#[wire]
pub struct Languages {
    /// `Languages`.
    pub languages: Vec<Language>,
}

impl Languages {
    /// These languages.
    pub fn new(languages: Vec<Language>) -> Self {
        Self {
            languages,
            ..Self::default()
        }
    }
}
