use iqchannels_proto_macros::wire;

/// How the widget asks for a rating at the end of an appeal: the data of
/// `widget/get_end_appeals_settings/:channel` (`public-api.md` §3.6, §4.11).
///
/// Every field is written, `null` for an absent nullable one.
#[wire]
pub struct EndAppealSettings {
    /// `QuestionText`: the rating prompt.
    pub question_text: Option<String>,
    /// `HasComment`: offer a comment box.
    pub has_comment: bool,
}
