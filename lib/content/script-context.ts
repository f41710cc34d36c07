import { browser } from '../shared/browser';

/**
 * The content scripts' `ctx` (WXT's ContentScriptContext), swapped in for wxt/utils/content-script-context in the
 * build (wxt.config.ts): Carebar's entrypoints use only `ctx.signal`, so this keeps that and WXT's protocol for it —
 * a new instance of the same content script in the page (the extension reloaded or updated) announces itself with
 * the same event WXT sends, and the older one's signal aborts — without the timers, location watcher and logger
 * WXT's class brings (~1 KB gzip per content script, #13.7). Not WXT's window.postMessage as well (its
 * noScriptStartedPostMessage, the default it announces): every script of the page would read the extension's id in
 * it, and WXT 0.20's contexts (every Carebar build) listen for the event alone.
 */
export class ContentScriptContext {
  readonly id = Math.random().toString(36).slice(2);
  private readonly controller = new AbortController();

  constructor(contentScriptName: string) {
    // WXT's getUniqueEventName('wxt:content-script-started'); its ENTRYPOINT is the name passed here.
    const type = `${browser?.runtime?.id}:${contentScriptName}:wxt:content-script-started`;
    const detail = { contentScriptName, messageId: this.id };
    document.dispatchEvent(new CustomEvent(type, { detail }));
    const onStarted = (event: Event) => {
      const started = (event as CustomEvent<typeof detail | undefined>).detail;
      if (started?.contentScriptName === contentScriptName && started.messageId !== this.id)
        this.controller.abort('Content script context invalidated');
    };
    document.addEventListener(type, onStarted, { signal: this.signal });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }
}
