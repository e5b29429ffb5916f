import { createApp } from '../../src/server/app.ts';
import type { Deps } from '../../src/server/deps.ts';
import type { ApiApp } from '../../src/server/http/env.ts';

export interface SignedIn {
  cookie: string;
  csrf: string;
}

/** Drives the app through app.request() (no port), carrying the session and CSRF cookies like a browser. */
export class TestClient {
  constructor(readonly app: ApiApp) {}

  static create(deps: Deps): TestClient {
    return new TestClient(createApp(deps));
  }

  async signIn(username: string, password = 'Demo2026pass'): Promise<SignedIn> {
    const response = await this.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'anonymous' },
      body: JSON.stringify({ username, password }),
    });
    if (response.status !== 200)
      throw new Error(`sign-in ${username} failed: ${response.status} ${await response.text()}`);
    const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
    const csrf = cookies.find((c) => c.startsWith('nol_csrf='))?.slice('nol_csrf='.length) ?? '';
    return { cookie: cookies.join('; '), csrf };
  }

  request(session: SignedIn | null, method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (session) {
      headers.cookie = session.cookie;
      headers['x-csrf-token'] = session.csrf;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    return Promise.resolve(
      this.app.request(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  }

  async json<T = Record<string, unknown>>(
    session: SignedIn | null,
    method: string,
    path: string,
    body?: unknown,
  ) {
    const response = await this.request(session, method, path, body);
    return { status: response.status, body: (await response.json()) as T };
  }
}
