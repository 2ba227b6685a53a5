// Launches Debian's Chromium through playwright-core (no Playwright browser download here), headless, with the
// flags root needs and a fresh profile per launch. Reusable by the browser tests against the real BFF.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium() {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((path) => path && existsSync(path));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORTS = {
  phone: { width: 375, height: 812 },
  desktop: { width: 1280, height: 800 },
};

let clients = 0;
/**
 * A client address of its own for each browser (10.77.x.y). Every browser here connects from 127.0.0.1; with
 * TRUST_PROXY=true (as run.mjs starts the BFF) the X-Forwarded-For header below is the client IP instead, so the
 * per-IP limits count each simulated phone or PC by itself, as they would in production.
 */
export function nextClientIp() {
  clients += 1;
  return `10.77.${(clients >> 8) & 255}.${clients & 255}`;
}

/** A browser context on a throwaway profile; `close()` also deletes the profile. */
export async function launchBrowser({ viewport = VIEWPORTS.phone, locale = 'zh-CN', userAgent, clientIp = nextClientIp() } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'pfs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale,
    userAgent,
    deviceScaleFactor: 1,
    extraHTTPHeaders: { 'X-Forwarded-For': clientIp },
  });
  return {
    clientIp,
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a hash route of the H5 app, with the demo switcher preset to a staff member and entry and no session.
 * The storage is written from a blank page of the same origin (answered by the browser itself, whatever the server
 * is): writing it while the app runs would race the app's own first-visit login, which saves its default choice.
 */
export async function openDemo(page, baseUrl, { route = '/pages/index/index', wecomUserId, entry = 'normal', externalUserId, chatId } = {}) {
  const blank = `${baseUrl}/__pfs-e2e-blank`;
  await page.route(blank, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  try {
    await page.goto(blank);
    await page.evaluate(
      (context) => {
        localStorage.clear();
        sessionStorage.clear();
        localStorage.setItem('pfs.demo.context', JSON.stringify(context));
      },
      { wecomUserId, entry, externalUserId, chatId },
    );
  } finally {
    await page.unroute(blank);
  }
  await page.goto(`${baseUrl}/#${route}`);
}
