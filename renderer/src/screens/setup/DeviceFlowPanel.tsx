import { useEffect, useRef, useState } from 'react';
import type { Result } from '../../../../electron/contract/api.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Icon } from '../../components/Icon.js';
import { TextField } from '../../components/Field.js';
import { Note } from '../../components/StateViews.js';
import { formatRelative } from '../../components/time-format.js';
import { useNow } from '../../components/use-now.js';
import { VerifyResultView } from '../../components/VerifyResultView.js';

type Started = Result<'accounts.deviceFlowStart'>;
type FlowStatus = Result<'accounts.deviceFlowStatus'>;

const STATUS_POLL_MS = 1500;

/** github.com for api.github.com, else the API's host (GHES serves the web UI on the same host). */
function webHostOf(apiUrl: string | null): string | null {
  if (!apiUrl) return null;
  try {
    const host = new URL(apiUrl).host;
    return host === 'api.github.com' ? 'github.com' : host;
  } catch {
    return null;
  }
}

/**
 * "Sign in with GitHub" by OAuth device flow: the engine asks GitHub for a code, the user enters it in the browser,
 * and the engine polls and saves the account. The panel only ever sees the user code and the state.
 */
export function DeviceFlowPanel({
  accountId,
  apiUrl,
  caFile,
  disabledReason,
  onConnected,
}: {
  accountId: string;
  apiUrl: string | null;
  caFile: string;
  /** Why signing in cannot start yet (no host, bad account name); null when it can. */
  disabledReason: string | null;
  onConnected: (accountId: string) => void;
}) {
  const api = useApi();
  const [clientId, setClientId] = useState('');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const [flow, setFlow] = useState<(Started & { accountId: string }) | null>(null);
  const [status, setStatus] = useState<FlowStatus | null>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  const now = useNow(1_000);
  const onConnectedRef = useRef(onConnected);
  onConnectedRef.current = onConnected;

  const start = async () => {
    if (!apiUrl || !clientId.trim()) return;
    setStarting(true);
    setStartError(null);
    setFlow(null);
    setStatus(null);
    setPollError(null);
    try {
      const started = await api.call('accounts.deviceFlowStart', {
        id: accountId,
        apiUrl,
        clientId: clientId.trim(),
        caFile: caFile.trim() || null,
      });
      setFlow({ ...started, accountId });
    } catch (error) {
      setFlow(null);
      setStartError(error);
    } finally {
      setStarting(false);
    }
  };

  // Live status while the flow is pending; stops on the final state.
  useEffect(() => {
    if (!flow) return;
    let active = true;
    let handle: ReturnType<typeof setTimeout> | null = null;
    const tick = () => {
      api.call('accounts.deviceFlowStatus', { flowId: flow.flowId }).then(
        (next) => {
          if (!active) return;
          setStatus(next);
          setPollError(null);
          if (next.state === 'pending') handle = setTimeout(tick, STATUS_POLL_MS);
          else if (next.state === 'authorized') onConnectedRef.current(flow.accountId);
        },
        (error: unknown) => {
          if (!active) return;
          setPollError(error);
          handle = setTimeout(tick, STATUS_POLL_MS * 2);
        },
      );
    };
    tick();
    return () => {
      active = false;
      if (handle) clearTimeout(handle);
    };
  }, [api, flow]);

  const state = status?.state ?? (flow ? 'pending' : null);
  const pending = state === 'pending';
  const webHost = webHostOf(apiUrl);
  const appsUrl = webHost ? `https://${webHost}/settings/applications/new` : null;
  const canStart = Boolean(apiUrl) && clientId.trim().length > 0 && !disabledReason && !starting;

  return (
    <div className="device-flow" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <p className="muted">
        Sign in through your browser instead of pasting a token. Forgebell needs the client ID of a GitHub OAuth app
        with <strong>Device Flow</strong> enabled
        {appsUrl ? (
          <>
            {' '}
            (
            <a href={appsUrl} target="_blank" rel="noreferrer noopener">
              register one on {webHost}
              <Icon name="external" />
            </a>
            {webHost === 'github.com' ? '' : '; on GitHub Enterprise Server your admin can create it'})
          </>
        ) : null}
        . The token stays in the engine.
      </p>
      <TextField
        label="OAuth app client ID"
        placeholder="Iv1.0123456789abcdef"
        value={clientId}
        onChange={setClientId}
        spellCheck={false}
        autoComplete="off"
        disabled={pending}
        hint="Shown on the OAuth app’s settings page. Forgebell asks for the repo and read:org scopes."
      />
      {disabledReason ? <p className="muted">{disabledReason}</p> : null}

      {flow && pending ? (
        <div className="pair-code device-code">
          <p>
            Open{' '}
            <a href={flow.verificationUri} target="_blank" rel="noreferrer noopener">
              {flow.verificationUri}
              <Icon name="external" />
            </a>{' '}
            and enter this code:
          </p>
          <div className="pair-command">
            <code
              className="pair-command-text device-user-code"
              aria-label="Your one-time code"
              style={{ fontSize: 30, letterSpacing: '0.12em', fontWeight: 600 }}
            >
              {flow.userCode}
            </code>
            <CopyButton text={flow.userCode} label="Copy code" className="btn-small" />
          </div>
          <p className="muted with-icon" role="status" aria-live="polite">
            <Icon name="spinner" className="spin" /> Waiting for you to authorize Forgebell on GitHub… the code expires{' '}
            {formatRelative(flow.expiresAt, now)}.
          </p>
        </div>
      ) : null}

      {state === 'authorized' && status ? (
        <Note tone="ok">
          <strong>Connected.</strong> {status.message}
        </Note>
      ) : null}
      {state === 'denied' ? (
        <Note tone="error">
          {status?.message ?? 'The sign-in was cancelled on GitHub.'} Start again to get a new code.
        </Note>
      ) : null}
      {state === 'expired' ? <Note tone="warn">{status?.message ?? 'The code expired.'}</Note> : null}
      {state === 'failed' ? <Note tone="error">{status?.message}</Note> : null}
      {state === 'failed' && status?.verify && !status.verify.ok ? <VerifyResultView result={status.verify} /> : null}
      {pollError ? <Note tone="warn">Lost touch with the engine: {describeError(pollError)}. Retrying…</Note> : null}
      {startError ? <Note tone="error">Could not start the sign-in: {describeError(startError)}</Note> : null}

      <div className="row-actions">
        <button
          type="button"
          className={pending ? 'btn' : 'btn btn-primary'}
          onClick={() => void start()}
          disabled={!canStart}
        >
          <Icon name="github" />
          {starting
            ? 'Asking GitHub for a code…'
            : flow && state !== 'authorized'
              ? 'Get a new code'
              : 'Sign in with GitHub'}
        </button>
      </div>
    </div>
  );
}
