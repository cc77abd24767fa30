// Headless Chromium for the page tests and the browser benchmark: Debian's (CHROMIUM, by
// default /usr/bin/chromium), driven by playwright-core, which downloads no browser.
import { chromium } from "playwright-core";

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
