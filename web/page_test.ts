/**
 * The interactive tutorial in real headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core): the page is built into a temporary folder and served by a tiny loopback
 * static server, once plain and once cross-origin isolated (COOP/COEP headers). Any console
 * error or page error fails the test. Ignored when Chromium is absent; to run it:
 * `apt-get install -y chromium && deno task test web/`.
 */

/// <reference lib="dom" />

import assert from "node:assert/strict";
import puppeteer, { type Browser, type Page } from "npm:puppeteer-core@25.16.0";
import { CHROMIUM, missingChromium } from "../tools/optional.ts";
import { buildWeb, stop } from "../tools/build.ts";
import { capture } from "../examples/_testing.ts";
import { main } from "../examples/threshold_loop.ts";

const ROOT = new URL("..", import.meta.url);
const TRANSCRIPT = Deno.readTextFileSync(
  new URL("examples/testdata/threshold_loop_seed0_transcript.txt", ROOT),
);
const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

/** A static file server on 127.0.0.1, with or without the headers of cross-origin isolation. */
function serve(dir: string, isolated: boolean): { url: string; server: Deno.HttpServer } {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname.replace(/\/$/, "/index.html");
    const headers: Record<string, string> = isolated
      ? {
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
      }
      : {};
    try {
      const body = await Deno.readFile(`${dir}${path}`);
      headers["Content-Type"] = TYPES[path.split(".").pop()!] ?? "application/octet-stream";
      return new Response(body, { headers });
    } catch {
      return new Response("not found", { status: 404, headers });
    }
  });
  return { url: `http://127.0.0.1:${server.addr.port}/`, server };
}

/** Opens the page, recording every console error and page error. */
async function open(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page: ${e}`));
  await page.goto(url);
  return page;
}

const done = (page: Page) =>
  page.waitForFunction(() => document.body.dataset.state === "done", { timeout: 30_000 });
const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? "");

/** Multiplies twice (helpers start during the first product) and returns the reported sum. */
async function multiply(page: Page): Promise<string> {
  for (const n of ["1", "2"]) {
    await page.click("#matmul");
    await page.waitForFunction(
      (n) => document.getElementById("threads")!.dataset.count === n,
      {},
      n,
    );
    await new Promise((r) => setTimeout(r, 300)); // let helper workers start between the two
  }
  return await page.$eval("#threads", (el) => (el as HTMLElement).dataset.sum!);
}

const skip = await missingChromium();

Deno.test({
  name:
    "the tutorial page in headless Chromium: PyTorch's transcript, divergence, languages, threads",
  ignore: skip !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "descent_web_" });
    const plain = serve(dir, false);
    const isolated = serve(dir, true);
    let browser: Browser | null = null;
    const errors: string[] = [];
    try {
      await buildWeb(dir);
      browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ["--no-sandbox", "--lang=en-US"],
      });

      // The default tutorial (lr = 1, threshold = 1e-5, seed 0) prints PyTorch's transcript.
      const page = await open(browser, plain.url, errors);
      await done(page);
      assert.equal(await text(page, "#transcript"), TRANSCRIPT);
      assert.equal(
        await text(page, "#outcome"),
        "Converged: after 19 steps the loss is below 1.0000e-05.",
      );
      // The live matrices: y and the final pred, as tables of the printed elements.
      const cells = (id: string) =>
        page.$$eval(`#${id} td`, (tds) => tds.map((td) => td.textContent).join(" "));
      assert.equal(
        await cells("y"),
        "0.1000 0.2000 0.3000 0.4000 0.5000 0.6000 0.7000 0.8000 0.9000",
      );
      assert.equal(
        await cells("pred"),
        "0.1033 0.2048 0.2982 0.3977 0.4984 0.6003 0.6982 0.8008 0.8963",
      );
      assert.equal(await page.$$eval("#curve polyline", (p) => p.length), 1);

      // Moving the slider to its end (lr = 20) diverges, and the page says why, with the
      // numbers of `deno run examples/threshold_loop.ts --lr 20`.
      await page.focus("#lr");
      await page.keyboard.press("End");
      await done(page);
      assert.equal(await text(page, "#lr-value"), "20");
      const diverged = await text(page, "#outcome");
      assert.match(
        diverged,
        /^Diverged at iteration 3: the loss grew from 9\.8391e-02 to 1\.6431e\+02; lr = 20 is too large\./,
      );
      assert.match(diverged, /1 - 2\*lr\/9 = -3\.444: beyond -1 every step overshoots/);
      assert.match(diverged, /only 0 < lr < 9 converges/);
      assert.equal(
        await page.$eval("#outcome", (el) => (el as HTMLElement).dataset.kind),
        "diverged",
      );
      // The transcript is the example's up to its explanation.
      const cli = capture(main, ["--lr", "20"]).stdout;
      assert.equal(await text(page, "#transcript"), cli.slice(0, cli.indexOf("stopped:")));

      // The same explanation in Korean.
      await page.click("#lang");
      assert.equal(await page.$eval("html", (el) => el.lang), "ko");
      assert.equal(await text(page, "h1"), "자동 미분(autograd)으로 하는 경사 하강법");
      const ko = await text(page, "#outcome");
      assert.match(
        ko,
        /^3번째 반복에서 발산했습니다: 손실이 9\.8391e-02에서 1\.6431e\+02\(으\)로 커졌습니다/,
      );
      assert.match(ko, /lr = 20은\(는\) 너무 큽니다/);
      assert.match(ko, /0 < lr < 9일 때만 수렴합니다/);
      await page.click("#lang");
      assert.equal(await text(page, "#run"), "Run again");

      // Not isolated: no shared memory, no helper thread, the product still right.
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      const plainSum = await multiply(page);
      assert.equal(page.workers().length, 0);
      assert.match(await text(page, "#threads"), /^not cross-origin isolated: no helper threads/);

      // Isolated: helper threads start (one per extra core, at most 3) and give the same sum.
      const iso = await open(browser, isolated.url, errors);
      await done(iso);
      assert.equal(await text(iso, "#transcript"), TRANSCRIPT);
      assert.equal(await iso.evaluate(() => crossOriginIsolated), true);
      const cores = await iso.evaluate(() => navigator.hardwareConcurrency);
      const isoSum = await multiply(iso);
      assert.equal(iso.workers().length, Math.min(cores - 1, 3));
      assert.equal(isoSum, plainSum);
      assert.match(await text(iso, "#threads"), /^cross-origin isolated: helper threads available/);

      assert.deepEqual(errors, []);
    } finally {
      await browser?.close();
      await plain.server.shutdown();
      await isolated.server.shutdown();
      await stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
