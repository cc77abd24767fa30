use super::ClientDetailsField;
use iqchannels_proto_macros::wire;

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
#[wire]
pub struct ClientDetails {
    /// `Cellphone`: the form's `Телефон`.
    pub cellphone: String,
    /// `Email`.
    pub email: String,
    /// `BirthDay`: the form's `Дата Рождения`.
    pub birth_day: String,
    /// `FirstName`: the form's `Имя`.
    pub first_name: String,
    /// `LastName`: the form's `Фамилия`.
    pub last_name: String,
    /// `MiddleName`: the form's `Отчество`.
    pub middle_name: String,
    /// `INN`: the tax id, the form's `ИНН`.
    #[wire(rename = "INN")]
    pub inn: String,
    /// `Fields`: any other profile values, matched to a form's fields by name or label.
    pub fields: Vec<ClientDetailsField>,
}
