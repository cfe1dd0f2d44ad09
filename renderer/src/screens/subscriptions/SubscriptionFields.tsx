import { useId, useMemo } from 'react';
import type { RedactedSettings } from '../../../../electron/contract/schemas.js';
import { FORGE_LABELS, type ForgeKind } from '../../../../electron/contract/vocabulary/forges.js';
import { ComboField, type ComboOption } from '../../components/ComboBox.js';
import { Field } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { Note } from '../../components/StateViews.js';
import { Checkbox, Switch } from '../../components/Switch.js';
import { EVENT_META } from '../../components/event-meta.js';
import { hostOf } from '../../components/url-host.js';
import { useRepoCheck } from '../../data/use-repo-check.js';
import { useRepoSearch } from '../../data/use-repo-search.js';
import { useSlackChannels } from '../../data/use-slack-channels.js';
import { isRepoPattern } from '../../../../electron/contract/vocabulary/repo-pattern.js';
import { ActorsField } from './ActorsField.js';
import { repoOptions } from './repo-options.js';
import { BranchesField } from './BranchesField.js';
import { EventsField } from './EventsField.js';
import { type FormErrors, REPO_PATTERN, type SubscriptionForm } from './subscription-form.js';

export interface SubscriptionFieldsProps {
  form: SubscriptionForm;
  set: <K extends keyof SubscriptionForm>(key: K, value: SubscriptionForm[K]) => void;
  /** Errors to show beside their fields (the form's own checks once tried, and the engine's answer). */
  errors: FormErrors & Record<string, string | undefined>;
  settings: RedactedSettings | undefined;
  /** The wizard's first subscription: the essentials, with the rest under "More options". */
  compact?: boolean;
  /** The subscription being edited (its repository is not checked again unless changed), or null for a new one. */
  editing?: { repo: string } | null;
}

/**
 * The fields of one subscription — the same component in the setup wizard and in Subscriptions → Add/Edit: the account,
 * a searchable repository (checked against the forge as you type), the events, a searchable channel and per-event
 * channels, branches, labels and options. Sections are separate components so that new filters (actors, mentions)
 * and new kinds of repository (a whole organisation) are one more section or option.
 */
export function SubscriptionFields({ form, set, errors, settings, compact, editing }: SubscriptionFieldsProps) {
  const id = useId();
  const accounts = settings?.accounts ?? [];
  const webhookOnly = Boolean(settings && !settings.slack.botTokenSet && settings.slack.webhookUrlSet);
  const forge: ForgeKind | null = accounts.find((a) => a.id === form.account)?.forge ?? null;
  const repos = useRepoSearch(form.account, form.repo);
  // A pattern (octo-org/*, group/**) is not one repository to check: its members are listed once it is saved.
  const repoLooksRight = REPO_PATTERN.test(form.repo.trim()) && !isRepoPattern(form.repo.trim());
  const repoChoices = useMemo<ComboOption[]>(
    () =>
      repoOptions(repos.repos, form.repo, forge).map((o) =>
        o.pattern ? { value: o.value, label: `${o.label} — ${o.value}` } : { value: o.value },
      ),
    [repos.repos, form.repo, forge],
  );
  const check = useRepoCheck(form.account, form.repo, repoLooksRight && form.repo.trim() !== editing?.repo);
  const channels = useSlackChannels(!webhookOnly && Boolean(settings?.slack.botTokenSet));
  const channelOptions = useMemo<ComboOption[]>(
    () => (channels.data?.channels ?? []).map((c) => ({ value: c.name, label: `#${c.name}` })),
    [channels.data],
  );
  const defaultChannel = settings?.slack.defaultChannel ?? null;
  const channelNotice = channels.data?.error
    ? `Could not list channels (${channels.data.error}). Type the channel name.`
    : null;

  const repoStatus =
    check.state === 'checking' ? (
      <span>Checking that {form.account} can read it…</span>
    ) : check.state === 'found' ? (
      <span className="tone-ok">
        <Icon name="check" /> {check.message}
      </span>
    ) : check.state === 'missing' && !errors.repo ? (
      <span className="tone-error">
        <Icon name="alert" /> {check.message}
      </span>
    ) : null;

  const advanced = (
    <>
      {!webhookOnly && form.events.length > 0 ? (
        <fieldset className="per-event-field">
          <legend className="field-label">Per-event channels</legend>
          <p className="field-hint">
            Send some events elsewhere, for example pipelines to #ci-alerts. Empty = the channel above.
          </p>
          <div className="form-grid">
            {form.events.map((event) => (
              <ComboField
                key={event}
                label={`${EVENT_META[event].label} channel`}
                optional
                error={errors[`channels.${event}`] ?? null}
                value={form.channels[event] ?? ''}
                onChange={(v) => set('channels', { ...form.channels, [event]: v })}
                options={channelOptions}
                loading={channels.loading}
                notice={channelNotice}
                placeholder={form.channel.trim() || defaultChannel || 'channel'}
              />
            ))}
          </div>
        </fieldset>
      ) : null}

      <BranchesField
        mode={form.branchMode}
        text={form.branchText}
        onMode={(m) => set('branchMode', m)}
        onText={(t) => set('branchText', t)}
        error={errors.branches}
      />

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
          <Field label="Never with labels" optional error={errors.labels} hint="Exclusions always win.">
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

      <ActorsField form={form} set={set} error={errors.actors} />

      <fieldset className="options-field">
        <legend className="field-label">Options</legend>
        <Checkbox
          label="Only broken pipelines"
          hint="A pipeline is reported when it fails, and once more when it is fixed."
          checked={form.onlyBrokenPipelines}
          onChange={(v) => set('onlyBrokenPipelines', v)}
        />
        <Checkbox label="Include draft pull/merge requests" checked={form.drafts} onChange={(v) => set('drafts', v)} />
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
    </>
  );

  return (
    <div className="subscription-fields">
      <div className="form-stack">
        {accounts.length > 1 || accounts.length === 0 || !compact ? (
          <Field
            label="Forge account"
            error={errors.account}
            hint={accounts.length === 0 ? 'Add a forge account in Setup first.' : undefined}
          >
            {(control) => (
              <select
                className="select select-full"
                {...control}
                value={form.account}
                onChange={(e) => {
                  set('account', e.target.value);
                  set('repo', '');
                }}
              >
                {accounts.length === 0 ? <option value="">No accounts</option> : null}
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.id} — {FORGE_LABELS[a.forge]}, {hostOf(a.apiUrl)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <ComboField
          label="Repository"
          error={errors.repo ?? null}
          hint={
            forge === 'gitlab'
              ? `Projects ${form.account} can read, and whole groups: type to search, or the full path (group/subgroup/project, group/* or group/**).`
              : `Repositories ${form.account || 'the account'} can read, and whole organisations: type to search, or owner/name (owner/* for all of them).`
          }
          status={repoStatus}
          value={form.repo}
          onChange={(v) => set('repo', v)}
          options={repoChoices}
          filter={false}
          loading={repos.loading}
          loadError={repos.error}
          notice={repos.notice}
          placeholder={forge === 'gitlab' ? 'group/project' : 'owner/name'}
        />
        {isRepoPattern(form.repo.trim()) ? (
          <Field
            label="Leave out"
            optional
            error={errors.excludeRepos}
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
        <EventsField
          value={form.events}
          onChange={(events) => set('events', events)}
          error={errors.events}
          forge={forge}
        />
        {webhookOnly ? (
          <Note tone="info">With only an incoming webhook, messages go to the webhook’s channel.</Note>
        ) : (
          <ComboField
            label="Slack channel"
            optional={Boolean(defaultChannel)}
            error={errors.channel ?? null}
            hint={
              defaultChannel
                ? `Empty = the default channel, #${defaultChannel}. Public channels the bot can post to are listed; type any other name.`
                : 'Public channels the bot can post to are listed; type any other name.'
            }
            value={form.channel}
            onChange={(v) => set('channel', v)}
            options={channelOptions}
            loading={channels.loading}
            loadError={channels.error}
            notice={channelNotice}
            placeholder={defaultChannel ?? 'dev-notifications'}
          />
        )}
        {compact ? null : (
          <div className="field">
            <Switch
              label="Enabled"
              checked={form.enabled}
              onChange={(v) => set('enabled', v)}
              description="Off keeps the subscription but sends nothing."
            />
          </div>
        )}
      </div>
      {compact ? (
        <details
          className="disclosure"
          open={Boolean(errors.branches || errors.labels || errors.actors || hasChannelError(errors))}
        >
          <summary>More options: per-event channels, branches, labels, people and bots</summary>
          <div className="form-stack">{advanced}</div>
        </details>
      ) : (
        advanced
      )}
    </div>
  );
}

function hasChannelError(errors: Record<string, string | undefined>): boolean {
  return Object.keys(errors).some((k) => k.startsWith('channels.') && errors[k]);
}
