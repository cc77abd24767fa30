//! `#[wire]`: the declaration read ([`Declaration::parse`]) and every impl written from it
//! ([`Declaration::expand`]).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::{
    Attribute, Error, Expr, ExprLit, Field, Fields, GenericArgument, Ident, ItemStruct, Lit,
    LitStr, Meta, PathArguments, Result, Type,
};

use crate::method::Metadata;

/// The struct's own options: `#[wire(new, request, rename_all = "camelCase")]`, and a
/// method's (`post = "/path"`, `auth`, `spelling`, `data`, ...).
#[derive(Default)]
struct Options {
    /// `new`: a `new(id)` constructor from the field `id`; a request's takes each field
    /// that is not an `Option`.
    new: bool,
    /// `request`: a request body (strict, nothing defaults, unknown keys ignored).
    request: bool,
    /// `rename_all = "camelCase"`: lower camel case wire names; PascalCase otherwise.
    camel_case: bool,
    /// A method's options: what its request is on the wire besides its body.
    method: Metadata,
    /// `message = Ticket` or `message = Chat`: the type is a message of that kind, which
    /// the `Messages` of any value that carries it finds.
    message: Option<Ident>,
}

/// What a request's body is, from the method's `body` and its fields' markers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// An object of the fields (every response object; most requests).
    Object,
    /// The one field marked `body`, written as it is (a bare array, a number, a form of
    /// its own): the others are the path's and the query's.
    Whole,
    /// No JSON body (`body = Empty`, `body = Multipart`): `{}` when serialized on its own,
    /// any JSON value read and ignored, as a Go handler that reads no body ignores it.
    Nothing,
    /// `null` (`body = Scalar` without a field): read from `null` or any object, as Go
    /// reads into an empty struct.
    Null,
}

/// Where a request's field goes.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// In the body (or, for a response, its object).
    Body,
    /// `#[wire(path)]`: a `:name` parameter of the path.
    Path,
    /// `#[wire(query)]`: a query parameter, by this name.
    Query(String),
    /// `#[wire(body)]`: the whole body.
    Whole,
}

/// How a field is read and written, from its type and markers (the table of the crate
/// documentation).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// `T` of a response: missing or `null` is `T::default()`; always written.
    Zero,
    /// `Option<T>` of a response: `null` for `None`.
    Nullable,
    /// `#[wire(when_present)] Option<T>`: written only when `Some`.
    WhenPresent,
    /// `Presence<T>`: absent, `null` or a value, each kept.
    Kept,
    /// `T` of a request: must be present.
    Required,
    /// `Option<T>` of a request: may be missing, written only when `Some`.
    Optional,
    /// `#[wire(skip)]`: not on the wire.
    Skip,
}

/// One field of the declaration.
pub(crate) struct WireField {
    pub(crate) ident: Ident,
    ty: Type,
    /// The field's `#[cfg(...)]` attributes, repeated wherever the field is named.
    cfgs: Vec<Attribute>,
    /// Its doc comment, for the schema.
    doc: String,
    /// Its name on the wire.
    wire: String,
    rule: Rule,
    /// `#[wire(reference)]`: its ids point at graph objects.
    reference: bool,
    /// `Option<LooseId<T>>`: an id a client declares as a string.
    loose: bool,
    /// `#[wire(required)]`: the official clients require the field (a `Presence<T>`):
    /// absent or `null` is reported as a departure.
    required: bool,
    /// Where a request's field goes.
    pub(crate) place: Place,
    /// `#[wire(debug_len)]`: `Debug` shows the field's length, not its content.
    debug_len: bool,
}

/// A `#[wire]` struct, read.
pub(crate) struct Declaration {
    item: ItemStruct,
    options: Options,
    fields: Vec<WireField>,
    doc: String,
    shape: Shape,
}

impl Declaration {
    pub(crate) fn parse(attr: TokenStream, mut item: ItemStruct) -> Result<Self> {
        let mut options = Options::default();
        let parser =
            syn::meta::parser(|meta| {
                if meta.path.is_ident("new") {
                    options.new = true;
                } else if meta.path.is_ident("request") {
                    options.request = true;
                } else if meta.path.is_ident("message") {
                    options.message = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("rename_all") {
                    let value: LitStr = meta.value()?.parse()?;
                    match value.value().as_str() {
                        "camelCase" => options.camel_case = true,
                        "PascalCase" => options.camel_case = false,
                        _ => return Err(Error::new(
                            value.span(),
                            "#[wire]: rename_all is \"PascalCase\" (the default) or \"camelCase\"",
                        )),
                    }
                } else if !options.method.parse_option(&meta)? {
                    return Err(meta.error(
                    "#[wire]: unknown option; expected `new`, `request`, `rename_all = \"...\"`, \
                     `message = Ticket|Chat`, or a method's `get`/`post = \"/path\"`, `auth`, \
                     `spelling`, `data`, `body`, `response`, `multipart`, `retry`",
                ));
                }
                Ok(())
            });
        syn::parse::Parser::parse2(parser, attr)?;
        if options.method.is_method() && !options.request {
            return Err(Error::new_spanned(
                &item.ident,
                "#[wire]: a method's options go with `request`: `#[wire(request, post = \"...\", ...)]`",
            ));
        }
        if !item.generics.params.is_empty() {
            return Err(Error::new_spanned(
                &item.generics,
                "#[wire]: a wire struct has no generic parameters",
            ));
        }
        let mut fields = Vec::new();
        match &mut item.fields {
            Fields::Named(named) => {
                for field in &mut named.named {
                    fields.push(WireField::parse(field, &options)?);
                }
            }
            // A request of no fields at all (`null` for a body).
            Fields::Unit if options.request => {}
            _ => {
                return Err(Error::new_spanned(
                    &item.ident,
                    "#[wire]: a wire struct has named fields",
                ))
            }
        }
        let shape = shape(&item.ident, &options, &fields)?;
        if options.method.is_method() {
            options.method.check(&item.ident, &fields)?;
        }
        if options.new && !options.request && !fields.iter().any(|field| field.ident == "id") {
            return Err(Error::new_spanned(
                &item.ident,
                "#[wire(new)]: the constructor takes the field `id`, which this struct does not have",
            ));
        }
        let doc = doc_of(&item.attrs);
        Ok(Self {
            item,
            options,
            fields,
            doc,
            shape,
        })
    }

    pub(crate) fn expand(self) -> TokenStream {
        let item = self.declared_struct();
        let serialize = self.serialize();
        let deserialize = self.deserialize();
        let references = self.references();
        let debug = self.debug();
        // A schema describes an object (a request of no body is the empty one); a request
        // whose body is one field, or `null`, is of that field's kind.
        let schema = match self.shape {
            Shape::Object | Shape::Nothing => self.schema(),
            Shape::Whole => {
                let ty = &self.whole().ty;
                self.kind(quote!(<#ty as __p::Wire>::KIND))
            }
            Shape::Null => self.kind(quote!(__p::Kind::Unit)),
        };
        let constructor = self.constructor();
        let method = self
            .options
            .method
            .is_method()
            .then(|| self.options.method.expand(self.name(), &self.fields));
        quote! {
            #item
            #constructor
            const _: () = {
                use ::iqchannels_proto::__private as __p;
                #serialize
                #deserialize
                #references
                #debug
                #schema
                #method
            };
        }
    }

    /// The struct as declared, markers taken out, with its derives and the field that
    /// keeps unknown keys.
    fn declared_struct(&self) -> TokenStream {
        let mut item = self.item.clone();
        item.attrs
            .retain(|attr| !attr.path().is_ident("non_exhaustive"));
        for field in item.fields.iter_mut() {
            field.attrs.retain(|attr| !attr.path().is_ident("wire"));
        }
        if let (false, Fields::Named(named)) = (self.options.request, &mut item.fields) {
            named.named.push(syn::parse_quote! {
                /// The keys this type does not model, in the order they came, each with its
                /// raw JSON: written back after the known fields, so that nothing a newer
                /// server or client sends is lost.
                pub unknown: ::iqchannels_proto::UnknownKeys
            });
        }
        // A request is `Default` when it has no required field.
        let default = self
            .fields
            .iter()
            .all(|field| field.rule != Rule::Required)
            .then(|| quote!(Default,));
        quote! {
            #[derive(Clone, #default PartialEq, Eq)]
            #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
            #[non_exhaustive]
            #item
        }
    }

    fn name(&self) -> &Ident {
        &self.item.ident
    }

    /// The fields on the wire (all but `#[wire(skip)]`).
    fn wire_fields(&self) -> impl Iterator<Item = &WireField> {
        self.fields.iter().filter(|field| field.rule != Rule::Skip)
    }

    /// `field: Default::default(),` for each field but `except`, cfgs kept.
    fn defaults(&self, except: Option<&Ident>) -> Vec<TokenStream> {
        self.fields
            .iter()
            .filter(|field| Some(&field.ident) != except)
            .map(|field| {
                let WireField { ident, cfgs, .. } = field;
                quote!(#(#cfgs)* #ident: ::core::default::Default::default(),)
            })
            .collect()
    }

    /// The field that is the whole body (`#[wire(body)]`).
    fn whole(&self) -> &WireField {
        self.fields
            .iter()
            .find(|field| field.place == Place::Whole)
            .expect("a whole body has its field")
    }

    /// `Serialize` and `Deserialize` of a request whose body is not an object of its
    /// fields: the one field that is the body, nothing, or `null`.
    fn serde_of_shape(&self) -> TokenStream {
        let name = self.name();
        let name_text = name.to_string();
        let (write, read) = match self.shape {
            Shape::Whole => {
                let ident = &self.whole().ident;
                let defaults = self.defaults(Some(ident));
                (
                    quote!(__p::serde::Serialize::serialize(&self.#ident, __serializer)),
                    quote! {
                        ::core::result::Result::Ok(Self {
                            #ident: __p::serde::Deserialize::deserialize(__deserializer)?,
                            #(#defaults)*
                        })
                    },
                )
            }
            Shape::Nothing => {
                let defaults = self.defaults(None);
                (
                    quote! {
                        __p::serde::ser::SerializeStruct::end(
                            __p::serde::Serializer::serialize_struct(__serializer, #name_text, 0)?,
                        )
                    },
                    quote! {
                        <__p::serde::de::IgnoredAny as __p::serde::Deserialize>::deserialize(
                            __deserializer,
                        )?;
                        ::core::result::Result::Ok(Self { #(#defaults)* })
                    },
                )
            }
            Shape::Null => {
                let defaults = self.defaults(None);
                (
                    quote!(__p::serde::Serializer::serialize_unit_struct(__serializer, #name_text)),
                    quote! {
                        <::core::option::Option<__p::NoFields> as __p::serde::Deserialize>::deserialize(
                            __deserializer,
                        )?;
                        ::core::result::Result::Ok(Self { #(#defaults)* })
                    },
                )
            }
            Shape::Object => unreachable!("an object's serde is written field by field"),
        };
        let serialize = serialize_impl(name, write);
        quote! {
            #serialize

            #[automatically_derived]
            impl<'de> __p::serde::Deserialize<'de> for #name {
                fn deserialize<__D: __p::serde::Deserializer<'de>>(
                    __deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    #read
                }
            }
        }
    }

    fn serialize(&self) -> TokenStream {
        if self.shape != Shape::Object {
            return self.serde_of_shape();
        }
        let name = self.name();
        let name_text = name.to_string();
        let mut count = Vec::new();
        // Each field written by `put(key, field)` or left out by `skip(key)`.
        let writes = |put: &dyn Fn(&String, &Ident) -> TokenStream,
                      skip: &dyn Fn(&String) -> TokenStream|
         -> Vec<TokenStream> {
            self.wire_fields()
                .map(|field| {
                    let WireField {
                        ident, cfgs, wire, ..
                    } = field;
                    let put = put(wire, ident);
                    match written(field) {
                        Some(written) => {
                            let skip = skip(wire);
                            quote! {
                                #(#cfgs)*
                                if #written {
                                    #put
                                } else {
                                    #skip
                                }
                            }
                        }
                        None => quote!(#(#cfgs)* #put),
                    }
                })
                .collect()
        };
        for field in self.wire_fields() {
            let cfgs = &field.cfgs;
            count.push(match written(field) {
                Some(written) => quote!(#(#cfgs)* if #written { __len += 1; }),
                None => quote!(#(#cfgs)* { __len += 1; }),
            });
        }
        let as_struct = writes(
            &|wire, ident| quote!(__p::serde::ser::SerializeStruct::serialize_field(&mut __object, #wire, &self.#ident)?;),
            &|wire| quote!(__p::serde::ser::SerializeStruct::skip_field(&mut __object, #wire)?;),
        );
        let write_struct = quote! {
            let mut __object = __p::serde::Serializer::serialize_struct(__serializer, #name_text, __len)?;
            #(#as_struct)*
            __p::serde::ser::SerializeStruct::end(__object)
        };
        let body = if self.options.request {
            write_struct
        } else {
            let as_map = writes(
                &|wire, ident| quote!(__p::serde::ser::SerializeMap::serialize_entry(&mut __object, #wire, &self.#ident)?;),
                &|_| quote!(),
            );
            let as_either = writes(
                &|wire, ident| quote!(__object.field(#wire, &self.#ident)?;),
                &|wire| quote!(__object.skip(#wire)?;),
            );
            quote! {
                // Natively, a struct's code and a map's, each as serde's derive writes
                // it: a body without unknown keys (the common case) pays nothing for them.
                #[cfg(not(target_arch = "wasm32"))]
                {
                    if self.unknown.is_empty() {
                        #write_struct
                    } else {
                        let mut __object = __p::serde::Serializer::serialize_map(
                            __serializer,
                            ::core::option::Option::Some(
                                __len + __p::written::<Self>(&self.unknown).count(),
                            ),
                        )?;
                        #(#as_map)*
                        for (__key, __raw) in __p::written::<Self>(&self.unknown) {
                            __p::serde::ser::SerializeMap::serialize_entry(&mut __object, __key, __raw)?;
                        }
                        __p::serde::ser::SerializeMap::end(__object)
                    }
                }
                // In wasm, small over fast: one copy of the fields' code for both.
                #[cfg(target_arch = "wasm32")]
                {
                    let __field: fn(&str) -> bool =
                        |__key| <Self as __p::Object>::field(__key).is_some();
                    let mut __object = __p::ObjectWriter::begin(
                        __serializer,
                        #name_text,
                        __len,
                        &self.unknown,
                        __field,
                    )?;
                    #(#as_either)*
                    __object.end(&self.unknown, __field)
                }
            }
        };
        serialize_impl(
            name,
            quote! {
                let mut __len = 0usize;
                #(#count)*
                #body
            },
        )
    }

    fn deserialize(&self) -> TokenStream {
        if self.shape != Shape::Object {
            // Written with `serialize`.
            return TokenStream::new();
        }
        let name = self.name();
        let name_text = name.to_string();
        let variants: Vec<_> = self.wire_fields().map(variant).collect();
        let cfgs: Vec<_> = self.wire_fields().map(|field| &field.cfgs).collect();
        let wires: Vec<_> = self.wire_fields().map(|field| &field.wire).collect();
        let visit = self.visit();
        quote! {
            #[automatically_derived]
            impl<'de> __p::serde::Deserialize<'de> for #name {
                fn deserialize<__D: __p::serde::Deserializer<'de>>(
                    __deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    __p::deserialize_object::<__D, Self>(__deserializer)
                }
            }

            #[allow(non_camel_case_types)]
            #[derive(Clone, Copy)]
            pub enum __Field {
                #( #(#cfgs)* #variants, )*
            }

            #[automatically_derived]
            impl __p::Object for #name {
                type Field = __Field;

                const NAME: &'static str = #name_text;

                const FIELDS: &'static [&'static str] = &[#( #(#cfgs)* #wires, )*];

                #[inline]
                fn field(__name: &str) -> ::core::option::Option<__Field> {
                    match __name {
                        #( #(#cfgs)* #wires => ::core::option::Option::Some(__Field::#variants), )*
                        _ => ::core::option::Option::None,
                    }
                }

                #visit
            }
        }
    }

    /// The struct's reading, as serde's derive writes it (a slot a field, each key read
    /// once): a response object's missing fields are their zero value (absent for a
    /// `Presence`) and its unknown keys are kept; a request's missing required field is
    /// an error and its unknown keys are ignored, as Go ignores them.
    fn visit(&self) -> TokenStream {
        let request = self.options.request;
        let mut slots = Vec::new();
        let mut arms = Vec::new();
        let mut build = Vec::new();
        for field in &self.fields {
            let WireField {
                ident,
                ty,
                cfgs,
                wire,
                ..
            } = field;
            if field.rule == Rule::Skip {
                build.push(quote!(#(#cfgs)* #ident: ::core::default::Default::default(),));
                continue;
            }
            let variant = variant(field);
            let slot = format_ident!("__slot_{}", variant);
            let read = match field.rule {
                Rule::Zero => quote!(__map.next_value::<__p::ZeroIfNull<#ty>>()?.0),
                _ => quote!(__map.next_value::<#ty>()?),
            };
            slots.push(quote! {
                #(#cfgs)*
                let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;
            });
            arms.push(quote! {
                #(#cfgs)*
                __p::Key::Field(__Field::#variant) => {
                    if #slot.is_some() {
                        return ::core::result::Result::Err(
                            <__A::Error as __p::serde::de::Error>::duplicate_field(#wire),
                        );
                    }
                    #slot = ::core::option::Option::Some(#read);
                }
            });
            let value = if field.rule == Rule::Required {
                quote! {
                    match #slot {
                        ::core::option::Option::Some(__value) => __value,
                        ::core::option::Option::None => {
                            return ::core::result::Result::Err(
                                <__A::Error as __p::serde::de::Error>::missing_field(#wire),
                            )
                        }
                    }
                }
            } else {
                quote!(#slot.unwrap_or_default())
            };
            build.push(quote!(#(#cfgs)* #ident: #value,));
        }
        let (unknown, keep, keep_in) = if request {
            (
                quote!(),
                quote! {
                    __map.next_value::<__p::serde::de::IgnoredAny>()?;
                },
                quote!(),
            )
        } else {
            (
                quote!(let mut __unknown = __p::UnknownKeys::new();),
                quote! {
                    let __raw = __map.next_value()?;
                    __unknown.push(::core::mem::take(&mut __name), __raw);
                },
                quote!(unknown: __unknown,),
            )
        };
        quote! {
            #[inline]
            fn visit_map<'de, __A: __p::serde::de::MapAccess<'de>>(
                mut __map: __A,
            ) -> ::core::result::Result<Self, __A::Error> {
                #(#slots)*
                #unknown
                let mut __name = ::std::string::String::new();
                while let ::core::option::Option::Some(__key) =
                    __map.next_key_seed(__p::KeySeed::<Self>::new(&mut __name))?
                {
                    match __key {
                        #(#arms)*
                        __p::Key::Unknown => {
                            #keep
                        }
                        __p::Key::Ignored => {
                            __map.next_value::<__p::serde::de::IgnoredAny>()?;
                        }
                    }
                }
                ::core::result::Result::Ok(Self {
                    #(#build)*
                    #keep_in
                })
            }
        }
    }

    /// `Debug` as the derive writes it, with the unknown keys only when there are some.
    fn debug(&self) -> TokenStream {
        let name = self.name();
        let name_text = name.to_string();
        let fields = self.fields.iter().map(|field| {
            let WireField { ident, cfgs, .. } = field;
            let text = ident.unraw().to_string();
            if field.debug_len {
                quote! {
                    #(#cfgs)*
                    __debug.field(#text, &::core::format_args!("[{} bytes]", self.#ident.len()));
                }
            } else {
                quote!(#(#cfgs)* __debug.field(#text, &self.#ident);)
            }
        });
        let unknown = (!self.options.request).then(|| {
            quote! {
                if !self.unknown.is_empty() {
                    __debug.field("unknown", &self.unknown);
                }
            }
        });
        quote! {
            #[automatically_derived]
            impl ::core::fmt::Debug for #name {
                fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut __debug = __f.debug_struct(#name_text);
                    #(#fields)*
                    #unknown
                    __debug.finish()
                }
            }
        }
    }

    fn references(&self) -> TokenStream {
        let name = self.name();
        let visits = self
            .wire_fields()
            .filter(|field| field.reference)
            .map(|field| {
                let WireField {
                    ident, cfgs, wire, ..
                } = field;
                quote!(#(#cfgs)* __visitor.field(#wire, &self.#ident);)
            });
        quote! {
            #[automatically_derived]
            impl __p::References for #name {
                fn references(&self, __visitor: &mut __p::ReferenceVisitor<'_>) {
                    let _ = &__visitor;
                    #(#visits)*
                }
            }
        }
    }

    fn schema(&self) -> TokenStream {
        let name = self.name();
        let name_text = name.to_string();
        let doc = &self.doc;
        let request = self.options.request;
        let lints = self.wire_fields().map(|field| {
            let WireField { ty, cfgs, .. } = field;
            quote!(#(#cfgs)* { __lints = __lints || <#ty as __p::Wire>::LINTS; })
        });
        let required = self.wire_fields().any(|field| field.required);
        let lint = self.wire_fields().map(|field| {
            let WireField {
                ident, cfgs, wire, ..
            } = field;
            let absent = field.required.then(|| {
                quote! {
                    if self.#ident.value().is_none() {
                        __lints.found_at(#wire, __p::Departure::Absent);
                    }
                }
            });
            quote!(#(#cfgs)* { #absent __lints.field(#wire, &self.#ident); })
        });
        // A message reports itself; any other type, the messages its fields carry.
        let (messages_const, messages) = match &self.options.message {
            Some(kind) => (
                quote!(true),
                quote!(__found.push(__p::MessageRef::#kind(self));),
            ),
            None => {
                let tys = self.wire_fields().map(|field| {
                    let WireField { ty, cfgs, .. } = field;
                    quote!(#(#cfgs)* { __messages = __messages || <#ty as __p::Wire>::MESSAGES; })
                });
                let walks = self.wire_fields().map(|field| {
                    let WireField { ident, cfgs, .. } = field;
                    quote!(#(#cfgs)* __p::Wire::find_messages(&self.#ident, __found);)
                });
                (
                    quote!({
                        let mut __messages = false;
                        #(#tys)*
                        __messages
                    }),
                    quote! {
                        if <Self as __p::Wire>::MESSAGES {
                            #(#walks)*
                        }
                    },
                )
            }
        };
        let fields = self.wire_fields().map(|field| {
            let WireField {
                ident,
                ty,
                cfgs,
                doc,
                wire,
                reference,
                ..
            } = field;
            let rust = ident.unraw().to_string();
            let rule = match (field.rule, field.loose) {
                (_, true) => quote!(NumberOrDigits),
                (Rule::Zero, _) => quote!(Zero),
                (Rule::Nullable, _) => quote!(Nullable),
                (Rule::WhenPresent, _) => quote!(WhenPresent),
                (Rule::Kept, _) => quote!(Kept),
                (Rule::Required, _) => quote!(Required),
                (Rule::Optional, _) => quote!(Optional),
                (Rule::Skip, _) => unreachable!("not a wire field"),
            };
            quote! {
                #(#cfgs)*
                __p::FieldSchema::__new(
                    #wire,
                    #rust,
                    <#ty as __p::Wire>::KIND,
                    __p::Rule::#rule,
                    #reference,
                    #doc,
                ),
            }
        });
        let message_kind = self
            .options
            .message
            .as_ref()
            .map(|kind| quote!(.__message(__p::MessageKind::#kind)));
        quote! {
            #[automatically_derived]
            impl __p::Described for #name {
                const SCHEMA: __p::Schema =
                    __p::Schema::__new(#name_text, #doc, &[#(#fields)*], #request)#message_kind;
            }

            #[automatically_derived]
            impl __p::Wire for #name {
                const KIND: __p::Kind =
                    __p::Kind::Object(|| &<#name as __p::Described>::SCHEMA);

                const LINTS: bool = {
                    let mut __lints = #required;
                    #(#lints)*
                    __lints
                };

                fn lint<'__v>(&'__v self, __lints: &mut __p::Lints<'__v>) {
                    if <Self as __p::Wire>::LINTS {
                        #(#lint)*
                    }
                }

                const MESSAGES: bool = #messages_const;

                fn find_messages<'__v>(
                    &'__v self,
                    __found: &mut ::std::vec::Vec<__p::MessageRef<'__v>>,
                ) {
                    #messages
                }
            }
        }
    }

    /// The `Wire` impl of a request whose body is not an object of its fields.
    fn kind(&self, kind: TokenStream) -> TokenStream {
        let name = self.name();
        quote! {
            #[automatically_derived]
            impl __p::Wire for #name {
                const KIND: __p::Kind = #kind;
            }
        }
    }

    fn constructor(&self) -> Option<TokenStream> {
        if !self.options.new {
            return None;
        }
        if self.options.request {
            return Some(self.request_constructor());
        }
        let name = self.name();
        let field = self.fields.iter().find(|field| field.ident == "id")?;
        let ty = &field.ty;
        let doc = format!("A `{name}` with this id; every other field is its zero value.");
        Some(quote! {
            impl #name {
                #[doc = #doc]
                pub fn new(id: #ty) -> Self {
                    Self {
                        id,
                        ..::core::default::Default::default()
                    }
                }
            }
        })
    }
}

impl Declaration {
    /// A request's `new`: each field that is not an `Option`, in order (a `String` as
    /// `impl Into<String>`), the options `None`; and for each optional query parameter, a
    /// setter of its own name.
    fn request_constructor(&self) -> TokenStream {
        let name = self.name();
        let (mut params, mut inits, mut setters, mut taken) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for field in &self.fields {
            let WireField { ident, ty, .. } = field;
            if option_inner(ty).is_some() {
                inits.push(quote!(#ident: ::core::option::Option::None,));
                if let Place::Query(query) = &field.place {
                    let doc = format!("With `?{query}` (`None`: left out).");
                    setters.push(quote! {
                        #[doc = #doc]
                        #[must_use]
                        pub fn #ident(mut self, #ident: #ty) -> Self {
                            self.#ident = #ident;
                            self
                        }
                    });
                }
                continue;
            }
            taken.push(format!("`{}`", ident.unraw()));
            if last_segment(ty).is_some_and(|segment| segment == "String") {
                params.push(quote!(#ident: impl ::core::convert::Into<::std::string::String>));
                inits.push(quote!(#ident: #ident.into(),));
            } else {
                params.push(quote!(#ident: #ty));
                inits.push(quote!(#ident,));
            }
        }
        let mut doc = match taken.as_slice() {
            [] => "The request.".to_owned(),
            [one] => format!("The request for {one}."),
            [rest @ .., last] => format!("The request for {} and {last}.", rest.join(", ")),
        };
        if taken.len() < self.fields.len() {
            doc.push_str(" Its options are absent.");
        }
        quote! {
            impl #name {
                #[doc = #doc]
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits)* }
                }

                #(#setters)*
            }
        }
    }
}

impl WireField {
    fn parse(field: &mut Field, options: &Options) -> Result<Self> {
        let ident = field.ident.clone().expect("named fields");
        let mut rename = None;
        let (mut reference, mut when_present, mut required, mut skip, mut debug_len) =
            (false, false, false, false, false);
        let mut place = Place::Body;
        for attr in field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("wire"))
        {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    rename = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("reference") {
                    reference = true;
                } else if meta.path.is_ident("when_present") {
                    when_present = true;
                } else if meta.path.is_ident("required") {
                    required = true;
                } else if meta.path.is_ident("skip") {
                    skip = true;
                } else if meta.path.is_ident("debug_len") {
                    debug_len = true;
                } else if meta.path.is_ident("path") {
                    place = Place::Path;
                } else if meta.path.is_ident("query") {
                    let name = match meta.value() {
                        Ok(value) => value.parse::<LitStr>()?.value(),
                        Err(_) => wire_name(&ident.unraw().to_string(), options),
                    };
                    place = Place::Query(name);
                } else if meta.path.is_ident("body") {
                    place = Place::Whole;
                } else {
                    return Err(meta.error(
                        "#[wire]: unknown field marker; expected `rename = \"...\"`, `reference`, \
                         `when_present`, `required`, `skip`, `debug_len`, or a method's `path`, \
                         `query` (`= \"name\"`) or `body`",
                    ));
                }
                Ok(())
            })?;
        }
        let ty = field.ty.clone();
        let option = option_inner(&ty).is_some();
        let presence = last_segment(&ty).is_some_and(|name| name == "Presence");
        if when_present && !option {
            return Err(Error::new_spanned(
                &ty,
                "#[wire(when_present)] marks an `Option<T>` field",
            ));
        }
        if required && !presence {
            return Err(Error::new_spanned(
                &ty,
                "#[wire(required)] marks a `Presence<T>` field: its absence and `null` are kept to be reported",
            ));
        }
        let loose = option_inner(&ty)
            .and_then(last_segment)
            .is_some_and(|name| name == "LooseId");
        if when_present && options.request {
            return Err(Error::new_spanned(
                &ty,
                "#[wire(when_present)]: a request's `Option<T>` is always written only when present",
            ));
        }
        if place != Place::Body && !options.method.is_method() {
            return Err(Error::new_spanned(
                &ident,
                "#[wire(path)], #[wire(query)] and #[wire(body)] mark a method's request fields: \
                 the struct needs `#[wire(request, post = \"...\", ...)]`",
            ));
        }
        let no_json_body = matches!(options.method.body_kind().as_str(), "Empty" | "Multipart");
        let rule = match () {
            () if skip || no_json_body => Rule::Skip,
            () if matches!(place, Place::Path | Place::Query(_)) => Rule::Skip,
            () if presence => Rule::Kept,
            () if options.request && option => Rule::Optional,
            () if options.request => Rule::Required,
            () if when_present => Rule::WhenPresent,
            () if option => Rule::Nullable,
            () => Rule::Zero,
        };
        let wire = rename.unwrap_or_else(|| wire_name(&ident.unraw().to_string(), options));
        let cfgs = field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("cfg"))
            .cloned()
            .collect();
        Ok(Self {
            doc: doc_of(&field.attrs),
            ident,
            ty,
            cfgs,
            wire,
            rule,
            reference,
            loose,
            required,
            place,
            debug_len,
        })
    }

    /// The schema of a path or query parameter's field, by its parameter's `name`:
    /// required unless it is an `Option`.
    pub(crate) fn param_schema(&self, name: &str) -> TokenStream {
        let WireField { ident, ty, doc, .. } = self;
        let rust = ident.unraw().to_string();
        let rule = match option_inner(ty) {
            Some(_) => quote!(Optional),
            None => quote!(Required),
        };
        quote! {
            __p::FieldSchema::__new(
                #name,
                #rust,
                <#ty as __p::Wire>::KIND,
                __p::Rule::#rule,
                false,
                #doc,
            )
        }
    }

    /// The field's name in lower camel case, as a path's `:name` spells it (`chatId`).
    pub(crate) fn camel_name(&self) -> String {
        wire_name(
            &self.ident.unraw().to_string(),
            &Options {
                camel_case: true,
                ..Options::default()
            },
        )
    }
}

/// The body's shape, from the method's `body` and the fields' markers; an error where they
/// disagree.
fn shape(name: &Ident, options: &Options, fields: &[WireField]) -> Result<Shape> {
    let kind = options.method.body_kind();
    let mut wholes = fields.iter().filter(|field| field.place == Place::Whole);
    let whole = wholes.next();
    if let Some(second) = wholes.next() {
        return Err(Error::new_spanned(
            &second.ident,
            "#[wire(body)]: one field is the whole body",
        ));
    }
    let mut in_body = fields
        .iter()
        .filter(|field| field.place == Place::Body && field.rule != Rule::Skip);
    match (kind.as_str(), whole) {
        ("Empty" | "Multipart", Some(whole)) => Err(Error::new_spanned(
            &whole.ident,
            "#[wire(body)]: this method's body is not JSON",
        )),
        ("Empty", None) => match fields.iter().find(|field| field.place == Place::Body) {
            Some(field) => Err(Error::new_spanned(
                &field.ident,
                "a method of no body: each field goes in the path (`#[wire(path)]`) or the query (`#[wire(query)]`)",
            )),
            None => Ok(Shape::Nothing),
        },
        ("Multipart", None) => Ok(Shape::Nothing),
        ("Object" | "Array" | "Scalar", Some(_)) => match in_body.next() {
            Some(field) => Err(Error::new_spanned(
                &field.ident,
                "beside the field that is the whole body (`#[wire(body)]`), a field goes in the path or the query",
            )),
            None => Ok(Shape::Whole),
        },
        ("Array", None) => Err(Error::new_spanned(
            name,
            "`body = Array` needs the field that is the body: `#[wire(body)]`",
        )),
        ("Scalar", None) => match in_body.next() {
            Some(field) => Err(Error::new_spanned(
                &field.ident,
                "`body = Scalar`: the body is one field, marked `#[wire(body)]`",
            )),
            None => Ok(Shape::Null),
        },
        ("Object", None) => Ok(Shape::Object),
        _ => Err(Error::new_spanned(
            options.method.body.as_ref(),
            "#[wire]: `body` is `Object`, `Array`, `Scalar`, `Empty` or `Multipart`",
        )),
    }
}

/// `impl Serialize for name` around the body of its `serialize`.
fn serialize_impl(name: &Ident, body: TokenStream) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl __p::serde::Serialize for #name {
            fn serialize<__S: __p::serde::Serializer>(
                &self,
                __serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                #body
            }
        }
    }
}

/// When a field is written: `None` for always, else the condition.
fn written(field: &WireField) -> Option<TokenStream> {
    let ident = &field.ident;
    match field.rule {
        Rule::WhenPresent | Rule::Optional => Some(quote!(self.#ident.is_some())),
        Rule::Kept => Some(quote!(!self.#ident.is_absent())),
        _ => None,
    }
}

/// The `__Field` variant of a field: `f_` and its name without `r#` (so that `r#type`
/// gives `f_type`, not the keyword).
fn variant(field: &WireField) -> Ident {
    Ident::new(&format!("f_{}", field.ident.unraw()), Span::call_site())
}

/// `ticket_id` as `TicketId`, or `ticketId` in camel case.
fn wire_name(rust: &str, options: &Options) -> String {
    let mut name = String::with_capacity(rust.len());
    for (index, word) in rust.split('_').filter(|word| !word.is_empty()).enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if index == 0 && options.camel_case {
                name.push(first);
            } else {
                name.extend(first.to_uppercase());
            }
            name.push_str(chars.as_str());
        }
    }
    name
}

/// The last segment of a type's path: `Option` of `Option<T>`.
fn last_segment(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(path) if path.qself.is_none() => {
            path.path.segments.last().map(|segment| &segment.ident)
        }
        _ => None,
    }
}

/// `T` of `Option<T>`.
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    if segment.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    match arguments.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// The doc comment of an item, its lines joined by newlines, one leading space taken off.
fn doc_of(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if let Meta::NameValue(meta) = &attr.meta {
            if meta.path.is_ident("doc") {
                if let Expr::Lit(ExprLit {
                    lit: Lit::Str(text),
                    ..
                }) = &meta.value
                {
                    let text = text.value();
                    lines.push(text.strip_prefix(' ').unwrap_or(&text).to_owned());
                }
            }
        }
    }
    lines.join("\n")
}
