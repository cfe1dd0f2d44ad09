import { describe, expect, it } from 'vitest';
import type { RequestBudget } from '../../../../electron/contract/schemas.js';
import { budgetSummary, chartBars } from './request-budget.js';

const minutes = (per: (i: number) => [number, number]): RequestBudget['minutes'] =>
  Array.from({ length: 60 }, (_, i) => {
    const [requests, notModified] = per(i);
    return { at: new Date(Date.UTC(2025, 5, 2, 9, i)).toISOString(), requests, notModified };
  });

const github = (over: Partial<RequestBudget>): RequestBudget => ({
  account: 'github',
  forge: 'github',
  minutes: minutes(() => [20, 15]),
  limit: 5000,
  remaining: 4000,
  resetAt: '2025-06-02T10:00:00Z',
  window: 'hour',
  perMinuteCap: 850,
  ...over,
});

describe('request budget chart', () => {
  it('says how much of the hourly budget is used, what was free, and the busiest minute against the cap', () => {
    const summary = budgetSummary(github({}));
    expect(summary.usage).toBe('1,000 of 5,000 this hour (20 %)');
    expect(summary.detail).toBe('1,200 requests, 900 of them free (304); busiest minute 20 of 850');
    expect(summary.tone).toBe('ok');
    expect(budgetSummary(github({ remaining: 1000 })).tone).toBe('warn');
    expect(budgetSummary(github({ minutes: minutes((i) => (i === 5 ? [800, 0] : [1, 0])) })).tone).toBe('error');
  });

  it('a per-minute limit (GitLab) is compared with the busiest minute', () => {
    const summary = budgetSummary({
      ...github({}),
      account: 'work',
      forge: 'gitlab',
      limit: 2000,
      remaining: 1990,
      window: 'minute',
      perMinuteCap: 600,
      minutes: minutes((i) => [i === 30 ? 140 : 10, 0]),
    });
    expect(summary.usage).toBe('busiest minute 140 of 2,000 allowed');
  });

  it('bars stack the free answers on the billable ones, on a scale that shows the cap', () => {
    const { bars, capY } = chartBars(github({ minutes: minutes((i) => (i === 0 ? [100, 40] : [0, 0])) }), 360, 72);
    expect(bars).toHaveLength(60);
    const first = bars[0]!;
    expect(first.usedHeight / first.freeHeight).toBeCloseTo(60 / 40);
    expect(first.freeY + first.freeHeight).toBeCloseTo(first.usedY);
    expect(capY).not.toBeNull();
    expect(capY!).toBeGreaterThan(0);
    expect(capY!).toBeLessThan(72 - first.usedHeight - first.freeHeight);
  });
});
