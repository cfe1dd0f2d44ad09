import { useId, useState } from 'react';
import type { VerifyResult } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { useSettings } from '../../app/settings-context.js';
import { Field, TextField } from '../../components/Field.js';
import { ForgeIcon } from '../../components/ForgeIcon.js';
import { Icon } from '../../components/Icon.js';
import { SecretInput } from '../../components/SecretInput.js';
import { Note } from '../../components/StateViews.js';
import { VerifyResultView } from '../../components/VerifyResultView.js';
import { forgeTokenShapeProblem } from '../../../../electron/contract/vocabulary/token-shapes.js';
import { DeviceFlowPanel } from './DeviceFlowPanel.js';
import {
  ACCOUNT_ID_PATTERN,
  apiUrlFor,
  presetById,
  PRESETS,
  suggestAccountId,
  tokenPageUrl,
  validateApiUrl,
  validateHost,
} from './forge-presets.js';
import { SavedAccounts } from './SavedAccounts.js';
import { useVerify } from './use-verify.js';
import { VerifyStatus } from './VerifyStatus.js';
import type { WizardDraft } from './wizard-draft.js';
import { WizardNav } from './WizardNav.js';

type Draft = WizardDraft['forge'];

export function ForgeStep({
  draft,
  update,
  next,
  back,
}: {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  next: () => void;
  back: () => void;
}) {
  const api = useApi();
  const id = useId();
  const { settings, reload } = useSettings();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<{ id: string; result: VerifyResult } | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const preset = presetById(draft.preset);
  const taken = settings?.accounts.map((a) => a.id) ?? [];
  const apiUrlOverride = draft.apiUrl.trim();
  const apiUrlError = validateApiUrl(apiUrlOverride);
  const hostError = preset.needsHost && draft.host.trim() && !apiUrlOverride ? validateHost(draft.host) : null;
  const apiUrl = apiUrlOverride
    ? apiUrlError
      ? null
      : apiUrlOverride.replace(/\/+$/, '')
    : apiUrlFor(draft.preset, draft.host);
  const tokenUrl = tokenPageUrl(draft.preset, draft.host);
  const accountId = draft.accountId ?? suggestAccountId(draft.preset, draft.host, taken);
  const idError = !ACCOUNT_ID_PATTERN.test(accountId)
    ? 'Letters, digits, "-", "_" or "."; start with a letter or digit.'
    : taken.includes(accountId)
      ? `An account named “${accountId}” exists already; saving replaces its token.`
      : null;
  const token = draft.token.trim();
  const caFile = draft.caFile.trim();
  // A token of another forge or of the wrong kind is named at once, before anything is sent (#12.13).
  const shape = forgeTokenShapeProblem(preset.forge, token);
  const key = apiUrl && token && !shape ? JSON.stringify([preset.forge, apiUrl, token, caFile]) : null;
  const verify = useVerify(
    key,
    () => api.call('accounts.verify', { forge: preset.forge, apiUrl: apiUrl ?? '', token, caFile: caFile || null }),
    500,
  );
  const failed = verify.state.kind === 'done' && !verify.state.result.ok ? verify.state.result : null;
  const tlsProblem = failed
    ? /certificate|tls|ssl|self[- ]signed/i.test(
        [failed.summary, ...failed.details.map((d) => `${d.label} ${d.message}`)].join(' '),
      )
    : false;
  const [advancedOpen, setAdvancedOpen] = useState(() => Boolean(draft.caFile.trim()));
  const hasAccounts = taken.length > 0;
  const [signIn, setSignIn] = useState<'token' | 'device'>('token');
  const deviceFlow = preset.forge === 'github' && signIn === 'device';

  const deviceConnected = () => {
    update({ token: '', accountId: null });
    setAdvancedOpen(false);
    reload();
  };

  const save = async (): Promise<boolean> => {
    if (!apiUrl || !token) return false;
    setSaving(true);
    setSaveError(null);
    try {
      const result = await api.call('accounts.save', {
        id: accountId,
        forge: preset.forge,
        apiUrl,
        token,
        caFile: caFile || null,
      });
      setSaved({ id: accountId, result });
      if (result.ok) {
        update({ preset: 'github', host: '', token: '', caFile: '', accountId: null, apiUrl: '' });
        setAdvancedOpen(false);
        reload();
      }
      return result.ok;
    } catch (err) {
      setSaveError(err);
      return false;
    } finally {
      setSaving(false);
    }
  };
  // A token typed but not saved is never dropped silently by Continue (#12.4): a verified one is saved on the way,
  // another is named, and Continue says it goes on without it.
  const typed = Boolean(token) && !deviceFlow;
  const verifiedPending = typed && verify.state.kind === 'done' && verify.state.result.ok;

  return (
    <div className="wizard-step">
      <h2>Add your forge accounts</h2>
      <p className="lead">
        Forgebell reads repository activity with a personal access token. Add one account per GitHub, GitLab or
        Gitea/Forgejo host.
      </p>
      <SavedAccounts />
      {saved?.result.ok ? (
        <Note tone="ok">
          Saved <strong>{saved.id}</strong>: {saved.result.summary}
        </Note>
      ) : null}

      <section className="wizard-section" aria-labelledby={`${id}-add`}>
        <h3 id={`${id}-add`}>{hasAccounts ? 'Add another account' : 'Add an account'}</h3>
        <fieldset className="preset-grid">
          <legend className="visually-hidden">Forge</legend>
          {PRESETS.map((p) => (
            <label key={p.id} className="preset-card">
              <input
                type="radio"
                name={`${id}-preset`}
                checked={draft.preset === p.id}
                onChange={() => update({ preset: p.id, accountId: null })}
              />
              <ForgeIcon forge={p.forge} decorative />
              <span className="preset-text">
                <span className="preset-label">{p.label}</span>
                <span className="preset-desc">{p.description}</span>
              </span>
            </label>
          ))}
        </fieldset>

        {preset.needsHost ? (
          <TextField
            label="Host"
            placeholder={
              draft.preset === 'ghes'
                ? 'github.example.com'
                : draft.preset === 'gitea'
                  ? 'gitea.example.com'
                  : 'gitlab.example.com'
            }
            value={draft.host}
            onChange={(host) => update({ host, accountId: null })}
            error={hostError}
            autoComplete="off"
            spellCheck={false}
            hint={
              apiUrl && !apiUrlOverride ? (
                <>
                  API: <code>{apiUrl}</code>
                </>
              ) : (
                'The address you open in the browser, without https://.'
              )
            }
          />
        ) : null}

        {preset.forge === 'github' ? (
          <fieldset className="radio-row">
            <legend className="field-label">How to sign in</legend>
            <label className="radio-option">
              <input
                type="radio"
                name={`${id}-signin`}
                checked={signIn === 'token'}
                onChange={() => setSignIn('token')}
              />
              <span>Personal access token</span>
            </label>
            <label className="radio-option">
              <input
                type="radio"
                name={`${id}-signin`}
                checked={signIn === 'device'}
                onChange={() => setSignIn('device')}
              />
              <span>Sign in with GitHub (device flow)</span>
            </label>
          </fieldset>
        ) : null}

        {deviceFlow ? (
          <DeviceFlowPanel
            accountId={accountId}
            apiUrl={apiUrl}
            caFile={caFile}
            disabledReason={
              !apiUrl
                ? preset.needsHost
                  ? 'Enter the host first.'
                  : 'Fix the API URL under Advanced.'
                : !ACCOUNT_ID_PATTERN.test(accountId)
                  ? 'Fix the account name under Advanced.'
                  : null
            }
            onConnected={deviceConnected}
          />
        ) : (
          <div className="token-field">
            <Field
              label={`${preset.label} personal access token`}
              hint={
                <>
                  {tokenUrl ? (
                    <a href={tokenUrl} target="_blank" rel="noreferrer noopener">
                      Create a token on {preset.needsHost ? draft.host.trim() || 'your host' : preset.label}
                      <Icon name="external" />
                    </a>
                  ) : (
                    'Enter the host first to get a link to its token page.'
                  )}{' '}
                  {preset.scopesPreselected
                    ? `— the scopes Forgebell needs (${preset.scopes}) are preselected.`
                    : `— under “Generate new token”, tick ${preset.scopes}.`}
                </>
              }
            >
              {(control) => (
                <SecretInput
                  control={control}
                  value={draft.token}
                  onChange={(t) => update({ token: t })}
                  placeholder={preset.tokenPlaceholder}
                />
              )}
            </Field>
            <VerifyStatus
              state={verify.state}
              shapeProblem={shape}
              checkingText="Checking DNS, TLS, the token and its scopes…"
            />
            {tlsProblem && !caFile ? (
              <Note tone="info">
                If {preset.needsHost ? draft.host.trim() : 'the host'} uses a certificate from your company’s own CA,
                give Forgebell that CA’s PEM file:{' '}
                <button type="button" className="link-button" onClick={() => setAdvancedOpen(true)}>
                  set a CA certificate file
                </button>
                .
              </Note>
            ) : null}
          </div>
        )}

        <details className="disclosure" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
          <summary>Advanced: custom CA, account name, API address</summary>
          <TextField
            label="CA certificate file"
            optional
            placeholder="/etc/ssl/corp-root.pem"
            value={draft.caFile}
            onChange={(c) => update({ caFile: c })}
            spellCheck={false}
            hint="A PEM file on the machine running Forgebell, for a host whose certificate comes from a private CA. Trusted for this account only."
          />
          <TextField
            label="Account name"
            value={accountId}
            onChange={(v) => update({ accountId: v })}
            error={idError && !ACCOUNT_ID_PATTERN.test(accountId) ? idError : null}
            hint={
              idError && ACCOUNT_ID_PATTERN.test(accountId)
                ? idError
                : 'Used in Slack as account:path when several accounts could match a repository.'
            }
            spellCheck={false}
          />
          <TextField
            label="API URL"
            optional
            placeholder={apiUrlFor(draft.preset, draft.host) ?? 'https://git.example.com/api/v4'}
            value={draft.apiUrl}
            onChange={(v) => update({ apiUrl: v })}
            error={apiUrlError}
            spellCheck={false}
            hint="Only when the API is not at the usual place, for example GitLab installed under a path (https://example.com/gitlab/api/v4)."
          />
        </details>

        {saved && !saved.result.ok ? <VerifyResultView result={saved.result} /> : null}
        {saveError ? <Note tone="error">Could not save: {describeError(saveError)}</Note> : null}
        {deviceFlow ? null : (
          <div className="row-actions">
            <button
              type="button"
              className={hasAccounts ? 'btn' : 'btn btn-primary'}
              onClick={() => void save()}
              disabled={!apiUrl || !token || saving || !ACCOUNT_ID_PATTERN.test(accountId) || shape !== null}
            >
              {saving ? 'Saving…' : failed ? 'Save anyway' : 'Save account'}
            </button>
          </div>
        )}
      </section>

      {typed && !verifiedPending && hasAccounts ? (
        <Note tone="warn">
          The token above is not saved. Save it first, or continue without this account — what you typed is then left
          behind.
        </Note>
      ) : null}
      <WizardNav onBack={back} onSkip={hasAccounts || verifiedPending ? undefined : next}>
        <button
          type="button"
          className={hasAccounts || verifiedPending ? 'btn btn-primary' : 'btn'}
          onClick={() => {
            if (!verifiedPending) return next();
            void save().then((ok) => ok && next());
          }}
          disabled={(!hasAccounts && !verifiedPending) || saving}
        >
          {verifiedPending ? 'Save account and continue' : typed && hasAccounts ? 'Continue without it' : 'Continue'}
          <Icon name="chevronRight" />
        </button>
      </WizardNav>
    </div>
  );
}
