/** The little of `Storage` the app uses, so logic can be tested without a browser. */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** An in-memory store: for tests, and when the browser refuses storage. */
export class MemoryStore implements KeyValue {
  private data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.has(key) ? (this.data.get(key) as string) : null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

/** The browser's localStorage when it works (private modes may refuse it). */
export function browserStore(): KeyValue {
  try {
    const probe = '__huying_probe__';
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return new MemoryStore();
  }
}

export function readJson<T>(store: KeyValue, key: string): T | null {
  const text = store.getItem(key);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function writeJson(store: KeyValue, key: string, value: unknown): void {
  store.setItem(key, JSON.stringify(value));
}
