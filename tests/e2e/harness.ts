import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
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

/** The real server (built web app + API) on a free port over a private copy of the tiny demo county. */
export async function startE2E(): Promise<E2E> {
  ensureWebBuilt((message) => process.stderr.write(`${message}\n`));
  const database = await freshDatabase();
  const app = createApp(
    { db: database.db, kind: database.kind, now: () => new Date(), settings: DEFAULT_SETTINGS },
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
