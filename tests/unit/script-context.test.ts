// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from '../../lib/content/script-context';
import { browser } from '../../lib/shared/browser';

// The content scripts' slim ctx (lib/content/script-context.ts, swapped in for WXT's in wxt.config.ts): a newer
// instance of the same content script in the page ends the older one, with the event WXT itself sends.
describe('content script context', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a newer instance of the same content script aborts the older one, not itself', () => {
    const older = new ContentScriptContext('x');
    expect(older.signal.aborted).toBe(false);
    const newer = new ContentScriptContext('x');
    expect(older.signal.aborted).toBe(true);
    expect(newer.signal.aborted).toBe(false);
  });

  it("another content script's start leaves it running", () => {
    const x = new ContentScriptContext('x');
    new ContentScriptContext('facebook');
    expect(x.signal.aborted).toBe(false);
  });

  it("announces itself with WXT's event (for an older build still in the page), and tells the page nothing", () => {
    const seen: Event[] = [];
    const type = `${browser.runtime.id}:x:wxt:content-script-started`;
    expect(browser.runtime.id).toBeTruthy();
    document.addEventListener(type, (e) => seen.push(e));
    const posted = vi.spyOn(window, 'postMessage');
    const ctx = new ContentScriptContext('x');
    expect((seen[0] as CustomEvent).detail).toEqual({ contentScriptName: 'x', messageId: ctx.id });
    // A window message would reach every script of the (hostile) page, with the extension's id in its type.
    expect(posted).not.toHaveBeenCalled();
  });
});
