import { DoctorPanel } from './DoctorPanel.js';
import { EngineOverview } from './EngineOverview.js';
import { LogPanel } from './LogPanel.js';
import { RequestBudgetPanel } from './RequestBudgetPanel.js';

export function DiagnosticsScreen() {
  return (
    <section className="screen" aria-labelledby="diag-title">
      <header className="screen-header">
        <div>
          <h1 id="diag-title">Diagnostics</h1>
          <p className="screen-sub">What Forgebell can reach, and what it has been doing.</p>
        </div>
      </header>
      <DoctorPanel />
      <EngineOverview />
      <RequestBudgetPanel />
      <LogPanel />
    </section>
  );
}
