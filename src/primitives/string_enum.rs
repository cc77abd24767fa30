//! Forward-compatible string enums: the server may add values at any time.
//!
//! Every enum declared with `string_enum!` has one variant per documented value and a
//! hidden variant that keeps any other value verbatim, so it is written back exactly as
//! it arrived. The hidden variant cannot be built by hand (its [`UnknownValue`] has no
//! public constructor): `From<&str>` is the one way in, and it always picks the
//! documented variant when there is one, so equal wire values are equal Rust values.
//! Known values are read without allocating. The zero value (`Default`) is `""`, like
//! the Go server's.

use std::fmt;
use std::marker::PhantomData;

/// A value of string enum `E` that the crate does not know (yet), kept verbatim.
///
/// Match it with `_`; read it with the enum's `as_str`. Only `E::from` makes one, and
/// only for a value that is none of `E`'s documented ones; the type parameter keeps it
/// from being moved into another enum.
pub struct UnknownValue<E>(pub(crate) String, PhantomData<fn() -> E>);

impl<E> UnknownValue<E> {
    pub(crate) fn new(value: String) -> Self {
        Self(value, PhantomData)
    }

    /// The value as it arrived.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<E> Clone for UnknownValue<E> {
    fn clone(&self) -> Self {
        Self::new(self.0.clone())
    }
}

impl<E> PartialEq for UnknownValue<E> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<E> Eq for UnknownValue<E> {}

impl<E> PartialOrd for UnknownValue<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for UnknownValue<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

impl<E> std::hash::Hash for UnknownValue<E> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl<E> fmt::Debug for UnknownValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Declares a forward-compatible string enum (see the module docs).
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )*
            /// Any other value, kept verbatim. Build it with `From<&str>`, match it with `_`.
            #[doc(hidden)]
            _Unknown($crate::primitives::UnknownValue<$name>),
        }

        impl $crate::schema::Wire for $name {
            const KIND: $crate::schema::Kind = $crate::schema::Kind::Enum {
                name: stringify!($name),
                values: &[$($value),*],
            };
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::_Unknown(value) => value.as_str(),
                }
            }

            /// The documented variant for `value`, if there is one.
            fn known(value: &str) -> Option<Self> {
                match value {
                    $( $value => Some(Self::$variant), )*
                    _ => None,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| {
                    Self::_Unknown($crate::primitives::UnknownValue::new(value.to_owned()))
                })
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::known(&value)
                    .unwrap_or_else(|| Self::_Unknown($crate::primitives::UnknownValue::new(value)))
            }
        }

        /// The zero value, `""`.
        impl Default for $name {
            fn default() -> Self {
                Self::from("")
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// In a URL as its wire value; any other text is kept verbatim.
        impl $crate::primitives::Param for $name {
            fn to_param(&self) -> Option<::std::borrow::Cow<'_, str>> {
                Some(::std::borrow::Cow::Borrowed(self.as_str()))
            }

            fn from_param(text: &str) -> Result<Self, $crate::primitives::ParamError> {
                Ok(Self::from(text))
            }
        }

        /// A documented value, or any string (which may also be a documented one).
        #[cfg(feature = "arbitrary")]
        impl<'a> ::arbitrary::Arbitrary<'a> for $name {
            fn arbitrary(u: &mut ::arbitrary::Unstructured<'a>) -> ::arbitrary::Result<Self> {
                const KNOWN: &[&str] = &[$($value),*];
                if u.arbitrary::<bool>()? {
                    Ok(Self::from(*u.choose(KNOWN)?))
                } else {
                    Ok(Self::from(u.arbitrary::<String>()?))
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }

                    fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    };
}
pub(crate) use string_enum;
