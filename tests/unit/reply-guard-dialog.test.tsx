// @vitest-environment jsdom
import { h, render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { ReplyGuard } from '../../components/content/ReplyGuard';

// The reply guard's three choices act on a person's click only: a page script can dispatch events into the open
// shadow root, and a synthetic click on "Post anyway" must not publish a reply that holds personal data (as the
// toolbar row and team mode's "Take over": issue 11 finding 8, issue 13). jsdom's events are never trusted.
describe('the reply guard dialog', () => {
  it('ignores synthetic clicks on Edit, Move to DM and Post anyway', () => {
    const handlers = { edit: vi.fn(), moveToDm: vi.fn(), postAnyway: vi.fn(), onClose: vi.fn() };
    const box = document.createElement('div');
    document.body.append(box);
    render(h(ReplyGuard, { ...handlers, problems: [{ kind: 'personal-data', message: 'An email address' }], at: null, keep: [] }), box);
    const buttons = ['edit', 'dm', 'post'].map((n) => box.querySelector<HTMLElement>(`[data-testid="carebar-reply-guard-${n}"]`)!);
    expect(buttons.every(Boolean)).toBe(true);
    for (const b of buttons) {
      b.click();
      b.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    }
    expect(handlers.postAnyway).not.toHaveBeenCalled();
    expect(handlers.moveToDm).not.toHaveBeenCalled();
    expect(handlers.edit).not.toHaveBeenCalled();
    expect(handlers.onClose).not.toHaveBeenCalled();
    // Still open, still offering the choices.
    expect(box.querySelector('[data-testid="carebar-reply-guard"]')).not.toBeNull();
    render(null, box);
  });
});
