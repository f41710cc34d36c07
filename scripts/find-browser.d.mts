export function findBrowser(): string | null;
export const INSTALL_HINT: string;
export const BROWSER_ARGS: string[];
