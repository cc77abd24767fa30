use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::ClientDetailsField;

/// `Client.Details`: the client's profile, which the widget uses to prefill the fields of a
/// personal-data request (`public-api.md` §4.4, §4.11).
///
/// ```
/// use iqchannels_proto::ClientDetails;
///
/// let details: ClientDetails = serde_json::from_str(r#"{"Email": "a@b.ru", "INN": "7700"}"#)?;
/// assert_eq!((details.email.as_str(), details.inn.as_str()), ("a@b.ru", "7700"));
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
pub struct ClientDetails {
    /// `Cellphone`: the form's `Телефон`.
    #[serde(deserialize_with = "zero_if_null")]
    pub cellphone: String,
    /// `Email`.
    #[serde(deserialize_with = "zero_if_null")]
    pub email: String,
    /// `BirthDay`: the form's `Дата Рождения`.
    #[serde(deserialize_with = "zero_if_null")]
    pub birth_day: String,
    /// `FirstName`: the form's `Имя`.
    #[serde(deserialize_with = "zero_if_null")]
    pub first_name: String,
    /// `LastName`: the form's `Фамилия`.
    #[serde(deserialize_with = "zero_if_null")]
    pub last_name: String,
    /// `MiddleName`: the form's `Отчество`.
    #[serde(deserialize_with = "zero_if_null")]
    pub middle_name: String,
    /// `INN`: the tax id, the form's `ИНН`.
    #[serde(rename = "INN", deserialize_with = "zero_if_null")]
    pub inn: String,
    /// `Fields`: any other profile values, matched to a form's fields by name or label.
    #[serde(deserialize_with = "zero_if_null")]
    pub fields: Vec<ClientDetailsField>,
}

objects_only!(ClientDetails);
references!(ClientDetails {});
