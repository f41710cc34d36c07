import twitterText from 'twitter-text';

/**
 * Reply length as each channel counts it. X weighs characters (twitter-text: 280 units, every URL 23, emoji 2,
 * CJK 2); Facebook comments and Messenger / X DMs count characters. Runs in the background only: twitter-text is
 * large and stays out of the content script.
 */
export type LengthChannel = 'x' | 'facebook' | 'dm';

export const LENGTH_LIMITS: Record<LengthChannel, number> = {
  x: 280,
  // Facebook comments accept 8,000 characters; Messenger and X DMs 10,000 (X DM) / 20,000 (Messenger): the lower.
  facebook: 8000,
  dm: 10000,
};

export interface LengthReport {
  length: number;
  limit: number;
  over: boolean;
}

export function measureLength(channel: LengthChannel, text: string): LengthReport {
  const limit = LENGTH_LIMITS[channel];
  const length = channel === 'x' ? twitterText.parseTweet(text).weightedLength : [...text].length;
  return { length, limit, over: length > limit };
}
