// The viral-risk badge of a toolbar (issue 17): shipped in each site's engagement script (/engagement-<channel>.js,
// lib/content/engagement.ts), not in the content scripts, since most rows never show one. A row that does (a verdict
// kept from an earlier visit) loads that script at once rather than at its first reading.

export interface ViralBadgeInput {
  level: 'watch' | 'rising';
  reason: string | undefined;
  /** Offer escalation (a rising post whose state allows it). */
  canEscalate: boolean;
  /** The toolbar is busy with another action: the button waits. */
  busy: boolean;
  escalate(): void;
}

/** `carebar-viral` (data-level = watch | rising), with `carebar-viral-escalate` when escalation is offered. */
export function viralBadge(doc: Document, { level, reason, canEscalate, busy, escalate }: ViralBadgeInput): HTMLElement {
  const badge = doc.createElement('span');
  badge.setAttribute('data-testid', 'carebar-viral');
  badge.setAttribute('data-level', level);
  badge.title = reason ?? '';
  badge.setAttribute(
    'style',
    `display:inline-flex;align-items:center;gap:4px;padding:0 6px;border-radius:9px;font-weight:600;${
      level === 'rising' ? 'background:#b3261e;color:#fff' : 'background:#fff4d6;color:#6b4500'
    }`,
  );
  badge.append(level === 'rising' ? 'Rising' : 'Watch');
  if (canEscalate) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.setAttribute('data-testid', 'carebar-viral-escalate');
    button.disabled = busy;
    button.setAttribute(
      'style',
      'font:inherit;border:1px solid currentColor;background:transparent;color:inherit;border-radius:6px;cursor:pointer',
    );
    button.textContent = 'Escalate';
    button.addEventListener('click', escalate);
    badge.append(button);
  }
  return badge;
}
