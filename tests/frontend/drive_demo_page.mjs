// Drives the demo page in headless Chromium for tests/browser/test_demo_page.py.
// Usage: node drive_demo_page.mjs '<scenario JSON>'; prints what it saw as one JSON line.
// Scenario: {pageUrl, user, file: {path} | {name, mimeType, size}, screenshots: {dir, prefix},
//            storageAnswer?: {status, body}  (answer the PUT to S3 with this instead of sending it)}
// It only observes; the Python test makes the assertions.
import { basename, join } from "node:path";
import { chromium } from "playwright-core";

const scenario = JSON.parse(process.argv[2]);
const FINAL_STATES = ["done", "error"];

function fileInput(file) {
  if (file.path) return file.path;
  return { name: file.name, mimeType: file.mimeType, buffer: Buffer.alloc(file.size, 0x41) };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const seen = { console: [], storageRequests: [] };
try {
  const page = await browser.newPage({ viewport: { width: 760, height: 720 } });
  page.on("console", (message) => seen.console.push(`${message.type()}: ${message.text()}`));
  page.on("request", (request) => {
    if (request.url().includes("X-Amz-Signature")) {
      // Headers only: the signed URL itself is a credential and is not recorded.
      seen.storageRequests.push({ method: request.method(), headers: request.headers() });
    }
  });
  if (scenario.storageAnswer) {
    await page.route(
      (url) => url.searchParams.has("X-Amz-Signature"),
      (route) => {
        const { status, body } = scenario.storageAnswer;
        route.fulfill({
          status,
          body,
          contentType: "application/xml",
          headers: { "Access-Control-Allow-Origin": new URL(scenario.pageUrl).origin },
        });
      },
    );
  }
  const shot = (name) => page.screenshot({ path: join(scenario.screenshots.dir, `${scenario.screenshots.prefix}-${name}.png`), fullPage: true });

  await page.goto(`${scenario.pageUrl}?user=${encodeURIComponent(scenario.user)}`);
  await page.setInputFiles("#file", fileInput(scenario.file));
  await page.waitForFunction(() => !document.getElementById("preview-figure").hidden);
  seen.previewShown = await page.$eval("#preview", (img) => img.complete && img.src.startsWith("blob:"));
  await shot("1-chosen");

  await page.click("#upload");
  await page.waitForFunction((states) => states.includes(document.getElementById("status").dataset.state), FINAL_STATES, {
    timeout: 45000,
  });
  await shot("2-" + (await page.$eval("#status", (element) => element.dataset.state)));

  Object.assign(
    seen,
    await page.evaluate(() => {
      const avatar = document.getElementById("avatar");
      const progress = document.getElementById("progress");
      const status = document.getElementById("status");
      return {
        state: status.dataset.state,
        statusText: status.textContent,
        avatarVisible: !avatar.hidden,
        avatarSrc: avatar.getAttribute("src"),
        avatarNaturalWidth: avatar.naturalWidth,
        progressShown: !progress.hidden,
        progressValue: progress.value,
        pageOrigin: location.origin,
      };
    }),
  );
  seen.fileName = scenario.file.path ? basename(scenario.file.path) : scenario.file.name;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen) + "\n");
