import { useEffect } from 'react';
import type { RequestBudget } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { useRemote } from '../../api/use-remote.js';
import { ForgeIcon } from '../../components/ForgeIcon.js';
import { ErrorNote } from '../../components/StateViews.js';
import { formatClock } from '../../components/time-format.js';
import { budgetSummary, chartBars } from './request-budget.js';

const REFRESH_MS = 30_000;
const WIDTH = 360;
const HEIGHT = 72;

/**
 * Each account's requests over the last hour, minute by minute (billable and free 304s stacked), against the most
 * Forgebell allows itself per minute, with the forge's own budget and when it resets: how close an account is to a
 * limit, at a glance.
 */
export function RequestBudgetPanel() {
  const api = useApi();
  const budgets = useRemote(() => api.call('accounts.requestBudget', {}), [api]);
  const { reload } = budgets;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <section className="panel" aria-labelledby="budget-title">
      <header className="panel-header">
        <h2 id="budget-title">Request budget, last hour</h2>
      </header>
      <p className="panel-sub">
        Requests each account made per minute. Free answers (304 Not Modified) cost GitHub&rsquo;s hourly budget nothing
        but count towards its limit of requests a minute.
      </p>
      {budgets.error && !budgets.data ? (
        <ErrorNote title="Could not load the request budget." error={budgets.error} onRetry={reload} />
      ) : null}
      {budgets.data?.length === 0 ? <p className="muted">No forge account is connected.</p> : null}
      <ul className="budget-list">
        {(budgets.data ?? []).map((budget) => (
          <BudgetRow key={budget.account} budget={budget} />
        ))}
      </ul>
    </section>
  );
}

function BudgetRow({ budget }: { budget: RequestBudget }) {
  const summary = budgetSummary(budget);
  const chart = chartBars(budget, WIDTH, HEIGHT);
  return (
    <li className="budget-row">
      <div className="budget-head">
        <span className="with-icon">
          <ForgeIcon forge={budget.forge} />
          <strong>{budget.account}</strong>
        </span>
        <span className={`budget-usage tone-${summary.tone}`}>{summary.usage}</span>
      </div>
      <svg
        className="budget-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={summary.label}
      >
        {chart.bars.map((bar) => (
          <g key={bar.x}>
            <rect className="budget-bar-free" x={bar.x} y={bar.freeY} width={bar.width} height={bar.freeHeight} />
            <rect className="budget-bar-used" x={bar.x} y={bar.usedY} width={bar.width} height={bar.usedHeight} />
          </g>
        ))}
        {chart.capY !== null ? <line className="budget-cap" x1={0} x2={WIDTH} y1={chart.capY} y2={chart.capY} /> : null}
        <line className="budget-axis" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
      </svg>
      <div className="budget-legend muted">
        <span className="budget-key budget-key-used">billable</span>
        <span className="budget-key budget-key-free">304 (free)</span>
        {budget.perMinuteCap !== null ? (
          <span className="budget-key budget-key-cap">{budget.perMinuteCap.toLocaleString()} a minute at most</span>
        ) : null}
        <span>{summary.detail}</span>
        {budget.resetAt ? <span>resets {formatClock(budget.resetAt)}</span> : null}
      </div>
    </li>
  );
}
