//! A request written from a dynamic value by its method's kind and parameters.
use std::fmt;

use crate::codec::document::push_index;
use crate::codec::writer::{write_i64, write_string};
use crate::codec::{EncodedRequest, CONTENT_TYPE};
use crate::methods::{BodyKind, Metadata, Target};
use crate::schema::{FieldSchema, Kind, Rule, Schema};

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE: i64 = (1 << 53) - 1;

/// How deep a value may nest: a request's own types nest three deep; raw JSON (`Data`)
/// may nest more, but not without bound.
const MAX_DEPTH: usize = 128;

/// A value a request is read from, as the typed path's deserializer sees it.
pub trait Source: Sized {
    /// What the value is.
    fn read(&self) -> Read;

    /// An object's entries (its own enumerable ones, in order); `None` for a value that
    /// is not an object, or is an array.
    fn entries(&self) -> Option<Vec<(String, Self)>>;

    /// An array's items, in order; `None` for a value that is not one.
    fn items(&self) -> Option<Vec<Self>>;
}

/// What a [`Source`] value is.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Read {
    /// `null` or `undefined`.
    Nullish,
    /// `true` or `false`.
    Bool(bool),
    /// A number that is a safe integer (JavaScript), an integer within ±(2^53 - 1)
    /// (JSON).
    Int(i64),
    /// Any other number (JavaScript), a number written as a float (JSON).
    Float(f64),
    /// An integer beyond the safe ones: a `BigInt` (JavaScript, `None` when it is beyond
    /// 128 bits), a larger integer (JSON).
    Big(Option<i128>),
    /// A string.
    String(String),
    /// An object, an array or any other value (a function, a symbol): [`Source::entries`]
    /// and [`Source::items`] say which.
    Other,
}

/// Why a value is not a request of its method: where (a JSON path, `Message.Text`; a path
/// parameter, `:chatId`; a query parameter, `?limit`) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceError {
    path: String,
    message: String,
}

impl SourceError {
    /// Where the value is wrong: empty for the request itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was expected, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.as_str() {
            "" => f.write_str(&self.message),
            path => write!(f, "{path}: {}", self.message),
        }
    }
}

impl std::error::Error for SourceError {}

/// The request of the method `metadata` (whose request type is of `kind`, `Wire::KIND`)
/// called at `called` (its path with its parameters' values, and a query), read from
/// `request`: what [`encode_request`](super::encode_request) gives for that request.
///
/// # Errors
///
/// When `request` is not a request of the method, or a parameter of `called` not a value
/// of its type; and for an upload, whose body is a form the caller builds.
pub fn encode_request<S: Source>(
    metadata: &Metadata,
    kind: &Kind,
    called: &str,
    request: &S,
) -> Result<EncodedRequest, SourceError> {
    let (headers, body) = match metadata.body {
        BodyKind::Empty => (Vec::new(), Vec::new()),
        BodyKind::Multipart => {
            return Err(SourceError {
                path: String::new(),
                message: "an upload's body is a form of its fields and the file, which the \
                          caller builds (uploadFields)"
                    .into(),
            })
        }
        _ => {
            let mut writer = Writer {
                out: Vec::with_capacity(128),
                path: String::new(),
                depth: 0,
            };
            writer.value(kind, request)?;
            (vec![("Content-Type", CONTENT_TYPE.to_owned())], writer.out)
        }
    };
    Ok(EncodedRequest {
        verb: metadata.verb,
        target: target(metadata, called)?,
        headers,
        body,
    })
}

/// The target of a call at `called`: each parameter read as its type and written back as
/// its type writes it (`+010` is `10`), the query's in the request's order, a query
/// parameter given twice taking its last value, as the typed path sets them.
fn target(metadata: &Metadata, called: &str) -> Result<String, SourceError> {
    let count = metadata.path_params().count();
    let (path_params, query_params) = metadata.params.split_at(count.min(metadata.params.len()));
    let read = Target::read(metadata, called).unwrap_or_default();
    let mut values = Vec::with_capacity(count);
    for (index, param) in path_params.iter().enumerate() {
        let text = read
            .params
            .get(index)
            .map_or(zero(&param.kind), String::as_str);
        values
            .push(param_value(param, text).map_err(|error| error.at(&format!(":{}", param.name)))?);
    }
    let mut query: Vec<Option<String>> = vec![None; query_params.len()];
    for (name, text) in &read.query {
        if let Some(at) = query_params.iter().position(|param| param.name == name) {
            query[at] = Some(
                param_value(&query_params[at], text)
                    .map_err(|error| error.at(&format!("?{name}")))?,
            );
        }
    }
    // One not given is left out if it may be, else it is its type's zero value.
    let query: Vec<(&str, String)> = query_params
        .iter()
        .zip(query)
        .filter_map(|(param, value)| match (value, param.rule) {
            (Some(value), _) => Some((param.name, value)),
            (None, Rule::Required) => Some((param.name, zero(&param.kind).to_owned())),
            (None, _) => None,
        })
        .collect();
    Ok(metadata.render(&values, &query))
}

/// The text of a parameter's zero value.
fn zero(kind: &Kind) -> &'static str {
    match kind {
        Kind::Int32 | Kind::Int64 | Kind::Timestamp | Kind::Id { text: false, .. } => "0",
        _ => "",
    }
}

/// A parameter's text read as its kind and written back as the kind writes it.
fn param_value(param: &FieldSchema, text: &str) -> Result<String, SourceError> {
    let expected = |what: &str| SourceError {
        path: String::new(),
        message: format!("expected {what}"),
    };
    Ok(match param.kind {
        Kind::Int32 => text
            .parse::<i32>()
            .map_err(|_| expected("a 32-bit integer"))?
            .to_string(),
        Kind::Int64 | Kind::Timestamp | Kind::Id { text: false, .. } => text
            .parse::<i64>()
            .map_err(|_| expected("a 64-bit integer"))?
            .to_string(),
        _ => text.to_owned(),
    })
}

impl SourceError {
    /// The error, under `step` (`Message`, `[2]`, `:chatId`).
    fn at(mut self, step: &str) -> Self {
        self.path.insert_str(0, step);
        self
    }
}

/// The JSON being written, and the path of the value being read.
struct Writer {
    out: Vec<u8>,
    path: String,
    depth: usize,
}

impl Writer {
    fn error(&self, message: impl Into<String>) -> SourceError {
        SourceError {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// `read` with `step` pushed onto the path.
    fn under<T>(
        &mut self,
        step: impl FnOnce(&mut String),
        read: impl FnOnce(&mut Self) -> Result<T, SourceError>,
    ) -> Result<T, SourceError> {
        let length = self.path.len();
        step(&mut self.path);
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} deep")));
        }
        let result = read(self);
        self.depth -= 1;
        self.path.truncate(length);
        result
    }

    /// Writes `value` as a value of `kind`.
    fn value<S: Source>(&mut self, kind: &Kind, value: &S) -> Result<(), SourceError> {
        let read = value.read();
        match kind {
            Kind::Bool => match read {
                Read::Bool(true) => self.out.extend_from_slice(b"true"),
                Read::Bool(false) => self.out.extend_from_slice(b"false"),
                _ => return Err(self.error("expected a boolean")),
            },
            Kind::Int32 => match read {
                Read::Int(int) if i32::try_from(int).is_ok() => write_i64(&mut self.out, int),
                _ => return Err(self.error("expected a 32-bit integer")),
            },
            Kind::Int64 | Kind::Timestamp | Kind::Id { text: false, .. } => {
                match read {
                    Read::Int(int) => write_i64(&mut self.out, int),
                    Read::Big(Some(big)) if i64::try_from(big).is_ok() => {
                        write_i64(&mut self.out, big as i64);
                    }
                    _ => return Err(self.error(
                        "expected a 64-bit integer (a BigInt, or a number that is a safe integer)",
                    )),
                }
            }
            Kind::String | Kind::Secret | Kind::Id { text: true, .. } | Kind::Enum { .. } => {
                match read {
                    Read::String(text) => write_string(&mut self.out, &text),
                    _ => return Err(self.error("expected a string")),
                }
            }
            Kind::Raw => self.raw(read, value)?,
            Kind::Number => match read {
                Read::Int(_) | Read::Float(_) | Read::Big(_) => self.raw(read, value)?,
                _ => return Err(self.error("expected a number")),
            },
            Kind::Unit => match read {
                Read::Nullish => self.out.extend_from_slice(b"null"),
                Read::Other if value.entries().is_some() => {
                    self.out.extend_from_slice(b"null");
                }
                _ => return Err(self.error("expected null or an object")),
            },
            Kind::List(item) => {
                let Some(items) = (read == Read::Other).then(|| value.items()).flatten() else {
                    return Err(self.error("expected an array"));
                };
                self.array(&items, |writer, element| writer.value(item, element))?;
            }
            Kind::Map(item) => {
                let Some(entries) = (read == Read::Other).then(|| value.entries()).flatten() else {
                    return Err(self.error("expected an object"));
                };
                self.members(&entries, |writer, element| writer.value(item, element))?;
            }
            Kind::Object(schema) => self.object(schema(), read, value)?,
            // A kind added later is refused until it is read here.
            #[allow(unreachable_patterns)]
            _ => return Err(self.error(format!("a value of kind {kind:?} is not read here"))),
        }
        Ok(())
    }

    /// Writes `items` as a JSON array, each by `write` under its index.
    fn array<S: Source>(
        &mut self,
        items: &[S],
        write: impl Fn(&mut Self, &S) -> Result<(), SourceError>,
    ) -> Result<(), SourceError> {
        self.out.push(b'[');
        for (index, element) in items.iter().enumerate() {
            if index > 0 {
                self.out.push(b',');
            }
            self.under(
                |path| push_index(path, index),
                |writer| write(writer, element),
            )?;
        }
        self.out.push(b']');
        Ok(())
    }

    /// Writes `entries` as a JSON object, in their order, each value by `write` under its
    /// key.
    fn members<S: Source>(
        &mut self,
        entries: &[(String, S)],
        write: impl Fn(&mut Self, &S) -> Result<(), SourceError>,
    ) -> Result<(), SourceError> {
        self.out.push(b'{');
        for (index, (key, element)) in entries.iter().enumerate() {
            if index > 0 {
                self.out.push(b',');
            }
            write_string(&mut self.out, key);
            self.out.push(b':');
            self.under(
                |path| crate::codec::document::push_key(path, key),
                |writer| write(writer, element),
            )?;
        }
        self.out.push(b'}');
        Ok(())
    }

    /// Writes a request's struct: its entries read in the order they come (so that the
    /// first wrong one is the one the typed path names), unknown keys ignored, then its
    /// fields written in the schema's order, an optional one left out when absent or
    /// `null`.
    fn object<S: Source>(
        &mut self,
        schema: &Schema,
        read: Read,
        value: &S,
    ) -> Result<(), SourceError> {
        let Some(entries) = (read == Read::Other).then(|| value.entries()).flatten() else {
            return Err(self.error(format!("expected a {} object", schema.name)));
        };
        if !schema.request {
            // A response's object has rules (zero values, unknown keys kept) that a
            // request is never written by.
            return Err(self.error(format!("{} is not a request's type", schema.name)));
        }
        // Each field's JSON, once its entry is read (`Some(None)`: present, left out).
        let mut slots: Vec<Option<Option<Vec<u8>>>> = vec![None; schema.fields.len()];
        for (key, element) in &entries {
            let Some(at) = schema.fields.iter().position(|field| field.name == key) else {
                continue;
            };
            let field = &schema.fields[at];
            if slots[at].is_some() {
                return Err(self.error(format!("duplicate field `{}`", field.name)));
            }
            let optional = !matches!(field.rule, Rule::Required | Rule::Zero);
            let written = if optional && element.read() == Read::Nullish {
                None
            } else {
                let start = self.out.len();
                self.under(
                    |path| crate::codec::document::push_key(path, field.name),
                    |writer| writer.value(&field.kind, element),
                )?;
                Some(self.out.split_off(start))
            };
            slots[at] = Some(written);
        }
        if let Some(missing) = schema
            .fields
            .iter()
            .zip(&slots)
            .find(|(field, slot)| slot.is_none() && field.rule == Rule::Required)
        {
            return Err(self.error(format!("missing field `{}`", missing.0.name)));
        }
        self.out.push(b'{');
        let mut first = true;
        for (field, slot) in schema.fields.iter().zip(slots) {
            let Some(Some(json)) = slot else {
                continue;
            };
            if !first {
                self.out.push(b',');
            }
            first = false;
            write_string(&mut self.out, field.name);
            self.out.push(b':');
            self.out.extend_from_slice(&json);
        }
        self.out.push(b'}');
        Ok(())
    }

    /// Writes any value as JSON, as the typed path's raw JSON takes it: integers exactly,
    /// other numbers as serde_json writes them (`null` for one that is not finite), an
    /// object's keys in their order.
    fn raw<S: Source>(&mut self, read: Read, value: &S) -> Result<(), SourceError> {
        match read {
            Read::Nullish => self.out.extend_from_slice(b"null"),
            Read::Bool(true) => self.out.extend_from_slice(b"true"),
            Read::Bool(false) => self.out.extend_from_slice(b"false"),
            Read::Int(int) => write_i64(&mut self.out, int),
            Read::Float(float) => match serde_json::Number::from_f64(float) {
                Some(number) => self.out.extend_from_slice(number.to_string().as_bytes()),
                None => self.out.extend_from_slice(b"null"),
            },
            Read::Big(big) => {
                match big.filter(|big| i64::try_from(*big).is_ok() || u64::try_from(*big).is_ok()) {
                    Some(big) => self.out.extend_from_slice(big.to_string().as_bytes()),
                    None => return Err(self.error("expected an integer of at most 64 bits")),
                }
            }
            Read::String(text) => write_string(&mut self.out, &text),
            Read::Other => {
                if let Some(items) = value.items() {
                    self.array(&items, |writer, element| {
                        writer.raw(element.read(), element)
                    })?;
                } else if let Some(entries) = value.entries() {
                    self.members(&entries, |writer, element| {
                        writer.raw(element.read(), element)
                    })?;
                } else {
                    return Err(self.error("expected a JSON value"));
                }
            }
        }
        Ok(())
    }
}

/// A `serde_json::Value` as a JavaScript value would be: an integer within the safe range
/// is a number, a larger one a `BigInt`, a float a number that is not an integer to the
/// typed path (as serde_json reads it).
impl Source for serde_json::Value {
    fn read(&self) -> Read {
        match self {
            Self::Null => Read::Nullish,
            Self::Bool(value) => Read::Bool(*value),
            Self::Number(number) => {
                if let Some(int) = number.as_i64().filter(|int| int.abs() <= MAX_SAFE) {
                    Read::Int(int)
                } else if let Some(int) = number.as_i64() {
                    Read::Big(Some(i128::from(int)))
                } else if let Some(int) = number.as_u64() {
                    Read::Big(Some(i128::from(int)))
                } else {
                    Read::Float(number.as_f64().unwrap_or(f64::NAN))
                }
            }
            Self::String(text) => Read::String(text.clone()),
            Self::Array(_) | Self::Object(_) => Read::Other,
        }
    }

    fn entries(&self) -> Option<Vec<(String, Self)>> {
        match self {
            Self::Object(map) => Some(
                map.iter()
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect(),
            ),
            _ => None,
        }
    }

    fn items(&self) -> Option<Vec<Self>> {
        match self {
            Self::Array(items) => Some(items.clone()),
            _ => None,
        }
    }
}
