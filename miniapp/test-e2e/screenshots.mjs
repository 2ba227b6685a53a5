// Builds nothing: serves the existing dist/h5 (run `pnpm build:h5` first) with the fake BFF, and screenshots
// the demo switcher, every tab as advisor and as manager, and the sidebar, at 375 px and 1280 px.
// Output: <repo>/artifacts/miniapp/*.png. Usage: node test-e2e/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openDemo, VIEWPORTS } from './browser.mjs';
import { FAKE_CONTACTS, FAKE_GROUPS, startFakeBff } from './fake-bff.mjs';

const OUT = fileURLToPath(new URL('../../artifacts/miniapp/', import.meta.url));
mkdirSync(OUT, { recursive: true });

const PERSONAS = { advisor: 'zhangxiaoming', manager: 'lijing' };
const TABS = {
  workbench: '/workbench/pages/index',
  customers: '/customers/pages/index',
  brochure: '/brochure/pages/index',
  reports: '/reports/pages/index',
  me: '/pages/me/index',
};

const bff = await startFakeBff();
const shots = [];
const problems = [];

async function settle(page) {
  // The page is ready when neither the login nor any list is loading.
  await page.waitForFunction(() => !globalThis.document.querySelector('[aria-busy="true"]'), null, { timeout: 10_000 });
  await page.waitForTimeout(150);
}

async function shoot(page, name) {
  const path = `${OUT}${name}.png`;
  await page.screenshot({ path, fullPage: false });
  shots.push(path);
}

try {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const browser = await launchBrowser({ viewport });
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => problems.push(`${size}: ${error.message}`));

    for (const [persona, wecomUserId] of Object.entries(PERSONAS)) {
      for (const [tab, route] of Object.entries(TABS)) {
        await openDemo(page, bff.url, { route, wecomUserId });
        await settle(page);
        await shoot(page, `${size}-${persona}-${tab}`);
      }
    }

    // The switcher, opened (it is docked open on a desktop).
    await openDemo(page, bff.url, { route: TABS.workbench, wecomUserId: PERSONAS.advisor });
    await settle(page);
    if (size === 'phone') await page.click('.pfs-demo__bar');
    await shoot(page, `${size}-demo-switcher`);

    // Sidebar from a single chat and from a group chat.
    await openDemo(page, bff.url, {
      route: '/sidebar/pages/index',
      wecomUserId: PERSONAS.advisor,
      entry: 'single_chat_tools',
      externalUserId: FAKE_CONTACTS[0].externalUserId,
    });
    await settle(page);
    await shoot(page, `${size}-sidebar-single-chat`);
    await openDemo(page, bff.url, {
      route: '/sidebar/pages/index',
      wecomUserId: PERSONAS.advisor,
      entry: 'group_chat_tools',
      chatId: FAKE_GROUPS[0].chatId,
    });
    await settle(page);
    await shoot(page, `${size}-sidebar-group-chat`);

    // Switching the entry in the switcher moves between the tabbed app and the sidebar.
    await openDemo(page, bff.url, { route: TABS.workbench, wecomUserId: PERSONAS.advisor });
    await settle(page);
    if (size === 'phone') await page.click('.pfs-demo__bar');
    await page.selectOption('select[name="entry"]', 'contact_profile');
    await page.waitForURL(/sidebar/);
    await settle(page);
    await shoot(page, `${size}-switch-to-contact-profile`);

    await browser.close();
  }

  // Error state: GET /api/me fails with a stored token (a fresh login goes through, so store one first).
  const failing = await startFakeBff({ failMe: true });
  const browser = await launchBrowser({ viewport: VIEWPORTS.phone });
  const page = await browser.context.newPage();
  await openDemo(page, failing.url, { route: TABS.workbench, wecomUserId: PERSONAS.advisor });
  await settle(page);
  await page.reload();
  await settle(page);
  await shoot(page, 'phone-error-state');
  await browser.close();
  await failing.close();

  // Loading state: every API answer delayed.
  const slow = await startFakeBff({ delayMs: 5_000 });
  const slowBrowser = await launchBrowser({ viewport: VIEWPORTS.phone });
  const slowPage = await slowBrowser.context.newPage();
  await openDemo(slowPage, slow.url, { route: TABS.customers, wecomUserId: PERSONAS.advisor });
  await slowPage.waitForSelector('.pfs-state--loading');
  await shoot(slowPage, 'phone-loading-state');
  await slowBrowser.close();
  await slow.close();
} finally {
  await bff.close();
}

for (const path of shots) console.log(path);
if (problems.length) {
  console.error(`page errors:\n${problems.join('\n')}`);
  process.exit(1);
}
