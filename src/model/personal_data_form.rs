use super::PersonalDataField;
use iqchannels_proto_macros::wire;

/// A personal-data form: `InfoRequest.Form`, the data of `widget/personal_data_form/:channel`,
/// and the `Form` a signup sends back in `PersonalData` (`public-api.md` §4.11, §2.2).
///
/// Every field is written.
#[wire]
pub struct PersonalDataForm {
    /// `Fields`, in order.
    pub fields: Vec<PersonalDataField>,
}

impl PersonalDataForm {
    /// A form of these fields.
    pub fn new(fields: Vec<PersonalDataField>) -> Self {
        Self {
            fields,
            ..Self::default()
        }
    }
}
