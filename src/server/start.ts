import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { schoolDate } from './clock.ts';
import { migrate } from './db/migrate.ts';
import { databaseConfigFromEnv, describeDatabase, openConfigured } from './db/open.ts';
import { DEMO_PASSWORD, demoSignIns, loadDemo } from './demo/index.ts';
import { DEFAULT_SETTINGS, type Deps } from './deps.ts';
import { startDailyEscalation } from './modules/escalation/index.ts';
import { ensureWebBuilt, WEB_DIR } from './webBuild.ts';

export async function startServer(options: { port: number; log: (message: string) => void }): Promise<void> {
  const { log } = options;
  const started = Date.now();
  const config = databaseConfigFromEnv();
  const database = await openConfigured(config, 'nol start');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`收到 ${signal}，正在关闭… / shutting down`);
    server?.close();
    stopDailyEscalation?.();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  let server: ReturnType<typeof serve> | undefined;
  let stopDailyEscalation: (() => void) | undefined;

  await migrate(database);
  const hasCounty = await database.db.selectFrom('county').select('county_code').limit(1).executeTakeFirst();
  if (!hasCounty && database.kind === 'pglite') {
    log('首次启动：正在生成演示县（合成数据）… / first start: generating the demo county');
    const report = await loadDemo(database.db, {
      seed: 1,
      size: 'county',
      today: schoolDate(new Date()),
      onProgress: log,
    });
    log(
      `演示县已载入：${report.children} 名儿童，${report.schools} 所学校（${(report.elapsedMs / 1000).toFixed(1)} s）`,
    );
  }
  ensureWebBuilt(log);
  const deps: Deps = {
    db: database.db,
    kind: database.kind,
    now: () => new Date(),
    settings: DEFAULT_SETTINGS,
  };
  const app = createApp(deps, { webDir: WEB_DIR });
  stopDailyEscalation = startDailyEscalation(deps, log);
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: options.port }, () => resolve());
  });
  log(`数据库 / database: ${describeDatabase(config)}`);
  log(
    `一个都不能少 已启动 / Not One Less is running: http://localhost:${options.port}  (${Date.now() - started} ms)`,
  );
  log(`API 参考 / API reference: http://localhost:${options.port}/api/docs`);
  if (database.kind === 'pglite') {
    log(`演示账号（密码均为 ${DEMO_PASSWORD}）/ demo sign-ins:`);
    for (const account of demoSignIns()) log(`  ${account.username.padEnd(22)} ${account.scope}`);
  }
}
