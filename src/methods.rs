//! The [`Method`] trait that ties a request type to its path and its response data, and
//! the registry of every method the crate knows, for tools that pick one at run time.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::model::Messages;
use crate::references::References;

/// A method of the API: the request type implements it. Requests and data are plain data:
/// comparable and printable, so decoded values can be checked against expected ones.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::Method;
///
/// assert_eq!(CreateMessage::PATH, "/api/tickets/create_message");
/// ```
pub trait Method: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug {
    /// The path the request is `POST`ed to. Where the path carries an id, `:name` stands
    /// for it (`/api/v1/chats/get/:chatId`); the request holds the id and
    /// [`path`](Method::path) puts it in.
    const PATH: &'static str;

    /// The type of the response's `Data`: what it points at in the graph, and the
    /// messages it carries.
    type Data: Serialize
        + DeserializeOwned
        + Default
        + PartialEq
        + std::fmt::Debug
        + References
        + Messages;

    /// The id the path carries in place of its `:name`, for a method whose path has one.
    fn path_id(&self) -> Option<i64> {
        None
    }

    /// Sets the id the path carries: what a server read from the path it was called at.
    /// Does nothing for a method whose path carries no id.
    fn set_path_id(&mut self, id: i64) {
        let _ = id;
    }

    /// The path this request is `POST`ed to: [`PATH`](Method::PATH), with the id in place
    /// of its `:name`.
    ///
    /// ```
    /// use iqchannels_proto::api::chats::GetChat;
    /// use iqchannels_proto::{ChatId, Method};
    ///
    /// assert_eq!(GetChat::PATH, "/api/v1/chats/get/:chatId");
    /// assert_eq!(GetChat::new(ChatId::new(10)).path(), "/api/v1/chats/get/10");
    /// ```
    fn path(&self) -> String {
        match (self.path_id(), Self::PATH.find(':')) {
            (Some(id), Some(colon)) => format!("{}{id}", &Self::PATH[..colon]),
            _ => Self::PATH.to_owned(),
        }
    }
}

/// Whether `path` is a path of the method whose path is `pattern`, and the id it carries:
/// `Some(None)` for a pattern without `:name` that is exactly `path`, `Some(Some(id))`
/// for one whose `:name` is an id in `path`, `None` otherwise. A pattern matches itself,
/// with no id.
///
/// ```
/// use iqchannels_proto::methods::path_id;
///
/// assert_eq!(path_id("/api/v1/chats/get/:chatId", "/api/v1/chats/get/10"), Some(Some(10)));
/// assert_eq!(path_id("/api/v1/chats/get/:chatId", "/api/v1/chats/get/x"), None);
/// assert_eq!(path_id("/api/tickets/create_message", "/api/tickets/create_message"), Some(None));
/// ```
pub fn path_id(pattern: &str, path: &str) -> Option<Option<i64>> {
    if path == pattern {
        return Some(None);
    }
    let colon = pattern.find(':')?;
    let id = path.strip_prefix(&pattern[..colon])?;
    // Digits only: no sign, no spaces, nothing after.
    if id.is_empty() || !id.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    id.parse().ok().map(Some)
}

/// Implements [`Method`] for `$request` and, with the `wasm` feature, adds the method to
/// the TypeScript `Methods` map (interfaces of the same name merge): the one place a
/// method's path is written. `as "Chat[]"` gives the data's TypeScript type where the
/// Rust type's name is not one; `path_id: $field: $id` names the field that holds the id
/// the path carries, and its type.
macro_rules! method {
    (
        $request:ident => $path:literal, $data:ty $(as $ts:literal)?
        $(, path_id: $field:ident: $id:ident)?
    ) => {
        impl $crate::methods::Method for $request {
            const PATH: &'static str = $path;
            type Data = $data;
            $(
                fn path_id(&self) -> Option<i64> {
                    Some(self.$field.get())
                }

                fn set_path_id(&mut self, id: i64) {
                    self.$field = $crate::primitives::$id::new(id);
                }
            )?
        }

        typescript!(
            "export interface Methods {\n    \"",
            $path,
            "\": { request: ",
            stringify!($request),
            "; data: ",
            typescript_type!($($ts)?; $data),
            " };\n}\n",
        );
    };
}

/// The TypeScript type of a method's data: the one given (`as "Chat[]"`), or the Rust
/// type's name. (Expanded only where the TypeScript is kept: wasm32 builds.)
#[allow(unused_macros)]
macro_rules! typescript_type {
    ($ts:literal; $data:ty) => {
        $ts
    };
    (; $data:ty) => {
        stringify!($data)
    };
}

/// Something done with a method chosen at run time: see [`visit`] and [`visit_all`].
pub trait MethodVisitor {
    /// What a visit gives back.
    type Output;

    /// Does the work for method `M`.
    fn visit<M: Method>(&mut self) -> Self::Output;
}

/// Calls `$apply!(Type)` once per known method, in path order; the one list of methods.
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
    };
}

/// Visits the method that `path` is a path of: `/api/tickets/create_message`, or
/// `/api/v1/chats/get/10` (and the pattern itself, `/api/v1/chats/get/:chatId`);
/// `None` when there is none.
///
/// ```
/// use iqchannels_proto::methods::{self, MethodVisitor};
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
/// let name = methods::visit("/api/tickets/create_message", &mut DataType);
/// assert!(name.unwrap().ends_with("CreateMessageData"));
/// assert!(methods::visit("/api/nope", &mut DataType).is_none());
/// ```
pub fn visit<V: MethodVisitor>(path: &str, visitor: &mut V) -> Option<V::Output> {
    macro_rules! try_one {
        ($method:ty) => {
            if path_id(<$method as Method>::PATH, path).is_some() {
                return Some(visitor.visit::<$method>());
            }
        };
    }
    for_each_method!(try_one);
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
