/** Tests run on a fixed school day so ages, school years and terms never drift with the clock. */
export const TEST_TODAY = '2026-11-23';
export const TEST_NOW = new Date('2026-11-23T02:00:00Z');

/** The same server, another database name: `postgres://u:p@h:5432/x` → `.../name`. */
export function adminUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
