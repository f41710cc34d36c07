import type { TeamReportRow } from '../messaging/requests/team';
import type { Channel } from '../model';
import { median, percentile } from '../reports';
import { readSla, type SlaPolicy } from '../sla';

// The supervisors' team view (issue 16): per agent and for the team, first responses, SLA attainment (answered
// within the channel's target, on the SLA clock — business hours when set) and first-response median / p90. Built
// from the team's items as the server holds them (the earliest first response wins), not from one agent's database.

export interface TeamAgentStats {
  agent: string;
  answered: number;
  withinTarget: number;
  /** withinTarget / answered, 0..1; null when nothing answered. */
  attainment: number | null;
  medianSec: number | null;
  p90Sec: number | null;
}

export interface TeamReport {
  team: TeamAgentStats;
  agents: TeamAgentStats[];
  /** Items someone holds now, and items still waiting for a first response. */
  held: number;
  waiting: number;
}

function stats(agent: string, responseSecs: number[], within: number): TeamAgentStats {
  return {
    agent,
    answered: responseSecs.length,
    withinTarget: within,
    attainment: responseSecs.length ? within / responseSecs.length : null,
    medianSec: median(responseSecs),
    p90Sec: percentile(responseSecs, 90),
  };
}

export function buildTeamReport(rows: TeamReportRow[], policyFor: (channel: Channel) => SlaPolicy, nowMs: number): TeamReport {
  const byAgent = new Map<string, { secs: number[]; within: number }>();
  const all: number[] = [];
  let within = 0;
  let held = 0;
  let waiting = 0;
  for (const r of rows) {
    if (r.holder) held++;
    if (!r.firstResponseAt) {
      waiting++;
      continue;
    }
    if (!r.postedAt) continue;
    const channel: Channel = r.key.startsWith('facebook:') ? 'facebook' : 'x';
    const policy = policyFor(channel);
    const { ageSeconds } = readSla({ state: 'replied', postedAt: r.postedAt, firstResponseAt: r.firstResponseAt }, policy, nowMs);
    const ok = ageSeconds <= policy.targetSec;
    const agent = r.firstResponder ?? 'unknown';
    const a = byAgent.get(agent) ?? { secs: [], within: 0 };
    a.secs.push(ageSeconds);
    if (ok) a.within++;
    byAgent.set(agent, a);
    all.push(ageSeconds);
    if (ok) within++;
  }
  return {
    team: stats('team', all, within),
    agents: [...byAgent.entries()]
      .map(([agent, a]) => stats(agent, a.secs, a.within))
      .sort((x, y) => y.answered - x.answered || x.agent.localeCompare(y.agent)),
    held,
    waiting,
  };
}
