// The npm package as a frontend installs it: `node web/npm-install-test.mjs <tarball>`.
//
// In a scratch project outside the repository, `npm install` of the tarball that
// web/build.sh packs (the package only: nothing else of the repository is reachable), then:
// - node imports it by name (ESM) and decodes a response whose id is above 2^53;
// - tsc checks a TypeScript file that imports it by name, against the package's own types;
// - esbuild (web/package.json's devDependencies) bundles a page that imports it by name,
//   and headless Chromium (playwright-core, CHROMIUM or /usr/bin/chromium) runs that page
//   from a local server and decodes the same response.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, serve } from "./browser.mjs";

if (!process.argv[2]) {
  console.error("usage: node web/npm-install-test.mjs <tarball that web/build.sh packs>");
  process.exit(2);
}
const tarball = resolve(process.argv[2]);
const web = dirname(fileURLToPath(import.meta.url));
const bin = (name) => join(web, "node_modules", ".bin", name);
const scratch = mkdtempSync(join(tmpdir(), "iqchannels-npm-"));
const run = (command, args) =>
  execFileSync(command, args, { cwd: scratch, stdio: ["ignore", "pipe", "inherit"] }).toString();

// A history page of the public API whose one message has an id above 2^53.
const check = `
const body = '{"OK":true,"Result":[{"Id":9007199254740993,"ChatId":1,"Text":"hi"}],"Rels":{}}';
const { response } = decodeResponse("/public/api/v1/chats/channel/messages/:channel", body);
const id = response.Result?.[0]?.Id;
if (id !== 9007199254740993n) throw new Error("the id is " + id);
`;

try {
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  run("npm", ["install", "--no-audit", "--no-fund", "--silent", tarball]);

  // Node, ESM, by name.
  writeFileSync(join(scratch, "node-check.mjs"), `import { decodeResponse } from "iqchannels-proto";\n${check}\nconsole.log("node: ok");\n`);
  process.stdout.write(run("node", ["node-check.mjs"]));

  // TypeScript, against the installed package's types.
  writeFileSync(
    join(scratch, "check.ts"),
    `import { decodeResponse, type ChatMessage } from "iqchannels-proto";\nimport wasm from "iqchannels-proto/iqchannels_proto_bg.wasm";\nconst url: string = wasm;\nvoid url;\n${check}\nconst first: ChatMessage | undefined = response.Result?.[0];\nconst exact: bigint | undefined = id;\nexport { first, exact };\n`,
  );
  writeFileSync(
    join(scratch, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2020", lib: ["ES2020", "ESNext.Disposable", "DOM"], module: "ES2022", moduleResolution: "bundler", strict: true, noEmit: true },
      files: ["check.ts"],
    }),
  );
  run(bin("tsc"), ["-p", "tsconfig.json"]);
  console.log("tsc: ok");

  // A page bundled by esbuild, run in Chromium.
  writeFileSync(
    join(scratch, "page.js"),
    `import init, { decodeResponse } from "iqchannels-proto";
import wasm from "iqchannels-proto/iqchannels_proto_bg.wasm";
try {
  await init({ module_or_path: wasm });
  ${check}
  document.title = "ok";
} catch (error) {
  document.title = "failed: " + error;
}
`,
  );
  const dist = join(scratch, "dist");
  mkdirSync(dist);
  run(bin("esbuild"), ["page.js", "--bundle", "--format=esm", "--loader:.wasm=file", `--outdir=${dist}`, "--log-level=warning"]);
  writeFileSync(join(dist, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>\n');
  const server = await serve(dist);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.title !== "", null, { timeout: 30000 });
    const title = await page.title();
    if (title !== "ok") throw new Error(`the bundled page: ${title}`);
    console.log("esbuild bundle in Chromium: ok");
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
