import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW, TEST_TODAY } from '../support/constants.ts';
import { type E2E, firstChildOf, signedInPage, startE2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  // The roll call is open only for the server's today: pin it to the demo county's Monday.
  e2e = await startE2E({ now: () => TEST_NOW });
}, 180_000);
afterAll(async () => {
  await e2e?.close();
});

// Generous: the suite shares 2 cores with the database and other test files.
const TIMEOUT = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };

describe('roll call in Chromium', () => {
  it('a teacher on a phone marks a child absent with a fever, submits, and the mark stays and shows on the month view', async () => {
    const child = await firstChildOf(e2e, 'teacher');
    const page = await signedInPage(e2e, 'teacher', PHONE);

    await page.getByTestId('menu-toggle').click();
    await page.getByRole('menuitem', { name: '今日点名' }).click();
    await page.waitForURL(/\/classes\/\d+\/roll-call$/, TIMEOUT);
    expect(await page.getByTestId('rc-class').textContent()).toBeTruthy();
    expect(await page.locator('.nol-page-subtitle').textContent()).toContain(TEST_TODAY);

    const row = page.locator(`[data-testid="rc-row"][data-child="${child.id}"]`);
    await row.click();
    await page.getByTestId('mark-kind-absent').click();
    await page.getByTestId('mark-reason-sick').click();
    await page.getByTestId('mark-sheet').getByText('发热', { exact: true }).click();
    expect(await page.getByTestId('mark-symptoms').inputValue()).toBe('发热');
    await page.getByTestId('mark-save').click();
    await page.getByTestId('mark-sheet').waitFor({ state: 'detached', ...TIMEOUT });
    expect(await row.textContent()).toContain('缺勤');
    expect(Number(await page.getByTestId('rc-count-absent').textContent())).toBeGreaterThanOrEqual(1);

    const saved = page.waitForResponse(
      (r) => r.url().includes('/roll-call') && r.request().method() === 'PUT',
    );
    await page.getByTestId('rc-submit').click();
    expect((await saved).status()).toBe(200);
    await page.getByTestId('rc-status').filter({ hasText: '已提交' }).waitFor(TIMEOUT);

    await page.reload();
    await row.waitFor(TIMEOUT);
    const afterReload = await row.textContent();
    expect(afterReload).toContain('缺勤');
    expect(afterReload).toContain('发热');
    expect(await page.getByTestId('rc-status').textContent()).toContain('已提交');

    await page.getByTestId('rc-month-link').click();
    await page.waitForURL(/\/classes\/\d+\/attendance\?month=2026-11$/, TIMEOUT);
    const card = page.getByTestId('am-card').filter({ hasText: child.name });
    await card.waitFor(TIMEOUT);
    const marks = await card.textContent();
    expect(marks).toContain('11-23');
    expect(marks).toContain('缺');
    await page.close();
  });
});
