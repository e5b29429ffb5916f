import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.ts';
import { schoolDate } from '../../src/server/clock.ts';
import { type E2E, signedInPage, startE2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);
afterAll(async () => {
  await e2e?.close();
});

// Generous: the suite shares 2 cores with the database and other test files.
const TIMEOUT = { timeout: 30_000 };

async function openEditor(page: Page) {
  await page.goto(`${e2e.baseUrl}/policy`);
  await page.getByTestId('policy-edit').click(TIMEOUT);
  await page.getByTestId('ladder-step').first().waitFor(TIMEOUT);
}

/**
 * Picks a day in the effective-date picker. A click that lands while the panel is still opening
 * on a loaded machine can miss, so the pick is checked and tried again.
 */
async function pickEffectiveDate(page: Page, day: string) {
  const input = page.getByTestId('policy-effective-from');
  for (let attempt = 0; attempt < 4 && (await input.inputValue()) !== day; attempt++) {
    if ((await page.locator('.ant-picker-dropdown:visible').count()) === 0) await input.click();
    const cell = page.locator(`.ant-picker-dropdown:visible .ant-picker-cell[title="${day}"]`);
    await cell.waitFor(TIMEOUT);
    await cell.click();
    await expect
      .poll(() => input.inputValue(), { timeout: 3_000 })
      .toBe(day)
      .catch(() => undefined);
  }
  expect(await input.inputValue()).toBe(day);
}

describe('county policy page in Chromium', () => {
  it('the county admin lengthens the day-2 deadline, sees the difference and schedules a new version', async () => {
    const page = await signedInPage(e2e, 'county.admin');
    await openEditor(page);

    await page.getByTestId('ladder-deadline-1').fill('48');
    const change = page.getByTestId('policy-change').filter({ hasText: '第 2 步 · 办理时限' });
    await change.waitFor(TIMEOUT);
    expect(await change.textContent()).toMatch(/24.*48/);
    expect(await page.getByTestId('policy-change').count()).toBe(1);
    // Nothing is saved without an effective date.
    expect(await page.getByTestId('policy-save').isDisabled()).toBe(true);

    const tomorrow = addDays(schoolDate(new Date()), 1);
    await pickEffectiveDate(page, tomorrow);
    await page.getByTestId('policy-reason').fill('县教体局通知：家访时限延长');
    await page.getByText(`与 ${tomorrow} 现行的第 1 版相比`).waitFor(TIMEOUT);
    const saved = page.waitForResponse((r) => r.url().endsWith('/policy') && r.request().method() === 'POST');
    await page.getByTestId('policy-save').click();
    expect((await saved).status()).toBe(201);

    const version = page.getByTestId('policy-version').filter({ hasText: '第 2 版' });
    await version.waitFor(TIMEOUT);
    expect(await version.getByTestId('policy-version-state').textContent()).toBe('待生效');
    expect(await version.textContent()).toContain(`${tomorrow} 起生效`);
    expect(await version.textContent()).toContain('家访时限延长');
    // Version 1 is still the one in force today; the new one reads back with the new deadline.
    const first = page.getByTestId('policy-version').filter({ hasText: '第 1 版' });
    expect(await first.getByTestId('policy-version-state').textContent()).toBe('现行');
    await version.getByRole('button', { name: '查看' }).click();
    await page.getByTestId('policy-viewing').filter({ hasText: '第 2 版' }).waitFor(TIMEOUT);
    expect(await page.getByTestId('ladder-deadline-1').inputValue()).toBe('48');
    await page.close();
  });

  it('a ladder that repeats a day shows the error at that step and cannot be saved', async () => {
    const page = await signedInPage(e2e, 'county.admin');
    await openEditor(page);

    await page.getByTestId('ladder-day-2').fill('2');
    await page.getByText('第 2 天重复出现在处置步骤中').first().waitFor(TIMEOUT);
    expect(await page.getByTestId('ladder-step').nth(2).getAttribute('class')).toContain(
      'nol-ladder-step-error',
    );
    // Today: version 1 is in force (the first test schedules version 2 from tomorrow).
    await pickEffectiveDate(page, schoolDate(new Date()));
    expect(await page.getByTestId('policy-save').isDisabled()).toBe(true);
    expect(await page.getByTestId('policy-issues').textContent()).toContain('第 3 步');

    // Put the day back: the error goes and the (now empty) change cannot be saved either.
    await page.getByTestId('ladder-day-2').fill('3');
    await page.getByTestId('policy-diff-empty').waitFor(TIMEOUT);
    await page
      .getByText('第 2 天重复出现在处置步骤中')
      .first()
      .waitFor({ state: 'detached', ...TIMEOUT });
    expect(await page.getByTestId('policy-save').isDisabled()).toBe(true);
    await page.close();
  });

  it('a bureau analyst reads the policy but is offered no edit', async () => {
    const page = await signedInPage(e2e, 'county.analyst');
    await page.goto(`${e2e.baseUrl}/policy`);
    await page.getByTestId('policy-viewing').waitFor(TIMEOUT);
    expect(await page.getByTestId('policy-edit').count()).toBe(0);
    expect(await page.getByTestId('ladder-deadline-0').isDisabled()).toBe(true);
    await page.close();
  });
});
