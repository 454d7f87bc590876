/**
 * Debian's chromium, driven by playwright-core: the one browser every dashboard test opens
 * pages in. Fails loudly (never skips) when the package is missing.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium. Run scripts/bootstrap.sh (as root) or apt-get install -y chromium.`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
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

/** A new page that records console errors, page errors and every request leaving file:// (an offline page makes none). */
export async function offlinePage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => {
    if (!r.url().startsWith("file://")) errors.push(`network request: ${r.url()}`);
  });
  return { page, errors };
}

/** Marks vega drew in a dashboard chart's SVG (points, line paths, bars, ticks, rules). */
export async function chartMarkCount(page: Page, chartId: string): Promise<number> {
  const marks = ["g.mark-symbol path", "g.mark-line path", "g.mark-rect path", "g.mark-rule line"];
  return page.locator(marks.map((mark) => `#chart-${chartId} .chart-view svg ${mark}`).join(", ")).count();
}
