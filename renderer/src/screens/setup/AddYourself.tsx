import { useState } from 'react';
import { NOTIFY_REASONS } from '../../../../electron/contract/vocabulary/people.js';
import { useApi, useConnection } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import { useSettings } from '../../app/settings-context.js';
import { useStatus } from '../../app/status-context.js';
import { Icon } from '../../components/Icon.js';
import { Note } from '../../components/StateViews.js';
import { browserTimeZone } from '../people/person-form.js';

/**
 * The wizard's "add yourself" (docs/cli-and-config.md §4): the paired Slack user becomes a person with each account's
 * login (as the account's token says it is), and this Forgebell remembers it is theirs — their DMs also become desktop
 * notifications, the feed's "For you" view and the tray's count.
 */
export function AddYourself({ slack }: { slack: string }) {
  const api = useApi();
  const { host } = useConnection();
  const { settings, reload } = useSettings();
  const { status } = useStatus();
  const [state, setState] = useState<'idle' | 'saving' | 'done'>(settings?.owner === slack ? 'done' : 'idle');
  const [error, setError] = useState<unknown>(null);
  const logins = (status?.accounts ?? []).filter((a) => a.login).map((a) => [a.id, a.login as string] as const);

  const add = async () => {
    setState('saving');
    setError(null);
    try {
      const { people } = await api.call('people.list', {});
      if (!people.some((p) => p.slack === slack))
        await api.call('people.save', {
          slack,
          accounts: Object.fromEntries(logins),
          notify: [...NOTIFY_REASONS],
          timeZone: browserTimeZone(),
          quietHours: null,
        });
      await api.call('people.setOwner', { slack });
      // On this computer, "add me" means wanting your DMs here too.
      if (host === 'desktop') await api.call('settings.update', { desktop: { notifications: true } });
      reload();
      setState('done');
    } catch (err) {
      setError(err);
      setState('idle');
    }
  };

  if (state === 'done')
    return (
      <div className="pair-success" role="status">
        <Icon name="check" />
        <div>
          <strong>You are on the People list.</strong> Review requests, mentions and assignments that concern you come
          as Slack DMs{logins.length ? ` (as ${logins.map(([a, l]) => `${l} on ${a}`).join(', ')})` : ''} and on this
          computer; the live feed has a “For you” view. Quiet hours and more: People, or <code>/forgebell me</code>.
        </div>
      </div>
    );
  return (
    <section className="add-yourself" aria-labelledby="add-yourself-title">
      <h3 id="add-yourself-title">Add yourself</h3>
      <p>
        Be mentioned on cards and get DMs about what concerns you: <code>{slack}</code>
        {logins.length ? (
          <> as {logins.map(([account, login]) => `${login} on ${account}`).join(', ')}</>
        ) : (
          ' (add your logins on the People screen)'
        )}
        .
      </p>
      {error ? <Note tone="error">Could not add you: {describeError(error)}</Note> : null}
      <button type="button" className="btn" onClick={() => void add()} disabled={state === 'saving'}>
        <Icon name="user" />
        {state === 'saving' ? 'Adding…' : 'Add me'}
      </button>
    </section>
  );
}
