use super::ChannelKind;
use crate::primitives::string_enum;
use iqchannels_proto_macros::wire;

string_enum! {
    /// What a signup asks of the client: `GreetingSettings.PersonalDataRequestType`
    /// (`public-api.md` §4.11, §5).
    pub enum PersonalDataRequestType {
        /// `"default"`: ask for a name.
        Default = "default",
        /// `"none"`: ask for nothing.
        None = "none",
        /// `"full_form"`: fetch the personal-data form (`widget/personal_data_form/:channel`)
        /// and show it.
        FullForm = "full_form",
    }
}

/// The texts and mode of the signup form: the data of `widget/greetings/:channel`
/// (`public-api.md` §4.11).
///
/// Every field is written, `null` for an absent nullable one.
#[wire]
pub struct GreetingSettings {
    /// `Greeting`: the signup form's text.
    pub greeting: Option<String>,
    /// `GreetingBold`: the signup form's text in bold.
    pub greeting_bold: Option<String>,
    /// `PersonalDataRequestType`: what the form asks for.
    pub personal_data_request_type: PersonalDataRequestType,
    /// `ChannelType`: `info` switches the Android SDK to chat type `info`.
    pub channel_type: Option<ChannelKind>,
}
