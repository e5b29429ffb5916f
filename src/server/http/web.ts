import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ApiApp } from './env.ts';

/** Serves the built React app; any non-API path that is not a file gets index.html (client routing). */
export function serveWeb(app: ApiApp, webDir: string): void {
  const indexFile = join(webDir, 'index.html');
  let indexHtml: string | null = null;
  app.use('/assets/*', serveStatic({ root: webDir }));
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    if (indexHtml === null && existsSync(indexFile)) indexHtml = readFileSync(indexFile, 'utf8');
    if (indexHtml === null) return c.text('web app not built: run npm run build:web', 503);
    return c.html(indexHtml);
  });
}
