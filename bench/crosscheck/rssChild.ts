// One police import in its own process, so that its peak RSS is the import's alone:
//   node --import tsx bench/crosscheck/rssChild.ts <pglite data dir> <file>
// Prints one JSON line: maxRssMiB (process.resourceUsage().maxRSS), seconds and the counts.

import { SYSTEM_ACTOR } from '../../src/server/auth/actor.ts';
import { openPglite } from '../../src/server/db/connection.ts';
import { DEFAULT_SETTINGS } from '../../src/server/deps.ts';
import { importList } from '../../src/server/modules/imports/index.ts';

const [dataDir, file] = process.argv.slice(2);
if (!dataDir || !file) throw new Error('usage: rssChild.ts <data dir> <file>');
const database = await openPglite({ dataDir });
const deps = { db: database.db, kind: database.kind, now: () => new Date(), settings: DEFAULT_SETTINGS };
const started = performance.now();
const result = await importList(deps, SYSTEM_ACTOR, file, { kind: 'police', unit: '宣州区公安分局' });
const seconds = (performance.now() - started) / 1000;
await database.close();
process.stdout.write(
  `${JSON.stringify({
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    seconds: Math.round(seconds * 10) / 10,
    read: result.read,
    accepted: result.accepted,
    rejected: result.rejected,
  })}\n`,
);
