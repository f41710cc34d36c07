export interface LabelledTurn {
  conv: string;
  ci: number;
  turn: number;
  sha: string;
  split: 'train' | 'frozen';
  dm: boolean;
  account: boolean;
  negative: boolean;
  personal: string[];
  key: string;
  text: string;
  thread: string;
  company: string;
}
export interface LabelledBrandTurn {
  conv: string;
  ci: number;
  turn: number | 'R';
  sha: string;
  split: 'train' | 'frozen';
  contacts: string[];
  personal: string[];
  key: string;
  text: string;
}
export function findDevJson(): string | null;
export function loadLabelled(devJson?: string | null): { customer: LabelledTurn[]; brand: LabelledBrandTurn[] } | null;
/** lib/shared/detect as scripts/dm-data.mjs bundles it for Node. */
export type Detect = typeof import('../lib/shared/detect/index') &
  typeof import('../lib/shared/detect/features') &
  Pick<typeof import('../lib/shared/detect/dm-model'), 'heads' | 'scoreHead' | 'scoreText'> & {
    MODEL_THRESHOLDS: (typeof import('../lib/shared/detect/dm-model'))['DEFAULT_THRESHOLDS'];
  } & typeof import('../lib/shared/detect/evaluate') &
  Pick<typeof import('../lib/shared/detect/account-request'), 'findAccountRequests'> &
  Pick<typeof import('../lib/shared/detect/sentiment'), 'findSentiment' | 'scoreSentiment'>;
export function loadDetect(): Promise<Detect>;
export function foldOf(conv: string, k: number): number;
