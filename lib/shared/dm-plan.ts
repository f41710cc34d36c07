// Where and how a private conversation with a post's author opens (the answer to dm.open).

export interface DmOpenPlan {
  /** Where the DM opens (a new tab). Null when no private message may be opened. */
  url: string | null;
  via: 'x-compose' | 'x-profile' | 'meta-inbox' | 'none';
  /** The first message, carrying the post's link; prefilled on X compose, for the agent to paste elsewhere. */
  opener: string;
  /** What the agent should do / know, shown as text. */
  hint: string;
}
