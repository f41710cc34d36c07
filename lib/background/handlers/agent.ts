import { readSettings } from '../db/settings';
import type { CarebarDB } from '../db/schema';

/** The agent's name as events record it (null when not set up). */
export const agentOf = async (db: CarebarDB): Promise<string | null> => (await readSettings(db)).agentName || null;
