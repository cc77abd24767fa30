//! The envelope every response comes in, and the API's errors.
//!
//! The envelope sits above [`graph`](crate::graph) (it carries a [`Graph`](crate::Graph)),
//! which is why this layer is placed over `graph` and `model` rather than under them.

mod error;
mod response;

pub use error::{Error, ErrorCode};
pub(crate) use response::Parts;
pub use response::{Outcome, Response, Spelled, Spelling};
