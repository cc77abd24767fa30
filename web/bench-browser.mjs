// Speed in headless Chromium: serves the repository's root on 127.0.0.1 and opens
// web/bench.html in Debian's Chromium, driven by playwright-core. Not run by CI.
//
//   web/build.sh && node web/bench-browser.mjs
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./chromium.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };
const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  try {
    const body = await readFile(root + path);
    // Cross-origin isolated, so that performance.now() has Chromium's finest resolution
    // (5 µs; 100 µs otherwise, coarser than one small body's time).
    response.writeHead(200, {
      "Content-Type": types[extname(path)] ?? "application/octet-stream",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/web/bench.html?rounds=${process.env.ROUNDS ?? 11}`);
  await page.waitForSelector("body[data-done]", { timeout: 600_000 });
  const out = await page.textContent("#out");
  console.log(out);
  if (out.startsWith("error")) process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
