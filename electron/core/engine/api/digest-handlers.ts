import type { ApiHandlers } from '../../../contract/api.js';
import type { DigestView } from '../../../contract/schemas.js';
import { repoPatternProblem, isRepoPattern } from '../../../contract/vocabulary/repo-pattern.js';
import type { ChannelDigest } from '../../../contract/vocabulary/people.js';
import { ApiError } from '../../../contract/wire.js';
import { repoPathProblem } from '../../forges/repo-path.js';
import { digestKey } from '../../queue/channel-digest.js';
import { nextOccurrence } from '../../queue/digest-schedule.js';
import { type DigestRunState, waitReason } from '../../queue/digest-service.js';
import type { QueueView } from '../../queue/review-queue.js';
import type { Clock } from '../../runtime/clock.js';
import type { Settings } from '../../settings/settings-model.js';
import type { SlackMessage } from '../../slack/format/block-types.js';
import type { SettingsAccess } from '../settings-service.js';
import { previewBlocks } from './digest-preview.js';
import { validateSettings } from './validate-settings.js';

/**
 * `digests.*`: the Digests screen (docs/cli-and-config.md §5). The entries live in settings (`digests[]`, as in the
 * config file); a preview is the engine's own Block Kit for the draft, and "Send now" goes through the outbox like
 * `/forgebell digest`.
 */
export interface DigestHandlersPort {
  settings: SettingsAccess;
  clock: Clock;
  digests: {
    compute(digest: ChannelDigest): Promise<{ message: SlackMessage; view: QueueView; repositories: number }>;
    sendNow(digest: ChannelDigest): Promise<{ posted: boolean; message: string }>;
    state(key: string): DigestRunState | null;
  };
}

export function digestHandlers(
  port: DigestHandlersPort,
): Pick<ApiHandlers, 'digests.list' | 'digests.save' | 'digests.remove' | 'digests.preview' | 'digests.sendNow'> {
  const view = (digest: ChannelDigest): DigestView => {
    const key = digestKey(digest);
    const next = nextOccurrence(digest, port.clock.now());
    const run = port.digests.state(key);
    return {
      key,
      digest,
      nextAt: next ? new Date(next.at).toISOString() : null,
      lastRun: run ? { ...run, at: new Date(run.at).toISOString() } : null,
    };
  };
  const find = (key: string): ChannelDigest => {
    const digest = port.settings.current().digests.find((d) => digestKey(d) === key);
    if (!digest) throw new ApiError('not_found', 'That digest is no longer there (removed or changed elsewhere).');
    return digest;
  };
  return {
    'digests.list': async () => ({ digests: port.settings.current().digests.map(view) }),
    'digests.save': async ({ previous, digest }) => {
      const s = port.settings.current();
      if (previous !== null) find(previous);
      const issues = repoProblems(digest, s);
      const key = digestKey(digest);
      if (key !== previous && s.digests.some((d) => digestKey(d) === key))
        issues.push({
          path: 'channel',
          message: `#${digest.channel} already has a digest of these repositories: edit that one instead.`,
        });
      if (issues.length) throw new ApiError('invalid_params', issues.map((i) => i.message).join(' '), issues);
      const clean: ChannelDigest = { ...digest, repos: [...new Set(digest.repos.map((r) => r.trim()))] };
      const next = (current: Settings): Settings => ({
        ...current,
        digests:
          previous === null
            ? [...current.digests, clean]
            : current.digests.map((d) => (digestKey(d) === previous ? clean : d)),
      });
      validateSettings(next(s));
      await port.settings.update(next);
      return view(clean);
    },
    'digests.remove': async ({ key }) => {
      find(key);
      await port.settings.update((s) => ({ ...s, digests: s.digests.filter((d) => digestKey(d) !== key) }));
      return { ok: true as const };
    },
    'digests.preview': async ({ digest }) => {
      const { message, view: queue, repositories } = await port.digests.compute(digest);
      return {
        text: message.text,
        blocks: previewBlocks(message.blocks),
        json: JSON.stringify(message, null, 2),
        repositories,
        waits: waitReason(queue),
      };
    },
    'digests.sendNow': async ({ key }) => port.digests.sendNow(find(key)),
  };
}

/** Each repository names an account that exists, and a path (or pattern) that account's forge can have. */
function repoProblems(digest: ChannelDigest, settings: Settings): { path: string; message: string }[] {
  return digest.repos.flatMap((entry, i) => {
    const colon = entry.indexOf(':');
    const account = settings.accounts.find((a) => a.id === entry.slice(0, colon));
    const path = entry.slice(colon + 1);
    const problem = !account
      ? `There is no account "${entry.slice(0, colon)}".`
      : isRepoPattern(path)
        ? repoPatternProblem(path, account.forge)
        : repoPathProblem(path);
    return problem ? [{ path: `repos.${i}`, message: `${entry}: ${problem}` }] : [];
  });
}
