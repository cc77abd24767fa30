use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::ChannelKind;

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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct GreetingSettings {
    /// `Greeting`: the signup form's text.
    pub greeting: Option<String>,
    /// `GreetingBold`: the signup form's text in bold.
    pub greeting_bold: Option<String>,
    /// `PersonalDataRequestType`: what the form asks for.
    #[serde(deserialize_with = "zero_if_null")]
    pub personal_data_request_type: PersonalDataRequestType,
    /// `ChannelType`: `info` switches the Android SDK to chat type `info`.
    pub channel_type: Option<ChannelKind>,
}

objects_only!(GreetingSettings);
references!(GreetingSettings {});
