import type { Locator, Page } from '@playwright/test';

/**
 * Click a toolbar action by its test-contract name: in the row when it is shown there, otherwise from the "⋯" menu
 * (`carebar-more`), as the contract allows (README "Test contract").
 */
export async function act(toolbar: Locator, testid: string): Promise<void> {
  const inRow = toolbar.getByTestId(testid);
  if (await inRow.isVisible()) return inRow.click();
  await openMenu(toolbar);
  await toolbar.getByTestId(testid).click();
}

/** The actions a toolbar offers now, row and "⋯" menu together (the menu is opened and closed again). */
export async function offered(toolbar: Locator): Promise<string[]> {
  const names = [
    'carebar-claim',
    'carebar-mark-replied',
    'carebar-move-dm',
    'carebar-escalate',
    'carebar-ignore',
    'carebar-reopen',
    'carebar-release',
  ];
  const found = new Set<string>();
  for (const n of names) if (await toolbar.getByTestId(n).isVisible()) found.add(n);
  await openMenu(toolbar);
  for (const n of names) if (await toolbar.getByTestId(n).isVisible()) found.add(n);
  await toolbar.getByTestId('carebar-more').click();
  await toolbar.getByRole('menu').waitFor({ state: 'hidden' });
  return names.filter((n) => found.has(n));
}

/**
 * Open the row's "⋯" menu and wait until it shows: the menu comes with the interactive UI, loaded on first use, so
 * the first one on a page opens a moment after the click.
 */
export async function openMenu(toolbar: Locator): Promise<void> {
  await toolbar.getByTestId('carebar-more').click();
  await toolbar.getByRole('menu').waitFor({ state: 'visible' });
}

/** Geometry of every toolbar on the page: the host's box, and whether its row holds on one line without overflow. */
export async function toolbarGeometry(page: Page) {
  return page.locator('[data-testid="carebar-toolbar"]').evaluateAll((hosts) =>
    hosts.map((host) => {
      const r = host.getBoundingClientRect();
      const bar = host.shadowRoot?.querySelector<HTMLElement>('[role="toolbar"]') ?? null;
      const barBox = bar?.getBoundingClientRect();
      const children = bar
        ? [...bar.children].filter((c) => (c as HTMLElement).offsetParent !== null || c.getClientRects().length > 0)
        : [];
      const oneLine =
        !!barBox &&
        children.every((c) => {
          const b = c.getBoundingClientRect();
          return b.height === 0 || (b.top >= barBox.top - 1 && b.bottom <= barBox.bottom + 1);
        });
      return {
        key: host.getAttribute('data-carebar-id'),
        width: r.width,
        height: r.height,
        rendered: !!bar,
        oneLine,
        overflows: !!bar && bar.scrollWidth > bar.clientWidth + 1,
        parentWidth: host.parentElement?.getBoundingClientRect().width ?? 0,
      };
    }),
  );
}
