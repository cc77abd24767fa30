//! A channel's settings as its clients see them (`public-api.md` §3.6): the chat
//! settings, the sign-up greeting, the personal-data policy link, form and requests, the
//! widget's stylesheet, and the flags and forms the development server has no content
//! for (their declared type's empty value, for a channel that exists).

use axum::body::Body;
use axum::http::{header, HeaderValue};
use iqchannels_proto::api::public::settings::{
    AudioMessagesEnabled, GetBlocker, GetChatSettings, GetEndAppealsSettings, GetGreetings,
    GetLanguages, GetPersonalDataForm, GetServerVersion, GetStyles, IgnoreInfoRequest,
    InfoRequestLink, RespondInfoRequest,
};
use iqchannels_proto::{
    Blocker, Channel, ChatSettings, ChatSettingsId, EndAppealSettings, Error, GreetingSettings,
    InfoRequest, InfoRequestId, InfoRequestState, Languages, PersonalDataField, PersonalDataForm,
    ServerVersion,
};

use crate::caller::{Anyone, AuthClient};
use crate::errors::{forbidden, invalid, not_found};
use crate::routes::{Call, HttpResponse, Reply, Serve};
use crate::seed;
use crate::store::Store;

/// The channel named `name`, or `not_found`.
pub(crate) fn channel_named(store: &Store, name: &str) -> Result<Channel, Error> {
    store
        .channel_by_name(name)?
        .ok_or_else(|| not_found(format!("no channel named {name:?}")))
}

impl Serve for GetChatSettings {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ChatSettings>, Error> {
        let channel = channel_named(&call.app.store(), &call.request.channel)?;
        let mut settings = ChatSettings::default();
        settings.id = ChatSettingsId::new(channel.id.get());
        settings.enabled = true.into();
        settings.message = format!("Welcome to {}", channel.title);
        // The greeting stays a day (W and S remove it after `Lifetime` seconds, at once
        // when 0); the operator's name as W (`OperatorName`) and K and S (`Pseudonym`)
        // read it.
        settings.lifetime = 86_400;
        settings.operator_name = Some("Operator".to_owned());
        settings.pseudonym = Some("Operator".to_owned());
        settings.chat_title = channel.title;
        Ok(Reply::data(settings))
    }
}

impl Serve for GetGreetings {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<GreetingSettings>, Error> {
        let channel = channel_named(&call.app.store(), &call.request.channel)?;
        Ok(Reply::data(seed::greeting(&channel.name)))
    }
}

impl Serve for InfoRequestLink {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<String>, Error> {
        channel_named(&call.app.store(), &call.request.channel)?;
        Ok(Reply::data(seed::POLICY_LINK.to_owned()))
    }
}

impl Serve for GetPersonalDataForm {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<PersonalDataForm>, Error> {
        channel_named(&call.app.store(), &call.request.channel)?;
        Ok(Reply::data(seed::personal_data_form()))
    }
}

/// Audio messages are files like any other here: always enabled.
impl Serve for AudioMessagesEnabled {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<bool>, Error> {
        channel_named(&call.app.store(), &call.request.channel)?;
        Ok(Reply::data(true))
    }
}

/// Settings the development server has no content for: the declared type's empty value,
/// for a channel that exists.
macro_rules! empty_for_channel {
    ($($method:ty => $caller:ty, $data:ty;)*) => {$(
        impl Serve for $method {
            type Caller = $caller;

            fn serve(call: Call<'_, Self>) -> Result<Reply<$data>, Error> {
                channel_named(&call.app.store(), &call.request.channel)?;
                Ok(Reply::data(<$data>::default()))
            }
        }
    )*};
}

empty_for_channel! {
    GetBlocker => Anyone, Blocker;
    GetLanguages => AuthClient, Languages;
    GetEndAppealsSettings => AuthClient, EndAppealSettings;
}

impl Serve for GetServerVersion {
    type Caller = Anyone;

    fn serve(_: Call<'_, Self>) -> Result<Reply<ServerVersion>, Error> {
        Ok(Reply::data(ServerVersion::new(env!("CARGO_PKG_VERSION"))))
    }
}

/// The channel's stylesheet: CSS, never an envelope on success.
impl Serve for GetStyles {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<()>, Error> {
        let channel = channel_named(&call.app.store(), &call.request.channel)?;
        let css = format!(
            "/* iqchannels-devserver: the stylesheet of channel {} */\n:root {{ color-scheme: light; }}\n",
            channel.id.get()
        );
        let mut response = HttpResponse::new(Body::from(css));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/css; charset=utf-8"),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        Ok(Reply::Http(response))
    }
}

/// The caller's info request `id`.
fn own_request(
    store: &Store,
    id: InfoRequestId,
    caller: &AuthClient,
) -> Result<InfoRequest, Error> {
    let request = store
        .info_request(id)?
        .ok_or_else(|| not_found("no such info request"))?;
    if request.client_id != caller.client.id {
        return Err(forbidden("the info request is another client's"));
    }
    Ok(request)
}

/// The client fills the form in: every required field, with its consent.
impl Serve for RespondInfoRequest {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<InfoRequest>, Error> {
        let store = call.app.store();
        let mut request = own_request(&store, call.request.request_id, &call.caller)?;
        if call.request.client_id != call.caller.client.id {
            return Err(forbidden("ClientId: not the signed-in client"));
        }
        if request.state != InfoRequestState::Pending {
            return Err(invalid("the info request is no longer pending"));
        }
        if !call.request.client_consent {
            return Err(invalid("ClientConsent: the client's consent is required"));
        }
        // Every field the request asked for as required is filled (whatever the answer
        // says of it), and only the request's fields are kept.
        let given = &call.request.form.fields;
        for asked in request.form.fields.iter().filter(|field| field.required) {
            let filled = given.iter().find(|field| field.name == asked.name);
            if filled.is_none_or(|field| field.corresponding_field.trim().is_empty()) {
                return Err(invalid(format!(
                    "{}: a required field is empty",
                    asked.name
                )));
            }
        }
        let asked: Vec<String> = request
            .form
            .fields
            .iter()
            .map(|field| field.name.clone())
            .collect();
        let mut fields = Vec::new();
        for field in call.request.form.fields {
            if !asked.contains(&field.name) {
                continue;
            }
            let mut filled = PersonalDataField::new(field.name, field.label);
            filled.required = field.required;
            filled.validation_regexp = field.validation_regexp;
            filled.corresponding_field = field.corresponding_field;
            fields.push(filled);
        }
        request.form = PersonalDataForm::new(fields);
        request.client_consent = true;
        request.state = InfoRequestState::Finished;
        let request = store.put_info_request(request)?;
        let graph = store.graph(&request)?;
        Ok(Reply::Data(request, graph))
    }
}

/// The client declines: a pending request becomes ignored (again: no change).
impl Serve for IgnoreInfoRequest {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<InfoRequest>, Error> {
        let store = call.app.store();
        let mut request = own_request(&store, call.request.request_id, &call.caller)?;
        if request.state == InfoRequestState::Pending {
            request.state = InfoRequestState::Ignored;
            request = store.put_info_request(request)?;
        }
        let graph = store.graph(&request)?;
        Ok(Reply::Data(request, graph))
    }
}
