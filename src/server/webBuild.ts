import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIR = join(ROOT, 'dist/web');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Builds the web app when dist/web is missing or older than its sources (first start, or after a pull). */
export function ensureWebBuilt(log: (message: string) => void): void {
  const built = newestMtime(join(WEB_DIR, 'index.html'));
  const sources = Math.max(
    newestMtime(join(ROOT, 'src/web')),
    newestMtime(join(ROOT, 'src/domain')),
    newestMtime(join(ROOT, 'vite.config.ts')),
  );
  if (built > 0 && built >= sources) return;
  log('正在构建网页（首次启动约需半分钟）… / building the web app…');
  const result = spawnSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) throw new Error('网页构建失败 / web build failed');
}
