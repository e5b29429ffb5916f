import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite takes no lock of its own, and two processes writing one data directory corrupt it.
 * Whoever opens the directory holds `nol.lock` (its pid); a lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string, purpose: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'nol.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; purpose?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        holder = {};
      }
      if (holder.pid && holder.pid !== process.pid && alive(holder.pid)) {
        throw new DataDirLockedError(
          `数据目录 ${dataDir} 正被进程 ${holder.pid}（${holder.purpose ?? '未知'}）使用。` +
            '服务运行时请通过网页或 API 操作，或先停止服务（Ctrl+C）再执行此命令。' +
            ` / The data directory is in use by process ${holder.pid} (${holder.purpose}); stop it first or use the running server.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`无法锁定数据目录 ${dataDir}`);
}
