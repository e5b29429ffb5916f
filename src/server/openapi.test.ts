import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDeps } from '../../tests/support/database.ts';
import { TestClient } from '../../tests/support/http.ts';
import type { Database } from './db/connection.ts';

let database: Database;
let client: TestClient;
beforeAll(async () => {
  database = await freshDatabase();
  client = TestClient.create(testDeps(database));
});
afterAll(async () => {
  await database.close();
});

describe('OpenAPI document', () => {
  it('is served and matches the committed docs/openapi.json (run `npm run openapi` after changing a route)', async () => {
    const response = await client.request(null, 'GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    const served = await response.json();
    const committed = JSON.parse(readFileSync(join(process.cwd(), 'docs/openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('has a browsable reference page', async () => {
    const response = await client.request(null, 'GET', '/api/docs');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('API 参考');
  });
});
