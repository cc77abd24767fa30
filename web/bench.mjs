// Speed in node: the wasm package against JSON.parse and the exact parsers a frontend would
// pick, each with the resolution of authors by hand (web/bench-core.mjs). Not run by CI.
//
//   web/build.sh && node web/bench.mjs
//
// In headless Chromium: node web/bench-browser.mjs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { run, sourceReviver, table, textToBytes } from "./bench-core.mjs";

const require = createRequire(import.meta.url);
const iq = require("./pkg/nodejs/iqchannels_proto.js");
const peers = {
  jsonBigint: require("json-bigint"),
  losslessJson: require("lossless-json"),
  jsonWithBigint: await import("json-with-bigint"),
};
const fixture = (path) => readFileSync(new URL(`../tests/fixtures/${path}`, import.meta.url), "utf8");
const fixtures = { documented: fixture("create_message.response.json"), history: fixture("public/11-channel_messages.json") };

const now = () => performance.now();
const rows = run(iq, peers, fixtures, now, Number(process.env.ROUNDS ?? 11));
console.log(`node ${process.version}; JSON.parse with source: ${sourceReviver() ? "yes" : "no"}; µs per body, median; (x) = time over the crate's\n`);
console.log(table(rows));
console.log(`\n${textToBytes(fixtures, now)}`);
