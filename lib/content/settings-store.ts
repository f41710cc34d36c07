import type { Settings } from '../shared/settings';

/**
 * The team's settings as the content script sees them: loaded once, then kept current by change notices. When the
 * background cannot answer, the page works on the defaults, which `defaults` gives (the interactive UI carries them:
 * they are not worth the content script's bytes for a failure).
 */
export function createSettingsStore(load: () => Promise<Settings>, onError: (err: unknown) => void, defaults: () => Promise<Settings>) {
  let settings: Settings | null = null;
  const listeners = new Set<(s: Settings) => void>();
  const set = (next: Settings) => {
    settings = next;
    for (const l of listeners) l(next);
  };
  const refresh = () =>
    load()
      .then(set)
      .catch((err) => {
        onError(err);
        // Keep working on the defaults: timers still need a policy.
        if (!settings)
          defaults().then((fallback) => {
            if (!settings) set(fallback);
          }, onError);
      });
  void refresh();
  return {
    get: () => settings,
    set,
    refresh,
    subscribe(listener: (s: Settings) => void): () => void {
      listeners.add(listener);
      if (settings) listener(settings);
      return () => listeners.delete(listener);
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
