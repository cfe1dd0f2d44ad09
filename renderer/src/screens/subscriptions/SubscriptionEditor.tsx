import { useId, useState } from 'react';
import { FORGE_LABELS, availableEvents } from '../../../../electron/contract/vocabulary/forges.js';
import type { Subscription } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { describeError, fieldErrorsOf } from '../../api/api-error.js';
import { useSettings } from '../../app/settings-context.js';
import { Dialog } from '../../components/Dialog.js';
import { Field } from '../../components/Field.js';
import { Note } from '../../components/StateViews.js';
import { Checkbox, Switch } from '../../components/Switch.js';
import { ActorsField } from './ActorsField.js';
import { EVENT_META } from '../../components/event-meta.js';
import { hostOf } from '../../components/url-host.js';
import { isRepoPattern } from '../../../../electron/contract/vocabulary/repo-pattern.js';
import { useSlackChannels } from '../../data/use-slack-channels.js';
import { BranchesField } from './BranchesField.js';
import { EventsField } from './EventsField.js';
import { RepoPicker } from './RepoPicker.js';
import {
  formFromSubscription,
  formToInput,
  newForm,
  validateForm,
  type SubscriptionForm,
} from './subscription-form.js';

/**
 * Add or edit one subscription: every field of the config format, validated as you type.
 * Mount it only while open (its state starts from `editing` each time).
 */
export function SubscriptionEditor({
  editing,
  onClose,
  onSaved,
}: {
  editing: Subscription | null;
  onClose: () => void;
  onSaved: (sub: Subscription) => void;
}) {
  const api = useApi();
  const id = useId();
  const { settings } = useSettings();
  const accounts = settings?.accounts ?? [];
  const webhookOnly = Boolean(settings && !settings.slack.botTokenSet && settings.slack.webhookUrlSet);
  const [form, setForm] = useState<SubscriptionForm>(() =>
    editing ? formFromSubscription(editing) : newForm(accounts[0]?.id ?? ''),
  );
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const channels = useSlackChannels(!webhookOnly);
  const [repoQuery, setRepoQuery] = useState('');

  const errors = validateForm(form);
  // The engine's answer (e.g. "no such repository on this account") is shown beside its field, like the form's own checks.
  const server = fieldErrorsOf(saveError);
  const shown: Record<string, string | undefined> = { ...server, ...(touched ? errors : {}) };
  const set = <K extends keyof SubscriptionForm>(key: K, value: SubscriptionForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (key in server) setSaveError(null);
  };
  const forge = accounts.find((a) => a.id === form.account)?.forge ?? null;
  const channelNames = channels.data?.channels.map((c) => c.name) ?? [];

  const save = async () => {
    setTouched(true);
    if (Object.keys(errors).length > 0) return;
    setSaving(true);
    setSaveError(null);
    try {
      // Events the account's forge cannot produce are shown disabled and never sent (the defaults include some).
      const input = formToInput(forge ? { ...form, events: availableEvents(forge, form.events) } : form);
      const saved = editing
        ? await api.call('subscriptions.update', { id: editing.id, patch: input })
        : await api.call('subscriptions.add', input);
      onSaved(saved);
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open
      wide
      title={editing ? `Edit ${editing.repo}` : 'Add a subscription'}
      onClose={onClose}
      footer={
        <>
          {touched && Object.keys(errors).length > 0 ? (
            <span className="tone-error footer-note">Fix the highlighted fields first.</span>
          ) : null}
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="btn btn-primary" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save changes' : 'Add subscription'}
          </button>
        </>
      }
    >
      <form
        id={`${id}-form`}
        className="editor"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {saveError ? (
          <Note tone="error">
            {Object.keys(server).length > 0
              ? 'Could not save: see the highlighted field.'
              : `Could not save: ${describeError(saveError)}`}
          </Note>
        ) : null}
        <div className="form-grid">
          <Field
            label="Forge account"
            error={shown.account}
            hint={accounts.length === 0 ? 'Add a forge account in Setup first.' : undefined}
          >
            {(control) => (
              <select
                className="select select-full"
                {...control}
                value={form.account}
                onChange={(e) => set('account', e.target.value)}
              >
                {accounts.length === 0 ? <option value="">No accounts</option> : null}
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.id} ({FORGE_LABELS[a.forge]}, {hostOf(a.apiUrl)})
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <RepoPicker
          account={form.account}
          forge={forge}
          query={repoQuery}
          onQuery={setRepoQuery}
          value={form.repo}
          onChange={(repo) => set('repo', repo)}
          error={shown.repo}
        />
        {isRepoPattern(form.repo) ? (
          <Field
            label="Leave out"
            optional
            error={shown.excludeRepos}
            hint="Repositories of this pattern not to follow: paths or globs, comma-separated (octo-org/legacy-*). Archived ones are always skipped; new ones are picked up within 10 minutes, from then on."
          >
            {(control) => (
              <input
                className="input"
                {...control}
                placeholder="octo-org/legacy-*, octo-org/sandbox"
                value={form.excludeRepos}
                onChange={(e) => set('excludeRepos', e.target.value)}
              />
            )}
          </Field>
        ) : null}
        <div className="form-grid">
          <Field
            label="Channel"
            optional
            error={shown.channel}
            hint={
              webhookOnly
                ? 'With only an incoming webhook, messages go to the webhook’s channel.'
                : channels.data?.error
                  ? `Could not list channels: ${channels.data.error}`
                  : `Empty = the default channel${settings?.slack.defaultChannel ? ` (#${settings.slack.defaultChannel})` : ''}.`
            }
          >
            {(control) => (
              <>
                <input
                  className="input"
                  {...control}
                  list={`${id}-channels`}
                  autoComplete="off"
                  disabled={webhookOnly}
                  placeholder="dev-notifications"
                  value={form.channel}
                  onChange={(e) => set('channel', e.target.value)}
                />
                <datalist id={`${id}-channels`}>
                  {channelNames.map((c) => (
                    <option key={c} value={c} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <div className="field">
            <Switch
              label="Enabled"
              checked={form.enabled}
              onChange={(v) => set('enabled', v)}
              description="Off keeps the subscription but sends nothing."
            />
          </div>
        </div>

        <EventsField
          value={form.events}
          onChange={(events) => set('events', events)}
          error={shown.events}
          forge={forge}
        />

        {!webhookOnly && form.events.length > 0 ? (
          <details className="disclosure">
            <summary>Per-event channels</summary>
            <p className="field-hint">
              Send some events elsewhere, for example pipelines to #ci-alerts. Empty = the channel above.
            </p>
            <div className="form-grid">
              {form.events.map((event) => (
                <Field key={event} label={EVENT_META[event].label} optional error={shown[`channels.${event}`]}>
                  {(control) => (
                    <input
                      className="input"
                      {...control}
                      list={`${id}-channels`}
                      autoComplete="off"
                      value={form.channels[event] ?? ''}
                      onChange={(e) => set('channels', { ...form.channels, [event]: e.target.value })}
                    />
                  )}
                </Field>
              ))}
            </div>
          </details>
        ) : null}

        <BranchesField
          mode={form.branchMode}
          text={form.branchText}
          onMode={(m) => set('branchMode', m)}
          onText={(t) => set('branchText', t)}
        />
        {shown.branches && form.branchMode === 'custom' && !form.branchText.trim() ? (
          <p className="field-error">{shown.branches}</p>
        ) : null}

        <fieldset className="labels-field">
          <legend className="field-label">Labels</legend>
          <p className="field-hint">
            For issues, pull/merge requests, reviews and comments. Comma-separated. With labels to include, unlabelled
            items are skipped.
          </p>
          <div className="form-grid">
            <Field label="Only with labels" optional>
              {(control) => (
                <input
                  className="input"
                  {...control}
                  placeholder="bug, security"
                  value={form.labelsInclude}
                  onChange={(e) => set('labelsInclude', e.target.value)}
                />
              )}
            </Field>
            <Field label="Never with labels" optional error={shown.labels} hint="Exclusions always win.">
              {(control) => (
                <input
                  className="input"
                  {...control}
                  placeholder="wontfix"
                  value={form.labelsExclude}
                  onChange={(e) => set('labelsExclude', e.target.value)}
                />
              )}
            </Field>
          </div>
          <div className="radio-row" role="radiogroup" aria-label="Label match">
            <label className="radio-option">
              <input
                type="radio"
                name={`${id}-match`}
                checked={form.labelsMatch === 'any'}
                onChange={() => set('labelsMatch', 'any')}
              />
              <span>Any of these labels</span>
            </label>
            <label className="radio-option">
              <input
                type="radio"
                name={`${id}-match`}
                checked={form.labelsMatch === 'all'}
                onChange={() => set('labelsMatch', 'all')}
              />
              <span>All of these labels</span>
            </label>
          </div>
        </fieldset>

        <ActorsField form={form} set={set} error={shown.actors} />

        <fieldset className="options-field">
          <legend className="field-label">Options</legend>
          <Checkbox
            label="Only broken pipelines"
            hint="A pipeline is reported when it fails, and once more when it is fixed."
            checked={form.onlyBrokenPipelines}
            onChange={(v) => set('onlyBrokenPipelines', v)}
          />
          <Checkbox
            label="Include draft pull/merge requests"
            checked={form.drafts}
            onChange={(v) => set('drafts', v)}
          />
          <Checkbox
            label="Thread later activity under the first message"
            hint={
              webhookOnly
                ? 'Needs a bot token; a webhook cannot thread.'
                : 'The first message is kept up to date with the current state.'
            }
            checked={form.threads}
            onChange={(v) => set('threads', v)}
          />
          <Checkbox
            label="Mark the first message with the state (approved, merged, closed)"
            hint={
              webhookOnly
                ? 'Needs a bot token; a webhook cannot react.'
                : 'One reaction on the first message of a thread, replaced as the state changes.'
            }
            checked={form.reactions}
            onChange={(v) => set('reactions', v)}
          />
        </fieldset>
      </form>
    </Dialog>
  );
}
