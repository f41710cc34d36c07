import type { ErrorCode } from './protocol';

/** A typed failure of a request: the background's error reply, or `disconnected` when the extension is gone. */
export class CarebarRequestError extends Error {
  constructor(
    readonly code: ErrorCode | 'disconnected',
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'CarebarRequestError';
  }
}
