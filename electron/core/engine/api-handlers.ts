import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../contract/api.js';
import type { RedactedSettings, VerifyResult } from '../../contract/schemas.js';
import { ApiError } from '../../contract/wire.js';
import { FORGE_LABELS, availableEvents, unavailableEventReason } from '../../contract/vocabulary/forges.js';
import { DEFAULT_EVENTS, type EventName } from '../../contract/vocabulary/event-names.js';
import { createAdapter } from '../forges/adapter-factory.js';
import { ForgeError } from '../forges/forge-error.js';
import { createDispatcher } from '../http/dispatcher.js';
import { configFileSchema, problemsOf } from '../settings/config-schema.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import { applyConfigFile, formatImportSummary, type ImportSummary, toConfigFile } from '../settings/config-transfer.js';
import {
  type Settings,
  type StoredSubscription,
  subscriptionChannel,
  subscriptionKey,
} from '../settings/settings-model.js';
import { verifyAppToken, verifyBotToken } from '../slack/connection/slack-verify.js';
import { formatTestMessage } from '../slack/format/test-message.js';
import { buildManifest } from '../slack/manifest/manifest.js';
import { createAppUrl, manifestYaml } from '../slack/manifest/manifest-yaml.js';
import { runDoctor } from '../doctor/doctor.js';
import { webUrlOf } from '../forges/repo-reference.js';
import { DeviceFlows } from './device-flows.js';
import type { Engine } from './engine.js';
import { subscriptionTarget } from './subscription-target.js';
import { feedItemFor } from './ingest.js';

export function redactSettings(s: Settings): RedactedSettings {
  return {
    pollIntervalSeconds: s.pollIntervalSeconds,
    slack: {
      botTokenSet: s.slack.botToken !== null,
      appTokenSet: s.slack.appToken !== null,
      webhookUrlSet: s.slack.webhookUrl !== null,
      apiUrl: s.slack.apiUrl,
      defaultChannel: s.slack.defaultChannel,
      username: s.slack.username,
      iconUrl: s.slack.iconUrl,
      commandUsers: s.slack.commandUsers,
    },
    accounts: s.accounts.map((a) => ({
      id: a.id,
      forge: a.forge,
      apiUrl: a.apiUrl,
      tokenSet: a.token !== null,
      caFile: a.caFile,
    })),
    proxy: s.proxy,
    desktop: s.desktop,
  };
}

/** Live checks of whichever Slack tokens were given (used before saving them, and by the wizard as you paste). */
async function verifySlackTokens(
  p: { botToken?: string | null; appToken?: string | null },
  apiUrl: string,
  dispatcher: ReturnType<Engine['slackDispatcher']>,
): Promise<VerifyResult[]> {
  const results: VerifyResult[] = [];
  if (p.botToken) results.push(await verifyBotToken(p.botToken.trim(), apiUrl, dispatcher));
  if (p.appToken) results.push(await verifyAppToken(p.appToken.trim(), apiUrl, dispatcher));
  return results;
}

function combine(results: VerifyResult[]): VerifyResult {
  const ok = results.every((r) => r.ok);
  return { ok, summary: results.map((r) => r.summary).join(' '), details: results.flatMap((r) => r.details) };
}

/** Refuses event names the account's forge cannot produce, naming each with the reason (the form shows them). */
function checkEventsAvailable(
  forge: Settings['accounts'][number]['forge'],
  events: readonly EventName[] | undefined,
  channels: Partial<Record<EventName, string>> | undefined,
): void {
  const problems = [
    ...(events ?? []).map((name, i) => ({ path: `events[${i}]`, name })),
    ...Object.keys(channels ?? {}).map((name) => ({ path: `channels.${name}`, name })),
  ].flatMap(({ path, name }) => {
    const reason = unavailableEventReason(forge, name);
    return reason
      ? [{ path, message: `"${name}" is not available on ${FORGE_LABELS[forge]} accounts: ${reason}` }]
      : [];
  });
  if (problems.length) throw new ApiError('invalid_params', problems.map((p) => p.message).join(' '), problems);
}

function validateSettings(next: Settings): void {
  const check = configFileSchema.safeParse({ ...toConfigFile(next), slack: next.slack, accounts: next.accounts });
  if (!check.success)
    throw new ApiError('invalid_params', 'The change would make the configuration invalid.', problemsOf(check.error));
}

async function verifyAccount(
  engine: Engine,
  input: { forge: ForgeKind; apiUrl: string; token: string; caFile?: string | null },
): Promise<VerifyResult> {
  let dispatcher;
  try {
    const proxy = engine.proxyFor(input.apiUrl);
    dispatcher =
      input.caFile || proxy ? createDispatcher({ caFile: input.caFile ?? null, proxyUrl: proxy }) : undefined;
  } catch (error) {
    return { ok: false, summary: `Cannot read the CA file ${input.caFile}: ${(error as Error).message}`, details: [] };
  }
  const adapter = createAdapter(
    { id: 'verify', forge: input.forge, apiUrl: input.apiUrl, token: input.token },
    { clock: engine.clock, logger: engine.logger, ...(dispatcher ? { dispatcher } : {}) },
  );
  try {
    const me = await adapter.whoami();
    const needed = input.forge === 'github' ? ['repo'] : ['api'];
    const missing = me.scopes
      ? needed.filter((s) => !me.scopes!.includes(s) && !(s === 'api' && me.scopes!.includes('read_api')))
      : [];
    const access = adapter.checkAccess ? await adapter.checkAccess() : null;
    const details = [
      {
        ok: true,
        label: 'Sign-in',
        message: `Signed in as ${me.login}${me.name ? ` (${me.name})` : ''} on ${new URL(webUrlOf(input.apiUrl)).host}`,
      },
      {
        ok: missing.length === 0,
        label: 'Scopes',
        message:
          me.scopes === null
            ? 'Fine-grained token: scopes are checked when a repository is added.'
            : missing.length
              ? `Missing scope ${missing.join(', ')} (${me.scopes.join(', ') || 'none granted'}). Create a token with it.`
              : `Scopes: ${me.scopes.join(', ')}`,
      },
    ];
    if (access) {
      // The forge cannot list the token's scopes: its own checks (server version, each scope probed) replace the line.
      details.pop();
      details.push(
        ...access.map((c) => ({ ok: c.ok, label: c.label, message: c.fix ? `${c.message} ${c.fix}` : c.message })),
      );
    }
    const fatal = access?.find((c) => !c.ok && c.label === 'server version');
    if (fatal) return { ok: false, summary: fatal.message, details };
    return { ok: true, summary: `Signed in as ${me.login}`, details };
  } catch (error) {
    const message = error instanceof ForgeError ? error.message : (error as Error).message;
    return {
      ok: false,
      summary: message,
      details: [{ ok: false, label: error instanceof ForgeError ? error.code : 'error', message }],
    };
  }
}

const deviceFlowServices = new WeakMap<Engine, DeviceFlows>();

/** The engine's GitHub device-flow service, made on first use. */
function deviceFlowsOf(engine: Engine): DeviceFlows {
  let flows = deviceFlowServices.get(engine);
  if (!flows) {
    flows = new DeviceFlows({ host: engine, verify: (input) => verifyAccount(engine, { forge: 'github', ...input }) });
    deviceFlowServices.set(engine, flows);
  }
  return flows;
}

/** Stops the background polls of unfinished device flows (engine shutdown). */
export function cancelDeviceFlows(engine: Engine): void {
  deviceFlowServices.get(engine)?.cancelAll();
}

/** Every contract method, implemented on the engine. Params arrive already validated. */
export function buildHandlers(engine: Engine): ApiHandlers {
  const findSub = (id: string): StoredSubscription => {
    const sub = engine.settings.subscriptions.find((s) => s.id === id);
    if (!sub) throw new ApiError('not_found', `No subscription with id ${id}.`);
    return sub;
  };
  const saveSubs = async (mutate: (subs: StoredSubscription[]) => StoredSubscription[]): Promise<void> => {
    await engine.updateSettings(
      (s) => {
        const next = { ...s, subscriptions: mutate(s.subscriptions) };
        validateSettings(next);
        return next;
      },
      { subscriptions: true },
    );
  };

  return {
    'status.get': async () => engine.status(),
    'settings.get': async () => redactSettings(engine.settings),
    'settings.update': async (p) => {
      const next = await engine.updateSettings(
        (s) => ({
          ...s,
          ...(p.pollIntervalSeconds !== undefined ? { pollIntervalSeconds: p.pollIntervalSeconds } : {}),
          ...(p.proxy ? { proxy: p.proxy } : {}),
          desktop: { ...s.desktop, ...p.desktop },
        }),
        { slack: p.proxy !== undefined, accounts: p.proxy !== undefined },
      );
      return redactSettings(next);
    },
    'slack.verify': async (p) => {
      const results = await verifySlackTokens(p, engine.settings.slack.apiUrl, engine.slackDispatcher());
      if (p.webhookUrl) {
        const ok = /^https?:\/\//.test(p.webhookUrl);
        results.push({
          ok,
          summary: ok
            ? 'Webhook URL looks right; the test notification proves it.'
            : 'A webhook URL starts with https://hooks.slack.com/…',
          details: [],
        });
      }
      if (results.length === 0) return { ok: false, summary: 'Paste a token to verify it.', details: [] };
      return combine(results);
    },
    'slack.save': async (p) => {
      const results = await verifySlackTokens(p, p.apiUrl ?? engine.settings.slack.apiUrl, engine.slackDispatcher());
      const failed = results.find((r) => !r.ok && r.details.some((d) => d.label === 'Token type'));
      if (failed) return failed;
      await engine.updateSettings(
        (s) => {
          const slack = { ...s.slack };
          if (p.botToken !== undefined) slack.botToken = p.botToken?.trim() || null;
          if (p.appToken !== undefined) slack.appToken = p.appToken?.trim() || null;
          if (p.webhookUrl !== undefined) slack.webhookUrl = p.webhookUrl?.trim() || null;
          if (p.defaultChannel !== undefined) slack.defaultChannel = p.defaultChannel?.replace(/^#/, '') || null;
          if (p.username !== undefined) slack.username = p.username;
          if (p.iconUrl !== undefined) slack.iconUrl = p.iconUrl;
          if (p.apiUrl !== undefined) slack.apiUrl = p.apiUrl;
          const next = { ...s, slack };
          validateSettings(next);
          return next;
        },
        { slack: true },
      );
      return results.length ? combine(results) : { ok: true, summary: 'Saved.', details: [] };
    },
    'slack.manifest': async () => {
      const hosts = engine.settings.accounts.map((a) => new URL(webUrlOf(a.apiUrl)).host);
      const manifest = buildManifest({ unfurlDomains: hosts });
      return {
        yaml: manifestYaml(manifest),
        json: JSON.stringify(manifest, null, 2),
        createUrl: createAppUrl(manifest),
      };
    },
    'slack.channels': async () => {
      if (!engine.botTransport) return { channels: [], error: 'Add the bot token first.' };
      try {
        return { channels: await engine.botTransport.listChannels(), error: null };
      } catch (error) {
        return { channels: [], error: (error as Error).message };
      }
    },
    'accounts.verify': async (p) => verifyAccount(engine, p),
    'accounts.save': async (p) => {
      const existing = engine.settings.accounts.find((a) => a.id === p.id);
      const token = p.token ?? existing?.token ?? null;
      if (!token)
        throw new ApiError('invalid_params', 'A token is needed for a new account.', [
          { path: 'token', message: 'required' },
        ]);
      const result = await verifyAccount(engine, {
        forge: p.forge,
        apiUrl: p.apiUrl,
        token,
        caFile: p.caFile ?? existing?.caFile ?? null,
      });
      if (!result.ok) return result;
      await engine.updateSettings(
        (s) => {
          const account = {
            id: p.id,
            forge: p.forge,
            apiUrl: p.apiUrl.replace(/\/+$/, ''),
            token,
            caFile: p.caFile ?? existing?.caFile ?? null,
          };
          const accounts = existing ? s.accounts.map((a) => (a.id === p.id ? account : a)) : [...s.accounts, account];
          return { ...s, accounts };
        },
        { accounts: true },
      );
      return result;
    },
    'accounts.deviceFlowStart': async (p) => deviceFlowsOf(engine).start(p),
    'accounts.deviceFlowStatus': async ({ flowId }) => deviceFlowsOf(engine).status(flowId),
    'accounts.remove': async ({ id }) => {
      if (engine.settings.subscriptions.some((s) => s.account === id))
        throw new ApiError('conflict', `Account ${id} still has subscriptions; delete them first.`);
      await engine.updateSettings((s) => ({ ...s, accounts: s.accounts.filter((a) => a.id !== id) }), {
        accounts: true,
      });
      return { ok: true as const };
    },
    'accounts.repos': async ({ account, search }) => {
      const adapter = engine.adapters.get(account);
      if (!adapter) return { repos: [], error: `Account ${account} is not connected.` };
      if (!adapter.listRepos) return { repos: [], error: 'This forge cannot list repositories; type the path.' };
      try {
        return { repos: await adapter.listRepos(search), error: null };
      } catch (error) {
        return { repos: [], error: (error as Error).message };
      }
    },
    'subscriptions.list': async () => engine.subscriptionList(),
    'subscriptions.add': async (p) => {
      const account = engine.settings.accounts.find((a) => a.id === p.account);
      if (!account)
        throw new ApiError('invalid_params', `No account with id "${p.account}".`, [
          { path: 'account', message: 'unknown account' },
        ]);
      checkEventsAvailable(account.forge, p.events, p.channels);
      let repo = p.repo.trim();
      const adapter = engine.adapters.get(account.id);
      let sinceSeq: number | null = null;
      if (adapter) {
        try {
          ({ path: repo, sinceSeq } = await subscriptionTarget(adapter, repo, engine.logger));
        } catch (error) {
          throw new ApiError('invalid_params', (error as Error).message, [
            { path: 'repo', message: (error as Error).message },
          ]);
        }
      }
      const sub: StoredSubscription = {
        id: randomUUID(),
        createdAt: new Date(engine.clock.now()).toISOString(),
        ...(sinceSeq !== null ? { sinceSeq } : {}),
        account: account.id,
        repo,
        enabled: p.enabled ?? true,
        events: p.events ?? availableEvents(account.forge, DEFAULT_EVENTS),
        channel: p.channel ?? null,
        channels: p.channels ?? {},
        branches: p.branches ?? 'default',
        labels: p.labels ?? { include: [], exclude: [], match: 'any' },
        onlyBrokenPipelines: p.onlyBrokenPipelines ?? true,
        drafts: p.drafts ?? false,
        threads: p.threads ?? true,
      };
      if (
        engine.settings.subscriptions.some(
          (s) => subscriptionKey(s, engine.settings) === subscriptionKey(sub, engine.settings),
        )
      ) {
        throw new ApiError(
          'conflict',
          `${repo} already notifies #${subscriptionChannel(sub, engine.settings)}; edit that subscription instead.`,
        );
      }
      await saveSubs((subs) => [...subs, sub]);
      return engine.subscriptionView(findSub(sub.id));
    },
    'subscriptions.update': async ({ id, patch }) => {
      const before = findSub(id);
      const forge = engine.settings.accounts.find((a) => a.id === before.account)?.forge;
      if (forge) checkEventsAvailable(forge, patch.events, patch.channels);
      const since =
        patch.enabled === true && !before.enabled ? { since: new Date(engine.clock.now()).toISOString() } : {};
      await saveSubs((subs) =>
        subs.map((s) =>
          s.id === id
            ? { ...s, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), ...since }
            : s,
        ),
      );
      return engine.subscriptionView(findSub(id));
    },
    'subscriptions.remove': async ({ id }) => {
      findSub(id);
      await saveSubs((subs) => subs.filter((s) => s.id !== id));
      return { ok: true as const };
    },
    'subscriptions.setEnabled': async ({ id, enabled }) => {
      findSub(id);
      const since = new Date(engine.clock.now()).toISOString();
      await saveSubs((subs) =>
        subs.map((s) => (s.id === id ? { ...s, enabled, ...(enabled && !s.enabled ? { since } : {}) } : s)),
      );
      return engine.subscriptionView(findSub(id));
    },
    'subscriptions.test': async ({ id }) => {
      const sub = findSub(id);
      const channel =
        subscriptionChannel(sub, engine.settings) ?? (engine.settings.slack.webhookUrl ? '(webhook)' : null);
      if (!channel)
        throw new ApiError('invalid_params', 'This subscription has no channel and there is no default channel.');
      if (!engine.transport) throw new ApiError('failed', 'Slack is not set up: add the bot token or a webhook first.');
      const account = engine.settings.accounts.find((a) => a.id === sub.account);
      const now = new Date(engine.clock.now()).toISOString();
      const deliveryId = `test|${randomUUID()}`;
      const feedId = engine.db.transaction(() => {
        const fid = engine.feed.insert({
          ...feedItemFor(
            {
              id: deliveryId,
              accountId: sub.account,
              forge: account?.forge ?? 'github',
              repo: sub.repo,
              repoUrl: account ? `${webUrlOf(account.apiUrl)}/${sub.repo}` : '',
              event: sub.events[0] ?? 'issues',
              action: 'test',
              subjectKey: null,
              number: null,
              title: 'Test notification',
              url: account ? `${webUrlOf(account.apiUrl)}/${sub.repo}` : 'https://example.invalid/',
              actor: 'Forgebell',
              createdAt: now,
              state: null,
              labels: [],
              branch: null,
              draft: false,
              confidential: false,
              details: { kind: 'none' },
            },
            sub.id,
            'queued',
            null,
            channel,
          ),
          summary: `Test notification for ${sub.repo}`,
        });
        engine.outbox.enqueue({
          deliveryId,
          feedId: fid,
          subscriptionId: sub.id,
          channel,
          kind: 'test',
          payload: JSON.stringify({ kind: 'test', message: formatTestMessage(sub) }),
          at: engine.clock.now(),
        });
        return fid;
      })();
      engine.pushFeed(feedId);
      engine.delivery.wake();
      return { feedId };
    },
    'feed.page': async (q) => engine.feed.page(q),
    'feed.retry': async ({ id }) => {
      const row = engine.outbox.byFeedId(id);
      if (!row) throw new ApiError('not_found', 'Nothing to retry for this feed item.');
      if (row.state !== 'failed') throw new ApiError('conflict', `This delivery is ${row.state}, not failed.`);
      engine.outbox.requeue(row.id, engine.clock.now());
      engine.feed.update(id, { fate: 'queued', reason: 'retry requested' });
      engine.pushFeed(id);
      engine.delivery.wake();
      return { ok: true as const };
    },
    'feed.markRead': async () => {
      engine.markRead();
      return { ok: true as const };
    },
    'pairing.start': async () => {
      const { code, expiresAt } = engine.socket.pairing.start();
      return { code, expiresAt: new Date(expiresAt).toISOString(), command: `/forgebell link ${code}` };
    },
    'pairing.status': async () => ({ paired: engine.settings.slack.commandUsers }),
    'engine.pollNow': async () => {
      engine.pollNow();
      return { ok: true as const };
    },
    'engine.pause': async ({ until, mode }) => {
      engine.pause(until, mode);
      return { ok: true as const };
    },
    'engine.resume': async () => {
      await engine.resume();
      return { ok: true as const };
    },
    'doctor.run': async () =>
      runDoctor(engine.settings, { clock: engine.clock, logger: engine.logger, proxyFor: (u) => engine.proxyFor(u) }),
    'config.export': async () => ({ json: JSON.stringify(toConfigFile(engine.settings), null, 2) }),
    'config.import': async ({ json }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(json);
      } catch (error) {
        throw new ApiError(
          'invalid_params',
          `The file is not valid JSON: ${(error as Error).message}. Nothing was changed.`,
        );
      }
      const parsed = configFileSchema.safeParse(raw);
      if (!parsed.success)
        throw new ApiError(
          'invalid_params',
          'The file is not a valid Forgebell config; nothing was changed.',
          problemsOf(parsed.error),
        );
      let summary: ImportSummary | null = null;
      await engine.updateSettings(
        (s) => {
          const applied = applyConfigFile(s, parsed.data, new Date(engine.clock.now()));
          summary = applied.summary;
          return applied.settings;
        },
        { slack: true, accounts: true },
      );
      return { summary: formatImportSummary(summary!, 'Forgebell') };
    },
    'logs.recent': async () => engine.logs.map((l) => ({ time: l.time, level: l.level, message: l.message })),
  };
}
