import { customerCard } from './card-frame';
import { createDmFlow } from './dm-flow';
import { createShortcutKeys } from './shortcut-keys';
import { createSnippetController } from './snippets';
import { DEFAULT_SETTINGS } from '../shared/settings';

/**
 * The interaction-only bodies of the content script's features, shipped in the interactive UI (/overlay-ui.js,
 * loaded on first use, lib/content/overlay-ui-loader.ts) beside the panels they draw. The content script keeps a
 * small trigger per feature (a listener that decides to load, then hands over the gesture) and what the resting row
 * shows. Kept apart from lib/content/overlay-ui.ts so that these modules, which use its panels directly, form no
 * import cycle with it; entrypoints/overlay-ui.ts hands both over as one object.
 */
export const overlayFeatures = {
  createSnippetController,
  createDmFlow,
  createShortcutKeys,
  customerCard,
  /** The settings' defaults, which a page works on when the background cannot give it the team's (settings-store.ts). */
  defaultSettings: DEFAULT_SETTINGS,
};

export type OverlayFeatures = typeof overlayFeatures;
