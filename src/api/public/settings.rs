//! A channel's settings as its clients see them, the widget's configuration and the
//! personal-data ("info") requests (`public-api.md` §3.6, §4.10, §4.11). The SDKs read
//! the answers of rows 36–44 from `Data`, so these methods are spelled `Data`/`Graph`;
//! the info requests (rows 45–46) answer in `Result`/`Rels`.
//!
//! ```
//! use iqchannels_proto::api::public::settings::{GetChatSettings, GetServerVersion};
//! use iqchannels_proto::methods::Spelling;
//! use iqchannels_proto::{codec, ClientId, Method};
//!
//! let request = GetChatSettings::new("support", Some(ClientId::new(77)));
//! let encoded = codec::encode_request(&request)?;
//! assert_eq!(encoded.target, "/public/api/v1/chats/channel/chat/get_settings/support");
//! assert_eq!(encoded.body, br#"{"ClientId":77}"#);
//! assert_eq!(GetChatSettings::METADATA.spelling, Spelling::DataGraph);
//!
//! let answer = br#"{"OK": true, "Data": {"Version": "4.2.1"}}"#;
//! let version = codec::decode_response::<GetServerVersion>(answer)?.value.data.unwrap();
//! assert_eq!(version.version, "4.2.1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::model::{
    Blocker, ChatSettings, EndAppealSettings, FieldValidation, GreetingSettings, InfoRequest,
    Languages, PersonalDataField, PersonalDataForm, ServerVersion,
};
use crate::primitives::{ClientId, InfoRequestId};
use iqchannels_proto_macros::wire;

/// `POST /public/api/v1/chats/channel/chat/get_settings/:channel` (§3.6 row 36): the
/// channel's chat settings for this client: the greeting and whether to open a bot
/// chat (`ChatSettings`, §4.11, in `Data`). `{ClientId}` (W, K), `{clientId}` (S); W
/// leaves the id out after its cookie sign-in (§2.2).
#[wire(
    request, retry,
    post = "/public/api/v1/chats/channel/chat/get_settings/:channel",
    auth = Client, spelling = DataGraph, data = ChatSettings,
)]
pub struct GetChatSettings {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
    /// `ClientId`: the client.
    pub client_id: Option<ClientId>,
}

/// `POST /public/api/v1/chats/channel/blocker/:channel` (§3.6 row 37): what an
/// informational channel shows instead of the chat (`Blocker`, §4.11, in `Data`). W
/// sends `{}` (to a server of version 4.2.0 or later; an error whose text has `404`
/// means "no blocker"), K no body. W asks before it signs in, so no credential is
/// needed.
#[wire(
    request, new, retry,
    post = "/public/api/v1/chats/channel/blocker/:channel",
    auth = None, spelling = DataGraph, data = Blocker,
)]
pub struct GetBlocker {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
}

/// `POST /public/api/v1/chats/channel/audio_messages_enabled/:channel` (§3.6 row 38):
/// whether the client may send voice messages, a bare boolean in `Data`; `{}` (W).
#[wire(
    request, new, retry,
    post = "/public/api/v1/chats/channel/audio_messages_enabled/:channel",
    auth = Client, spelling = DataGraph, data = bool,
)]
pub struct AudioMessagesEnabled {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
}

/// `POST /public/api/v1/chats/version` (§3.6 row 39): the server's version, `{}` (W,
/// which enables features by it, before it signs in: no credential needed). The data
/// is a [`ServerVersion`].
#[wire(
    request, new, retry,
    post = "/public/api/v1/chats/version",
    auth = None, spelling = DataGraph, data = ServerVersion,
)]
pub struct GetServerVersion {}

/// `GET /public/api/v1/widget/styles.css?channel=NAME` (`W:src/app/App.vue`, not in the
/// spec's tables): the channel's stylesheet, which the widget links from its page (a
/// `<link rel="stylesheet">`, so no credential but the browser's cookies). The answer is
/// CSS, not an envelope; an error is an envelope.
#[wire(
    request, new,
    get = "/public/api/v1/widget/styles.css",
    auth = None, spelling = DataGraph, body = Empty, response = Bytes, data = (),
)]
pub struct GetStyles {
    /// `?channel`: the channel's name.
    #[wire(query = "channel")]
    pub channel: String,
}

/// `POST /public/api/v1/widget/greetings/:channel` (§3.6 row 40): the texts of the
/// sign-up form and what personal data to ask for (`GreetingSettings`, §4.11, in
/// `Data`). W sends `{}`, K no body; W asks before the visitor signs up, so no
/// credential is needed.
#[wire(
    request, new, retry,
    post = "/public/api/v1/widget/greetings/:channel",
    auth = None, spelling = DataGraph, data = GreetingSettings,
)]
pub struct GetGreetings {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
}

/// `POST /public/api/v1/widget/personal_data_form/:channel` (§3.6 row 41): the
/// personal-data form to fill in at sign-up, `{Fields: [...]}` in `Data` (§4.11); `{}`
/// (W, when `PersonalDataRequestType` is `full_form`, before signing up: no credential
/// needed).
#[wire(
    request, new, retry,
    post = "/public/api/v1/widget/personal_data_form/:channel",
    auth = None, spelling = DataGraph, data = PersonalDataForm,
)]
pub struct GetPersonalDataForm {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
}

/// `GET /public/api/v1/widget/get_end_appeals_settings/:channel` (§3.6 row 42): how
/// the widget asks for a rating when an appeal ends ([`EndAppealSettings`], in
/// `Data`).
#[wire(
    request, new,
    get = "/public/api/v1/widget/get_end_appeals_settings/:channel",
    auth = Client, spelling = DataGraph, body = Empty, data = EndAppealSettings,
)]
pub struct GetEndAppealsSettings {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
}

/// `GET /public/api/v1/widget/localization/:channel/languages` (§3.6 row 43, §4.10):
/// the languages the channel is localised in ([`Languages`], in `Data`; K, S).
#[wire(
    request, new,
    get = "/public/api/v1/widget/localization/:channel/languages",
    auth = Client, spelling = DataGraph, body = Empty, data = Languages,
)]
pub struct GetLanguages {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
}

/// `POST /public/api/v1/info_requests/:channel` (§3.6 row 44): the link to the
/// channel's personal-data policy, a bare string in `Data` (W, before sign-up); no
/// body and no credential needed. (A channel named `respond` or `ignore` is not
/// reachable here: those paths are [`RespondInfoRequest`] and [`IgnoreInfoRequest`].)
#[wire(
    request, new, retry,
    post = "/public/api/v1/info_requests/:channel",
    auth = None, spelling = DataGraph, body = Empty, data = String,
)]
pub struct InfoRequestLink {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
}

/// `POST /public/api/v1/info_requests/respond` (§3.6 row 45): the client's answer to
/// a personal-data request shown in a message (`ChatMessage.InfoRequestId`),
/// `{RequestId, ClientId, ClientConsent, Form}` (W). The data is the `InfoRequest`
/// (§4.11), with its `Rels`.
#[wire(
    request,
    post = "/public/api/v1/info_requests/respond",
    auth = Client, spelling = ResultRels, data = InfoRequest,
)]
pub struct RespondInfoRequest {
    /// `RequestId`: the request (`InfoRequest.Id`).
    pub request_id: InfoRequestId,
    /// `ClientId`: the client (`InfoRequest.ClientId`).
    pub client_id: ClientId,
    /// `ClientConsent`: the client agreed to the processing of its data (W sends
    /// only `true`).
    pub client_consent: bool,
    /// `Form`: the request's form, each field's `CorrespondingField` filled in.
    pub form: FilledForm,
}

/// A personal-data form as a client sends it back, each field's `CorrespondingField`
/// filled in (§4.11): in [`RespondInfoRequest`] and at sign-up
/// ([`clients::PersonalData`](super::clients::PersonalData)). The widget sends the form
/// it was given, so every field is there; read as a request, nothing defaults (the
/// form as given is [`PersonalDataForm`], a response's).
#[wire(request)]
pub struct FilledForm {
    /// `Fields`.
    pub fields: Vec<FilledField>,
}

/// A field of a [`FilledForm`] (§4.11).
#[wire(request)]
pub struct FilledField {
    /// `Name`: the field's name (the widget matches some to `Client.Details`).
    pub name: String,
    /// `Label`: what the form showed.
    pub label: String,
    /// `Required`.
    pub required: bool,
    /// `ValidationRegexp`: a preset's name or a pattern.
    pub validation_regexp: FieldValidation,
    /// `CorrespondingField`: the value the client typed.
    pub corresponding_field: String,
}

/// `POST /public/api/v1/info_requests/ignore` (§3.6 row 46): the client declines a
/// personal-data request, `{RequestId}` (W). The data is the `InfoRequest`, with its
/// `Rels`.
#[wire(
    request,
    post = "/public/api/v1/info_requests/ignore",
    auth = Client, spelling = ResultRels, data = InfoRequest,
)]
pub struct IgnoreInfoRequest {
    /// `RequestId`: the request.
    pub request_id: InfoRequestId,
}

impl GetChatSettings {
    /// The request for channel `channel`'s settings, for client `client_id`.
    pub fn new(channel: impl Into<String>, client_id: Option<ClientId>) -> Self {
        Self {
            channel: channel.into(),
            client_id,
        }
    }
}

impl RespondInfoRequest {
    /// The client's consenting answer to request `request_id`, with its filled form.
    pub fn new(request_id: InfoRequestId, client_id: ClientId, form: FilledForm) -> Self {
        Self {
            request_id,
            client_id,
            client_consent: true,
            form,
        }
    }
}

impl FilledForm {
    /// The form with these fields.
    pub fn new(fields: Vec<FilledField>) -> Self {
        Self { fields }
    }
}

/// The form as it was given, to fill in.
impl From<&PersonalDataForm> for FilledForm {
    fn from(form: &PersonalDataForm) -> Self {
        Self::new(form.fields.iter().map(FilledField::from).collect())
    }
}

/// The field as it was given (with whatever value it had).
impl From<&PersonalDataField> for FilledField {
    fn from(field: &PersonalDataField) -> Self {
        Self {
            name: field.name.clone(),
            label: field.label.clone(),
            required: field.required,
            validation_regexp: field.validation_regexp.clone(),
            corresponding_field: field.corresponding_field.clone(),
        }
    }
}

impl FilledField {
    /// With the client's value.
    #[must_use]
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.corresponding_field = value.into();
        self
    }
}

impl IgnoreInfoRequest {
    /// The request declining request `request_id`.
    pub fn new(request_id: InfoRequestId) -> Self {
        Self { request_id }
    }
}
