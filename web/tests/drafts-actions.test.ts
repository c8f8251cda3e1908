import { describe, expect, it } from 'vitest';
import type { Ticket } from '../src/api/types';
import { enterpriseActions } from '../src/lib/actions';
import { clearDraft, emptyDraft, loadDraft, saveDraft } from '../src/lib/drafts';
import { MemoryStore } from '../src/lib/storage';

describe('drafts', () => {
  it('keeps the form, with when it was saved, until cleared', () => {
    const store = new MemoryStore();
    const body = { ...emptyDraft(), title: '招工', category: 'hiring' };
    saveDraft(store, body, new Date('2026-12-02T01:00:00Z'));
    expect(loadDraft(store)).toEqual({ ...body, saved_at: '2026-12-02T01:00:00.000Z' });
    clearDraft(store);
    expect(loadDraft(store)).toBeNull();
  });
  it('forgets an empty form', () => {
    const store = new MemoryStore();
    saveDraft(store, { ...emptyDraft(), title: 'x' });
    saveDraft(store, emptyDraft());
    expect(loadDraft(store)).toBeNull();
  });
});

describe('enterprise actions', () => {
  const ticket = (over: Partial<Ticket>) => ({ status: 'resolved', ...over }) as Ticket;
  it("are the API's allowed_actions when it gives them", () => {
    const t = ticket({ allowed_actions: ['confirm', 'comment', 'view' as never] });
    expect([...enterpriseActions(t)]).toEqual(['confirm', 'comment']);
  });
  it('follow the status when the API does not say', () => {
    expect([...enterpriseActions(ticket({}))].sort()).toEqual(['comment', 'confirm', 'reopen']);
    expect([...enterpriseActions(ticket({ status: 'awaiting_enterprise' }))].sort()).toEqual(['comment', 'reply']);
    expect([...enterpriseActions(ticket({ status: 'closed' }))]).toEqual([]);
  });
});
