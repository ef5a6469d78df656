// Drives the dashboard in Debian's headless Chromium (see DashboardBrowserIT, which starts the fleet).
// Env: DASHBOARD_URL, TOKEN (status.token), KILL_PID (the rsync daemon of target web2), SCREENSHOT (PNG path).
// Prints each step; exits non-zero with the reason on the first failure.
import { chromium } from "playwright-core";
import process from "node:process";

const url = process.env.DASHBOARD_URL;
const token = process.env.TOKEN;
const killPid = Number(process.env.KILL_PID);
const screenshot = process.env.SCREENSHOT;
const WAIT = { timeout: 90_000 };
const step = (text) => console.log("step: " + text);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
let page;
try {
  page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));

  await page.goto(url + "?refresh=500");
  await page.waitForSelector('tr[data-target="web1"][data-state="ready"]', WAIT);
  await page.waitForSelector('tr[data-target="web2"][data-state="ready"]', WAIT);
  step("both targets shown ready");

  process.kill(killPid, "SIGKILL");
  step("sent SIGKILL to web2's rsync daemon (pid " + killPid + ")");
  const dead = await page.waitForSelector('tr[data-target="web2"] .state.state-dead', WAIT);
  const colour = await dead.evaluate((el) => getComputedStyle(el).backgroundColor);
  if (colour !== "rgb(198, 40, 40)") throw new Error("dead target is not red: " + colour);
  step("web2 turned dead, in red");

  await page.click('button[data-action="full-sync"][data-target="web1"]');
  await page.waitForFunction(() => document.getElementById("message").textContent.includes("(401)"), null, WAIT);
  step("full sync without the token refused: " + await page.textContent("#message"));

  await page.fill("#token", token);
  await page.click('button[data-action="full-sync"][data-target="web1"]');
  await page.waitForFunction(() => document.getElementById("message").textContent.startsWith("requested"), null, WAIT);
  step("full sync with the token accepted: " + await page.textContent("#message"));

  await page.waitForFunction(() => [...document.querySelectorAll("#changes li")]
      .some((li) => li.textContent.includes("web1") && li.textContent.includes("recovery")
          && li.textContent.includes("asked for a full sync")), null, WAIT);
  step("web1 went to recovery for the requested full sync");
  await page.waitForSelector('tr[data-target="web1"][data-state="ready"]', WAIT);
  step("web1 back to ready");

  await page.waitForFunction(() => document.querySelectorAll("#spark-throughput polyline").length === 1
      && Number(document.getElementById("throughput").textContent) > 0, null, WAIT);
  await page.waitForFunction(() => /\d+ (ms|s)$/.test(document.getElementById("latency").textContent), null, WAIT);
  step("throughput and latency drawn: " + await page.textContent("#throughput") + " files/s, "
      + await page.textContent("#latency"));
  await page.waitForFunction(() => Number(document.querySelector('tr[data-target="web2"] .lag').textContent
      .replace(/\D/g, "")) > 0, null, WAIT);
  step("web2's lag grows while it is dead");
  if (errors.length) throw new Error("errors in the page: " + errors.join("; "));
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
    step("screenshot " + screenshot);
  }
  console.log("dashboard test passed");
} catch (e) {
  console.error("dashboard test failed: " + e.message);
  if (page && screenshot) {
    await page.screenshot({ path: screenshot.replace(/\.png$/, "-failed.png"), fullPage: true }).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
