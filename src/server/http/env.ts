import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Actor, Grant } from '../auth/actor.ts';
import type { Deps } from '../deps.ts';

export interface SessionInfo {
  tokenHash: string;
  csrfToken: string;
  mustChangePassword: boolean;
}

export type AppEnv = {
  Variables: {
    deps: Deps;
    actor: Actor | null;
    session: SessionInfo | null;
    /** The actor's grants that carry the route's permission: list queries scope by them. */
    grants: Grant[];
  };
};

export type ApiApp = OpenAPIHono<AppEnv>;
