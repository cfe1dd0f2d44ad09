import { useEffect, useId, useState } from 'react';
import type { RedactedSettings } from '../../../../electron/contract/schemas.js';
import { describeError } from '../../api/api-error.js';
import { useSettings } from '../../app/settings-context.js';
import { useLeaveGuard } from '../../app/leave-guard.js';
import { useStatus } from '../../app/status-context.js';
import { applyTheme, type ThemeChoice } from '../../app/theme.js';
import { TextField } from '../../components/Field.js';
import { ErrorNote, Loading } from '../../components/StateViews.js';
import { Switch } from '../../components/Switch.js';
import { ConfigPanel } from './ConfigPanel.js';
import { PausePanel } from './PausePanel.js';
import { ProxyTest } from './ProxyTest.js';
import {
  proxyDraft,
  settingsPatch,
  settingsToForm,
  unsavedMessage,
  validateSettings,
  type SettingsForm,
} from './settings-form.js';

export function SettingsScreen() {
  const id = useId();
  const { settings, error, loading, reload, update } = useSettings();
  const { status } = useStatus();
  const desktop = status?.mode === 'desktop';
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ ok: true } | { ok: false; error: unknown } | null>(null);
  const [themeError, setThemeError] = useState<unknown>(null);
  // The theme applies at once; the radio shows the choice while the engine saves it.
  const [pendingTheme, setPendingTheme] = useState<ThemeChoice | null>(null);

  // The settings the form was filled from. When they change elsewhere (an import, the tray, a slash command), a form
  // the user has not touched follows them; one with edits keeps the edits (and leaving still asks).
  const [base, setBase] = useState<RedactedSettings | null>(null);
  useEffect(() => {
    if (!settings || settings === base) return;
    const untouched = !form || !base || Object.keys(settingsPatch(base, form, desktop)).length === 0;
    if (untouched) setForm(settingsToForm(settings));
    setBase(settings);
  }, [settings, base, form, desktop]);
  // The theme saves at once; everything in the form waits for Save — so leaving with unsaved changes asks first.
  useLeaveGuard(settings && form ? unsavedMessage(settingsPatch(settings, form, desktop)) : null);

  if (!settings || !form) {
    return (
      <section className="screen" aria-labelledby="settings-title">
        <h1 id="settings-title">Settings</h1>
        {error ? (
          <ErrorNote title="Could not load settings." error={error} onRetry={reload} />
        ) : loading ? (
          <Loading>Loading settings…</Loading>
        ) : null}
      </section>
    );
  }

  const errors = validateSettings(form);
  const patch = settingsPatch(settings, form, desktop);
  const dirty = Object.keys(patch).length > 0;
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setResult(null);
    setForm((f) => (f ? { ...f, [key]: value } : f));
  };

  const save = async () => {
    if (Object.keys(errors).length > 0 || !dirty) return;
    setSaving(true);
    try {
      const next = await update(patch);
      setForm(settingsToForm(next));
      setResult({ ok: true });
    } catch (err) {
      setResult({ ok: false, error: err });
    } finally {
      setSaving(false);
    }
  };

  const chooseTheme = (theme: ThemeChoice) => {
    applyTheme(theme);
    setPendingTheme(theme);
    setThemeError(null);
    update({ desktop: { theme } })
      .catch((err: unknown) => {
        setThemeError(err);
        applyTheme(settings.desktop.theme);
      })
      .finally(() => setPendingTheme(null));
  };
  const theme = pendingTheme ?? settings.desktop.theme;

  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <div>
          <h1 id="settings-title">Settings</h1>
          <p className="screen-sub">Stored in Forgebell’s data folder; tokens are encrypted and never shown here.</p>
        </div>
      </header>

      <section className="panel" aria-labelledby={`${id}-look`}>
        <h2 id={`${id}-look`}>Appearance</h2>
        <fieldset className="radio-row">
          <legend className="field-label">Theme</legend>
          {(['system', 'light', 'dark'] as const).map((choice) => (
            <label key={choice} className="radio-option">
              <input
                type="radio"
                name={`${id}-theme`}
                checked={theme === choice}
                onChange={() => chooseTheme(choice)}
              />
              <span>{choice === 'system' ? 'Match the system' : choice === 'light' ? 'Light' : 'Dark'}</span>
            </label>
          ))}
        </fieldset>
        {themeError ? <ErrorNote error={themeError} /> : null}
      </section>

      <form
        className="panel settings-form"
        aria-labelledby={`${id}-engine`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id={`${id}-engine`}>Polling and network</h2>
        <TextField
          label="Poll interval (seconds)"
          type="number"
          inputMode="numeric"
          min={1}
          className="field-narrow"
          value={form.pollIntervalSeconds}
          onChange={(v) => set('pollIntervalSeconds', v)}
          error={errors.pollIntervalSeconds}
          hint="How often each repository is checked. GitHub may ask for a longer interval (X-Poll-Interval); Forgebell obeys it."
        />
        <TextField
          label="Keep history (days)"
          type="number"
          inputMode="numeric"
          min={1}
          className="field-narrow"
          value={form.retentionDays}
          onChange={(v) => set('retentionDays', v)}
          error={errors.retentionDays}
          hint="The feed and the record of delivered messages older than this are deleted (hourly) and the space is given back. What is needed to never post an event twice is kept as long as the forge can show it."
        />
        <fieldset className="radio-row">
          <legend className="field-label">Proxy</legend>
          <label className="radio-option">
            <input
              type="radio"
              name={`${id}-proxy`}
              checked={form.proxyMode === 'system'}
              onChange={() => set('proxyMode', 'system')}
            />
            <span>System (HTTPS_PROXY / HTTP_PROXY, NO_PROXY)</span>
          </label>
          <label className="radio-option">
            <input
              type="radio"
              name={`${id}-proxy`}
              checked={form.proxyMode === 'manual'}
              onChange={() => set('proxyMode', 'manual')}
            />
            <span>Manual</span>
          </label>
          <label className="radio-option">
            <input
              type="radio"
              name={`${id}-proxy`}
              checked={form.proxyMode === 'none'}
              onChange={() => set('proxyMode', 'none')}
            />
            <span>No proxy</span>
          </label>
        </fieldset>
        {form.proxyMode === 'manual' ? (
          <>
            <TextField
              label="Proxy URL"
              type="url"
              placeholder="http://proxy.example.com:3128"
              value={form.proxyUrl}
              onChange={(v) => set('proxyUrl', v)}
              error={errors.proxyUrl}
              hint={
                settings.proxy.passwordSet
                  ? 'Used for Slack (including Socket Mode) and every forge account. A password is stored for this proxy (encrypted, never shown): it is kept unless you type user:password@ in the URL.'
                  : 'Used for Slack (including Socket Mode) and every forge account. A user:password@ in the URL is stored encrypted and never shown again.'
              }
            />
            {settings.proxy.passwordSet ? (
              <Switch
                label="Forget the stored proxy password"
                checked={form.proxyForgetPassword}
                onChange={(v) => set('proxyForgetPassword', v)}
              />
            ) : null}
            <TextField
              label="Skip the proxy for"
              optional
              placeholder="localhost, .corp.example, 10.0.0.5:8443"
              value={form.noProxy}
              onChange={(v) => set('noProxy', v)}
              hint="Hosts reached directly, as in NO_PROXY: a host (its subdomains too), .domain, host:port, or * for all. Separate with commas."
            />
          </>
        ) : null}
        <ProxyTest
          draft={proxyDraft(form, settings.proxy.noProxy)}
          blocked={errors.proxyUrl ? 'Enter a valid proxy URL to test it.' : null}
        />

        {/* Desktop notifications and launch at login mean nothing to forgebell serve: not shown there. */}
        {desktop ? (
          <>
            <h2>Desktop</h2>
            <Switch
              label="Desktop notifications"
              checked={form.notifications}
              onChange={(v) => set('notifications', v)}
              description="Also show failed deliveries and connection problems as system notifications."
            />
            <Switch
              label="Launch at login"
              checked={form.launchAtLogin}
              onChange={(v) => set('launchAtLogin', v)}
              description="Start Forgebell in the tray when you log in."
            />
          </>
        ) : null}

        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!dirty || saving || Object.keys(errors).length > 0}
          >
            {saving ? 'Saving…' : 'Save changes'}
          </button>
          {dirty ? (
            <button type="button" className="btn" onClick={() => setForm(settingsToForm(settings))}>
              Discard
            </button>
          ) : null}
          <span role="status" className="form-status">
            {result?.ok ? (
              'Saved.'
            ) : result && !result.ok ? (
              <span className="tone-error">Could not save: {describeError(result.error)}</span>
            ) : null}
          </span>
        </div>
      </form>

      <PausePanel />

      <ConfigPanel />
    </section>
  );
}
