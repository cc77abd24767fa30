//! Prints the TypeScript declarations of the wire types and methods this build has, from
//! their schemas ([`iqchannels_proto::schema`]): every struct a method's request, its data
//! or a graph collection holds, the ids and string enums they use, `Graph`, `Reference`
//! and the `Methods` map. `web/build.sh` runs it with a package's features and adds what
//! it prints, and `web/types/`, to the `.d.ts` that `wasm-bindgen` writes:
//!
//! ```text
//! cargo run --example typescript --no-default-features --features public
//! ```
//!
//! The TypeScript of a field follows from its rule: a response object's fields may each be
//! missing (`K?: T`; `Decoded<T>` in `web/types/core.d.ts` says which ones a decoded value
//! always has), `| null` where the rule keeps or writes `null`, and a request's required
//! fields are required.

use std::collections::BTreeMap;
use std::fmt::Write;

use iqchannels_proto::api::{self, MethodVisitor};
use iqchannels_proto::schema::{FieldSchema, Kind, Rule, Schema, Wire};
use iqchannels_proto::{Graph, Method};

/// The wire types that `web/types/` names (the resolved messages, the streams' frames,
/// `imagePath`'s size): declared in every package, whatever its methods reach.
const NAMED_BY_THE_PACKAGE: &[Kind] = &[
    <iqchannels_proto::Error as Wire>::KIND,
    <iqchannels_proto::Message as Wire>::KIND,
    <iqchannels_proto::ChatMessage as Wire>::KIND,
    <iqchannels_proto::ChatEvent as Wire>::KIND,
    <iqchannels_proto::AdvancedUnreadResult as Wire>::KIND,
    <iqchannels_proto::FileImageSize as Wire>::KIND,
];

/// TypeScript names for the types whose Rust name JavaScript already takes.
const RENAMED: &[(&str, &str)] = &[("Error", "ApiError")];

fn name(schema: &Schema) -> &'static str {
    RENAMED
        .iter()
        .find(|(rust, _)| *rust == schema.name)
        .map_or(schema.name, |(_, typescript)| typescript)
}

/// The type of a value of `kind`.
fn typescript(kind: &Kind) -> String {
    match kind {
        Kind::Bool => "boolean".into(),
        Kind::Int32 => "number".into(),
        Kind::Int64 => "bigint".into(),
        Kind::Timestamp => "Timestamp".into(),
        Kind::Number => "bigint | number".into(),
        Kind::String | Kind::Secret => "string".into(),
        Kind::Id { name, .. } | Kind::Enum { name, .. } => (*name).into(),
        Kind::Raw => "RawJson".into(),
        Kind::List(item) => match **item {
            Kind::Number => "(bigint | number)[]".into(),
            _ => format!("{}[]", typescript(item)),
        },
        Kind::Map(value) => format!("{{ [key: string]: {} }}", typescript(value)),
        Kind::Object(schema) => name(schema()).into(),
        Kind::Unit => "null".into(),
        other => panic!("no TypeScript for the kind {other:?}: add it to examples/typescript.rs"),
    }
}

/// A field's line: optional, nullable or required as its rule reads and writes it.
fn field(field: &FieldSchema) -> String {
    let ty = typescript(&field.kind);
    let (optional, ty) = match field.rule {
        Rule::Required => ("", ty),
        Rule::Zero | Rule::Optional => ("?", ty),
        Rule::NumberOrDigits => ("?", format!("{ty} | string | null")),
        // Nullable, WhenPresent, Kept.
        _ => ("?", format!("{ty} | null")),
    };
    format!("{}{optional}: {ty};", field.name)
}

/// A doc comment as JSDoc at `indent`, without its Rust examples.
fn doc(out: &mut String, text: &str, indent: &str) {
    let mut lines = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            lines.push(line.trim_end().replace("*/", "*\\/"));
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if lines.is_empty() {
        return;
    }
    if let [line] = &lines[..] {
        let _ = writeln!(out, "{indent}/** {line} */");
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in lines {
        let line = format!("{indent} * {line}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(out, "{indent} */");
}

/// Every type the declarations name, found from the roots.
#[derive(Default)]
struct Found {
    objects: BTreeMap<&'static str, &'static Schema>,
    ids: BTreeMap<&'static str, bool>,
    enums: BTreeMap<&'static str, &'static [&'static str]>,
}

impl Found {
    fn walk(&mut self, kind: &Kind) {
        match kind {
            Kind::List(item) | Kind::Map(item) => self.walk(item),
            Kind::Id { name, text } => {
                self.ids.insert(name, *text);
            }
            Kind::Enum { name, values } => {
                self.enums.insert(name, values);
            }
            Kind::Object(schema) => {
                let schema = schema();
                match self.objects.insert(name(schema), schema) {
                    None => {
                        for field in schema.fields {
                            self.walk(&field.kind);
                        }
                    }
                    // The same type, reached again (its schema may be a copy: compared by
                    // its fields), or two types of one name, which one `.d.ts` cannot hold.
                    Some(known) => assert!(
                        known
                            .fields
                            .iter()
                            .map(|field| (field.name, field.rust))
                            .eq(schema.fields.iter().map(|field| (field.name, field.rust))),
                        "two wire types named {} in one package",
                        schema.name
                    ),
                }
            }
            _ => {}
        }
    }
}

/// The `Methods` map's lines, and the kinds of every request and data.
#[derive(Default)]
struct Methods {
    lines: String,
    roots: Vec<Kind>,
}

impl MethodVisitor for Methods {
    type Output = ();

    fn visit<M: Method>(&mut self) {
        let metadata = M::METADATA;
        let _ = writeln!(
            self.lines,
            "    \"{}\": {{ request: {}; data: {}; spelling: \"{:?}\" }};",
            metadata.path,
            typescript(&M::KIND),
            typescript(&<M::Data as Wire>::KIND),
            metadata.spelling,
        );
        self.roots.push(M::KIND);
        self.roots.push(<M::Data as Wire>::KIND);
    }
}

fn main() {
    let mut methods = Methods::default();
    api::visit_all(&mut methods);
    let mut found = Found::default();
    for kind in methods
        .roots
        .iter()
        .chain(Graph::KINDS)
        .chain(NAMED_BY_THE_PACKAGE)
    {
        found.walk(kind);
    }

    let mut out = String::from(
        "// Generated from the schemas by `examples/typescript.rs` (`web/build.sh` runs it).\n\n\
         /** Milliseconds since the Unix epoch, exact: `new Date(Number(at))`. */\n\
         export type Timestamp = bigint;\n\
         /** A JSON value the crate does not model; integers that fit 64 bits are `bigint`. */\n\
         export type RawJson = null | boolean | number | bigint | string | RawJson[] | { [key: string]: RawJson };\n",
    );
    for (id, text) in &found.ids {
        if *text {
            let _ = writeln!(
                out,
                "/** `{id}`: an id that is text. */\nexport type {id} = string;"
            );
        } else {
            let _ = writeln!(
                out,
                "/** `{id}`: an exact int64 id; `Number(id)` is exact up to 2^53. */\nexport type {id} = bigint;"
            );
        }
    }
    for (name, values) in &found.enums {
        let values: String = values
            .iter()
            .map(|value| format!("\"{value}\" | "))
            .collect();
        let _ = writeln!(
            out,
            "/** `{name}`: a documented value, or any other string, kept verbatim. */\nexport type {name} = {values}(string & {{}});"
        );
    }
    for (name, schema) in &found.objects {
        out.push('\n');
        doc(&mut out, schema.doc, "");
        if schema.fields.is_empty() {
            let _ = writeln!(out, "export interface {name} {{}}");
            continue;
        }
        let _ = writeln!(out, "export interface {name} {{");
        for wire in schema.fields {
            doc(&mut out, wire.doc, "    ");
            let _ = writeln!(out, "    {}", field(wire));
        }
        out.push_str("}\n");
    }

    // The graph and its references, from the one list of its typed collections.
    let collections: Vec<(&str, &Schema)> = Graph::TYPED
        .iter()
        .zip(Graph::KINDS)
        .filter_map(|(wire, kind)| match kind {
            Kind::Object(schema) => Some((*wire, schema())),
            _ => None,
        })
        .collect();
    out.push_str(
        "\n/** `Graph` (`Rels`): the related objects by collection; a typed collection is left out when empty, any other kept as it came. */\n\
         export interface Graph {\n",
    );
    let mut elements = String::from("RawJson");
    for (wire, schema) in &collections {
        let _ = writeln!(out, "    {wire}?: {}[];", name(schema));
        let _ = write!(elements, " | {}[]", name(schema));
    }
    let _ = writeln!(out, "    [collection: string]: {elements} | undefined;\n}}");
    let references: Vec<String> = collections
        .iter()
        .map(|(_, schema)| {
            let id = schema
                .field("Id")
                .map_or_else(|| "bigint".to_owned(), |id| typescript(&id.kind));
            let mut kind = name(schema).to_owned();
            kind[..1].make_ascii_lowercase();
            format!("\n    | {{ kind: \"{kind}\"; id: {id} }}")
        })
        .collect();
    let _ = writeln!(
        out,
        "/** An id that names an object of the graph, told apart by `kind`. */\nexport type Reference ={};",
        references.concat()
    );

    let _ = write!(
        out,
        "\n/** Every method of this build, by path: its request, its data and the envelope's spelling. */\n\
         export interface Methods {{\n{}}}\n",
        methods.lines
    );
    print!("{out}");
}
