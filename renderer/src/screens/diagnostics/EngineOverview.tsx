import type { Status } from '../../../../electron/contract/schemas.js';
import { useStatus } from '../../app/status-context.js';
import { ForgeIcon } from '../../components/ForgeIcon.js';
import { RelativeTime } from '../../components/RelativeTime.js';
import { formatClock } from '../../components/time-format.js';
import { TimesInText } from '../../components/TimesInText.js';
import { useNow } from '../../components/use-now.js';
import { hostOf } from '../../components/url-host.js';

const SOCKET_TEXT: Record<Status['slack']['socket'], string> = {
  disabled: 'Off (no app-level token)',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  failed: 'Failed',
};

function rateLimit(r: Status['accounts'][number]['rateLimit']): string {
  if (!r || r.remaining === null) return 'unknown';
  const base =
    r.limit !== null
      ? `${r.remaining.toLocaleString()} of ${r.limit.toLocaleString()} left`
      : `${r.remaining.toLocaleString()} left`;
  return r.resetAt ? `${base}, resets ${formatClock(r.resetAt)}` : base;
}

/** Live connection state from `status` pushes: Slack Web API and Socket Mode, each account's health and rate limit. */
export function EngineOverview() {
  const { status } = useStatus();
  const now = useNow();
  if (!status) return null;
  const { slack } = status;
  return (
    <section className="panel" aria-labelledby="overview-title">
      <header className="panel-header">
        <h2 id="overview-title">Live state</h2>
      </header>
      <table className="table">
        <caption className="visually-hidden">Slack and forge account state</caption>
        <thead>
          <tr>
            <th scope="col">Connection</th>
            <th scope="col">State</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Engine</th>
            <td className={status.problem ? 'tone-error' : 'tone-ok'}>{status.problem ? 'Degraded' : 'Running'}</td>
            <td>{status.problem ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">Slack Web API</th>
            <td className={slack.error ? 'tone-error' : slack.mode === 'none' ? 'tone-warn' : 'tone-ok'}>
              {slack.error
                ? 'Error'
                : slack.mode === 'none'
                  ? 'Not set up'
                  : slack.mode === 'webhook'
                    ? 'Incoming webhook'
                    : 'Bot token'}
            </td>
            <td>
              {slack.error ? (
                <TimesInText text={slack.error} now={now} />
              ) : (
                [slack.team, slack.botUser].filter(Boolean).join(' · ') || '—'
              )}
            </td>
          </tr>
          <tr>
            <th scope="row">Slack Socket Mode</th>
            <td
              className={
                slack.socket === 'connected' ? 'tone-ok' : slack.socket === 'failed' ? 'tone-error' : 'tone-muted'
              }
            >
              {SOCKET_TEXT[slack.socket]}
            </td>
            <td>
              {slack.socketError ? (
                <TimesInText text={slack.socketError} now={now} />
              ) : slack.socket === 'connected' ? (
                'Slash commands and buttons work'
              ) : (
                '—'
              )}
            </td>
          </tr>
          {status.accounts.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                <span className="with-icon">
                  <ForgeIcon forge={a.forge} />
                  {a.id}
                </span>
              </th>
              <td
                className={
                  a.state === 'ok'
                    ? 'tone-ok'
                    : a.state === 'error'
                      ? 'tone-error'
                      : a.state === 'degraded'
                        ? 'tone-warn'
                        : 'tone-muted'
                }
              >
                {a.state === 'ok'
                  ? 'OK'
                  : a.state === 'degraded'
                    ? 'Degraded'
                    : a.state === 'error'
                      ? 'Error'
                      : 'Not checked yet'}
              </td>
              <td>
                {a.error ? (
                  <div className="tone-error">
                    <TimesInText text={a.error} now={now} />
                  </div>
                ) : null}
                <div>
                  {a.login ? `${a.login} · ` : ''}
                  {hostOf(a.apiUrl)} · rate limit {rateLimit(a.rateLimit)}
                  {a.lastPollAt ? (
                    <>
                      {' · polled '}
                      <RelativeTime iso={a.lastPollAt} />
                    </>
                  ) : null}
                </div>
                {a.reading ? <div className="muted">Reading: {a.reading}</div> : null}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">Delivery queue</th>
            <td className={status.outbox.failed > 0 ? 'tone-error' : 'tone-ok'}>
              {status.outbox.failed > 0 ? `${status.outbox.failed} failed` : 'OK'}
            </td>
            <td>{status.outbox.pending} waiting to send</td>
          </tr>
          {(status.unreadableSecrets ?? []).map((secret) => (
            <tr key={secret.field}>
              <th scope="row">Stored secret {secret.field}</th>
              <td className="tone-error">Cannot be opened</td>
              <td>{secret.message}</td>
            </tr>
          ))}
          {status.processFaults && status.processFaults.total > 0 ? (
            <tr>
              <th scope="row">Errors nobody caught</th>
              <td className={status.processFaults.recent.some((f) => f.fatal) ? 'tone-error' : 'tone-warn'}>
                {status.processFaults.total} since start
              </td>
              <td>
                {status.processFaults.recent.map((f) => (
                  <div key={`${f.at}-${f.message}`}>
                    {formatClock(f.at)} · {f.kind === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught error'}
                    {f.fatal ? ' (stopped the engine)' : ''}: {f.message}
                  </div>
                ))}
                <div className="muted">Forgebell carried on; the log has the details. Please report these.</div>
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
