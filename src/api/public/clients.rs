//! Clients and their sessions: `/public/api/v1/clients/...` (`public-api.md` §3.1, the
//! flows of §2.2). A sign-in answers with a [`ClientAuth`], whose session's token is the
//! client's credential from then on ([`Credentials::client`](crate::Credentials::client)).
//!
//! ```
//! use iqchannels_proto::api::public::clients::ClientIntegrationAuth;
//! use iqchannels_proto::{codec, Secret};
//!
//! let request = ClientIntegrationAuth::new(Secret::new("crm-token-42"), "support");
//! let encoded = codec::encode_request(&request)?;
//! assert_eq!(encoded.target, "/public/api/v1/clients/integration_auth");
//! assert_eq!(encoded.body, br#"{"Credentials":"crm-token-42","Channel":"support"}"#);
//! // The iOS SDK's keys are lower camel case; the Go server reads them all the same.
//! let ios = br#"{"credentials": "crm-token-42", "channel": "support"}"#;
//! assert_eq!(codec::decode_request::<ClientIntegrationAuth>(ios)?.value, request);
//! assert!(!format!("{request:?}").contains("crm-token-42"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use iqchannels_proto_macros::wire;

use super::settings::FilledForm;
use crate::model::{AdvancedUnread, Client, ClientAuth, InfoRequestState};
use crate::primitives::{RawJson, Secret};

/// `POST /public/api/v1/clients/integration_auth` (§3.1 row 1): a customer the host
/// application already knows signs in with the credentials of its integrated system;
/// no client credential. W and K send `{Credentials, Channel}`, S
/// `{credentials, channel}`. The data is a [`ClientAuth`].
#[wire(
    request, new,
    post = "/public/api/v1/clients/integration_auth",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct ClientIntegrationAuth {
    /// `Credentials`: passed as they are to the external system; never shown by
    /// `Debug`.
    pub credentials: Secret,
    /// `Channel`: the channel's name.
    pub channel: String,
}

/// `POST /public/api/v1/clients/auth` (§3.1 row 2): an anonymous client of the mobile
/// SDKs signs in again with the token it stored at sign-up; K sends `{Token}`, S
/// `{token}`; no client credential. The data is a [`ClientAuth`].
#[wire(
    request, new,
    post = "/public/api/v1/clients/auth",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct ClientTokenAuth {
    /// `Token`: the stored session token; never shown by `Debug`.
    pub token: Secret,
}

/// `POST /public/api/v1/clients/anonymous/auth` (§3.1 row 3): the widget's anonymous
/// visitor signs in again with its `client-session` cookie alone; the body is the JSON
/// `null` (W). The data is a [`ClientAuth`]; an `unauthorized` error means "no session":
/// the widget then signs up ([`AnonymousSignup`]).
///
/// The body is written as `null`; a server reads `null` or any object (what a Go handler
/// decoding into an empty struct accepts).
#[wire(
    request, new,
    post = "/public/api/v1/clients/anonymous/auth",
    auth = Client, spelling = ResultRels, body = Scalar, data = ClientAuth,
)]
pub struct AnonymousAuth;

/// `POST /public/api/v1/clients/anonymous/signup` (§3.1 row 4, §2.2): an anonymous
/// visitor signs up; no client credential. W sends `{Name, Channel, PersonalData}`
/// (`Name` and `PersonalData` may be `null`), S `{channel}`. The data is a
/// [`ClientAuth`].
#[wire(
    request, new,
    post = "/public/api/v1/clients/anonymous/signup",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct AnonymousSignup {
    /// `Name`: the name the visitor typed; absent when the channel asks for none (W
    /// sends `null` then, S nothing).
    pub name: Option<String>,
    /// `Channel`: the channel's name.
    pub channel: String,
    /// `PersonalData`: the filled personal-data form,
    /// `{State: "pending", Form: {Fields: [...]}}` (§4.11), when the channel asks for
    /// the full form.
    pub personal_data: Option<PersonalData>,
}

/// `AnonymousSignup.PersonalData` (§2.2, §4.11): the personal-data form of
/// [`settings::GetPersonalDataForm`](super::settings::GetPersonalDataForm), each field's
/// `CorrespondingField` filled in.
#[wire(request)]
pub struct PersonalData {
    /// `State`: the widget sends `pending`.
    pub state: InfoRequestState,
    /// `Form`: the filled form.
    pub form: FilledForm,
}

/// `POST /public/api/v1/clients/signup` (§3.1 row 5, §2.2): the Android SDK's
/// anonymous sign-up, `{Name?, Channel}`; no client credential. The data is a
/// [`ClientAuth`].
#[wire(
    request,
    post = "/public/api/v1/clients/signup",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct Signup {
    /// `Name`: may be empty or left out.
    pub name: Option<String>,
    /// `Channel`: the channel's name.
    pub channel: String,
}

/// `POST /public/api/v1/clients/integration_refresh` (§3.1 row 6): the widget asks
/// the server to refresh the customer's profile from the integrated system
/// (`{Credentials}`); it returns no new token. The data carries the client
/// ([`IntegrationRefreshData`]), which W ignores.
#[wire(
    request, new,
    post = "/public/api/v1/clients/integration_refresh",
    auth = Client, spelling = ResultRels, data = IntegrationRefreshData,
)]
pub struct IntegrationRefresh {
    /// `Credentials`: as for [`ClientIntegrationAuth`]; never shown by `Debug`.
    pub credentials: Secret,
}

/// The data of [`IntegrationRefresh`] (§3.1 row 6): an object with the refreshed
/// `Client`.
#[wire]
pub struct IntegrationRefreshData {
    /// `Client`.
    #[wire(reference)]
    pub client: Client,
}

/// `POST /public/api/v1/clients/set_language` (§3.1 row 7): the client's language,
/// `{Code}` (K), `{code}` (S); the answer is not read.
#[wire(
    request, new, retry,
    post = "/public/api/v1/clients/set_language",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct SetLanguage {
    /// `Code`: a language code of the channel's localization (§4.10, `Language.Code`).
    pub code: String,
}

/// `POST /public/api/v1/clients/get_last_messages` (§3.1 row 8): the last message and
/// unread count of several channels, `{ChannelNames}` (K). The data is an
/// `AdvancedUnread` (§4.11).
#[wire(
    request, retry,
    post = "/public/api/v1/clients/get_last_messages",
    auth = Client, spelling = ResultRels, data = AdvancedUnread,
)]
pub struct GetLastMessages {
    /// `ChannelNames`: the channels' names.
    pub channel_names: Vec<String>,
}

/// `POST /public/api/v1/clients/me` (§3.1 row 9): the signed-in client; no body
/// (K, defined but never called). The data is a [`Client`].
#[wire(
    request, new, retry,
    post = "/public/api/v1/clients/me",
    auth = Client, spelling = ResultRels, body = Empty, data = Client,
)]
pub struct Me {}

/// `POST /public/api/v1/clients/anonymous/create` (§3.1 row 10): the widget's
/// deprecated anonymous sign-up, `{Name, Channel}`, with no caller; no client
/// credential. The data is a [`ClientAuth`].
#[wire(
    request, new,
    post = "/public/api/v1/clients/anonymous/create",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct AnonymousCreate {
    /// `Name`.
    pub name: String,
    /// `Channel`: the channel's name.
    pub channel: String,
}

/// `POST /public/api/v1/clients/integration_auth_in_project` (§3.1 row 10): the
/// widget's deprecated sign-in into a project, `{Credentials, Project}`, with no
/// caller; no client credential. The data is a [`ClientAuth`].
#[wire(
    request, new,
    post = "/public/api/v1/clients/integration_auth_in_project",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct IntegrationAuthInProject {
    /// `Credentials`: as for [`ClientIntegrationAuth`]; never shown by `Debug`.
    pub credentials: Secret,
    /// `Project`: the project, as the host page configured it.
    pub project: String,
}

impl PersonalData {
    /// The filled `form`, `pending` as the widget sends it.
    pub fn new(form: FilledForm) -> Self {
        Self {
            state: InfoRequestState::Pending,
            form,
        }
    }
}

impl Signup {
    /// A sign-up in channel `channel`, with `name` if any.
    pub fn new(channel: impl Into<String>, name: Option<String>) -> Self {
        Self {
            name,
            channel: channel.into(),
        }
    }
}

impl IntegrationRefreshData {
    /// The data carrying `client`.
    pub fn new(client: Client) -> Self {
        Self {
            client,
            ..Self::default()
        }
    }
}

impl GetLastMessages {
    /// The request for these channels.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(channel_names: I) -> Self {
        Self {
            channel_names: channel_names.into_iter().map(Into::into).collect(),
        }
    }
}
