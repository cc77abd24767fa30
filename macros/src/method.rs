//! A method's declaration: `#[wire(request, post = "/path/:param", auth = ..., spelling =
//! ..., data = ...)]` read ([`Metadata::parse`]) and its `Method` impl, its place in the
//! registry written ([`Metadata::expand`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::meta::ParseNestedMeta;
use syn::{Error, Ident, LitStr, Result, Type};

use crate::wire::{Place, WireField};

/// What a method's request is on the wire besides its body's fields: the options of
/// `#[wire(request, ...)]` that make the struct a method.
#[derive(Default)]
pub(crate) struct Metadata {
    /// `get = "..."` or `post = "..."`: the verb and the whole path template.
    route: Option<(Ident, LitStr)>,
    /// `auth = Operator`: the credential (`methods::Auth`).
    auth: Option<Ident>,
    /// `spelling = ResultRels`: the envelope's spelling (`methods::Spelling`).
    spelling: Option<Ident>,
    /// `data = Chat`: the type of the response's data.
    data: Option<Type>,
    /// `body = Array`: the body's kind (`methods::BodyKind`); `Object` unless given.
    pub(crate) body: Option<Ident>,
    /// `response = Stream`: what comes back (`methods::ResponseKind`); `Envelope` unless
    /// given.
    response: Option<Ident>,
    /// `multipart = UploadFile::form`: what writes a `Multipart` body.
    multipart: Option<syn::Path>,
    /// `retry`: a POST that is safe to send again when its answer was lost (a GET is).
    retry: Option<Ident>,
}

impl Metadata {
    /// Reads one option of the struct's attribute, if it is a method's; `Ok(false)` when
    /// it is not.
    pub(crate) fn parse_option(&mut self, meta: &ParseNestedMeta<'_>) -> Result<bool> {
        let path = &meta.path;
        if path.is_ident("get") || path.is_ident("post") {
            let verb = if path.is_ident("get") { "Get" } else { "Post" };
            let template: LitStr = meta.value()?.parse()?;
            self.route = Some((Ident::new(verb, template.span()), template));
        } else if path.is_ident("auth") {
            self.auth = Some(meta.value()?.parse()?);
        } else if path.is_ident("spelling") {
            self.spelling = Some(meta.value()?.parse()?);
        } else if path.is_ident("data") {
            self.data = Some(meta.value()?.parse()?);
        } else if path.is_ident("body") {
            self.body = Some(meta.value()?.parse()?);
        } else if path.is_ident("response") {
            self.response = Some(meta.value()?.parse()?);
        } else if path.is_ident("multipart") {
            self.multipart = Some(meta.value()?.parse()?);
        } else if path.is_ident("retry") {
            self.retry = path.get_ident().cloned();
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    /// Whether any of a method's options was given.
    pub(crate) fn is_method(&self) -> bool {
        self.route.is_some()
            || self.auth.is_some()
            || self.spelling.is_some()
            || self.data.is_some()
            || self.body.is_some()
            || self.response.is_some()
            || self.multipart.is_some()
            || self.retry.is_some()
    }

    /// The body's kind, as written in the declaration (`Object` unless given).
    pub(crate) fn body_kind(&self) -> String {
        self.body
            .as_ref()
            .map_or_else(|| "Object".to_owned(), Ident::to_string)
    }

    /// Checks the declaration whole: every option a method needs, a field for each of the
    /// path's parameters in the template's order, and no path field the template lacks.
    pub(crate) fn check(&self, name: &Ident, fields: &[WireField]) -> Result<()> {
        let missing = |what: &str| {
            Error::new_spanned(
                name,
                format!("#[wire(request, ...)]: a method needs `{what}`"),
            )
        };
        let (_, template) = self
            .route
            .as_ref()
            .ok_or_else(|| missing("get = \"/path\"` or `post = \"/path\""))?;
        self.auth.as_ref().ok_or_else(|| missing("auth = ..."))?;
        self.spelling
            .as_ref()
            .ok_or_else(|| missing("spelling = ..."))?;
        self.data.as_ref().ok_or_else(|| missing("data = ..."))?;
        if let (Some(retry), Some((verb, _))) = (&self.retry, &self.route) {
            if verb == "Get" {
                return Err(Error::new_spanned(
                    retry,
                    "#[wire(request, ...)]: a GET is safe to retry already; `retry` marks a POST that is",
                ));
            }
        }
        if self.multipart.is_some() != (self.body_kind() == "Multipart") {
            return Err(Error::new_spanned(
                name,
                "#[wire(request, ...)]: `multipart = ...` goes with `body = Multipart`, and only with it",
            ));
        }
        let path = template.value();
        let params: Vec<&str> = params(&path).collect();
        let fields: Vec<&WireField> = fields
            .iter()
            .filter(|field| field.place == Place::Path)
            .collect();
        for (index, param) in params.iter().enumerate() {
            match fields.get(index) {
                Some(field) if field.camel_name() == *param => {}
                Some(field) => {
                    return Err(Error::new_spanned(
                        &field.ident,
                        format!(
                            "#[wire(path)]: this is parameter {} of the path, `:{param}`, whose field is `{}` (the path's parameters, in order, are fields marked `path`)",
                            index + 1,
                            snake_case(param),
                        ),
                    ))
                }
                None => {
                    return Err(Error::new_spanned(
                        template,
                        format!(
                            "the path's parameter `:{param}` has no field: declare `#[wire(path)] pub {}: ...`",
                            snake_case(param),
                        ),
                    ))
                }
            }
        }
        if let Some(extra) = fields.get(params.len()) {
            return Err(Error::new_spanned(
                &extra.ident,
                format!("#[wire(path)]: the path `{path}` has no parameter for this field"),
            ));
        }
        Ok(())
    }

    /// The `Method` impl and the check that the method is in the registry.
    pub(crate) fn expand(&self, name: &Ident, fields: &[WireField]) -> TokenStream {
        let (verb, template) = self.route.as_ref().expect("checked");
        let (auth, spelling, data) = (
            self.auth.as_ref().expect("checked"),
            self.spelling.as_ref().expect("checked"),
            self.data.as_ref().expect("checked"),
        );
        let body = format_ident!("{}", self.body_kind());
        let response = self
            .response
            .clone()
            .unwrap_or_else(|| format_ident!("Envelope"));
        let path_fields: Vec<_> = fields
            .iter()
            .filter(|field| field.place == Place::Path)
            .collect();
        let query_fields: Vec<(&WireField, &String)> = fields
            .iter()
            .filter_map(|field| match &field.place {
                Place::Query(name) => Some((field, name)),
                _ => None,
            })
            .collect();
        let query_names = query_fields.iter().map(|(_, name)| name);
        // The parameters described as data: the path's by their `:name`, the query's by
        // theirs.
        let params = path_fields
            .iter()
            .map(|field| field.param_schema(&field.camel_name()))
            .chain(
                query_fields
                    .iter()
                    .map(|(field, name)| field.param_schema(name)),
            );
        let path_params = (!path_fields.is_empty()).then(|| {
            let idents: Vec<_> = path_fields.iter().map(|field| &field.ident).collect();
            let names: Vec<_> = path_fields.iter().map(|field| field.camel_name()).collect();
            quote! {
                fn path_params(&self) -> ::std::vec::Vec<::std::string::String> {
                    ::std::vec![#(
                        __p::Param::to_param(&self.#idents)
                            .map(::std::borrow::Cow::into_owned)
                            .unwrap_or_default()
                    ),*]
                }

                fn set_path_params(
                    &mut self,
                    __params: &[::std::string::String],
                ) -> ::core::result::Result<(), (&'static str, __p::ParamError)> {
                    let mut __values = __params.iter();
                    #(
                        let __value = __values.next().map_or("", ::std::string::String::as_str);
                        self.#idents = __p::Param::from_param(__value)
                            .map_err(|__error| (#names, __error))?;
                    )*
                    ::core::result::Result::Ok(())
                }
            }
        });
        let query_params = (!query_fields.is_empty()).then(|| {
            let idents: Vec<_> = query_fields.iter().map(|(field, _)| &field.ident).collect();
            let names: Vec<_> = query_fields.iter().map(|(_, name)| name).collect();
            quote! {
                fn query_params(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                    let mut __query = ::std::vec::Vec::new();
                    #(
                        if let ::core::option::Option::Some(__value) = __p::Param::to_param(&self.#idents) {
                            __query.push((#names, __value.into_owned()));
                        }
                    )*
                    __query
                }

                fn set_query_param(
                    &mut self,
                    __name: &str,
                    __text: &str,
                ) -> ::core::result::Result<(), __p::ParamError> {
                    match __name {
                        #( #names => self.#idents = __p::Param::from_param(__text)?, )*
                        _ => {}
                    }
                    ::core::result::Result::Ok(())
                }
            }
        });
        let multipart = self.multipart.as_ref().map(|writer| {
            quote! {
                fn multipart_body(
                    &self,
                ) -> ::core::option::Option<
                    ::core::result::Result<__p::MultipartBody, __p::UploadEncodeError>,
                > {
                    ::core::option::Option::Some(#writer(self))
                }
            }
        });
        let retry = self.retry.as_ref().map(|_| quote!(.safe_to_retry()));
        // What a client's `call` takes: the methods answered with one envelope.
        let envelope = (response == "Envelope").then(|| {
            quote! {
                #[automatically_derived]
                impl __p::Envelope for #name {}
            }
        });
        let unregistered = format!(
            "{name} is not in the list of methods: add it to for_each_method! (api/mod.rs)"
        );
        quote! {
            #[automatically_derived]
            impl __p::Method for #name {
                const METADATA: __p::Metadata = __p::Metadata::new(__p::Verb::#verb, #template)
                    .with_query(&[#(#query_names),*])
                    .with_params(&[#(#params),*])
                    .with_body(__p::BodyKind::#body)
                    .with_response(__p::ResponseKind::#response)
                    .with_auth(__p::Auth::#auth)
                    .with_spelling(__p::Spelling::#spelling)
                    #retry;

                type Data = #data;

                #path_params
                #query_params
                #multipart
            }

            #envelope

            // In the one list of methods, which the router, the inspector and the wasm
            // package reach every method through.
            const _: () = ::core::assert!(__p::registered(#template), #unregistered);
        }
    }
}

/// The `:name` parameters of a path template, in order, without their `:`.
fn params(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix(':'))
}

/// `chatId` as `chat_id`.
fn snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            snake.push('_');
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
}
