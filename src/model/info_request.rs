use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ClientId, InfoRequestId};
use crate::PersonalDataForm;

string_enum! {
    /// Where an [`InfoRequest`] stands: `InfoRequest.State` (`public-api.md` §4.11, §5).
    pub enum InfoRequestState {
        /// `"pending"`: awaiting the client (the widget shows and links only these).
        Pending = "pending",
        /// `"finished"`: answered.
        Finished = "finished",
        /// `"ignored"`: dismissed.
        Ignored = "ignored",
    }
}

/// A request for the client's personal data, shown by the message whose `InfoRequestId`
/// names it: an element of `Rels.InfoRequests`, the result of `info_requests/respond` and
/// `info_requests/ignore` (`public-api.md` §4.11; the widget only).
///
/// Every field is written, `null` for an absent nullable one.
///
/// ```
/// use iqchannels_proto::{InfoRequest, InfoRequestState};
///
/// let request: InfoRequest = serde_json::from_str(
///     r#"{"Id": 3, "State": "pending", "Form": {"Fields": [{"Name": "Email", "Required": true}]}}"#,
/// )?;
/// assert_eq!(request.state, InfoRequestState::Pending);
/// assert!(request.form.fields[0].required);
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
pub struct InfoRequest {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: InfoRequestId,
    /// `ClientId`: the client asked.
    #[serde(deserialize_with = "zero_if_null")]
    pub client_id: ClientId,
    /// `State`.
    #[serde(deserialize_with = "zero_if_null")]
    pub state: InfoRequestState,
    /// `ClientConsent`: the client consents to the processing of the data; must be `true`
    /// to submit.
    #[serde(deserialize_with = "zero_if_null")]
    pub client_consent: bool,
    /// `ProcessingDataLink`: the link to the personal-data policy.
    #[serde(deserialize_with = "zero_if_null")]
    pub processing_data_link: String,
    /// `Form`: the fields asked for, and the client's values.
    #[serde(deserialize_with = "zero_if_null")]
    pub form: PersonalDataForm,
}

impl InfoRequest {
    /// A request with this id; every other field is its zero value.
    pub fn new(id: InfoRequestId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(InfoRequest);
references!(InfoRequest {});
