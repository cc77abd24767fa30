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
    /// The path the request is `POST`ed to.
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
}

/// Implements [`Method`] for `$request` and, with the `wasm` feature, adds the method to
/// the TypeScript `Methods` map (interfaces of the same name merge): the one place a
/// method's path is written.
macro_rules! method {
    ($request:ident => $path:literal, $data:ident) => {
        impl $crate::methods::Method for $request {
            const PATH: &'static str = $path;
            type Data = $data;
        }

        typescript!(
            "export interface Methods {\n    \"",
            $path,
            "\": { request: ",
            stringify!($request),
            "; data: ",
            stringify!($data),
            " };\n}\n",
        );
    };
}

/// Something done with a method chosen at run time: see [`visit`] and [`visit_all`].
pub trait MethodVisitor {
    /// What a visit gives back.
    type Output;

    /// Does the work for method `M`.
    fn visit<M: Method>(&mut self) -> Self::Output;
}

/// Calls `$apply!(Type)` once per known method; the one list of methods.
macro_rules! for_each_method {
    ($apply:ident) => {
        $apply!(crate::api::tickets::CreateMessage);
    };
}

/// Visits the method whose path is exactly `path` (`/api/tickets/create_message`);
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
            if path == <$method as Method>::PATH {
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
