import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LogLineDto } from '../../../../electron/contract/schemas.js';
import { useApi, usePush } from '../../api/api-context.js';
import { useRemote } from '../../api/use-remote.js';
import { useStatus } from '../../app/status-context.js';
import { Icon } from '../../components/Icon.js';
import { ErrorNote, Loading } from '../../components/StateViews.js';
import { formatClockSeconds, formatDate } from '../../components/time-format.js';
import { TimesInText } from '../../components/TimesInText.js';
import { useNow } from '../../components/use-now.js';
import { downloadText, formatLogText, logFileName } from './log-export.js';

const MAX_LINES = 2_000;
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The recent engine log (secrets redacted by the engine), streaming; export to a file for support. */
export function LogPanel() {
  const api = useApi();
  const { status } = useStatus();
  const remote = useRemote(() => api.call('logs.recent', {}), [api]);
  const [live, setLive] = useState<LogLineDto[]>([]);
  const [minLevel, setMinLevel] = useState<(typeof LEVELS)[number]>('info');
  const boxRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const now = useNow(60_000);

  useEffect(() => setLive([]), [remote.data]);
  usePush('log', (line) => setLive((lines) => [...lines, line].slice(-MAX_LINES)));

  const all = useMemo(() => [...(remote.data ?? []), ...live].slice(-MAX_LINES), [remote.data, live]);
  const shown = useMemo(() => all.filter((l) => LEVELS.indexOf(l.level) >= LEVELS.indexOf(minLevel)), [all, minLevel]);

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (box && stick.current) box.scrollTop = box.scrollHeight;
  }, [shown]);

  const exportLog = () => {
    const header = `# Forgebell ${status?.version ?? ''} (${status?.mode ?? 'unknown mode'}) log exported ${new Date().toISOString()}`;
    downloadText(formatLogText(all, header), logFileName(new Date()));
  };

  return (
    <section className="panel panel-fill" aria-labelledby="log-title">
      <header className="panel-header">
        <div>
          <h2 id="log-title">Recent log</h2>
          <p className="panel-sub">Tokens are never written to the log. Export it to attach to a support request.</p>
        </div>
        <div className="panel-actions">
          <label className="inline-field">
            <span>Level</span>
            <select
              className="select"
              value={minLevel}
              onChange={(e) => setMinLevel(e.target.value as (typeof LEVELS)[number])}
            >
              <option value="debug">Debug and up</option>
              <option value="info">Info and up</option>
              <option value="warn">Warnings and errors</option>
              <option value="error">Errors only</option>
            </select>
          </label>
          <button type="button" className="btn" onClick={exportLog} disabled={all.length === 0}>
            <Icon name="download" />
            Export log
          </button>
        </div>
      </header>
      {remote.error ? <ErrorNote title="Could not load the log." error={remote.error} onRetry={remote.reload} /> : null}
      {remote.loading && !remote.data ? (
        <Loading>Loading the log…</Loading>
      ) : (
        <div
          className="log-box"
          ref={boxRef}
          tabIndex={0}
          role="log"
          aria-label="Log lines"
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          {shown.length === 0 ? (
            <p className="muted">No log lines at this level yet.</p>
          ) : (
            shown.map((l, i) => (
              <div key={`${l.time}-${i}`} className={`log-line log-${l.level}`}>
                <time dateTime={l.time} title={formatDate(l.time)}>
                  {formatClockSeconds(l.time)}
                </time>
                <span className="log-level">{l.level}</span>
                <span className="log-msg">
                  <TimesInText text={l.message} now={now} />
                </span>
              </div>
            ))
          )}
        </div>
      )}
    </section>
  );
}
