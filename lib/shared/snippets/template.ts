/**
 * Snippet variables. Syntax (docs/snippets.md): `{{name}}` with name one of KNOWN_VARIABLES, or
 * `{{prompt:Label}}` which asks the agent for a value before inserting. Whitespace inside the braces is ignored.
 * Anything else between `{{` and `}}` is an error when a snippet is saved or a pack is linted, and is never
 * inserted: the rendered text never contains `{{`.
 */

export const KNOWN_VARIABLES = ['customer.firstName', 'post.author', 'agent.name', 'agent.initials'] as const;
export type KnownVariable = (typeof KNOWN_VARIABLES)[number];

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PROMPT = /^prompt:\s*(.{1,80})$/;

export type TemplatePart = { text: string } | { variable: KnownVariable } | { prompt: string };

export interface TemplateError {
  token: string;
  message: string;
}

/** Split a body into text and variables; unknown variables are reported, not guessed. */
export function parseTemplate(body: string): { parts: TemplatePart[]; errors: TemplateError[] } {
  const parts: TemplatePart[] = [];
  const errors: TemplateError[] = [];
  let last = 0;
  for (const match of body.matchAll(TOKEN)) {
    if (match.index > last) parts.push({ text: body.slice(last, match.index) });
    last = match.index + match[0].length;
    const name = match[1];
    const prompt = PROMPT.exec(name);
    if (prompt) parts.push({ prompt: prompt[1].trim() });
    else if ((KNOWN_VARIABLES as readonly string[]).includes(name)) parts.push({ variable: name as KnownVariable });
    else {
      errors.push({
        token: match[0],
        message: `Unknown variable ${match[0]}: use one of ${KNOWN_VARIABLES.map((v) => `{{${v}}}`).join(', ')} or {{prompt:Label}}`,
      });
      parts.push({ text: '' });
    }
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  const rest = parts.map((p) => ('text' in p ? p.text : '')).join('');
  if (/\{\{|\}\}/.test(rest) && errors.length === 0)
    errors.push({ token: '{{', message: 'Unbalanced {{ or }}: write variables as {{name}}' });
  return { parts, errors };
}

/** What the post, the customer card and the agent's settings tell us. Nulls are unknown. */
export interface FillContext {
  /** From the local CRM record (customers.card): only the first name ever leaves the background. */
  customerFirstName: string | null;
  /** As the post shows them. */
  authorName: string | null;
  authorHandle: string | null;
  agentName: string | null;
  agentInitials: string | null;
}

/** The label of the question asked when a variable has no value. */
export const ASK_LABEL: Record<KnownVariable, string> = {
  'customer.firstName': 'Customer first name',
  'post.author': 'Customer name',
  'agent.name': 'Your name',
  'agent.initials': 'Your initials',
};

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim() || null;

/** The first word of a display name, when it looks like a name (letters), for a friendly greeting. */
function firstNameFromDisplay(name: string | null): string | null {
  const first = clean(name)?.split(' ')[0] ?? null;
  return first && /^\p{L}[\p{L}'’-]{0,40}$/u.test(first) ? first : null;
}

/** Initials from a display name: "Sam Rivera" → "SR" (at most three); null without a word in letters. */
export function initialsOf(name: string | null): string | null {
  const words =
    clean(name)
      ?.split(' ')
      .filter((w) => /^\p{L}/u.test(w)) ?? [];
  return words.length
    ? words
        .map((w) => w[0].toUpperCase())
        .join('')
        .slice(0, 3)
    : null;
}

/** The value of a variable, with its fallbacks; null when the agent must be asked. */
export function variableValue(name: KnownVariable, ctx: FillContext): string | null {
  switch (name) {
    case 'customer.firstName':
      return clean(ctx.customerFirstName) ?? firstNameFromDisplay(ctx.authorName) ?? clean(ctx.authorName);
    case 'post.author':
      return clean(ctx.authorName) ?? (clean(ctx.authorHandle) ? `@${clean(ctx.authorHandle)!.replace(/^@/, '')}` : null);
    case 'agent.name':
      return clean(ctx.agentName);
    case 'agent.initials':
      return clean(ctx.agentInitials) ?? initialsOf(ctx.agentName);
  }
}

export interface Rendered {
  /** The text with every value filled; only meaningful when `asks` is empty. */
  text: string;
  /** Labels the agent must answer (prompts, and variables without a value), in order, once each. */
  asks: string[];
  errors: TemplateError[];
}

/**
 * Fill a snippet body. `answers` holds the agent's answers by label. A missing answer leaves an empty string
 * (never the `{{…}}` token) and its label in `asks`, so callers insert only when `asks` is empty.
 */
export function renderTemplate(body: string, ctx: FillContext, answers: Record<string, string> = {}): Rendered {
  const { parts, errors } = parseTemplate(body);
  const asks: string[] = [];
  const ask = (label: string) => {
    const answer = clean(answers[label]);
    if (answer === null && !asks.includes(label)) asks.push(label);
    return answer ?? '';
  };
  const text = parts
    .map((p) => {
      if ('text' in p) return p.text;
      if ('prompt' in p) return ask(p.prompt);
      return variableValue(p.variable, ctx) ?? ask(ASK_LABEL[p.variable]);
    })
    .join('');
  return { text, asks, errors };
}
