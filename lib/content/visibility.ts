/**
 * One IntersectionObserver for every overlay host, so off-screen toolbars are not drawn and their timers do not
 * tick. `rootMargin` counts posts that close to the screen as on it (drawn before they scroll in).
 */
export function createVisibilityWatcher(rootMargin = '0px') {
  const listeners = new Map<Element, (visible: boolean) => void>();
  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) listeners.get(e.target)?.(e.isIntersecting);
          },
          { rootMargin },
        )
      : null;
  return {
    watch(el: Element, listener: (visible: boolean) => void): () => void {
      listeners.set(el, listener);
      if (observer) observer.observe(el);
      else listener(true); // no IntersectionObserver (tests): treat as visible
      return () => {
        listeners.delete(el);
        observer?.unobserve(el);
      };
    },
    disconnect() {
      observer?.disconnect();
      listeners.clear();
    },
  };
}
