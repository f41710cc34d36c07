import type { ChangeNotice, RequestInput, RequestType, ResponseData } from '../../shared/messaging/protocol';
import type { ManagedPolicy } from '../../shared/snippets/types';
import type { CarebarDB } from '../db/schema';
import type { FetchLike } from '../snippets/refresh';
import type { TeamService } from '../team/service';

/** The parts of runtime.MessageSender the background trusts for authorization. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

/** What the snippet handlers get from the browser: the managed policy, the network, a hook after pack changes. */
export interface SnippetEnvironment {
  policy: () => Promise<ManagedPolicy>;
  fetch: FetchLike;
  onPacksChanged: (messages: string[]) => void;
}

export interface ServerContext {
  db: CarebarDB;
  runtimeId: string;
  /** `runtime.getURL('')`, e.g. chrome-extension://<id>/ */
  extensionOrigin: string;
  version: string;
  /** When this background instance started: a restarted service worker answers with a new time. */
  startedAt: string;
  /** Push a change to every open tab and extension page. */
  broadcast: (notice: ChangeNotice) => void;
  /** Opens the options page (absent in tests). */
  openOptionsPage?: () => Promise<void>;
  /** Show a browser notification (absent in tests). */
  notify?: (id: string, title: string, message: string) => void;
  /** Absent (tests): no managed policy, the global fetch, no notifications. */
  snippets?: SnippetEnvironment;
  /** Team mode (absent in tests that do not need it; inactive until configured). */
  team?: TeamService;
  /** May Carebar send to this origin (an optional host permission granted)? Absent (tests): yes. */
  hostPermitted?: (origin: string) => Promise<boolean>;
  /** Who sent the request being handled (set by the server for each request). */
  sender?: SenderInfo;
}

/** An area's handlers: one async function per request type, given the validated input. */
export type HandlerTable<K extends RequestType> = { [T in K]: (input: RequestInput<T>, ctx: ServerContext) => Promise<ResponseData[T]> };

/** The request types of one area, by prefix: `AreaRequests<'items'>` is 'items.seen' | 'items.get' | … */
export type AreaRequests<P extends string> = Extract<RequestType, `${P}.${string}`>;
