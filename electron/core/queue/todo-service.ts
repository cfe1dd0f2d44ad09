import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { PeopleDirectory } from '../people/directory.js';
import type { Settings } from '../settings/settings-model.js';
import type { SlackMessage } from '../slack/format/block-types.js';
import type { ReposOf, ReviewQueue } from './review-queue.js';
import { buildTodo, formatTodo, todoCount } from './todo-list.js';

/** The engine's side of `/forgebell todo` and the "For you" count (docs/cli-and-config.md §5): lists built on demand. */
export interface TodoServiceDeps {
  settings: () => Settings;
  people: () => PeopleDirectory;
  queue: ReviewQueue;
  webUrl: (account: string) => string | null;
  now: () => number;
  reposOf: ReposOf;
}

export class TodoService {
  constructor(private readonly deps: TodoServiceDeps) {}

  private forgeOf = (account: string): ForgeKind | undefined =>
    this.deps.settings().accounts.find((a) => a.id === account)?.forge;

  async message(slack: string, title?: string): Promise<SlackMessage | null> {
    const list = await buildTodo(this.deps, slack);
    if (!list) return null;
    const people = this.deps.people();
    return formatTodo(list, {
      now: this.deps.now(),
      forgeOf: this.forgeOf,
      webUrl: this.deps.webUrl,
      mention: (account, login) => people.mention(account, login),
      ...(title ? { title } : {}),
    });
  }

  /** How many things wait for a person (null: not a person). */
  async count(slack: string): Promise<number | null> {
    const list = await buildTodo(this.deps, slack);
    return list ? todoCount(list) : null;
  }
}
