import pino from 'pino';

/** JSON logs to stderr (stdout belongs to CLI output); never log personal data. */
export const logger = pino(
  { level: process.env.NOL_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info') },
  pino.destination(2),
);
