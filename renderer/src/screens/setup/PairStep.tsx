import { useEffect, useState } from 'react';
import type { Result } from '../../../../electron/contract/api.js';
import { useApi, usePush } from '../../api/api-context.js';
import { useRemote } from '../../api/use-remote.js';
import { useSettings } from '../../app/settings-context.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Icon } from '../../components/Icon.js';
import { ErrorNote, Loading, Note } from '../../components/StateViews.js';
import { formatRelative } from '../../components/time-format.js';
import { useNow } from '../../components/use-now.js';
import { AddYourself } from './AddYourself.js';
import { WizardNav } from './WizardNav.js';

/** Pairs the user's Slack account: they type `/forgebell link CODE`, the engine pushes `pairing.paired`. */
export function PairStep({ next, back, goToSlack }: { next: () => void; back: () => void; goToSlack: () => void }) {
  const api = useApi();
  const { settings, reload } = useSettings();
  const socketMode = Boolean(settings?.slack.appTokenSet);
  const [nonce, setNonce] = useState(0);
  const pairing = useRemote<Result<'pairing.start'> | null>(
    () => (socketMode ? api.call('pairing.start', {}) : Promise.resolve(null)),
    [api, socketMode, nonce],
  );
  const [paired, setPaired] = useState<string | null>(null);
  const now = useNow(1_000);

  usePush('pairing.paired', ({ userId }) => {
    setPaired(userId);
    reload();
  });

  const code = pairing.data;
  const expired = code ? Date.parse(code.expiresAt) <= now : false;
  useEffect(() => {
    if (paired) document.getElementById('pair-success')?.focus();
  }, [paired]);

  const alreadyPaired = settings?.slack.commandUsers ?? [];

  if (!socketMode) {
    return (
      <div className="wizard-step">
        <h2>Pair your Slack user</h2>
        <Note tone="info">
          Pairing works through Socket Mode, which needs the app-level token (<code>xapp-…</code>). Add it in the Slack
          step, or skip this: you can pair later, and subscriptions made here work without it.
        </Note>
        <WizardNav onBack={back} onSkip={next}>
          <button type="button" className="btn" onClick={goToSlack}>
            Add the app-level token
          </button>
        </WizardNav>
      </div>
    );
  }

  return (
    <div className="wizard-step">
      <h2>Pair your Slack user</h2>
      <p className="lead">
        Pairing lets you (and only the people you pair) change subscriptions and act on issues from Slack with the
        accounts you added here.
      </p>
      {alreadyPaired.length > 0 && !paired ? (
        <p className="muted">
          Already paired: {alreadyPaired.join(', ')}. Pair another Slack user with a new code below.
        </p>
      ) : null}
      {paired ? (
        <div className="pair-success" id="pair-success" tabIndex={-1} role="status">
          <Icon name="check" />
          <div>
            <strong>Paired.</strong> Slack user <code>{paired}</code> can now use <code>/forgebell</code> commands.
          </div>
        </div>
      ) : pairing.loading ? (
        <Loading>Getting a pairing code…</Loading>
      ) : pairing.error ? (
        <ErrorNote title="Could not start pairing." error={pairing.error} onRetry={() => setNonce((n) => n + 1)} />
      ) : code ? (
        <div className={`pair-code${expired ? ' is-expired' : ''}`}>
          <p>In any Slack channel or DM, type:</p>
          <div className="pair-command">
            <code className="pair-command-text">{code.command}</code>
            <CopyButton text={code.command} label="Copy command" className="btn-small" />
          </div>
          <p className="muted with-icon">
            {expired ? null : (
              <>
                <Icon name="spinner" className="spin" /> Waiting for you to type it in Slack… the code expires{' '}
                {formatRelative(code.expiresAt, now)}.
              </>
            )}
          </p>
          <p role="status" className="tone-warn">
            {expired ? 'This code has expired. Get a new one.' : ''}
          </p>
          <button type="button" className="btn btn-small" onClick={() => setNonce((n) => n + 1)}>
            Get a new code
          </button>
        </div>
      ) : null}
      {paired || alreadyPaired.length === 1 ? <AddYourself slack={paired ?? (alreadyPaired[0] as string)} /> : null}
      <WizardNav onBack={back} onSkip={paired ? undefined : next}>
        <button
          type="button"
          className={paired ? 'btn btn-primary' : 'btn'}
          onClick={next}
          disabled={!paired && alreadyPaired.length === 0}
        >
          Continue
          <Icon name="chevronRight" />
        </button>
      </WizardNav>
    </div>
  );
}
