import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError, type Answer, type RequestOptions } from '../src/api/client';
import type { FilingBody, Ticket } from '../src/api/types';
import { FilingQueue } from '../src/lib/queue';
import { MemoryStore } from '../src/lib/storage';

const body: FilingBody = {
  title: '招工',
  description: '五十名操作工',
  category: 'hiring',
  service_item_id: null,
  priority: 'normal',
};

/** A server that files once per key, with scripted failures before or after committing. */
class FakeServer {
  filed = new Map<string, Ticket>();
  keys: string[] = [];
  script: ('ok' | 'drop-before' | 'drop-after' | '503' | '422')[] = [];

  async request<T>(_m: string, _p: string, opts?: RequestOptions): Promise<Answer<T>> {
    const key = opts?.headers?.['idempotency-key'] as string;
    this.keys.push(key);
    const step = this.script.shift() ?? 'ok';
    if (step === 'drop-before') throw new NetworkError('connection reset');
    if (step === '503') throw new ApiError(503, { status: 503, code: 'unavailable' });
    if (step === '422') throw new ApiError(422, { status: 422, code: 'validation_failed', errors: { title: 'x' } });
    if (!this.filed.has(key)) {
      this.filed.set(key, { id: `t${this.filed.size + 1}`, number: `N${this.filed.size + 1}` } as Ticket);
    }
    if (step === 'drop-after') throw new NetworkError('the answer was lost');
    return { status: 201, data: this.filed.get(key) as T, headers: new Headers() };
  }
}

function queue(server: FakeServer, store = new MemoryStore()) {
  let n = 0;
  return new FilingQueue(server, store, { newKey: () => `key-${++n}`, sleep: async () => {}, delays: [0] });
}

describe('filing queue', () => {
  it('retries a filing whose answer was lost with the same key, and files it once', async () => {
    const server = new FakeServer();
    server.script = ['drop-before', 'drop-after', '503', 'ok'];
    const retries: number[] = [];
    const q = queue(server);
    const ticket = await q.submit(body, (n) => retries.push(n));
    expect(ticket.id).toBe('t1');
    expect(server.filed.size).toBe(1);
    expect(new Set(server.keys)).toEqual(new Set(['key-1']));
    expect(server.keys).toHaveLength(4);
    expect(retries).toEqual([1, 2, 3]);
    expect(q.pending()).toEqual([]);
  });

  it('keeps the filing across a closed page and sends it with its key on the next visit', async () => {
    const server = new FakeServer();
    const store = new MemoryStore();
    const first = queue(server, store);
    const entry = first.enqueue(body);
    server.script = ['drop-after'];
    await expect(first.attempt(entry)).rejects.toBeInstanceOf(NetworkError);
    expect(first.pending().map((p) => p.key)).toEqual(['key-1']);
    // The app is opened again: a new queue over the same storage.
    const again = new FilingQueue(server, store, { sleep: async () => {} });
    const filed = await again.flush();
    expect(filed.map((t) => t.id)).toEqual(['t1']);
    expect(server.filed.size).toBe(1);
    expect(server.keys).toEqual(['key-1', 'key-1']);
    expect(again.pending()).toEqual([]);
  });

  it('drops a refused filing and hands back its field errors', async () => {
    const server = new FakeServer();
    server.script = ['422'];
    const q = queue(server);
    const err = (await q.submit(body).catch((e) => e)) as ApiError;
    expect(err.status).toBe(422);
    expect(err.fieldErrors).toEqual({ title: 'x' });
    expect(q.pending()).toEqual([]);
    expect(server.filed.size).toBe(0);
  });

  it('stores the filing before the first attempt', async () => {
    const server = new FakeServer();
    const store = new MemoryStore();
    const q = queue(server, store);
    const entry = q.enqueue(body);
    expect(JSON.parse(store.getItem('huying.filings') as string)).toEqual([
      expect.objectContaining({ key: entry.key, body, attempts: 0 }),
    ]);
  });
});
