import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import type { Database } from '../../src/server/db/connection.ts';
import { DEFAULT_SETTINGS } from '../../src/server/deps.ts';
import { ensureWebBuilt, WEB_DIR } from '../../src/server/webBuild.ts';
import { freshDatabase } from '../support/database.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export interface E2E {
  baseUrl: string;
  browser: Browser;
  database: Database;
  close: () => Promise<void>;
}

/**
 * The real server (built web app + API) on a free port over a private copy of the tiny demo county.
 * `now` pins the server's clock (the roll call is only open for the server's today).
 */
export async function startE2E(options: { now?: () => Date } = {}): Promise<E2E> {
  ensureWebBuilt((message) => process.stderr.write(`${message}\n`));
  const database = await freshDatabase();
  const app = createApp(
    {
      db: database.db,
      kind: database.kind,
      now: options.now ?? (() => new Date()),
      settings: DEFAULT_SETTINGS,
    },
    { webDir: WEB_DIR },
  );
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    baseUrl,
    browser,
    database,
    close: async () => {
      await browser.close();
      server.close();
      await database.close();
    },
  };
}

export async function signInPage(
  page: Page,
  baseUrl: string,
  username: string,
  password = 'Demo2026pass',
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  const response = page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-in'));
  await page.getByTestId('login-submit').click();
  await response;
}

/** A new page already signed in as `username`, past the sign-in redirect. */
export async function signedInPage(
  e2e: E2E,
  username: string,
  viewport = { width: 1440, height: 900 },
): Promise<Page> {
  const page = await e2e.browser.newPage({ viewport });
  await signInPage(page, e2e.baseUrl, username);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
  return page;
}

/** The first child inside a demo user's class or school grant. */
export async function firstChildOf(e2e: E2E, username: string) {
  const grant = await e2e.database.db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['r.class_id', 'r.school_id'])
    .where('u.username', '=', username)
    .executeTakeFirstOrThrow();
  let query = e2e.database.db
    .selectFrom('child')
    .select(['id', 'name', 'name_initials', 'class_id', 'school_id'])
    .where('ended_at', 'is', null);
  query = grant.class_id
    ? query.where('class_id', '=', grant.class_id)
    : query.where('school_id', '=', grant.school_id);
  return query.orderBy('id').executeTakeFirstOrThrow();
}

/**
 * Opens an Ant Design select and clicks an option. The option list opens with an animation, and
 * on a loaded machine a click during it can miss or find the list closed again; an unset select
 * then blocks the form, so the choice is checked and made again, as a user would.
 */
export async function chooseSelectOption(page: Page, testId: string, option: (page: Page) => Locator) {
  const select = page.getByTestId(testId);
  const chosen = async () => ((await select.textContent()) ?? '').trim() !== '';
  for (let attempt = 0; attempt < 4 && !(await chosen()); attempt++) {
    await select.click();
    await option(page)
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await expect
      .poll(chosen, { timeout: 3_000 })
      .toBe(true)
      .catch(() => undefined);
  }
  expect(await chosen()).toBe(true);
}
