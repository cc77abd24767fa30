use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::Language;

/// The data of `widget/localization/:channel/languages`: `{Languages: [...]}`
/// (`public-api.md` §3.6, §4.10).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct Languages {
    /// `Languages`.
    #[serde(deserialize_with = "zero_if_null")]
    pub languages: Vec<Language>,
}

impl Languages {
    /// These languages.
    pub fn new(languages: Vec<Language>) -> Self {
        Self { languages }
    }
}

objects_only!(Languages);
references!(Languages {});
