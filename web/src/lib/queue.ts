/**
 * Filings on a patchy network. A filing is written to storage with its
 * `Idempotency-Key` before the first attempt and sent again, with the same
 * key and body, until the server acknowledges it — after a cut connection,
 * a 5xx, a page reload or a closed app. The server files once per key, so
 * a filing whose answer was lost is never filed twice. Only a refusal (a
 * 4xx such as 422) ends a filing without a ticket; its field errors go back
 * to the form, whose draft is still there.
 */
import { ApiError, NetworkError, type Answer, type RequestOptions } from '../api/client';
import type { FilingBody, Ticket } from '../api/types';
import { type KeyValue, readJson, writeJson } from './storage';

const QUEUE_KEY = 'huying.filings';

export interface PendingFiling {
  key: string;
  body: FilingBody;
  queued_at: string;
  attempts: number;
}

export interface Requester {
  request<T>(method: string, path: string, opts?: RequestOptions): Promise<Answer<T>>;
}

export interface QueueOptions {
  newKey?: () => string;
  /** Waits between attempts, in ms; the last one repeats. */
  delays?: number[];
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

/** Whether an error is worth another attempt with the same key. */
export function isTransient(e: unknown): boolean {
  if (e instanceof NetworkError) return true;
  if (e instanceof ApiError) {
    if (e.status >= 500 || e.status === 408 || e.status === 429) return true;
    // A concurrent request with the same key left nothing to replay yet.
    return e.status === 409 && e.problem.code === 'idempotency_conflict';
  }
  return false;
}

export class FilingQueue {
  private readonly inFlight = new Set<string>();
  private readonly newKey: () => string;
  private readonly delays: number[];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;

  constructor(
    private readonly api: Requester,
    private readonly store: KeyValue,
    opts: QueueOptions = {},
  ) {
    this.newKey = opts.newKey ?? (() => crypto.randomUUID());
    this.delays = opts.delays ?? [1000, 2000, 4000, 8000, 15000];
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = opts.now ?? (() => new Date());
  }

  pending(): PendingFiling[] {
    return readJson<PendingFiling[]>(this.store, QUEUE_KEY) ?? [];
  }

  private write(list: PendingFiling[]): void {
    if (list.length) writeJson(this.store, QUEUE_KEY, list);
    else this.store.removeItem(QUEUE_KEY);
  }

  private update(key: string, change: (p: PendingFiling) => PendingFiling | null): void {
    const list = this.pending().flatMap((p) => {
      if (p.key !== key) return [p];
      const next = change(p);
      return next ? [next] : [];
    });
    this.write(list);
  }

  /** Stores the filing (with a fresh key) before anything is sent. */
  enqueue(body: FilingBody): PendingFiling {
    const entry: PendingFiling = {
      key: this.newKey(),
      body,
      queued_at: this.now().toISOString(),
      attempts: 0,
    };
    this.write([...this.pending(), entry]);
    return entry;
  }

  /** One attempt: the ticket, or throws (transient errors keep the entry). */
  async attempt(entry: PendingFiling): Promise<Ticket> {
    this.update(entry.key, (p) => ({ ...p, attempts: p.attempts + 1 }));
    try {
      const answer = await this.api.request<Ticket>('POST', '/api/v1/tickets', {
        body: entry.body,
        headers: { 'idempotency-key': entry.key },
      });
      this.update(entry.key, () => null);
      return answer.data;
    } catch (e) {
      const signedOut = e instanceof ApiError && e.status === 401;
      if (!isTransient(e) && !signedOut) this.update(entry.key, () => null);
      throw e;
    }
  }

  /**
   * Sends until acknowledged (the ticket) or refused (throws the ApiError).
   * `onRetry` is told of each failed attempt that will be tried again.
   */
  async deliver(entry: PendingFiling, onRetry?: (attempt: number, e: unknown) => void): Promise<Ticket> {
    if (this.inFlight.has(entry.key)) throw new Error('this filing is already being sent');
    this.inFlight.add(entry.key);
    try {
      for (let n = 0; ; n++) {
        try {
          return await this.attempt(entry);
        } catch (e) {
          if (!isTransient(e)) throw e;
          onRetry?.(n + 1, e);
          await this.sleep(this.delays[Math.min(n, this.delays.length - 1)]);
        }
      }
    } finally {
      this.inFlight.delete(entry.key);
    }
  }

  submit(body: FilingBody, onRetry?: (attempt: number, e: unknown) => void): Promise<Ticket> {
    return this.deliver(this.enqueue(body), onRetry);
  }

  /** Filings left by an earlier visit, sent once each; what is still pending stays. */
  async flush(): Promise<Ticket[]> {
    const filed: Ticket[] = [];
    for (const entry of this.pending()) {
      if (this.inFlight.has(entry.key)) continue;
      this.inFlight.add(entry.key);
      try {
        filed.push(await this.attempt(entry));
      } catch {
        // Transient: tried again on the next flush; refused: dropped.
      } finally {
        this.inFlight.delete(entry.key);
      }
    }
    return filed;
  }
}
