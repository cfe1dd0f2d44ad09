import { afterEach } from 'vitest';
import type { ConfigFileInput } from '../../electron/core/settings/config-schema.js';
import {
  type EnvelopeResult,
  type MessageRecord,
  type SlackFake,
  type SlackFakeOptions,
  startSlackFake,
} from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from './engine-harness.js';
import { sleep, until } from './wait-until.js';

/**
 * What the end-to-end tests of acting from Slack (docs/cli-and-config.md §4) share: the Slack fake with its Socket
 * Mode envelopes sent by the official client, the real engine configured from a config file, any forge fakes the
 * test starts, all closed after each test; and the questions those tests ask of Slack — a card, its thread, what the
 * clicker alone was told, its reactions — plus the values a modal submission carries.
 */

/** A fake that the rig closes after the test (the forge fakes). */
export interface Closable {
  close(): Promise<void>;
}

export interface SlackActionStart {
  /** Slack users known to the fake by name → id (e.g. people without a Slack profile otherwise). */
  users?: Record<string, string>;
  /** Socket Mode (app token, buttons, slash commands; default) or the bot token alone. */
  socketMode?: boolean;
  /** The paired users (Socket Mode only). */
  commandUsers?: string[];
  /** The config besides Slack: accounts, subscriptions, people. */
  config: Omit<ConfigFileInput, 'version' | 'pollIntervalSeconds' | 'slack'>;
}

export interface SlackActionRig {
  readonly slack: SlackFake;
  readonly h: EngineHarness;
  /** Closes `fake` after the test; returns it. */
  own<T extends Closable>(fake: T): T;
  /** Starts Slack and the engine, waits for the socket and the accounts' logins, then past the subscriptions' first second. */
  start(options: SlackActionStart): Promise<void>;
  /** The top-level message in #general that `matches`, once its blocks carry `action` (`what` names it on timeout). */
  card(what: string, matches: (m: MessageRecord) => boolean, action: string): Promise<MessageRecord>;
  /** Any message in #general whose blocks carry `action` (a run card's Re-run). */
  messageWith(action: string, what: string): Promise<MessageRecord>;
  /** The message as it is now in #general (cards are updated in place). */
  current(card: MessageRecord): MessageRecord | undefined;
  repliesTo(card: MessageRecord): MessageRecord[];
  /** What the clicker alone was told: response_url answers (buttons) and ephemerals (after a modal). */
  answers(): string[];
  /** Only the response_url answers (a button's), which the fake may also list as ephemerals. */
  responses(): string[];
  click(action: string, card: MessageRecord, user: string, value?: string): Promise<EnvelopeResult>;
  /** The n-th modal once the engine has filled it in (views.update after the fresh read); its blocks as JSON. */
  filledModal(n: number): Promise<string>;
  /** Submits the n-th modal as `user`. */
  submit(n: number, user: string, values: ModalValues): Promise<EnvelopeResult>;
}

/** One rig per test file's describe: registers its own afterEach that stops the engine and closes every fake. */
export function useSlackActionRig(): SlackActionRig {
  let slack: SlackFake | undefined;
  let h: EngineHarness | undefined;
  let owned: Closable[] = [];
  afterEach(async () => {
    await h?.stop();
    await Promise.all([slack?.close(), ...owned.map((f) => f.close())]);
    slack = undefined;
    h = undefined;
    owned = [];
  });
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} is not started: call rig.start first`);
    return value;
  };
  const general = () => started(slack, 'Slack').messagesIn('general');

  const rig: SlackActionRig = {
    get slack() {
      return started(slack, 'Slack');
    },
    get h() {
      return started(h, 'The engine');
    },
    own(fake) {
      owned.push(fake);
      return fake;
    },
    async start({ users = {}, socketMode = true, commandUsers = [], config }) {
      const fake = await startSlackFake(socketMode ? { ackTimeoutMs: 3000 } : ({} satisfies SlackFakeOptions));
      slack = fake;
      for (const [name, id] of Object.entries(users)) fake.addUser(name, { id });
      const base = { botToken: fake.botToken, apiUrl: fake.apiUrl, defaultChannel: 'general' };
      h = await startEngine({
        version: 1,
        pollIntervalSeconds: 1,
        slack: socketMode ? { ...base, appToken: fake.appToken, commandUsers } : base,
        ...config,
      });
      const engine = h.engine;
      if (socketMode) await until(() => engine.status().slack.socket === 'connected', 'socket connected');
      await until(() => engine.status().accounts.every((a) => a.login !== null), 'the account login known');
      await sleep(1100); // past the subscription's first second: what happens next is news, not history
    },
    async card(what, matches, action) {
      let card: MessageRecord | undefined;
      await until(() => {
        card = general().find((m) => !m.thread_ts && matches(m));
        return card !== undefined && JSON.stringify(card.blocks).includes(action);
      }, what);
      return card!;
    },
    async messageWith(action, what) {
      let found: MessageRecord | undefined;
      await until(() => {
        found = general().find((m) => JSON.stringify(m.blocks).includes(action));
        return found !== undefined;
      }, what);
      return found!;
    },
    current: (card) => general().find((m) => m.ts === card.ts),
    repliesTo: (card) => general().filter((m) => m.thread_ts === card.ts),
    answers: () => [...rig.responses(), ...rig.slack.ephemerals.map((e) => e.text)],
    responses: () => rig.slack.responses.map((r) => String((r.body as { text?: unknown }).text ?? '')),
    click: (action, card, user, value) =>
      rig.slack.sendBlockAction({
        action_id: action,
        channel_id: card.channel,
        message_ts: card.ts,
        user_id: user,
        ...(value ? { value } : {}),
      }),
    async filledModal(n) {
      await until(() => rig.slack.views[n]?.updates === 1, `modal ${n} filled in`);
      return JSON.stringify(rig.slack.views[n]!.view.blocks);
    },
    submit: (n, user, values) =>
      rig.slack.sendViewSubmission({ view_id: rig.slack.views[n]!.id, user_id: user, values }),
  };
  return rig;
}

/** The state values of a view submission: block id → action id → the element's state. */
export type ModalValues = Record<string, Record<string, Record<string, unknown>>>;

/** A text input's value (block `body` of Comment…/Request changes…, `comment` of Reject…). */
export const typed = (block: string, text: string): ModalValues => ({
  [block]: { value: { type: 'plain_text_input', value: text } },
});

/** The merge method chosen in Merge…, and "Merge when the checks pass" ticked when `whenChecksPass`. */
export const mergeWith = (method: string, whenChecksPass = false): ModalValues => ({
  method: { value: { type: 'radio_buttons', selected_option: { value: method } } },
  ...(whenChecksPass ? { when: { value: { type: 'checkboxes', selected_options: [{ value: 'when' }] } } } : {}),
});

/** The names of a message's reactions. */
export const reactionsOf = (m: MessageRecord | undefined): string[] => (m?.reactions ?? []).map((r) => r.name);
