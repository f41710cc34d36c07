import { useEffect, useState } from 'preact/hooks';
import type { DetectReason } from '../../lib/shared/detect/types';
import type { ItemState } from '../../lib/shared/model';
import type { DmStatus } from '../../lib/content/dm-flow';
import { useBusyAction } from '../shared/use-busy-action';

const REASON_LABEL: Record<DetectReason, string> = {
  email: 'email address',
  phone: 'phone number',
  card: 'card number',
  order: 'order / account number',
  address: 'street address',
  'account-request': 'account-specific request',
  sentiment: 'strong negative sentiment',
  'long-thread': 'long public back-and-forth',
};

export interface DmPromptProps {
  state: ItemState;
  /** Resolves with what the detectors found in the post (background). */
  reasons: () => Promise<DetectReason[]>;
  subscribeStatus: (listener: (status: DmStatus) => void) => () => void;
  /** In DM longer than the team's follow-up time. */
  overdue: boolean;
  onResolved: () => Promise<void>;
  onConfirmClosed: () => Promise<void>;
}

/**
 * Next to "Move to DM": why Carebar suggests it (carebar-dm-prompt, only when something was found), and for items in
 * DM the close-the-loop step ("Resolved in DM?" → the approved closing reply on the original post).
 */
export function DmPrompt(props: DmPromptProps) {
  const [reasons, setReasons] = useState<DetectReason[]>([]);
  const [status, setStatus] = useState<DmStatus>({ message: null, closePending: false });
  const { busy, error, run: act } = useBusyAction();

  useEffect(() => {
    let live = true;
    // Most posts have none: keep the same empty array so nothing re-renders.
    void props.reasons().then((r) => live && r.length > 0 && setReasons(r));
    return () => {
      live = false;
    };
  }, [props.reasons]);
  useEffect(() => props.subscribeStatus(setStatus), [props.subscribeStatus]);

  return (
    <>
      {reasons.length && props.state !== 'dm' && props.state !== 'closed' ? (
        <span
          class="dm-prompt"
          data-testid="carebar-dm-prompt"
          data-reason={reasons.join(' ')}
          title={`Move to DM suggested: ${reasons.map((r) => REASON_LABEL[r]).join(', ')}`}
        >
          DM? {reasons.map((r) => REASON_LABEL[r]).join(', ')}
        </span>
      ) : null}
      {props.state === 'dm' ? (
        <>
          {props.overdue ? (
            <span class="dm-overdue" data-testid="carebar-dm-overdue" title="In DM longer than the team’s follow-up time">
              DM follow-up due
            </span>
          ) : null}
          {status.closePending ? (
            <button
              type="button"
              data-testid="carebar-dm-close-confirm"
              disabled={busy}
              onClick={() => act(props.onConfirmClosed)}
              title="The closing reply is posted: close the item"
            >
              Posted: close
            </button>
          ) : (
            <button
              type="button"
              data-testid="carebar-dm-resolved"
              disabled={busy}
              onClick={() => act(props.onResolved)}
              title="Resolved in DM? Offer the closing reply on this post"
            >
              Resolved in DM?
            </button>
          )}
        </>
      ) : null}
      {status.message ? (
        <span class="note" data-testid="carebar-dm-hint" role="status">
          {status.message}
        </span>
      ) : null}
      {error ? (
        <span class="error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

/** The toolbar's "Move to DM" button (it runs through the toolbar's busy state and offers Undo). */
export function MoveToDmButton(props: { disabled: boolean; onClick: () => void }) {
  return (
    <button type="button" data-testid="carebar-move-dm" title="Move to DM" disabled={props.disabled} onClick={props.onClick}>
      Move to DM
    </button>
  );
}
