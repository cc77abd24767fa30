//! The methods, one API area per module; each request type sits beside its response data.

pub mod tickets;
