import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoChildren } from '../../src/server/modules/crosscheck/testLists.ts';
import { TEST_NOW } from '../support/constants.ts';
import { type Fixture, policeFixture, toCsv } from './crosscheckFixture.ts';
import { type E2E, signedInPage, startE2E } from './harness.ts';

let e2e: E2E;
let fixture: Fixture;
let csvPath: string;
beforeAll(async () => {
  e2e = await startE2E({ now: () => TEST_NOW });
  fixture = policeFixture(await demoChildren(e2e.database.db, '341802'));
  csvPath = join(await mkdtemp(join(tmpdir(), 'nol-e2e-')), '西林派出所户籍名单.csv');
  writeFileSync(csvPath, toCsv(fixture.rows));
}, 180_000);
afterAll(async () => {
  await e2e?.close();
});

const TIMEOUT = { timeout: 20_000 };

describe('list import and cross-check in Chromium', () => {
  it('uploads a police list, maps a column by hand, works two review items by keyboard, sees a finding', async () => {
    const page = await signedInPage(e2e, 'county.admin');
    await page.goto(`${e2e.baseUrl}/imports`);
    await page.getByTestId('import-unit').fill('西林派出所');
    await page.locator('input[type=file]').setInputFiles(csvPath);
    await page.getByTestId('import-upload').click();

    // The title row is skipped; 公历生日 is matched by no synonym and is mapped to 出生日期 by hand.
    await page.getByTestId('import-unmatched').waitFor(TIMEOUT);
    expect(await page.getByTestId('import-unmatched').textContent()).toContain('公历生日');
    await page.locator('.ant-table-thead [data-testid="map-3"]').first().click();
    await page.keyboard.type('出生日期');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('import-unmatched').count()).toBe(0);
    await page.getByTestId('import-start').click();

    await page.getByTestId('import-result').waitFor(TIMEOUT);
    const count = (id: string) => page.locator(`[data-testid="${id}"] .ant-statistic-content`).textContent();
    expect(await count('import-read')).toBe(String(fixture.rows.length));
    expect(await count('import-rejected')).toBe('0');
    await page.getByTestId('import-row').first().waitFor(TIMEOUT);

    // Run the cross-check: the two corrupted copies go to review.
    await page.goto(`${e2e.baseUrl}/crosscheck/review`);
    await page.getByTestId('run-crosscheck').click();
    await page.getByTestId('run-result').waitFor(TIMEOUT);
    await page.getByTestId('review-item').waitFor(TIMEOUT);
    expect(await page.getByTestId('review-progress').textContent()).toContain('共 2 条');
    const childName = () => page.getByTestId('review-child-name').textContent();
    const first = await childName();
    expect(fixture.reviewNames).toContain(first);
    expect(await page.locator('.nol-cc-diff').count()).toBeGreaterThan(0);

    // Y confirms the first; N rejects the second; the queue is then done.
    await page.keyboard.press('y');
    await expect.poll(childName, TIMEOUT).not.toBe(first);
    expect(fixture.reviewNames).toContain(await childName());
    await page.keyboard.press('n');
    await page.getByTestId('review-done').waitFor(TIMEOUT);

    // A school-age child on the police list and in no school is a not_enrolled finding.
    await page.goto(`${e2e.baseUrl}/crosscheck/findings?code=not_enrolled`);
    await page.getByTestId('finding-row').first().waitFor(TIMEOUT);
    const rows = await page.getByTestId('finding-row').allTextContents();
    expect(rows.some((row) => row.includes(fixture.notEnrolledNames[0] as string))).toBe(true);
    await page.close();
  }, 120_000);
});
