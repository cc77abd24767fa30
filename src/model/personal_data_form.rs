use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::PersonalDataField;

/// A personal-data form: `InfoRequest.Form`, the data of `widget/personal_data_form/:channel`,
/// and the `Form` a signup sends back in `PersonalData` (`public-api.md` §4.11, §2.2).
///
/// Every field is written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct PersonalDataForm {
    /// `Fields`, in order.
    #[serde(deserialize_with = "zero_if_null")]
    pub fields: Vec<PersonalDataField>,
}

impl PersonalDataForm {
    /// A form of these fields.
    pub fn new(fields: Vec<PersonalDataField>) -> Self {
        Self { fields }
    }
}

objects_only!(PersonalDataForm);
references!(PersonalDataForm {});
