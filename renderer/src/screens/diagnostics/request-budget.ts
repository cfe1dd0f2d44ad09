import type { RequestBudget } from '../../../../electron/contract/schemas.js';

/** The words of one account's budget: how much is used, of what, and how close to a limit. */
export interface BudgetSummary {
  usage: string;
  detail: string;
  /** For screen readers: the chart in one sentence. */
  label: string;
  tone: 'ok' | 'warn' | 'error';
}

export function budgetSummary(budget: RequestBudget): BudgetSummary {
  const total = budget.minutes.reduce((sum, m) => sum + m.requests, 0);
  const free = budget.minutes.reduce((sum, m) => sum + m.notModified, 0);
  const busiest = Math.max(0, ...budget.minutes.map((m) => m.requests));
  const capShare = budget.perMinuteCap ? busiest / budget.perMinuteCap : 0;
  let usage: string;
  let share = capShare;
  if (budget.limit !== null && budget.remaining !== null && budget.window === 'hour') {
    const used = budget.limit - budget.remaining;
    share = Math.max(share, used / budget.limit);
    usage = `${used.toLocaleString()} of ${budget.limit.toLocaleString()} this hour (${Math.round((used / budget.limit) * 100)} %)`;
  } else if (budget.limit !== null && budget.window === 'minute') {
    share = Math.max(share, busiest / budget.limit);
    usage = `busiest minute ${busiest.toLocaleString()} of ${budget.limit.toLocaleString()} allowed`;
  } else usage = `${total.toLocaleString()} requests in the hour`;
  const detail = `${total.toLocaleString()} requests, ${free.toLocaleString()} of them free (304); busiest minute ${busiest.toLocaleString()}${budget.perMinuteCap ? ` of ${budget.perMinuteCap.toLocaleString()}` : ''}`;
  return {
    usage,
    detail,
    label: `${budget.account}: ${usage}. ${detail}.`,
    tone: share >= 0.9 ? 'error' : share >= 0.7 ? 'warn' : 'ok',
  };
}

export interface ChartBar {
  x: number;
  width: number;
  usedY: number;
  usedHeight: number;
  freeY: number;
  freeHeight: number;
}

/** Bars (billable under free 304s) on a scale that always shows the per-minute cap when there is one. */
export function chartBars(
  budget: RequestBudget,
  width: number,
  height: number,
): { bars: ChartBar[]; capY: number | null } {
  const count = Math.max(1, budget.minutes.length);
  const top = Math.max(1, budget.perMinuteCap ?? 0, ...budget.minutes.map((m) => m.requests)) * 1.1;
  const scale = (n: number): number => (n / top) * height;
  const slot = width / count;
  const bars = budget.minutes.map((m, i) => {
    const used = scale(m.requests - m.notModified);
    const free = scale(m.notModified);
    return {
      x: i * slot + 0.5,
      width: Math.max(1, slot - 1),
      usedY: height - used,
      usedHeight: used,
      freeY: height - used - free,
      freeHeight: free,
    };
  });
  return { bars, capY: budget.perMinuteCap ? height - scale(budget.perMinuteCap) : null };
}
