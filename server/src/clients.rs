//! The public API's clients: sign-up and sign-in (each answers a `ClientAuth` and sets
//! the session cookie), the signed-in client, its language, its push tokens, its log.

use axum::http::{header, HeaderValue};
use iqchannels_proto::api::clients::{Auth, IntegrationAuth};
use iqchannels_proto::api::public::clients::{
    AnonymousAuth, AnonymousCreate, AnonymousSignup, ClientIntegrationAuth, ClientTokenAuth,
    GetLastMessages, IntegrationAuthInProject, IntegrationRefresh, IntegrationRefreshData, Me,
    SetLanguage, Signup,
};
use iqchannels_proto::api::public::log::LogMessage;
use iqchannels_proto::api::public::push::{ApnsToken, FcmToken, HcmToken};
use iqchannels_proto::{
    AdvancedUnread, ChatType, Client, ClientAuth, ClientSessionCookie, Error, Graph, Method,
    RawJson, UnreadChannel,
};

use crate::caller::{Anyone, AuthClient};
use crate::errors::{random_token, unauthorized};
use crate::routes::{answer, Call, HttpResponse, Reply, Serve};
use crate::settings::channel_named;
use crate::store::Store;
use crate::{now_ms, streams};

/// A new client (an integrated one is found again by its `key`) with a new session.
fn new_client(
    store: &Store,
    kind: &str,
    name: &str,
    key: Option<&str>,
) -> Result<AuthClient, Error> {
    let now = now_ms();
    let client = store.create_client(kind, name, key, now)?;
    let token = random_token()?;
    let session = store.create_session(&client, &token, key.is_some(), now)?;
    Ok(AuthClient { client, session })
}

/// A sign-in's answer: the client and its session, with the session's cookie (which the
/// widget's later requests and streams carry).
fn signed_in<M: Method<Data = ClientAuth>>(signed: AuthClient) -> Result<Reply<ClientAuth>, Error> {
    let cookie = ClientSessionCookie::new(signed.session.token.expose())
        .ok()
        .map(|cookie| cookie.secure(false).header_value());
    let mut auth = ClientAuth::default();
    auth.client = signed.client.into();
    auth.session = signed.session.into();
    let mut response: HttpResponse = answer::<M>(Ok((auth, Graph::default())));
    if let Some(value) = cookie.and_then(|value| HeaderValue::try_from(value).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(Reply::Http(response))
}

/// An integrated client's credentials are a secret: its key, not its name.
fn integrated(store: &Store, credentials: &str) -> Result<AuthClient, Error> {
    if credentials.is_empty() {
        return Err(unauthorized("empty credentials"));
    }
    new_client(store, "integrated", "Integrated client", Some(credentials))
}

/// A new anonymous client named `name` of channel `channel`, signed in.
fn sign_up<M: Method<Data = ClientAuth>>(
    call: &Call<'_, impl Serve>,
    channel: &str,
    name: &str,
) -> Result<Reply<ClientAuth>, Error> {
    let store = call.app.store();
    channel_named(&store, channel)?;
    signed_in::<M>(new_client(&store, "anonymous", name, None)?)
}

impl Serve for AnonymousSignup {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ClientAuth>, Error> {
        let name = call.request.name.as_deref().unwrap_or_default();
        sign_up::<Self>(&call, &call.request.channel, name)
    }
}

impl Serve for Signup {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ClientAuth>, Error> {
        let name = call.request.name.as_deref().unwrap_or_default();
        sign_up::<Self>(&call, &call.request.channel, name)
    }
}

impl Serve for AnonymousCreate {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ClientAuth>, Error> {
        sign_up::<Self>(&call, &call.request.channel, &call.request.name)
    }
}

impl Serve for ClientIntegrationAuth {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ClientAuth>, Error> {
        let store = call.app.store();
        channel_named(&store, &call.request.channel)?;
        signed_in::<Self>(integrated(&store, call.request.credentials.expose())?)
    }
}

/// The development server has one project: any project's name signs in to it.
impl Serve for IntegrationAuthInProject {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ClientAuth>, Error> {
        let store = call.app.store();
        signed_in::<Self>(integrated(&store, call.request.credentials.expose())?)
    }
}

/// The chat API's integration sign-in: as the public API's, with no channel.
impl Serve for IntegrationAuth {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ClientAuth>, Error> {
        let store = call.app.store();
        signed_in::<Self>(integrated(&store, call.request.credentials.expose())?)
    }
}

/// The mobile SDKs sign in again with the session token they stored.
impl Serve for ClientTokenAuth {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ClientAuth>, Error> {
        let store = call.app.store();
        signed_in::<Self>(AuthClient::by_token(&store, call.request.token.expose())?)
    }
}

/// The chat API's sign-in by a stored session token, as the public API's.
impl Serve for Auth {
    type Caller = Anyone;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ClientAuth>, Error> {
        let store = call.app.store();
        signed_in::<Self>(AuthClient::by_token(&store, call.request.token.expose())?)
    }
}

/// The widget signs in again by its session cookie alone (the caller): `unauthorized`
/// without one.
impl Serve for AnonymousAuth {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<ClientAuth>, Error> {
        signed_in::<Self>(call.caller)
    }
}

/// The integrated system has nothing newer: the client as it is.
impl Serve for IntegrationRefresh {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<IntegrationRefreshData>, Error> {
        if call.request.credentials.expose().is_empty() {
            return Err(unauthorized("empty credentials"));
        }
        let mut data = IntegrationRefreshData::default();
        data.client = call.caller.client;
        Ok(Reply::data(data))
    }
}

impl Serve for Me {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Client>, Error> {
        Ok(Reply::data(call.caller.client))
    }
}

/// The last message and unread count of the client's chat in each channel named (every
/// channel where it has a chat when none is named).
impl Serve for GetLastMessages {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<AdvancedUnread>, Error> {
        let store = call.app.store();
        let names = &call.request.channel_names;
        let mut unread = AdvancedUnread::default();
        for chat in store.chats_of_client(call.caller.client.id)? {
            let Some(channel) = store.channel(chat.channel_id)? else {
                continue;
            };
            if !names.is_empty() && !names.contains(&channel.name) {
                continue;
            }
            let summary = streams::chat_unread(&store, &chat)?;
            let mut entry = UnreadChannel::default();
            entry.name = summary.name;
            entry.chat_type = ChatType::Regular;
            entry.last_message = summary.last_message;
            entry.unread_count = summary.unread_count;
            unread.channels.push(entry);
        }
        Ok(Reply::data(unread))
    }
}

/// Methods whose answer their callers ignore: taken from a signed-in client (the caller)
/// and acknowledged. The development server keeps no language, push token or log line.
macro_rules! acknowledged {
    ($($method:ty),* $(,)?) => {$(
        impl Serve for $method {
            type Caller = AuthClient;

            fn serve(_: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
                Ok(Reply::data(RawJson::default()))
            }
        }
    )*};
}

acknowledged!(SetLanguage, ApnsToken, FcmToken, HcmToken, LogMessage);
