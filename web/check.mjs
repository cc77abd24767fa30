// The wasm package as a frontend uses it, in node: decodes the documented response and one
// whose message id is 2^53 + 1, and checks that the crate keeps the id exact where
// JSON.parse rounds it. Run by .ci/run after web/build.sh.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const iq = require("./pkg/nodejs/iqchannels_proto.js");

const path = "/api/tickets/create_message";
const documented = readFileSync(new URL("../tests/fixtures/create_message.response.json", import.meta.url), "utf8");

const { response, warnings } = iq.decodeResponse(path, documented);
assert.equal(response.OK, true);
assert.equal(response.Data.Message.Id, 1632n);
assert.equal(response.Data.Message.Text, "Hello");
assert.equal(new Date(Number(response.Data.Message.CreatedAt)).toISOString(), "2019-01-22T07:38:44.951Z");
assert.equal(response.Graph.Users[0].Name, "Иван Коробков");
assert.deepEqual(warnings, []);

const big = documented.replace('"Id": 1632', '"Id": 9007199254740993');
const exact = iq.decodeResponse(path, big).response.Data.Message.Id;
assert.equal(typeof exact, "bigint");
assert.equal(exact, 9007199254740993n);
assert.equal(exact.toString(), "9007199254740993");
const rounded = JSON.parse(big).Data.Message.Id;
assert.notEqual(BigInt(rounded), 9007199254740993n, "JSON.parse was expected to round");
assert.equal(rounded, 9007199254740992);

const { messages, dangling } = iq.resolveResponse(path, documented);
assert.equal(messages[0].author.kind, "user");
assert.equal(messages[0].author.user.DisplayName, "Иван Коробков");
assert.deepEqual(dangling.map((d) => d.path), ["Graph.Users[0].AvatarId"]);

assert.throws(() => iq.decodeResponse(path, documented.replace('"Text": "Hello"', '"Text": 5')), (error) => {
  assert.ok(error instanceof Error);
  assert.equal(error.name, "ProtocolError");
  assert.equal(error.code, "invalid");
  assert.equal(error.path, "Data.Message.Text");
  assert.equal(error.line, 15);
  return true;
});

const request = iq.encodeRequest(path, { TicketId: 103, Message: { LocalId: 1548142724904n, Type: "text", Text: "Hello" } });
assert.deepEqual(JSON.parse(request.body), JSON.parse(readFileSync(new URL("../tests/fixtures/create_message.request.json", import.meta.url), "utf8")));

console.log(`web/check.mjs: ok (message id ${exact} exact; JSON.parse gave ${rounded})`);
