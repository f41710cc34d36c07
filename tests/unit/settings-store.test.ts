import { describe, expect, it, vi } from 'vitest';
import { createSettingsStore } from '../../lib/content/settings-store';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/shared/settings';

// The content script's settings: the team's from the background; when it cannot answer, the defaults, which the
// interactive UI carries (asked for only then).
describe('content settings store', () => {
  const team: Settings = { ...DEFAULT_SETTINGS, agentName: 'Ana Lopez', setupDone: true };

  it("the background's settings, without asking for the defaults", async () => {
    const defaults = vi.fn(() => Promise.resolve(DEFAULT_SETTINGS));
    const store = createSettingsStore(() => Promise.resolve(team), vi.fn(), defaults);
    await vi.waitFor(() => expect(store.get()).toBe(team));
    expect(defaults).not.toHaveBeenCalled();
  });

  it('the background failing: the error is reported and the page works on the defaults', async () => {
    const onError = vi.fn();
    const seen: Settings[] = [];
    const store = createSettingsStore(
      () => Promise.reject(new Error('no background')),
      onError,
      () => Promise.resolve(DEFAULT_SETTINGS),
    );
    store.subscribe((s) => seen.push(s));
    await vi.waitFor(() => expect(store.get()).toBe(DEFAULT_SETTINGS));
    expect(seen).toEqual([DEFAULT_SETTINGS]);
    expect(onError).toHaveBeenCalledWith(new Error('no background'));
  });

  it('settings that arrive while the defaults load win over them', async () => {
    let giveDefaults: ((s: Settings) => void) | undefined;
    const store = createSettingsStore(
      () => Promise.reject(new Error('no background')),
      vi.fn(),
      () => new Promise<Settings>((resolve) => (giveDefaults = resolve)),
    );
    await vi.waitFor(() => expect(giveDefaults).toBeTypeOf('function'));
    store.set(team); // a change notice
    giveDefaults!(DEFAULT_SETTINGS);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.get()).toBe(team);
  });
});
