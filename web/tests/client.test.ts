import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError } from '../src/api/client';
import { MemoryStore } from '../src/lib/storage';

type Handler = (path: string, init: RequestInit) => Response | Promise<Response>;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function client(handler: Handler) {
  const store = new MemoryStore();
  const calls: { path: string; auth: string | undefined; body: unknown }[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ path: String(input), auth: headers.authorization, body: init?.body && JSON.parse(String(init.body)) });
    return handler(String(input), init ?? {});
  }) as unknown as typeof fetch;
  const signedOut = vi.fn();
  const api = new ApiClient({ fetch: fetchFn, store, onSignedOut: signedOut });
  store.setItem('huying.session', JSON.stringify({ access: 'old', refresh: 'r1', user: null }));
  return { api, calls, signedOut, store };
}

const expired = () => json(401, { status: 401, code: 'token_expired' });

describe('token refresh', () => {
  it('refreshes once on a 401 and retries with the new token', async () => {
    const { api, calls, signedOut } = client((path, init) => {
      const auth = (init.headers as Record<string, string>).authorization;
      if (path === '/api/v1/auth/refresh') return json(200, { access_token: 'new', refresh_token: 'r2' });
      return auth === 'Bearer new' ? json(200, { ok: true }) : expired();
    });
    await expect(api.get('/api/v1/me')).resolves.toEqual({ ok: true });
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/me', '/api/v1/auth/refresh', '/api/v1/me']);
    expect(calls[1].body).toEqual({ refresh_token: 'r1' });
    expect(api.session()).toMatchObject({ access: 'new', refresh: 'r2' });
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('shares one refresh between concurrent 401s (a spent refresh token would end the session)', async () => {
    let refreshes = 0;
    const { api } = client(async (path, init) => {
      const auth = (init.headers as Record<string, string>).authorization;
      if (path === '/api/v1/auth/refresh') {
        refreshes += 1;
        await new Promise((r) => setTimeout(r, 10));
        return json(200, { access_token: 'new', refresh_token: 'r2' });
      }
      return auth === 'Bearer new' ? json(200, { path }) : expired();
    });
    const answers = await Promise.all([api.get('/a'), api.get('/b'), api.get('/c')]);
    expect(answers).toEqual([{ path: '/a' }, { path: '/b' }, { path: '/c' }]);
    expect(refreshes).toBe(1);
  });

  it('signs out cleanly when the refresh is refused', async () => {
    const { api, signedOut, calls } = client((path) =>
      path === '/api/v1/auth/refresh' ? json(401, { status: 401, code: 'invalid_refresh_token' }) : expired(),
    );
    const err = (await api.get("/api/v1/me").catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(signedOut).toHaveBeenCalledOnce();
    expect(api.session()).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('does not loop when the retried request is refused again', async () => {
    const { api, signedOut, calls } = client((path) =>
      path === '/api/v1/auth/refresh' ? json(200, { access_token: 'new', refresh_token: 'r2' }) : expired(),
    );
    await expect(api.get('/x')).rejects.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(3);
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it('keeps field errors of a 422', async () => {
    const { api } = client(() =>
      json(422, { status: 422, code: 'validation_failed', errors: { title: 'too long' } }),
    );
    const err = (await api.post('/api/v1/tickets', {}).catch((e) => e)) as ApiError;
    expect(err.fieldErrors).toEqual({ title: 'too long' });
  });
});
