import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../../lib/shared/messaging/client';
import type { Settings } from '../../../lib/shared/settings';
import { errorText } from '../reports/Backup';

export type SaveStatus = { kind: 'ok' | 'error'; text: string } | null;

/** Sections with unsaved edits: leaving the page asks first (an agent's work is never dropped silently). */
const dirtySections = new Set<string>();
let guarding = false;
function guardUnload() {
  if (guarding) return;
  guarding = true;
  addEventListener('beforeunload', (event) => {
    if (dirtySections.size) event.preventDefault();
  });
}

/**
 * One options section's draft of some settings: edited freely, saved together by the section's Save button (only its
 * own fields), resynced from the saved settings while it has no edits of its own.
 */
export function useSection<T>(
  name: string,
  saved: Settings,
  read: (s: Settings) => T,
  write: (draft: T) => Partial<Settings>,
  onSaved: (s: Settings) => void,
) {
  const [draft, setDraft] = useState<T>(() => read(saved));
  const [status, setStatus] = useState<SaveStatus>(null);
  const [busy, setBusy] = useState(false);
  const base = useRef(JSON.stringify(read(saved)));
  const dirty = JSON.stringify(draft) !== base.current;

  useEffect(() => {
    const fresh = read(saved);
    if (!dirty) setDraft(fresh);
    base.current = JSON.stringify(fresh);
  }, [saved]);

  useEffect(() => {
    guardUnload();
    if (dirty) dirtySections.add(name);
    else dirtySections.delete(name);
    return () => void dirtySections.delete(name);
  }, [dirty]);

  const update = (next: T) => {
    setDraft(next);
    setStatus(null);
  };

  const save = async (extra: Partial<Settings> = {}): Promise<boolean> => {
    setBusy(true);
    try {
      const { settings } = await request('settings.update', { settings: { ...write(draft), ...extra } });
      base.current = JSON.stringify(read(settings));
      setDraft(read(settings));
      onSaved(settings);
      setStatus({ kind: 'ok', text: 'Saved.' });
      return true;
    } catch (err) {
      setStatus({ kind: 'error', text: `Not saved: ${errorText(err)}` });
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { draft, update, dirty, status, setStatus, busy, save };
}
