// Typed refusals any handler may throw; lib/background/server.ts turns them into error replies.

/** The request is well-formed but a value in it is not acceptable (reply code `invalid`, with the issues). */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** The sender may not do this (reply code `forbidden`): another site's item, another card's customer… */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
