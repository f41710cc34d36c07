import type { BrowserContext } from '@playwright/test';

export const SHARED_DIR: string;
export const REAL_CONVERSATION: string;
export const REAL_CONVERSATION_URL: string;
export function realConversationHtml(): string;
export function routeRealConversation(context: BrowserContext): Promise<void>;
export function benchRealPage(runs?: number): Promise<Record<string, unknown>>;
