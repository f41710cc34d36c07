import type { ToolbarCommand, ToolbarRegistry } from './feature';

/** The posts that carry a toolbar, each with the listeners its toolbar and slots registered for commands. */
export function createToolbarRegistry(): ToolbarRegistry {
  const listeners = new Map<Element, Set<(command: ToolbarCommand) => void>>();
  return {
    posts: () => [...listeners.keys()],
    has: (postEl) => listeners.has(postEl),
    send(postEl, command) {
      // A copy: a listener may register another (a toolbar drawn by the command it receives) while this runs.
      for (const listener of [...(listeners.get(postEl) ?? [])]) listener(command);
    },
    listen(postEl, listener) {
      let set = listeners.get(postEl);
      if (!set) listeners.set(postEl, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(postEl) === set) listeners.delete(postEl);
      };
    },
  };
}
