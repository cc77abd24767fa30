//! The methods, one API area per module, each request type beside its response data; the
//! registry of every method, for tools that pick one at run time; and the [`Router`] that
//! tells a server which method a request is for.

#[cfg(feature = "chat")]
pub mod chats;
#[cfg(feature = "chat")]
pub mod clients;
#[cfg(feature = "chat")]
pub mod inboxes;
#[cfg(feature = "public")]
#[cfg_attr(docsrs, doc(cfg(feature = "public")))]
pub mod public;
mod router;
pub mod tickets;

pub use router::{Route, RouteError, Router};

use crate::methods::Method;
use crate::schema::{Kind, Schema, Wire};

/// Something done with a method chosen at run time: see [`visit`], [`visit_all`] and
/// [`Route::visit`]. Tools that show messages have the data's
/// [`Messages`](crate::Messages), as every wire type has.
pub trait MethodVisitor {
    /// What a visit gives back.
    type Output;

    /// Does the work for method `M`.
    fn visit<M: Method>(&mut self) -> Self::Output;
}

/// Calls `$apply!(Type)` once per known method, in path order: the one list of methods.
macro_rules! for_each_method {
    ($apply:ident) => {
        $apply!(crate::api::tickets::CreateMessage);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::Assign);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::CloseChat);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::GetChat);
        #[cfg(feature = "chat")]
        $apply!(crate::api::inboxes::QueryThreads);
        #[cfg(feature = "chat")]
        $apply!(crate::api::inboxes::GetInbox);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::Invite);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::JoinChat);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::LeaveChat);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::QueryMembers);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::QueryMessages);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::MarkRead);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::MarkReceived);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::OpenChat);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::QueryByChannel);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::SendMessage);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::Transfer);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::Typing);
        #[cfg(feature = "chat")]
        $apply!(crate::api::clients::Auth);
        #[cfg(feature = "chat")]
        $apply!(crate::api::clients::IntegrationAuth);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::ListenToChannel);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::ListenToChat);
        #[cfg(feature = "chat")]
        $apply!(crate::api::chats::ListenToUser);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::messages::CheckMessage);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::AudioMessagesEnabled);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::GetBlocker);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::GetChatSettings);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::chats::ChannelMessages);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::chats::ChannelSend);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::chats::OpenSystemChat);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::chats::ExistingTickets);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::chats::ChannelTyping);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::messages::DeleteTransferToChannel);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::messages::AcceptProduct);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::messages::DeclineProduct);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::messages::MarkMessageListened);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::messages::MarkMessagesRead);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::messages::MarkMessagesReceived);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::GetServerVersion);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::AnonymousAuth);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::AnonymousCreate);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::AnonymousSignup);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::ClientTokenAuth);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::GetLastMessages);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::ClientIntegrationAuth);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::IntegrationAuthInProject);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::IntegrationRefresh);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::Me);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::SetLanguage);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::clients::Signup);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::files::GetFilesConfig);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::files::DownloadFile);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::files::GetFile);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::files::DownloadImage);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::files::FileToken);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::files::UploadFile);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::InfoRequestLink);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::IgnoreInfoRequest);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::RespondInfoRequest);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::log::LogMessage);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::push::ApnsToken);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::push::FcmToken);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::push::HcmToken);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::ratings::FinishPoll);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::ratings::IgnoreRating);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::ratings::QueryPoll);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::ratings::Rate);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::ratings::SendPoll);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::chats::ChannelEvents);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::chats::ChannelUnread);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::chats::MultichatUnread);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::GetEndAppealsSettings);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::GetGreetings);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::GetLanguages);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::GetPersonalDataForm);
        #[cfg(feature = "public")]
        $apply!(crate::api::public::settings::GetStyles);
    };
}
pub(crate) use for_each_method;

/// Whether a method of this path template is in the one list (`for_each_method!`): what
/// each method's declaration (`#[wire(request, post = ...)]`) asserts at compile time, so
/// that a method no router, no inspector and no wasm export reaches fails to build.
#[doc(hidden)]
pub const fn registered(path: &str) -> bool {
    const fn same(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut at = 0;
        while at < a.len() {
            if a[at] != b[at] {
                return false;
            }
            at += 1;
        }
        true
    }
    macro_rules! listed {
        ($method:ty) => {
            if same(<$method as Method>::METADATA.path, path) {
                return true;
            }
        };
    }
    for_each_method!(listed);
    false
}

/// Visits the method whose path `target` is (whatever its verb): its template itself
/// (`/api/v1/chats/get/:chatId`), or a path with its parameters (`/api/v1/chats/get/10`),
/// with or without a query; `None` when there is none. A server picks by verb too: see
/// [`Router`].
///
/// ```
/// use iqchannels_proto::api::{self, MethodVisitor};
/// use iqchannels_proto::Method;
///
/// struct DataType;
/// impl MethodVisitor for DataType {
///     type Output = &'static str;
///     fn visit<M: Method>(&mut self) -> &'static str {
///         std::any::type_name::<M::Data>()
///     }
/// }
///
/// let name = api::visit("/api/tickets/create_message", &mut DataType);
/// assert!(name.unwrap().ends_with("CreateMessageData"));
/// assert!(api::visit("/api/nope", &mut DataType).is_none());
/// ```
pub fn visit<V: MethodVisitor>(target: &str, visitor: &mut V) -> Option<V::Output> {
    // The template itself; else, of the templates the path fits, the one with the most
    // literal segments (as the router picks).
    let mut best: Option<(usize, usize)> = None;
    let mut index = 0;
    macro_rules! try_one {
        ($method:ty) => {
            let metadata = &<$method as Method>::METADATA;
            if target == metadata.path {
                best = Some((usize::MAX, index));
            } else if crate::methods::Target::read(metadata, target).is_some() {
                let literals = router::literal_segments(metadata.path);
                if best.is_none_or(|(most, _)| literals > most) {
                    best = Some((literals, index));
                }
            }
            index += 1;
        };
    }
    for_each_method!(try_one);
    let _ = index;
    let (_, chosen) = best?;
    let mut index = 0;
    macro_rules! visit_one {
        ($method:ty) => {
            if index == chosen {
                return Some(visitor.visit::<$method>());
            }
            index += 1;
        };
    }
    for_each_method!(visit_one);
    let _ = index;
    None
}

/// Visits every method, in path order.
pub fn visit_all<V: MethodVisitor>(visitor: &mut V) -> Vec<V::Output> {
    let mut outputs = Vec::new();
    macro_rules! visit_one {
        ($method:ty) => {
            outputs.push(visitor.visit::<$method>());
        };
    }
    for_each_method!(visit_one);
    outputs
}

/// The schema of every wire struct that a method's data or a graph collection holds, each
/// once, in the order first reached (methods in path order, then the collections): what
/// the reference page (`docs/reference.md`) documents.
///
/// ```
/// let schemas = iqchannels_proto::api::schemas();
/// assert!(schemas.iter().any(|schema| schema.name == "ChatMessage"));
/// ```
pub fn schemas() -> Vec<&'static Schema> {
    struct Roots(Vec<Kind>);

    impl MethodVisitor for Roots {
        type Output = ();

        fn visit<M: Method>(&mut self) {
            self.0.push(<M::Data as Wire>::KIND);
        }
    }

    fn walk(kind: &Kind, found: &mut Vec<&'static Schema>) {
        match kind {
            Kind::List(item) | Kind::Map(item) => walk(item, found),
            Kind::Object(schema) => {
                let schema = schema();
                if found.iter().any(|known| known.name == schema.name) {
                    return;
                }
                found.push(schema);
                for field in schema.fields {
                    walk(&field.kind, found);
                }
            }
            _ => {}
        }
    }

    let mut roots = Roots(Vec::new());
    visit_all(&mut roots);
    roots.0.extend_from_slice(crate::Graph::KINDS);
    let mut found = Vec::new();
    for kind in &roots.0 {
        walk(kind, &mut found);
    }
    found
}
