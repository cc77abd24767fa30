// What the page tests and the browser benchmark share: headless Chromium, Debian's
// (CHROMIUM, by default /usr/bin/chromium), driven by playwright-core, which downloads no
// browser; and a static server for the pages it opens.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

/** Serves the files under `root` on 127.0.0.1 (`/` is `index.html`), each with `headers` too; resolves to the server, listening. */
export async function serve(root, headers = {}) {
  const server = createServer(async (request, response) => {
    const url = decodeURIComponent(new URL(request.url, "http://x").pathname).replace(/^\/$/, "/index.html");
    const path = normalize(url).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(root, path));
      response.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream", ...headers });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((listening) => server.listen(0, "127.0.0.1", listening));
  return server;
}

/** Launches it as root without the sandbox, with no background traffic to hosts this machine cannot reach. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
