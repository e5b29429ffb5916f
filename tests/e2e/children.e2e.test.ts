import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckDigit } from '../../src/domain/idNumber.ts';
import { SYSTEM_ACTOR } from '../../src/server/auth/actor.ts';
import { DEFAULT_SETTINGS } from '../../src/server/deps.ts';
import { addUser } from '../../src/server/modules/users/service.ts';
import { chooseSelectOption, type E2E, firstChildOf, signedInPage, signInPage, startE2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);
afterAll(async () => {
  await e2e?.close();
});

// Generous: the suite shares 2 cores with the database and other test files.
const TIMEOUT = { timeout: 30_000 };

const signedIn = (username: string, viewport?: { width: number; height: number }) =>
  signedInPage(e2e, username, viewport);
const principalSchoolChild = () => firstChildOf(e2e, 'principal');

/** The API as another user would use it, outside the browser under test. */
async function apiAs(username: string) {
  const signIn = await fetch(`${e2e.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': 'anonymous' },
    body: JSON.stringify({ username, password: 'Demo2026pass' }),
  });
  const cookies = signIn.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const csrf = cookies.find((c) => c.startsWith('nol_csrf='))?.slice('nol_csrf='.length) ?? '';
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${e2e.baseUrl}${path}`, {
      method,
      headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

/** A valid resident ID for a child born on 2018-03-05 that the demo county has not registered. */
function freshId(sequence: number): string {
  const first17 = `341802${'20180305'}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

function pickFirstOption(page: Page, testId: string) {
  return chooseSelectOption(page, testId, (p) =>
    p.locator('.ant-select-dropdown:visible .ant-select-item-option').first(),
  );
}

describe('children pages in Chromium', () => {
  it('a principal adds a child: the ID number is checked live and fills in birth date and sex', async () => {
    const page = await signedIn('principal');
    await page.getByTestId('child-new').click();
    const id = freshId(917);
    await page.getByTestId('form-id-number').fill(`${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'}`);
    await page.getByText('校验位不正确').waitFor(TIMEOUT);
    await page.getByTestId('form-id-number').fill(id);
    await page.getByText('2018-03-05').first().waitFor(TIMEOUT);
    await page.getByTestId('form-name').fill('测试新生');
    await pickFirstOption(page, 'form-class');
    await page.getByTestId('form-submit').click();
    await page.getByTestId('child-name').waitFor(TIMEOUT);
    expect(await page.getByTestId('child-name').textContent()).toBe('测试新生');
    expect(new URL(page.url()).pathname).toMatch(/^\/children\/\d+$/);
    const text = await page.locator('.nol-descriptions').textContent();
    expect(text).toContain('2018-03-05');
    expect(text).not.toContain(id);

    // The same ID again: refused, and the form stays with the user's input.
    await page.goto(`${e2e.baseUrl}/children/new`);
    await page.getByTestId('form-id-number').fill(id);
    await page.getByTestId('form-name').fill('重复登记');
    await pickFirstOption(page, 'form-class');
    await page.getByTestId('form-submit').click();
    await page.locator('[data-testid="form-error"], .ant-form-item-explain-error').first().waitFor(TIMEOUT);
    expect(new URL(page.url()).pathname).toBe('/children/new');
    expect(await page.getByTestId('form-name').inputValue()).toBe('重复登记');
    await page.close();
  });

  it('an edit that crosses someone else’s save shows what they changed and can still be saved', async () => {
    const child = await principalSchoolChild();
    const page = await signedIn('principal');
    await page.goto(`${e2e.baseUrl}/children/${child.id}/edit`);
    await page.getByTestId('form-name').waitFor(TIMEOUT);

    const other = await apiAs('county.admin');
    const current = await other('GET', `/api/children/${child.id}`);
    const changed = await other('PATCH', `/api/children/${child.id}`, {
      version: current.body.version,
      residenceAddress: '他人刚改的地址 8 号',
    });
    expect(changed.status).toBe(200);

    await page.getByTestId('form-name').fill(`${child.name}改`);
    await page.getByTestId('form-submit').click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor(TIMEOUT);
    expect(await conflict.textContent()).toContain('他人刚改的地址 8 号');
    await page.getByTestId('conflict-keep').click();
    await page.getByTestId('form-submit').click();
    await page.getByTestId('child-name').waitFor(TIMEOUT);
    expect(await page.getByTestId('child-name').textContent()).toBe(`${child.name}改`);
    expect(await page.locator('.nol-descriptions').textContent()).toContain('他人刚改的地址 8 号');
    await page.close();
  });

  it('showing a full ID number takes a reason, and the auditor finds it in the log', async () => {
    const child = await principalSchoolChild();
    const page = await signedIn('principal');
    await page.goto(`${e2e.baseUrl}/children/${child.id}`);
    await page.getByTestId('reveal-id').click();
    await page.getByRole('button', { name: /确认查看/ }).click();
    await page.getByText('请填写查看事由').waitFor(TIMEOUT);
    await page.getByTestId('reveal-reason').fill('核对学生资助发放名单');
    await page.getByRole('button', { name: /确认查看/ }).click();
    await page.waitForFunction(
      () =>
        /^[0-9]{17}[0-9X]$/.test(
          document.querySelector('[data-testid="child-id-number"]')?.textContent ?? '',
        ),
      undefined,
      TIMEOUT,
    );
    await page.close();

    const audit = await signedIn('auditor');
    expect(new URL(audit.url()).pathname).toBe('/audit');
    await audit.getByText('核对学生资助发放名单').first().waitFor(TIMEOUT);
    await audit.close();
  });

  it('guardians: a bad phone number is caught on the form, a good one is saved', async () => {
    const child = await principalSchoolChild();
    const page = await signedIn('principal', { width: 390, height: 844 });
    await page.goto(`${e2e.baseUrl}/children/${child.id}`);
    await page.getByTestId('child-name').waitFor(TIMEOUT);
    const before = await page.getByTestId('guardian-row').count();
    await page.getByTestId('guardian-add').click();
    await page.getByTestId('guardian-name').fill('测试外婆');
    await chooseSelectOption(page, 'guardian-relation', (p) => p.getByTitle('外祖母', { exact: true }));
    expect(await page.getByTestId('guardian-relation').textContent()).toContain('外祖母');
    await page.getByLabel('联系电话').fill('12345');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('电话号码格式不正确').first().waitFor(TIMEOUT);
    await page.getByLabel('联系电话').fill('13912345678');
    // A click that lands while the form is still re-checking the corrected number is not a
    // submit (Ant Design waits for its validation); a user would click again, so does the test.
    const added = page.getByTestId('guardian-row').filter({ hasText: '测试外婆' });
    for (let attempt = 0; attempt < 3 && (await added.count()) === 0; attempt++) {
      const save = page.getByRole('button', { name: /保\s*存/ });
      if ((await save.count()) > 0) await save.click();
      await added.waitFor({ timeout: 10_000 }).catch(() => undefined);
    }
    await added.waitFor(TIMEOUT);
    expect(await page.getByTestId('guardian-row').count()).toBe(before + 1);
    await page.close();
  });

  it('schools → a class → the children list filtered to that class', async () => {
    const page = await signedIn('county.admin');
    await page.goto(`${e2e.baseUrl}/schools`);
    await page.getByTestId('school-row').first().click();
    await page.waitForURL(/\/schools\/\d+$/, TIMEOUT);
    const classLink = page.locator('a[href*="classId="]').first();
    const className = (await classLink.textContent())?.trim() ?? '';
    await classLink.click();
    await page.waitForURL(/\/children\?.*classId=\d+/, TIMEOUT);
    await page.getByTestId('child-row').first().waitFor(TIMEOUT);
    const rows = await page.getByTestId('child-row').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(className);
    await page.close();
  });

  it('a new account must replace its initial password before seeing anything', async () => {
    const teacherClass = await e2e.database.db
      .selectFrom('school_class')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const deps = {
      db: e2e.database.db,
      kind: e2e.database.kind,
      now: () => new Date(),
      settings: DEFAULT_SETTINGS,
    };
    const created = await addUser(deps, SYSTEM_ACTOR, {
      username: 'new.teacher',
      displayName: '新来的老师',
      role: 'homeroom_teacher',
      scope: String(teacherClass.id),
    });
    const page = await e2e.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInPage(page, e2e.baseUrl, 'new.teacher', created.temporaryPassword);
    await page.getByTestId('password-current').waitFor(TIMEOUT);
    await page.getByTestId('password-current').fill(created.temporaryPassword);
    await page.getByTestId('password-new').fill('short1');
    await page.getByTestId('password-confirm').fill('short1');
    await page.getByTestId('password-submit').click();
    await page.getByText('密码至少 10 位').first().waitFor(TIMEOUT);
    await page.getByTestId('password-new').fill('Xuanzhou2026new');
    await page.getByTestId('password-confirm').fill('Xuanzhou2026new');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('child-search').waitFor(TIMEOUT);
    await page.close();
  });

  it('the English switch changes the interface and is remembered', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.baseUrl}/login`);
    await page.getByTestId('lang-switch').getByText('EN').click();
    expect(await page.getByTestId('login-submit').textContent()).toMatch(/Sign in/);
    await page.reload();
    expect(await page.getByTestId('login-submit').textContent()).toMatch(/Sign in/);
    await page.close();
  });
});
