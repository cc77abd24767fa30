use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;

/// `RatingPollQuestion.Scale`: the range of a `scale` question and the labels of its values
/// (`public-api.md` §4.8).
///
/// Every field is written; the iOS SDK requires `FromValue` and `ToValue` (§4.13).
///
/// ```
/// use iqchannels_proto::PollQuestionScale;
///
/// let scale: PollQuestionScale =
///     serde_json::from_str(r#"{"FromValue": 0, "ToValue": 10, "Items": {"0": "Плохо", "10": "Отлично"}}"#)?;
/// assert_eq!(scale.label(10), Some("Отлично"));
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
pub struct PollQuestionScale {
    /// `FromValue`: the lowest value.
    #[serde(deserialize_with = "zero_if_null")]
    pub from_value: i32,
    /// `ToValue`: the highest value.
    #[serde(deserialize_with = "zero_if_null")]
    pub to_value: i32,
    /// `Items`: labels by value, the value written as a JSON object's key (`"10"`); kept
    /// as the keys came.
    pub items: Option<BTreeMap<String, String>>,
}

impl PollQuestionScale {
    /// The label of `value`, if [`items`](Self::items) has one.
    pub fn label(&self, value: i32) -> Option<&str> {
        self.items
            .as_ref()?
            .get(&value.to_string())
            .map(String::as_str)
    }
}

objects_only!(PollQuestionScale);
references!(PollQuestionScale {});
