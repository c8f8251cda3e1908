/**
 * The API client: JSON over fetch with the session's bearer token. An
 * expired access token is refreshed once with the refresh token and the
 * request retried; when that fails the session ends and `onSignedOut` runs.
 * Refresh tokens rotate and a spent one revokes the session, so concurrent
 * 401s share one refresh, and a request that failed with an older token
 * than the current one simply retries.
 */
import type { Problem, TokenPair, User } from './types';
import { type KeyValue, readJson, writeJson } from '../lib/storage';

const SESSION_KEY = 'huying.session';

export interface Session {
  access: string;
  refresh: string;
  user: User | null;
}

/** A problem+json answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
  }
  get fieldErrors(): Record<string, string> {
    return this.problem.errors ?? {};
  }
}

/** No answer at all: offline, cut connection, or the server is down. */
export class NetworkError extends Error {}

export interface Answer<T> {
  status: number;
  data: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Without the bearer token (sign-in, refresh). */
  anonymous?: boolean;
}

export interface ClientOptions {
  fetch: typeof fetch;
  store: KeyValue;
  onSignedOut?: () => void;
  base?: string;
}

export class ApiClient {
  private refreshing: Promise<boolean> | null = null;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly opts: ClientOptions) {
    // Called unbound, `window.fetch` throws "Illegal invocation".
    const f = opts.fetch;
    this.fetchFn = (input, init) => f(input, init);
  }

  session(): Session | null {
    return readJson<Session>(this.opts.store, SESSION_KEY);
  }

  private save(session: Session | null): void {
    if (session) writeJson(this.opts.store, SESSION_KEY, session);
    else this.opts.store.removeItem(SESSION_KEY);
  }

  async login(login: string, password: string): Promise<User> {
    const pair = await this.request<TokenPair>('POST', '/api/v1/auth/login', {
      body: { login, password },
      anonymous: true,
    });
    this.save({ access: pair.data.access_token, refresh: pair.data.refresh_token, user: null });
    const me = await this.request<User>('GET', '/api/v1/me');
    const session = this.session();
    if (session) this.save({ ...session, user: me.data });
    return me.data;
  }

  /** Ends the session on the server (best effort) and here. */
  async logout(): Promise<void> {
    if (this.session()) {
      try {
        await this.send('POST', '/api/v1/auth/logout', {}, this.session()?.access);
      } catch {
        // Offline: the tokens are forgotten here anyway and expire there.
      }
    }
    this.signOut();
  }

  private signOut(): void {
    this.save(null);
    this.opts.onSignedOut?.();
  }

  private async send(
    method: string,
    path: string,
    opts: RequestOptions,
    token: string | undefined,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await this.fetchFn((this.opts.base ?? '') + path, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
    } catch (e) {
      throw new NetworkError(e instanceof Error ? e.message : String(e));
    }
  }

  /** One refresh at a time; resolves whether a fresh session was obtained. */
  private refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const session = this.session();
        if (!session) return false;
        const r = await this.send(
          'POST',
          '/api/v1/auth/refresh',
          { body: { refresh_token: session.refresh } },
          undefined,
        );
        if (!r.ok) return false;
        const pair = (await r.json()) as TokenPair;
        this.save({ ...session, access: pair.access_token, refresh: pair.refresh_token });
        return true;
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<Answer<T>> {
    const used = opts.anonymous ? undefined : this.session()?.access;
    let response = await this.send(method, path, opts, used);
    if (response.status === 401 && !opts.anonymous && used) {
      const current = this.session()?.access;
      const fresh = current !== undefined && current !== used ? true : await this.refresh();
      if (!fresh) {
        this.signOut();
        throw await toError(response);
      }
      response = await this.send(method, path, opts, this.session()?.access);
      if (response.status === 401) {
        this.signOut();
        throw await toError(response);
      }
    }
    if (!response.ok) throw await toError(response);
    const data = (response.status === 204 ? null : await response.json()) as T;
    return { status: response.status, data, headers: response.headers };
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path).then((a) => a.data);
  }

  post<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, { body, headers }).then((a) => a.data);
  }
}

async function toError(response: Response): Promise<ApiError> {
  let problem: Problem;
  try {
    problem = (await response.json()) as Problem;
  } catch {
    problem = { status: response.status, code: 'http_error', title: response.statusText };
  }
  return new ApiError(response.status, { ...problem, status: response.status });
}
