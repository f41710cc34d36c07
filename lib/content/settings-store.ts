import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';

/** The team's settings as the content script sees them: loaded once, then kept current by change notices. */
export function createSettingsStore(load: () => Promise<Settings>, onError: (err: unknown) => void) {
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
        if (!settings) set(DEFAULT_SETTINGS);
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
