// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { prepareHost } from '../../lib/content/shadow-host';

// X and Facebook open the post (or run a shortcut) on events that reach the post element: an event in our UI must
// stay in it. Containment is armed on a host by the first event a person sends toward it (#13), in the document's
// capture phase, so that very event is already kept in.
describe('shadow host containment', () => {
  const setup = () => {
    document.body.innerHTML = '<article id="post"></article>';
    const post = document.getElementById('post')!;
    const { host, shadow } = prepareHost(document, { 'data-testid': 'carebar-toolbar' });
    post.append(host);
    const button = document.createElement('button');
    shadow.append(button);
    const reached: string[] = [];
    for (const type of ['pointerover', 'pointerdown', 'click', 'keydown', 'focusin'])
      post.addEventListener(type, (event) => reached.push(event.type));
    return { post, host, button, reached };
  };

  it("keeps the press and the click that follow the pointer's arrival inside the host", () => {
    const { button, reached } = setup();
    button.dispatchEvent(new Event('pointerover', { bubbles: true, composed: true }));
    button.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    // Hover was never kept in (the site's own hover cards need it); presses and clicks are.
    expect(reached).toEqual(['pointerover']);
  });

  it('keeps the very first press inside, without a hover before it (touch)', () => {
    const { button, reached } = setup();
    button.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
    expect(reached).toEqual([]);
  });

  it('keeps a key press inside once the focus entered', () => {
    const { button, reached } = setup();
    button.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, composed: true }));
    expect(reached).toEqual([]);
  });

  it("leaves the page's own events alone", () => {
    const { post, reached } = setup();
    post.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(reached).toEqual(['click']);
  });
});
