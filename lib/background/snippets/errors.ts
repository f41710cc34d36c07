/** A snippet or pack request the agent cannot make (no such snippet, personal snippets switched off…). */
export class SnippetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnippetError';
  }
}
