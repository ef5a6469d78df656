// Sees a running full sync's progress on the dashboard (see FullSyncProgressIT, which slows rsync down).
// Env: DASHBOARD_URL, SCREENSHOT (PNG path, optional). Exits non-zero with the reason on failure.
import { chromium } from "playwright-core";
import process from "node:process";

const WAIT = { timeout: 90_000 };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 420 } });
  await page.goto(process.env.DASHBOARD_URL + "?refresh=500");
  // the bar and its text read together, while the sync runs (0 < width < 100)
  const shown = await page.waitForFunction(() => {
    const row = document.querySelector('tr[data-target="web1"]');
    const bar = row && row.querySelector(".bar > div");
    const width = bar ? parseFloat(bar.style.width) : 0;
    return width > 0 && width < 100 ? row.querySelector(".progress").textContent : false;
  }, null, WAIT);
  const text = await shown.jsonValue();
  if (!/full sync of site: .*\d (B|kB|MB|GB), \d+%/.test(text)) throw new Error("unexpected progress text: " + text);
  console.log("step: progress shown: " + text.trim());
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT });
  console.log("progress test passed");
} catch (e) {
  console.error("progress test failed: " + e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
