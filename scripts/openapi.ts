/** Writes docs/openapi.json from the registered routes (a test fails when it drifts). */
import { writeFileSync } from 'node:fs';
import { createApp } from '../src/server/app.ts';
import { openPglite } from '../src/server/db/connection.ts';
import { DEFAULT_SETTINGS } from '../src/server/deps.ts';

const database = await openPglite({});
const app = createApp({
  db: database.db,
  kind: database.kind,
  now: () => new Date(),
  settings: DEFAULT_SETTINGS,
});
const response = await app.request('/api/openapi.json');
writeFileSync('docs/openapi.json', `${JSON.stringify(await response.json(), null, 2)}\n`);
await database.close();
