import { parseArgs } from 'node:util';
import { isIsoDate, ROLE_CODES, type Role } from '../domain/index.ts';
import { SYSTEM_ACTOR } from './auth/actor.ts';
import { schoolDate } from './clock.ts';
import { backup, restore } from './db/backup.ts';
import type { Database } from './db/connection.ts';
import { DataDirLockedError } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { databaseConfigFromEnv, describeDatabase, openConfigured } from './db/open.ts';
import { loadDemo } from './demo/index.ts';
import { DEFAULT_SETTINGS, type Deps } from './deps.ts';
import { AppError } from './errors.ts';
import { importAttendance, importAttendanceUsage } from './modules/attendance/importAttendance.ts';
import { crosscheckUsage, runCrosscheckCommand } from './modules/crosscheck/index.ts';
import { countyCodes, exportTasks, runCountyDay } from './modules/escalation/index.ts';
import { importUsage, runImportCommand } from './modules/imports/index.ts';
import * as users from './modules/users/service.ts';
import { startServer } from './start.ts';

/** Progress and logs go to stderr; stdout carries only a command's result (one JSON line). */
const log = (message: string) => process.stderr.write(`${message}\n`);
const emit = (result: unknown) => process.stdout.write(`${JSON.stringify(result)}\n`);

interface Command {
  usage: string;
  run: (args: string[]) => Promise<void>;
}

async function withDatabase<T>(
  purpose: string,
  work: (database: Database, deps: Deps) => Promise<T>,
): Promise<T> {
  const config = databaseConfigFromEnv();
  const database = await openConfigured(config, purpose);
  log(`数据库 / database: ${describeDatabase(config)}`);
  try {
    await migrate(database);
    return await work(database, {
      db: database.db,
      kind: database.kind,
      now: () => new Date(),
      settings: DEFAULT_SETTINGS,
    });
  } finally {
    await database.close();
  }
}

const COMMANDS: Record<string, Command> = {
  start: {
    usage: `nol start [--port 3000]
  启动服务：迁移数据库；嵌入式数据库为空时载入演示县；构建网页（如需要）；监听 http://localhost:PORT。
  Starts the server (PORT env or --port). Ctrl+C / SIGTERM closes the database cleanly.`,
    run: async (args) => {
      const { values } = parseArgs({ args, options: { port: { type: 'string' } } });
      await startServer({ port: Number(values.port ?? process.env.PORT ?? 3000), log });
    },
  },
  migrate: {
    usage: `nol migrate
  应用未执行的数据库迁移，并载入行政区划参考数据。 Applies pending migrations.`,
    run: async () => {
      const config = databaseConfigFromEnv();
      const database = await openConfigured(config, 'nol migrate');
      try {
        emit(await migrate(database));
      } finally {
        await database.close();
      }
    },
  },
  demo: {
    usage: `nol demo [--seed N] [--size county|city|tiny]
  生成合成演示数据（绝无真实个人信息）：county ≈3 万儿童，city ≈40 万儿童（宣城市 8 个区县）。
  Generates a deterministic synthetic county or city. Prints one JSON line of counts.`,
    run: async (args) => {
      const { values } = parseArgs({ args, options: { seed: { type: 'string' }, size: { type: 'string' } } });
      const size = (values.size ?? 'county') as 'county' | 'city' | 'tiny';
      if (!['county', 'city', 'tiny'].includes(size))
        throw new AppError('validation', '--size 只能是 county、city 或 tiny');
      const seed = Number(values.seed ?? 1);
      if (!Number.isInteger(seed)) throw new AppError('validation', '--seed 须为整数');
      await withDatabase('nol demo', async (database) =>
        emit(await loadDemo(database.db, { seed, size, today: schoolDate(new Date()), onProgress: log })),
      );
    },
  },
  user: {
    usage: `nol user add --username NAME --name 显示名 --role ROLE [--scope CODE] [--phone P]
nol user reset --username NAME
nol user disable --username NAME
  ROLE: ${ROLE_CODES.join(', ')}
  CODE: 12 位行政区划代码（省/市/县/乡镇级角色）、10 位学校标识码（校长、副校长）或班级编号（班主任）。
  add/reset 输出一次性临时密码，首次登录须修改。 Prints a one-time temporary password.`,
    run: async (args) => {
      const [action, ...rest] = args;
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string' },
          scope: { type: 'string' },
          phone: { type: 'string' },
        },
      });
      if (!values.username) throw new AppError('validation', '请用 --username 指定用户名');
      const username = values.username;
      await withDatabase(`nol user ${action}`, async (_database, deps) => {
        if (action === 'add') {
          if (!values.role || !(ROLE_CODES as readonly string[]).includes(values.role)) {
            throw new AppError('validation', `--role 须为：${ROLE_CODES.join(', ')}`);
          }
          emit(
            await users.addUser(deps, SYSTEM_ACTOR, {
              username,
              displayName: values.name ?? username,
              role: values.role as Role,
              scope: values.scope,
              phone: values.phone,
            }),
          );
        } else if (action === 'reset') emit(await users.resetPassword(deps, SYSTEM_ACTOR, username));
        else if (action === 'disable') emit(await users.disable(deps, SYSTEM_ACTOR, username));
        else throw new AppError('validation', 'nol user 后应为 add、reset 或 disable');
      });
    },
  },
  import: {
    usage: `${importUsage}\n\n${importAttendanceUsage}`,
    run: async (args) => {
      const [kind, file, ...rest] = args;
      if (kind === 'attendance') {
        if (!file) throw new AppError('validation', '请指定要导入的文件');
        const { values } = parseArgs({ args: rest, options: { county: { type: 'string' } } });
        await withDatabase('nol import attendance', async (_database, deps) =>
          emit(await importAttendance(deps, SYSTEM_ACTOR, file, { countyCode: values.county })),
        );
        return;
      }
      await withDatabase(`nol import ${kind ?? ''}`, async (_database, deps) =>
        emit(await runImportCommand(deps, args, log)),
      );
    },
  },
  crosscheck: {
    usage: crosscheckUsage,
    run: async (args) => {
      await withDatabase('nol crosscheck', async (_database, deps) =>
        emit(await runCrosscheckCommand(deps, args, log)),
      );
    },
  },
  escalate: {
    usage: `nol escalate [--date YYYY-MM-DD] [--county CODE]
  按本县政策运行连续缺课处置（1-2-3 规则）：开启已达到的处置步骤、关闭已返校学生的任务、登记疑似辍学。
  可重复运行（不会重复开任务）；非上课日不做任何事并在 stderr 说明。默认今天、全部区县。`,
    run: async (args) => {
      const { values } = parseArgs({
        args,
        options: { date: { type: 'string' }, county: { type: 'string' } },
      });
      const day = values.date ?? schoolDate(new Date());
      if (!isIsoDate(day)) throw new AppError('validation', `--date 须为 YYYY-MM-DD：${day}`);
      await withDatabase('nol escalate', async (_database, deps) => {
        const counties = await countiesOf(deps, values.county);
        const totals = {
          date: day,
          counties: counties.length,
          schoolDay: false,
          tasksCreated: 0,
          tasksClosed: 0,
          dropoutsEntered: 0,
          elapsedMs: 0,
        };
        for (const county of counties) {
          const result = await runCountyDay(deps, county, day, 'cli');
          if (!result.schoolDay) {
            log(`${day} 不是 ${county} 的上课日，未运行 / not a school day in ${county}: nothing to do`);
            continue;
          }
          totals.schoolDay = true;
          totals.tasksCreated += result.tasksCreated;
          totals.tasksClosed += result.tasksClosed;
          totals.dropoutsEntered += result.dropoutsEntered;
          totals.elapsedMs += result.elapsedMs;
          log(
            `${county}: +${result.tasksCreated} 个任务，关闭 ${result.tasksClosed}，疑似辍学 +${result.dropoutsEntered}`,
          );
        }
        emit(totals);
      });
    },
  },
  tasks: {
    usage: `nol tasks --from YYYY-MM-DD --to YYYY-MM-DD --json
  输出触发日在该期间的全部处置任务（含已关闭），每行一个 JSON：
  studentNumber, step, owners (角色代码), status (open|overdue|done|closed), due (ISO 8601), policyVersion。`,
    run: async (args) => {
      const { values } = parseArgs({
        args,
        options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
      });
      const { from, to } = values;
      if (!from || !to || !isIsoDate(from) || !isIsoDate(to)) {
        throw new AppError('validation', '请用 --from 和 --to 指定日期（YYYY-MM-DD）');
      }
      if (from > to) throw new AppError('validation', '--from 不能晚于 --to');
      await withDatabase('nol tasks', async (_database, deps) => {
        const tasks = await exportTasks(deps, SYSTEM_ACTOR, from, to);
        for (const task of tasks) {
          const { studentNumber, step, owners, status, due, policyVersion } = task;
          emit({ studentNumber, step, owners, status, due, policyVersion });
        }
        log(`${tasks.length} 个任务 / tasks`);
      });
    },
  },
  backup: {
    usage: `nol backup <file>
  把整个数据库写成一致、可移植的备份（gzip JSON 行）。PGlite 的备份可恢复到 PostgreSQL，反之亦然。`,
    run: async (args) => {
      const file = args[0];
      if (!file) throw new AppError('validation', '请指定备份文件路径');
      await withDatabase('nol backup', async (database) =>
        emit({ file, tables: await backup(database, file, log) }),
      );
    },
  },
  restore: {
    usage: `nol restore <file>
  把备份恢复到一个空数据库（NOL_DATA_DIR 指向新目录，或 DATABASE_URL 指向新建的 PostgreSQL 库）。`,
    run: async (args) => {
      const file = args[0];
      if (!file) throw new AppError('validation', '请指定备份文件路径');
      const config = databaseConfigFromEnv();
      const database = await openConfigured(config, 'nol restore');
      try {
        emit({ file, tables: await restore(database, file, log) });
      } finally {
        await database.close();
      }
    },
  },
};

/** The county a command works on: the one named, or every county of the database. */
async function countiesOf(deps: Deps, code: string | undefined): Promise<string[]> {
  const all = await countyCodes(deps.db);
  if (code === undefined) return all;
  if (!all.includes(code)) throw new AppError('validation', `数据库中没有区县 ${code}`);
  return [code];
}

function help(): string {
  return `一个都不能少 Not One Less — nol <command> [options]\n\n${Object.values(COMMANDS)
    .map((c) => c.usage)
    .join('\n\n')}\n\n环境变量: DATABASE_URL (PostgreSQL), NOL_DATA_DIR (PGlite 数据目录, 默认 ./data), PORT`;
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...args] = argv;
  if (!verb || verb === '--help' || verb === 'help') {
    process.stdout.write(`${help()}\n`);
    return verb ? 0 : 1;
  }
  const command = COMMANDS[verb];
  if (!command) {
    log(`未知命令 / unknown command: ${verb}\n\n${help()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    await command.run(args);
    return 0;
  } catch (error) {
    if (error instanceof AppError || error instanceof DataDirLockedError)
      log(`错误 / error: ${error.message}`);
    else if (
      error instanceof Error &&
      error.name === 'TypeError' &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    )
      log(`参数错误 / bad arguments: ${error.message}\n\n${command.usage}`);
    else log(`错误 / error: ${(error as Error).message}`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (process.argv[2] !== 'start' || code !== 0) process.exit(code);
