/** The filing form's draft, kept in storage so it survives closing the page. */
import type { FilingBody } from '../api/types';
import { type KeyValue, readJson, writeJson } from './storage';

const DRAFT_KEY = 'huying.draft';

export interface Draft extends FilingBody {
  saved_at: string;
}

export function emptyDraft(): FilingBody {
  return { title: '', description: '', category: '', service_item_id: null, priority: 'normal' };
}

export function loadDraft(store: KeyValue): Draft | null {
  return readJson<Draft>(store, DRAFT_KEY);
}

/** Saves the form, or forgets the draft when the form is empty. */
export function saveDraft(store: KeyValue, body: FilingBody, now: Date = new Date()): void {
  const blank = !body.title.trim() && !body.description.trim();
  if (blank && !body.category) {
    store.removeItem(DRAFT_KEY);
    return;
  }
  writeJson(store, DRAFT_KEY, { ...body, saved_at: now.toISOString() });
}

export function clearDraft(store: KeyValue): void {
  store.removeItem(DRAFT_KEY);
}
