import { useState } from 'react';
import type { Status } from '../../../electron/contract/schemas.js';
import { describeError } from '../api/api-error.js';
import { useApi } from '../api/api-context.js';
import { ForgeIcon } from '../components/ForgeIcon.js';
import { Icon } from '../components/Icon.js';
import { formatClock } from '../components/time-format.js';
import type { Route } from './route.js';
import { useStatus } from './status-context.js';

type Tone = 'ok' | 'warn' | 'error' | 'muted';

function slackSummary(slack: Status['slack']): { text: string; tone: Tone; detail: string | null } {
  if (slack.error) return { text: 'Slack: problem', tone: 'error', detail: slack.error };
  if (slack.mode === 'none') return { text: 'Slack not set up', tone: 'warn', detail: null };
  if (slack.mode === 'webhook') return { text: 'Slack: incoming webhook', tone: 'ok', detail: null };
  const who = slack.team ? `Slack: ${slack.team}` : 'Slack';
  switch (slack.socket) {
    case 'connected':
      return {
        text: `${who} · live`,
        tone: 'ok',
        detail: slack.botUser ? `Bot ${slack.botUser}, Socket Mode connected` : 'Socket Mode connected',
      };
    case 'connecting':
    case 'reconnecting':
      return { text: `${who} · reconnecting`, tone: 'warn', detail: slack.socketError };
    case 'failed':
      return { text: `${who} · Socket Mode failed`, tone: 'error', detail: slack.socketError };
    default:
      return { text: who, tone: 'ok', detail: 'No app-level token: slash commands and buttons are off' };
  }
}

function accountTone(state: Status['accounts'][number]['state']): Tone {
  return state === 'ok' ? 'ok' : state === 'degraded' ? 'warn' : state === 'error' ? 'error' : 'muted';
}

/** One line of engine health from `status` pushes: Slack, each forge account, pause, outbox. */
export function StatusBar({ navigate }: { navigate: (route: Route) => void }) {
  const api = useApi();
  const { status, error, loading } = useStatus();
  const [resumeError, setResumeError] = useState<unknown>(null);
  if (!status) {
    return (
      <header className="statusbar">
        <span className={`status-item tone-${error ? 'error' : 'muted'}`}>
          {error ? `Status unavailable: ${describeError(error)}` : loading ? 'Loading status…' : 'No status yet'}
        </span>
      </header>
    );
  }
  const slack = slackSummary(status.slack);
  const goDiagnostics = () => navigate({ screen: 'diagnostics', step: 'welcome' });
  return (
    <header className="statusbar">
      <ul className="status-items" aria-label="Engine status">
        {status.problem ? (
          <li className="status-item tone-error" role="alert">
            <span className="dot" aria-hidden="true" />
            <span>{status.problem}</span>
          </li>
        ) : null}
        <li className={`status-item tone-${slack.tone}`}>
          <span className="dot" aria-hidden="true" />
          <span>{slack.text}</span>
          {slack.detail ? <span className="visually-hidden">: {slack.detail}</span> : null}
          {status.slack.mode === 'none' ? (
            <button type="button" className="link-button" onClick={() => navigate({ screen: 'setup', step: 'slack' })}>
              Set up
            </button>
          ) : null}
        </li>
        {status.accounts.length === 0 ? (
          <li className="status-item tone-warn">
            <span className="dot" aria-hidden="true" />
            <span>No forge account</span>
          </li>
        ) : (
          status.accounts.map((a) => (
            <li key={a.id} className={`status-item tone-${accountTone(a.state)}`}>
              <span className="dot" aria-hidden="true" />
              <ForgeIcon forge={a.forge} />
              <span>{a.login ?? a.id}</span>
              {/* Not colour alone: a state that needs attention is also said, and every state is named. */}
              {a.state === 'error' || a.state === 'degraded' ? (
                <span className="status-word">
                  <Icon name="alert" /> {a.state === 'error' ? 'problem' : 'slowed'}
                </span>
              ) : (
                <span className="visually-hidden">: {a.state === 'ok' ? 'working' : 'not checked yet'}</span>
              )}
              {a.error ? <span className="visually-hidden">: {a.error}</span> : null}
            </li>
          ))
        )}
        {status.outbox.failed > 0 ? (
          <li className="status-item tone-error">
            <a className="link-button" href="#/feed?fate=failed">
              {status.outbox.failed.toLocaleString()} failed {status.outbox.failed === 1 ? 'delivery' : 'deliveries'}
            </a>
          </li>
        ) : null}
        {status.outbox.pending > 0 ? (
          <li className="status-item tone-muted">{status.outbox.pending} waiting to send</li>
        ) : null}
        {status.unreadableSecrets?.length ? (
          <li className="status-item tone-error">
            <button
              type="button"
              className="link-button"
              onClick={() => navigate({ screen: 'diagnostics', step: 'welcome' })}
            >
              {status.unreadableSecrets.length === 1
                ? '1 stored secret cannot be opened'
                : `${status.unreadableSecrets.length} stored secrets cannot be opened`}
            </button>
          </li>
        ) : null}
      </ul>
      <div className="status-actions">
        {status.paused ? (
          <>
            <span className="status-item tone-warn">
              <Icon name="pause" />
              {status.paused.until ? `Paused until ${formatClock(status.paused.until)}` : 'Paused'}
              {status.paused.mode === 'drop' ? ' (dropping)' : ' (holding)'}
            </span>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setResumeError(null);
                api.call('engine.resume', {}).catch(setResumeError);
              }}
            >
              <Icon name="play" />
              Resume
            </button>
          </>
        ) : null}
        {resumeError ? <span className="tone-error">Could not resume: {describeError(resumeError)}</span> : null}
        {slack.tone === 'error' || status.accounts.some((a) => a.state === 'error') ? (
          <button type="button" className="btn btn-small" onClick={goDiagnostics}>
            Diagnose
          </button>
        ) : null}
      </div>
    </header>
  );
}
