import type * as v from 'valibot';
import type { ItemRow } from '../records';
import type { Settings } from '../settings';
import { systemRequests, type SystemResponses } from './requests/system';
import { itemRequests, type ItemResponses } from './requests/items';
import { settingsRequests, type SettingsResponses } from './requests/settings';
import { reportRequests, type ReportResponses } from './requests/reports';
import { customerRequests, type CustomerResponses } from './requests/customers';
import { snippetRequests, type SnippetResponses } from './requests/snippets';
import { detectionRequests, type DetectionResponses } from './requests/detection';
import { dmRequests, type DmResponses } from './requests/dm';
import { teamRequests, type TeamResponses } from './requests/team';
import { qualityRequests, type QualityResponses } from './requests/quality';

// The one message API between content scripts / extension pages and the background. Every request is validated
// before the background acts on it: content scripts run on hostile pages. Each area defines its requests (input
// schema and rules) and their answers in ./requests/<area>.ts; this file merges them.

export const REQUESTS = {
  ...systemRequests,
  ...itemRequests,
  ...settingsRequests,
  ...reportRequests,
  ...customerRequests,
  ...snippetRequests,
  ...detectionRequests,
  ...dmRequests,
  ...teamRequests,
  ...qualityRequests,
};

export type RequestType = keyof typeof REQUESTS;
export type RequestInput<T extends RequestType> = v.InferOutput<(typeof REQUESTS)[T]['input']>;

export interface ResponseData
  extends
    SystemResponses,
    ItemResponses,
    SettingsResponses,
    ReportResponses,
    CustomerResponses,
    SnippetResponses,
    DetectionResponses,
    DmResponses,
    TeamResponses,
    QualityResponses {}

// Every request has an answer type, and every answer type a request.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _answered: Exactly<RequestType, keyof ResponseData> = true;
void _answered;

export type ErrorCode = 'invalid' | 'forbidden' | 'unknown-type' | 'not-found' | 'rejected' | 'storage' | 'internal';

export interface ErrorReply {
  ok: false;
  error: { code: ErrorCode; message: string; issues?: string[] };
}
export type Reply<T extends RequestType> = { ok: true; data: ResponseData[T] } | ErrorReply;

/** The envelope on the wire. */
export interface RequestMessage<T extends RequestType = RequestType> {
  carebar: 1;
  type: T;
  payload: RequestInput<T>;
  /** The framed customer card's token (lib/background/card-tokens.ts); absent everywhere else. */
  cardToken?: string;
}

/** Requests sent together (./ports BATCH); answered with their replies in the same order (an ErrorReply if refused). */
export interface BatchMessage {
  carebar: 1;
  type: 'batch';
  requests: RequestMessage[];
}

/** Pushed from the background to every tab's port when items or settings change. */
export type ChangeNotice = { type: 'items.changed'; items: ItemRow[] } | { type: 'settings.changed'; settings: Settings };

/** On REQUESTS_PORT (./ports): the request, and the background's reply with the same id. */
export type PortRequest = { id: number; message: RequestMessage | BatchMessage };
export type PortReply = { id: number; reply: Reply<RequestType> | Reply<RequestType>[] };
