// The page (web/index.html, web/app.js) in headless Chromium against the development
// server: starts the server (in memory, a free port, web/ served at /), walks the widget's
// flows, checks the page's state after each step, and keeps a screenshot.
//
//   node web/e2e.mjs [SERVER] [SCREENSHOT]
//
// SERVER is the server's binary (default target/debug/iqchannels-devserver: build it with
// `cargo build -p iqchannels-devserver`), SCREENSHOT where the picture goes (default
// target/e2e.png). Needs web/build.sh's package (web/pkg/web), `npm ci` in web/ (for
// playwright-core) and Chromium (CHROMIUM, default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { launch } from "./browser.mjs";

const web = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? join(web, "../target/debug/iqchannels-devserver");
const screenshot = process.argv[3] ?? join(web, "../target/e2e.png");
const timeout = 15_000;

const server = spawn(binary, ["--memory", "--addr", "127.0.0.1:0", "--static", web, "--operator-token", "dev-operator-token"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const found = out.match(/listening on (http:\/\/\S+)/);
    if (found) resolve(found[1]);
  });
  server.on("exit", (code) => reject(new Error(`the server exited (${code}) before listening`)));
  setTimeout(() => reject(new Error("the server did not say where it listens")), timeout);
}).catch((error) => {
  server.kill();
  throw error;
});

const browser = await launch();

const steps = [];
function step(name) {
  steps.push(name);
  console.log(`ok ${steps.length} - ${name}`);
}

try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  const testid = (id) => page.locator(`[data-testid="${id}"]`);
  const waitText = async (id, pattern) => {
    await page.waitForFunction(
      ([id, source]) => new RegExp(source).test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ""),
      [id, pattern.source],
      { timeout },
    ).catch(async () => {
      throw new Error(`${id} is ${JSON.stringify(await testid(id).textContent())}, not ${pattern}; ${problems.join("; ")}`);
    });
  };
  const message = (author, text) =>
    page.locator(`[data-testid="messages"] li[data-author="${author}"]`, { hasText: text });

  // Sign-up, the history (empty), the stream open.
  await page.goto(`${base}/`);
  await waitText("status", /^ready$/);
  await waitText("client-id", /^\d+$/);
  const clientId = await testid("client-id").textContent();
  await waitText("history-count", /^0$/);
  await waitText("stream", /^open$/);
  step(`anonymous sign-up (client ${clientId}), empty history, events stream open`);

  // Typing, then send: the message comes back on the stream, as the client's.
  await page.locator('[data-testid="composer"] input').pressSequentially("Hello from the page");
  await waitText("typing", /^sent$/);
  step("typing sent");
  await page.locator('[data-testid="composer"] input').press("Enter");
  await message("client", "Hello from the page").waitFor({ timeout });
  await waitText("chat-id", /^\d+$/);
  const chatId = await testid("chat-id").textContent();
  step(`sent; the message arrived on the stream (chat ${chatId})`);

  // The operator answers through the Internal API; it reaches the page's stream.
  const answer = await fetch(`${base}/api/tickets/create_message`, {
    method: "POST",
    headers: { Authorization: "Bearer dev-operator-token", "Content-Type": "application/json" },
    body: JSON.stringify({
      TicketId: Number(chatId),
      Message: { LocalId: Date.now(), Type: "text", Text: "Hello, this is the operator" },
    }),
  });
  const answered = await answer.json();
  if (!answered.OK) throw new Error(`tickets/create_message: ${JSON.stringify(answered.Error)}`);
  await message("user", "Hello, this is the operator").waitFor({ timeout });
  step("the operator's answer (tickets/create_message) appeared, its author resolved");

  // An upload: the file message appears, and its link downloads the same bytes.
  const content = `file content ${Date.now()}`;
  await testid("file").setInputFiles({ name: "hello.txt", mimeType: "text/plain", buffer: Buffer.from(content) });
  await waitText("upload", /^[0-9a-f]+(\.txt)?$/);
  const link = page.locator('[data-testid="messages"] li[data-author="client"] a[data-file-id]', { hasText: "hello.txt" });
  await link.waitFor({ timeout });
  const downloaded = await page.evaluate(async (href) => (await fetch(href)).text(), await link.getAttribute("href"));
  if (downloaded !== content) throw new Error(`downloaded ${JSON.stringify(downloaded)}, not the upload`);
  step("uploaded a file; its message links to the same bytes");

  // A second visit: signed in again by the session cookie; the history has the three
  // messages, each with its author.
  await page.reload();
  await waitText("status", /^ready$/);
  await waitText("client-id", new RegExp(`^${clientId}$`));
  await waitText("history-count", /^3$/);
  await message("client", "Hello from the page").waitFor({ timeout });
  await message("user", "Hello, this is the operator").waitFor({ timeout });
  await page.locator('[data-testid="messages"] li[data-author="user"] .author', { hasText: "Operator" }).waitFor({ timeout });
  step("reloaded: the same client by its cookie, the history with authors resolved");

  await page.screenshot({ path: screenshot, fullPage: true });
  if (problems.length > 0) throw new Error(problems.join("\n"));
  console.log(`${steps.length} steps passed; screenshot: ${screenshot}`);
} finally {
  await browser.close();
  server.kill();
}
