// Speed in headless Chromium: serves the repository's root on 127.0.0.1 and opens
// web/bench.html in Debian's Chromium, driven by playwright-core. Not run by CI.
//
//   web/build.sh && node web/bench-browser.mjs
import { fileURLToPath } from "node:url";
import { launch, serve } from "./browser.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
// Cross-origin isolated, so that performance.now() has Chromium's finest resolution (5 µs;
// 100 µs otherwise, coarser than one small body's time).
const server = await serve(root, {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
});
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
