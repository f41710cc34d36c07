import type * as v from 'valibot';

/**
 * One request's rules: `input` validates the payload; `privileged` requests are accepted only from the extension's
 * own pages, never from a content script; `extensionDocument` requests only from an extension-origin document (a
 * page or the framed customer card), never from a content script.
 */
export interface RequestSpec {
  privileged: boolean;
  extensionDocument?: boolean;
  input: v.GenericSchema;
}

/** Keeps each table's literal types (for RequestInput) while checking every entry's shape. */
export const defineRequests = <const T extends Record<string, RequestSpec>>(specs: T): T => specs;
