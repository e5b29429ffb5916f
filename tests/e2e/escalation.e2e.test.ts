import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, firstChildOf, signedInPage, startE2E } from './harness.ts';

// The server's clock walks through Wed 18, Thu 19 and Fri 20 November 2026, then Monday the 23rd.
let clock = new Date('2026-11-18T00:30:00Z');
const at = (instant: string) => {
  clock = new Date(instant);
};

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ now: () => clock });
}, 180_000);
afterAll(async () => {
  await e2e?.close();
});

// Generous: the suite shares 2 cores with the database and other test files.
const TIMEOUT = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };

async function markAbsent(page: Page, childId: number) {
  await page.goto(`${e2e.baseUrl}/roll-call`);
  await page.waitForURL(/\/classes\/\d+\/roll-call$/, TIMEOUT);
  await page.locator(`[data-testid="rc-row"][data-child="${childId}"]`).click(TIMEOUT);
  await page.getByTestId('mark-kind-absent').click();
  await page.getByTestId('mark-save').click();
  await page.getByTestId('mark-sheet').waitFor({ state: 'detached', ...TIMEOUT });
  const saved = page.waitForResponse((r) => r.url().includes('/roll-call') && r.request().method() === 'PUT');
  await page.getByTestId('rc-submit').click();
  expect((await saved).status()).toBe(200);
  await page.getByTestId('rc-status').filter({ hasText: '已提交' }).waitFor(TIMEOUT);
}

/** The task rows of the tab for the child, as their visible text. */
async function taskRows(page: Page, tab: string, childName: string): Promise<string[]> {
  await page.goto(`${e2e.baseUrl}/tasks`);
  await page.getByTestId(`tasks-tab-${tab}`).click(TIMEOUT);
  const rows = page.getByTestId('task-row').filter({ hasText: childName });
  await rows.first().waitFor(TIMEOUT);
  return rows.allTextContents();
}

describe('the 1-2-3 ladder in Chromium', () => {
  it('three absent days give the teacher, deputy and principal their steps; an overdue step shows one level up', async () => {
    const child = await firstChildOf(e2e, 'teacher');
    for (const morning of ['2026-11-18', '2026-11-19', '2026-11-20']) {
      at(`${morning}T08:20:00+08:00`);
      const teacher = await signedInPage(e2e, 'teacher', PHONE);
      await markAbsent(teacher, child.id);
      await teacher.close();
    }

    // Friday morning: the teacher owns all three steps; day 1 (due Thursday 09:00) is overdue.
    const teacher = await signedInPage(e2e, 'teacher', PHONE);
    const mine = await taskRows(teacher, 'mine', child.name);
    expect(mine).toHaveLength(3);
    expect(mine.some((text) => text.includes('第1天') || text.includes('第 1 天'))).toBe(true);
    expect(mine.filter((text) => text.includes('已逾期')).length).toBeGreaterThanOrEqual(1);
    await teacher.close();

    // The deputy head owns days 2 and 3; the principal owns day 3 and is told of day 2's visit.
    const deputy = await signedInPage(e2e, 'deputy');
    expect(await taskRows(deputy, 'mine', child.name)).toHaveLength(2);
    await deputy.close();
    const principal = await signedInPage(e2e, 'principal');
    const principalTasks = await taskRows(principal, 'mine', child.name);
    expect(principalTasks).toHaveLength(2);
    expect(principalTasks.some((text) => text.includes('知会'))).toBe(true);
    // One level above the teacher: the principal sees the teacher's overdue day-1 step.
    const supervised = await taskRows(principal, 'supervise', child.name);
    expect(supervised.length).toBeGreaterThanOrEqual(1);
    expect(supervised.every((text) => text.includes('已逾期'))).toBe(true);
    // The overdue view counts it for the principal's school.
    await principal.goto(`${e2e.baseUrl}/escalations`);
    await principal.getByText('其中逾期').first().waitFor(TIMEOUT);
    await principal.close();

    // The township official is told of the day-3 report; the bureau admin too.
    const township = await signedInPage(e2e, 'township.official');
    const told = await taskRows(township, 'mine', child.name);
    expect(told).toHaveLength(1);
    await township.close();

    // Monday after the deadlines: the day-3 report is overdue and reaches the township as supervisor.
    at('2026-11-23T10:00:00+08:00');
    const townshipMonday = await signedInPage(e2e, 'township.official');
    const overdueAbove = await taskRows(townshipMonday, 'supervise', child.name);
    expect(overdueAbove.length).toBeGreaterThanOrEqual(1);
    await townshipMonday.close();
  });
});
