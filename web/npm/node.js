// The package in node: the browser build, its wasm read from beside this file and
// instantiated at import, so that `import { decodeResponse } from "iqchannels-proto"`
// needs no `init()` (calling it anyway does nothing).
import { readFileSync } from "node:fs";
import { initSync } from "./iqchannels_proto.js";

initSync({ module: readFileSync(new URL("./iqchannels_proto_bg.wasm", import.meta.url)) });

export * from "./iqchannels_proto.js";
export { default, initSync } from "./iqchannels_proto.js";
