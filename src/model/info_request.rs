use super::PersonalDataForm;
use crate::primitives::string_enum;
use crate::primitives::{ClientId, InfoRequestId};
use iqchannels_proto_macros::wire;

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
#[wire(new)]
pub struct InfoRequest {
    /// `Id`.
    pub id: InfoRequestId,
    /// `ClientId`: the client asked.
    pub client_id: ClientId,
    /// `State`.
    pub state: InfoRequestState,
    /// `ClientConsent`: the client consents to the processing of the data; must be `true`
    /// to submit.
    pub client_consent: bool,
    /// `ProcessingDataLink`: the link to the personal-data policy.
    pub processing_data_link: String,
    /// `Form`: the fields asked for, and the client's values.
    pub form: PersonalDataForm,
}
