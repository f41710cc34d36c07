/** Shown once, quietly, when the extension was updated or reloaded under this tab. */
export function ReloadHint(props: { onDismiss: () => void }) {
  return (
    <div class="hint" role="status" data-testid="carebar-reload-hint">
      Carebar was updated — reload this tab to reconnect.
      <button type="button" onClick={props.onDismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

export const RELOAD_HINT_CSS = `
/* Positioned inside the shadow root: the host's inline all: initial overrides any :host rule. */
.hint { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; display: flex; gap: 8px; align-items: center; padding: 8px 12px; border-radius: 8px;
  background: #16181c; color: #e7e9ea; font: 13px/1.4 system-ui, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
button { all: unset; cursor: pointer; padding: 0 4px; }
button:focus-visible { outline: 2px solid #6cb6ff; }
`;
