#[cfg(feature = "public")]
use super::{ClientDetails, MultiChatsInfo};
use crate::primitives::string_enum;
use crate::primitives::{ClientId, Timestamp};
#[cfg(feature = "public")]
use crate::primitives::{ManagerGroupId, ProjectId, UserId};
use iqchannels_proto_macros::wire;

string_enum! {
    /// How a [`Client`] came: `Client.Type` (`public-api.md` §5 "ClientType"; no SDK
    /// enumerates it).
    ///
    /// ```
    /// use iqchannels_proto::ClientType;
    ///
    /// assert_eq!(ClientType::from("anonymous"), ClientType::Anonymous);
    /// assert_eq!(ClientType::from("telegram").as_str(), "telegram"); // kept verbatim
    /// ```
    pub enum ClientType {
        /// `"anonymous"`: an anonymous visitor of the widget (offered "delete conversation").
        Anonymous = "anonymous",
        /// `"integrated"`: a client of an integrated external system (the chat API's example).
        Integrated = "integrated",
    }
}

/// A client, the customer side of a chat: an element of `Graph.Clients`
/// (from the chat API page, `chat-api-v1`), and the public API's client
/// (`public-api.md` §4.4).
///
/// The public API's additions are written only when present (`Some`), so that the chat
/// API's clients, which do not have them, are written back as they came
/// (`primitives/wire.rs`); they come with the `public` feature, as clients are in every
/// graph and the widget's wasm, which has neither API's methods, should not carry them.
#[wire]
pub struct Client {
    /// `Id`.
    pub id: ClientId,
    /// `Type`: how the client came, such as `integrated`; the widget treats `anonymous` as
    /// an anonymous visitor. Kept verbatim; [`client_type`](Self::client_type) reads it as a
    /// [`ClientType`]. (A string here, not the enum, so that the widget's wasm, which
    /// decodes clients in every graph, does not carry the enum's code.)
    #[wire(rename = "Type")]
    pub kind: String,
    /// `Name`.
    pub name: String,
    /// `Online`.
    pub online: bool,
    /// `IntegrationId`: the client's id in the integrated external system.
    pub integration_id: Option<String>,
    /// `TelegramId`.
    pub telegram_id: Option<i64>,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `UpdatedAt`.
    pub updated_at: Timestamp,
    /// `LastSeenAt`.
    pub last_seen_at: Option<Timestamp>,
    /// `ProjectId`: the client's project; the widget copies it into poll answers (public
    /// API, §4.4). Written only when present.
    #[cfg(feature = "public")]
    #[cfg_attr(docsrs, doc(cfg(feature = "public")))]
    #[wire(when_present)]
    pub project_id: Option<ProjectId>,
    /// `PersonalManagerId`: the operator assigned as the client's personal manager (public
    /// API, §4.4). The SDKs disagree on `0`: the Android SDK takes it as none, the iOS SDK
    /// as present. Written only when present.
    #[cfg(feature = "public")]
    #[cfg_attr(docsrs, doc(cfg(feature = "public")))]
    #[wire(when_present)]
    pub personal_manager_id: Option<UserId>,
    /// `PersonalManagerGroupId`: the group of managers assigned to the client (public API,
    /// §4.4; the same rules as `PersonalManagerId`). Written only when present.
    #[cfg(feature = "public")]
    #[cfg_attr(docsrs, doc(cfg(feature = "public")))]
    #[wire(when_present)]
    pub personal_manager_group_id: Option<ManagerGroupId>,
    /// `MultiChatsInfo`: how the channel presents itself in a list of chats (public API,
    /// §4.4). Written only when present. Boxed, as is `details`: clients are many in a
    /// graph, and most have neither.
    #[cfg(feature = "public")]
    #[cfg_attr(docsrs, doc(cfg(feature = "public")))]
    #[wire(when_present)]
    pub multi_chats_info: Option<Box<MultiChatsInfo>>,
    /// `Details`: the client's profile, used to prefill personal-data forms (public API,
    /// §4.4). Written only when present.
    #[cfg(feature = "public")]
    #[cfg_attr(docsrs, doc(cfg(feature = "public")))]
    #[wire(when_present)]
    pub details: Option<Box<ClientDetails>>,
}

impl Client {
    /// A client with this id; every other field is its zero value.
    pub fn new(id: ClientId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }

    /// How the client came: [`kind`](Self::kind) as a [`ClientType`].
    ///
    /// ```
    /// use iqchannels_proto::{Client, ClientId, ClientType};
    ///
    /// let mut client = Client::new(ClientId::new(77));
    /// client.kind = "anonymous".to_owned();
    /// assert_eq!(client.client_type(), ClientType::Anonymous);
    /// ```
    pub fn client_type(&self) -> ClientType {
        ClientType::from(self.kind.as_str())
    }
}
