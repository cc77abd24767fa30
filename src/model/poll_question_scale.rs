use iqchannels_proto_macros::wire;
use std::collections::BTreeMap;

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
#[wire]
pub struct PollQuestionScale {
    /// `FromValue`: the lowest value.
    pub from_value: i32,
    /// `ToValue`: the highest value.
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
