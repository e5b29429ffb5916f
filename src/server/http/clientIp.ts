import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The peer address; app.request() in tests has no socket, so it falls back to a header or null. */
export function clientIp(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return c.req.header('x-test-client-ip') ?? null;
  }
}
