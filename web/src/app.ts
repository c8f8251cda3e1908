/** The app's single instances: storage, the API client, the filing queue, the signed-in user. */
import { ref } from 'vue';
import { ApiClient } from './api/client';
import type { User } from './api/types';
import { FilingQueue } from './lib/queue';
import { browserStore } from './lib/storage';

export const store = browserStore();

export const currentUser = ref<User | null>(null);

let onSignedOut: () => void = () => {};

/** Where to go when the session ends (set by the router). */
export function whenSignedOut(f: () => void): void {
  onSignedOut = f;
}

export const api = new ApiClient({
  fetch: window.fetch,
  store,
  onSignedOut: () => {
    currentUser.value = null;
    onSignedOut();
  },
});

currentUser.value = api.session()?.user ?? null;

export const filings = new FilingQueue(api, store);

export async function signIn(login: string, password: string): Promise<User> {
  const user = await api.login(login, password);
  currentUser.value = user;
  return user;
}

export async function signOut(): Promise<void> {
  await api.logout();
  currentUser.value = null;
}
