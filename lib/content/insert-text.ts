/**
 * Put text into a site's own reply composer (X: Draft.js, Facebook: Lexical) so that the editor's state is updated
 * as if the agent had pasted it: the site's Reply button reacts, the text appears once, Ctrl+Z undoes it.
 *
 * How: a synthetic `paste` ClipboardEvent carrying text/plain. Both editors handle paste themselves (insert at
 * their selection, push an undo entry). Never document.execCommand('insertText'): it edits the DOM behind
 * Draft.js's back and corrupts its state.
 *
 * Both browsers take the text from the event's init dictionary, but not from the same member: Chromium reads the
 * standard `clipboardData` (a DataTransfer); Firefox ignores that member and fills clipboardData from its own
 * `dataType` + `data` members instead (Gecko's ClipboardEventInit). One event carrying both works in each, from the
 * content script itself: no main-world helper is needed.
 */

/** Where the agent's caret was in each composer before our UI took the focus. */
const savedCarets = new WeakMap<HTMLElement, Range>();

/**
 * Remember the caret if it is inside the composer: call before moving the focus elsewhere (the palette's search
 * box), so the insert lands where the agent left off.
 */
export function rememberCaret(composer: HTMLElement): void {
  const sel = composer.ownerDocument.getSelection();
  if (!sel || sel.rangeCount === 0) return;
  const range = sel.getRangeAt(0);
  if (composer.contains(range.startContainer) && composer.contains(range.endContainer)) savedCarets.set(composer, range.cloneRange());
}

function placeCaret(composer: HTMLElement): void {
  const doc = composer.ownerDocument;
  const sel = doc.getSelection();
  if (!sel) return;
  const saved = savedCarets.get(composer);
  savedCarets.delete(composer);
  // The editor may have re-rendered since: a saved range whose nodes left the composer is worthless.
  if (saved && composer.contains(saved.startContainer) && composer.contains(saved.endContainer)) {
    sel.removeAllRanges();
    sel.addRange(saved);
    return;
  }
  const current = sel.rangeCount ? sel.getRangeAt(0) : null;
  if (current && composer.contains(current.startContainer)) return; // focus() kept the agent's caret
  const end = doc.createRange();
  end.selectNodeContents(composer);
  end.collapse(false);
  sel.removeAllRanges();
  sel.addRange(end);
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

function countIn(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Gecko's ClipboardEventInit: the clipboardData of the new event holds `data` as `dataType` (it ignores clipboardData). */
interface AnyBrowserClipboardEventInit extends ClipboardEventInit {
  dataType: string;
  data: string;
}

/** Dispatch a synthetic paste of `text` on `target`; true when the editor handled it (prevented the browser's own). */
export function dispatchPaste(target: HTMLElement, text: string): boolean {
  const clipboardData = new DataTransfer();
  clipboardData.setData('text/plain', text);
  const init: AnyBrowserClipboardEventInit = {
    clipboardData,
    dataType: 'text/plain',
    data: text,
    bubbles: true,
    cancelable: true,
    composed: true,
  };
  const event = new ClipboardEvent('paste', init);
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

/**
 * Insert `text` at the agent's caret (or at the end) of `composer`, through the editor's own paste handling.
 * Resolves true once the text is in the composer one more time than before; false when the editor ignored it.
 * The text is always plain text: HTML in a snippet body is inserted as the characters it is.
 */
export async function insertIntoComposer(composer: HTMLElement, text: string): Promise<boolean> {
  if (!composer.isConnected || !text) return false;
  const probe = normalize(text).slice(0, 60);
  const before = countIn(normalize(composer.textContent ?? ''), probe);
  composer.focus({ preventScroll: true });
  placeCaret(composer);
  // Editors learn the new selection from selectionchange, which fires asynchronously.
  await tick();
  // The editor's contenteditable root (or a node in it) receives the paste, as with a real Ctrl+V.
  const target = composer.isContentEditable
    ? composer
    : ((composer.querySelector('[contenteditable="true"]') as HTMLElement | null) ?? composer);
  if (!dispatchPaste(target, text)) return false;
  // React / Lexical render the new state in a microtask or the next frame.
  for (let waited = 0; waited < 500; waited += 20) {
    if (countIn(normalize(composer.textContent ?? ''), probe) > before) return true;
    await tick(20);
  }
  return false;
}
