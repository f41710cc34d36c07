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
export function loadDetect(): Promise<Record<string, any>>;
export function foldOf(conv: string, k: number): number;
