import { useMemo, useState } from 'react';
import { availableEvents } from '../../../../electron/contract/vocabulary/forges.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { useSettings } from '../../app/settings-context.js';
import { Field } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { SearchPicker } from '../../components/SearchPicker.js';
import { Note } from '../../components/StateViews.js';
import { hostOf } from '../../components/url-host.js';
import { useSlackChannels } from '../../data/use-slack-channels.js';
import { EventChips, EventsField } from '../subscriptions/EventsField.js';
import { RepoPicker } from '../subscriptions/RepoPicker.js';
import { isRepoPattern, repoPatternProblem } from '../../../../electron/contract/vocabulary/repo-pattern.js';
import { TestDelivery } from './TestDelivery.js';
import type { WizardDraft } from './wizard-draft.js';
import { WizardNav } from './WizardNav.js';

type Draft = WizardDraft['subscribe'];

const REPO_PATTERN = /^[^\s/]+(\/[^\s/]+)+$/;
const CHANNEL_PATTERN = /^[a-z0-9][a-z0-9_-]{0,79}$/;

export function SubscribeStep({
  draft,
  update,
  back,
  goToForge,
  openFeed,
  finish,
}: {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  back: () => void;
  goToForge: () => void;
  openFeed: () => void;
  finish: () => void;
}) {
  const api = useApi();
  const { settings } = useSettings();
  const accounts = settings?.accounts ?? [];
  const account = draft.account ?? accounts[0]?.id ?? '';
  const forge = accounts.find((a) => a.id === account)?.forge ?? null;
  const webhookOnly = Boolean(settings && !settings.slack.botTokenSet && settings.slack.webhookUrlSet);
  const channels = useSlackChannels(!webhookOnly && Boolean(settings?.slack.botTokenSet));
  const channel = draft.channel || settings?.slack.defaultChannel || '';
  const channelOptions = useMemo(() => {
    const q = draft.channelQuery.trim().replace(/^#/, '').toLowerCase();
    return (channels.data?.channels ?? []).map((c) => c.name).filter((n) => n.toLowerCase().includes(q));
  }, [channels.data, draft.channelQuery]);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (accounts.length === 0) {
    return (
      <div className="wizard-step">
        <h2>Your first subscription</h2>
        <Note tone="info">A subscription needs a forge account to read the repository with. Add one first.</Note>
        <WizardNav onBack={back} onSkip={finish} skipLabel="Finish without one">
          <button type="button" className="btn btn-primary" onClick={goToForge}>
            Add a forge account
          </button>
        </WizardNav>
      </div>
    );
  }

  const created = draft.created;
  const repoOk = isRepoPattern(draft.repo)
    ? repoPatternProblem(draft.repo, forge) === null
    : REPO_PATTERN.test(draft.repo);
  const canCreate = repoOk && draft.events.length > 0 && (webhookOnly || Boolean(channel));

  const create = async () => {
    setCreating(true);
    setError(null);
    try {
      const sub = await api.call('subscriptions.add', {
        account,
        repo: draft.repo,
        events: forge ? availableEvents(forge, draft.events) : draft.events,
        channel: webhookOnly ? null : channel.replace(/^#/, ''),
      });
      update({ created: sub });
    } catch (err) {
      setError(err);
    } finally {
      setCreating(false);
    }
  };

  if (created) {
    return (
      <div className="wizard-step">
        <h2>Your first subscription</h2>
        <Note tone="ok">
          Subscribed{created.channel ? <> #{created.channel}</> : null} to <strong>{created.repo}</strong>. New activity
          from now on will be posted; history is not replayed.
        </Note>
        {created.pattern ? (
          <Note tone={created.pattern.warning ? 'warn' : 'info'}>
            {created.pattern.warning ??
              `Following ${created.pattern.members ?? 0} repositories (${created.pattern.description}); new ones are picked up within 10 minutes.`}
          </Note>
        ) : null}
        <EventChips events={created.events} />
        <h3>Send a test notification</h3>
        <p className="muted">
          A sample message goes through the whole path — feed, outbox, Slack — so you can see it arrive.
        </p>
        <TestDelivery subscription={created} onOpenFeed={openFeed} />
        <WizardNav onBack={() => update({ created: null, repo: '', repoQuery: '' })}>
          <button type="button" className="btn btn-primary" onClick={finish}>
            Done
            <Icon name="check" />
          </button>
        </WizardNav>
      </div>
    );
  }

  return (
    <div className="wizard-step">
      <h2>Your first subscription</h2>
      <p className="lead">
        Pick a repository and where its activity should go. You can fine-tune branches, labels and more later in
        Subscriptions.
      </p>
      {accounts.length > 1 ? (
        <Field label="Forge account">
          {(control) => (
            <select
              className="select select-full"
              {...control}
              value={account}
              onChange={(e) => update({ account: e.target.value, repo: '', repoQuery: '' })}
            >
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.id} ({hostOf(a.apiUrl)})
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <RepoPicker
        account={account}
        forge={forge}
        query={draft.repoQuery}
        onQuery={(repoQuery) => update({ repoQuery })}
        value={draft.repo}
        onChange={(repo) => update({ repo })}
      />
      <EventsField value={draft.events} onChange={(events) => update({ events })} forge={forge} />
      {webhookOnly ? (
        <Note tone="info">Messages go to the incoming webhook’s channel.</Note>
      ) : (
        <SearchPicker
          label="Slack channel"
          hint="Public channels the bot can post to. Type to filter, or type a channel name."
          notice={
            channels.data?.error
              ? `Could not list channels (${channels.data.error}). Type the channel name instead.`
              : null
          }
          query={draft.channelQuery}
          onQuery={(channelQuery) => update({ channelQuery })}
          options={channelOptions}
          value={channel}
          onChange={(c) => update({ channel: c })}
          loading={channels.loading}
          error={channels.error}
          emptyText="No channel matches."
          allowCustom={(q) => CHANNEL_PATTERN.test(q.replace(/^#/, ''))}
          renderOption={(name) => <>#{name}</>}
          placeholder="Search channels"
        />
      )}
      {error ? <Note tone="error">Could not subscribe: {describeError(error)}</Note> : null}
      <WizardNav onBack={back} onSkip={finish} skipLabel="Finish without one">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void create()}
          disabled={!canCreate || creating}
        >
          {creating ? 'Subscribing…' : 'Subscribe'}
        </button>
      </WizardNav>
    </div>
  );
}
