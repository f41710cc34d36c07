import { describe, expect, it } from 'vitest';
import { applyChange } from '../../lib/shared/team/rules';
import { buildTeamReport } from '../../lib/shared/team/report';
import { DEFAULT_SLA } from '../../lib/shared/sla';

const at = (min: number) => new Date(Date.UTC(2026, 10, 30, 9, min)).toISOString();
const row = (key: string, postedMin: number, answeredMin: number | null, by: string | null, holder: string | null = null) => ({
  key,
  state: answeredMin === null ? ('new' as const) : ('replied' as const),
  holder,
  postedAt: at(postedMin),
  firstResponseAt: answeredMin === null ? null : at(answeredMin),
  firstResponder: by,
});

describe('team view', () => {
  it('per agent and team: first responses, attainment against the channel target, median and p90', () => {
    const rows = [
      row('x:1', 0, 5, 'ana'), // 5 min: within X's 15
      row('x:2', 0, 20, 'ana'), // 20 min: over
      row('x:3', 0, 10, 'ben'),
      row('facebook:4', 0, 24, 'ben'), // within Facebook's 25
      row('x:5', 0, null, null, 'ana'),
    ];
    const r = buildTeamReport(rows, (c) => DEFAULT_SLA[c], Date.parse(at(59)));
    expect(r.held).toBe(1);
    expect(r.waiting).toBe(1);
    expect(r.team).toMatchObject({ answered: 4, withinTarget: 3, attainment: 0.75, medianSec: 15 * 60, p90Sec: 24 * 60 });
    expect(r.agents.find((a) => a.agent === 'ana')).toMatchObject({ answered: 2, withinTarget: 1, attainment: 0.5, medianSec: 12.5 * 60 });
    expect(r.agents.find((a) => a.agent === 'ben')).toMatchObject({ answered: 2, withinTarget: 2, attainment: 1 });
  });

  it('the first responder is whoever answered earliest, whichever change landed last', () => {
    const ana = { user: 'ana', name: 'Ana' };
    const ben = { user: 'ben', name: 'Ben' };
    const late = applyChange(null, { kind: 'state', to: 'replied', at: at(20) }, ben, 'op-00000001', at(20), { postedAt: at(0) });
    expect(late).toMatchObject({ firstResponder: 'ben', postedAt: at(0) });
    const early = applyChange(late, { kind: 'state', to: 'replied', at: at(5) }, ana, 'op-00000002', at(30));
    expect(early).toMatchObject({ firstResponder: 'ana', firstResponseAt: at(5), postedAt: at(0) });
    const after = applyChange(early, { kind: 'state', to: 'closed', at: at(40) }, ben, 'op-00000003', at(40));
    expect(after).toMatchObject({ firstResponder: 'ana', firstResponseAt: at(5) });
  });
});
