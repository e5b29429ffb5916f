import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, firstChildOf, signedInPage, signInPage, startE2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);
afterAll(async () => {
  await e2e?.close();
});

const teacherClassChild = () => firstChildOf(e2e, 'teacher');

describe('in Chromium', () => {
  it('a teacher signs in, finds a child by pinyin initials and opens the child page', async () => {
    const child = await teacherClassChild();
    const page = await signedInPage(e2e, 'teacher', { width: 390, height: 844 });
    await page.goto(`${e2e.baseUrl}/children`);
    await page.getByTestId('child-search').fill(child.name_initials);
    await page.getByTestId('child-search').press('Enter');
    const row = page.getByTestId('child-row').filter({ hasText: child.name }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.getByTestId('child-name').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('child-name').textContent()).toContain(child.name);
    expect(await page.content()).not.toMatch(/\d{6}(19|20)\d{2}[01]\d[0-3]\d{4}/);
    await page.close();
  });

  it('a teacher following a link to another school’s child gets a refusal page, not data', async () => {
    const own = await teacherClassChild();
    const other = await e2e.database.db
      .selectFrom('child')
      .select(['id', 'name'])
      .where('school_id', '!=', own.school_id)
      .executeTakeFirstOrThrow();
    const page = await signedInPage(e2e, 'teacher');
    await page.goto(`${e2e.baseUrl}/children/${other.id}`);
    await page.getByTestId('refusal').waitFor({ timeout: 15_000 });
    expect(await page.content()).not.toContain(other.name);
    await page.close();
  });

  it('locks the account after 5 wrong passwords and says so', async () => {
    const page = await e2e.browser.newPage();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInPage(page, e2e.baseUrl, 'deputy', `wrong-${attempt}`);
      await page.getByTestId('login-error').waitFor({ timeout: 10_000 });
    }
    await signInPage(page, e2e.baseUrl, 'deputy');
    await page.waitForTimeout(500);
    await page.getByTestId('login-error').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('login-error').textContent()).toContain('锁定');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });
});
