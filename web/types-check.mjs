// The package's values against its own `.d.ts`: `node web/types-check.mjs [package dir]`
// (default web/pkg/nodejs, which web/build.sh writes; or a packed package's folder, such as
// web/pkg/npm-iqchannels-proto-chat, loaded through its node entry).
//
// The declarations are read with TypeScript's parser. For every fixture with a JSON
// response whose method the package has (the public API's, the chat API's, the Internal
// API's documented one), every object of the response's
// data and graph that a declared interface types gets an undocumented key; the package
// decodes the body; and each object it gives must have only keys its interface declares
// and the undocumented keys the body carried in that object (none where the package filled
// in a zero value): the keys the body gave first, in the body's order, as JSON.parse gives
// them, then the declared fields it did not give, in their declared order.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const web = dirname(fileURLToPath(import.meta.url));
const dir = resolve(process.argv[2] ?? join(web, "pkg", "nodejs"));
const { decodeResponse } = existsSync(join(dir, "node.js"))
  ? await import(join(dir, "node.js"))
  : createRequire(import.meta.url)(join(dir, "iqchannels_proto.js"));
const source = ts.createSourceFile("package.d.ts", readFileSync(join(dir, "iqchannels_proto.d.ts"), "utf8"), ts.ScriptTarget.Latest, true);

const interfaces = new Map();
const aliases = new Map();
for (const statement of source.statements) {
  if (ts.isInterfaceDeclaration(statement)) {
    interfaces.set(statement.name.text, statement.members);
  } else if (ts.isTypeAliasDeclaration(statement)) {
    aliases.set(statement.name.text, statement.type);
  }
}
const UNDOCUMENTED = "Undocumented";
const name = (member) => member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;

/** The interface a type names, through unions with `null` and aliases; else undefined. */
function shape(type) {
  if (ts.isUnionTypeNode(type)) {
    return type.types.map(shape).find((found) => found !== undefined);
  }
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const typeName = type.typeName.text;
    if (interfaces.has(typeName)) return { interface: typeName };
    if (typeName !== "RawJson" && aliases.has(typeName)) return shape(aliases.get(typeName));
    return undefined;
  }
  if (ts.isArrayTypeNode(type)) {
    const element = shape(type.elementType);
    return element && { array: element };
  }
  if (ts.isTypeLiteralNode(type)) {
    const index = type.members.find(ts.isIndexSignatureDeclaration);
    const value = index && shape(index.type);
    return value && { map: value };
  }
  return undefined;
}

/** Walks `json` as `found` types it, calling `visit(object, interfaceName)` on each object an interface types. */
function walk(json, found, visit) {
  if (found === undefined || json === null || typeof json !== "object") return;
  if (found.array) {
    if (Array.isArray(json)) json.forEach((element) => walk(element, found.array, visit));
  } else if (found.map) {
    for (const value of Object.values(json)) walk(value, found.map, visit);
  } else if (!Array.isArray(json)) {
    visit(json, found.interface);
    for (const member of interfaces.get(found.interface)) {
      const key = name(member);
      if (key !== undefined && member.type && Object.hasOwn(json, key)) walk(json[key], shape(member.type), visit);
    }
  }
}

/** Checks the package's `value` against the body's `json` (annotated), both typed by `found`. */
function check(value, json, found, path) {
  if (found === undefined || value === null || value === undefined || typeof value !== "object") return;
  if (found.array) {
    // Every element the body carried is given (none left out with a warning).
    if (Array.isArray(json) && json.length !== value.length) throw new Error(`${path}: ${value.length} elements of ${json.length}`);
    value.forEach((element, at) => check(element, Array.isArray(json) ? json[at] : undefined, found.array, `${path}[${at}]`));
    return;
  }
  if (found.map) {
    for (const [key, element] of Object.entries(value)) check(element, json?.[key], found.map, `${path}.${key}`);
    return;
  }
  const members = interfaces.get(found.interface);
  const declared = members.map(name).filter((key) => key !== undefined);
  const open = members.some(ts.isIndexSignatureDeclaration);
  const keys = Object.keys(value);
  const carried = json !== null && typeof json === "object" && !Array.isArray(json);
  // The keys the body's object carried that its interface does not declare (the one this
  // check adds, and any a fixture has), in the body's order: after the declared ones.
  const undocumented = carried && !open ? Object.keys(json).filter((key) => !declared.includes(key)) : [];
  // The keys the body gave come first, in the body's order, as JSON.parse gives them; then
  // the declared fields it did not give, in their declared order.
  const given = carried ? Object.keys(json).filter((key) => keys.includes(key)) : [];
  if (keys.slice(0, given.length).join() !== given.join()) {
    throw new Error(`${path} (${found.interface}): the keys the body gave are not first, in its order: ${keys}`);
  }
  const rest = keys.slice(given.length);
  const known = rest.filter((key) => !undocumented.includes(key));
  const lost = undocumented.filter((key) => !keys.includes(key));
  if (lost.length > 0 || rest.slice(known.length).join() !== undocumented.filter((key) => rest.includes(key)).join()) {
    throw new Error(`${path} (${found.interface}): the undocumented keys ${undocumented} are not kept, after the declared ones: ${keys}`);
  }
  for (const key of [...given.filter((key) => !undocumented.includes(key)), ...known]) {
    if (!declared.includes(key) && !open) throw new Error(`${path} (${found.interface}): ${key} is not declared`);
  }
  let last = -1;
  for (const key of known) {
    const at = declared.indexOf(key);
    if (at >= 0 && at < last) throw new Error(`${path} (${found.interface}): ${key} out of the declared order`);
    if (at >= 0) last = at;
  }
  for (const member of members) {
    const key = name(member);
    if (key !== undefined && member.type && Object.hasOwn(value, key)) {
      check(value[key], carried ? json[key] : undefined, shape(member.type), `${path}.${key}`);
    }
  }
}

const methods = new Map();
for (const member of interfaces.get("Methods")) {
  const entry = new Map(member.type.members.map((field) => [name(field), field.type]));
  const spelling = entry.get("spelling").literal.text;
  methods.set(name(member), { data: entry.get("data"), spelling });
}

const fixtures = join(web, "..", "tests", "fixtures");
const fixture = (...path) => JSON.parse(readFileSync(join(fixtures, ...path), "utf8"));
const candidates = readdirSync(join(fixtures, "public"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => fixture("public", file))
  .filter((found) => found.response && typeof found.response === "object" && "OK" in found.response)
  .map((found) => ({ path: found.method.split(" ")[1], response: found.response }));
candidates.push(
  { path: "/api/tickets/create_message", response: fixture("create_message.response.json") },
  { path: "/api/v1/chats/get/:chatId", response: fixture("chat", "get_chat.response.json") },
  { path: "/api/v1/chats/messages/query_by_chat/:chatId", response: fixture("chat", "query_messages.response.json") },
);
// The package's own methods: the widget's has the public API's, the operator workplace's the
// chat API's, and both the Internal API's.
const publicApi = [...methods.keys()].some((path) => path.startsWith("/public/"));
const chatApi = [...methods.keys()].some((path) => path.startsWith("/api/v1/"));
const cases = candidates.filter(({ path }) => {
  const api = path.startsWith("/public/") ? publicApi : path.startsWith("/api/v1/") ? chatApi : true;
  if (api && !methods.has(path)) throw new Error(`${path}: not in Methods`);
  return api;
});
const [leastCases, leastObjects] = publicApi ? [40, 100] : [3, 15];

let objects = 0;
for (const { path, response } of cases) {
  const method = methods.get(path);
  const [dataKey, graphKey] = method.spelling === "ResultRels" ? ["Result", "Rels"] : ["Data", "Graph"];
  const body = structuredClone(response);
  const typed = [
    [dataKey, shape(method.data)],
    [graphKey, { interface: "Graph" }],
  ];
  for (const [key, found] of typed) {
    walk(body[key], found, (object) => {
      object[UNDOCUMENTED] = 1;
      objects += 1;
    });
  }
  // The graph's index signature would take the key as a collection: not on the graph itself.
  if (body[graphKey]) delete body[graphKey][UNDOCUMENTED];
  const { response: decoded, warnings } = decodeResponse(path, JSON.stringify(body));
  if (warnings.length > 0) throw new Error(`${path}: ${JSON.stringify(warnings)}`);
  for (const [key, found] of typed) check(decoded[key], body[key], found, `${path} ${key}`);
}
if (cases.length < leastCases || objects < leastObjects) throw new Error(`only ${cases.length} responses, ${objects} objects`);
console.log(`web/types-check.mjs ${dir}: ok (${cases.length} responses, ${objects} objects given an undocumented key, each object's keys as its interface declares)`);
