import type { StoredPerson } from '../settings/settings-model.js';

/**
 * Who is who: Slack users ↔ forge logins per account, from the settings' `people` (docs/cli-and-config.md §4). Logins
 * compare case-insensitively, as every forge treats them. Built fresh from the settings whenever it is needed, so a
 * person added or changed is used by the next message formatted or the next event ingested.
 */
export class PeopleDirectory {
  private readonly byAccountLogin = new Map<string, StoredPerson>();
  private readonly bySlackId = new Map<string, StoredPerson>();

  constructor(readonly people: readonly StoredPerson[]) {
    for (const person of people) {
      this.bySlackId.set(person.slack, person);
      for (const [account, login] of Object.entries(person.accounts))
        this.byAccountLogin.set(key(account, login), person);
    }
  }

  static empty(): PeopleDirectory {
    return new PeopleDirectory([]);
  }

  /** The person whose login on `account` this is. */
  byLogin(account: string, login: string | null | undefined): StoredPerson | undefined {
    return login ? this.byAccountLogin.get(key(account, login)) : undefined;
  }

  bySlack(slackId: string): StoredPerson | undefined {
    return this.bySlackId.get(slackId);
  }

  /** Every person's login on `account`, lower case (the `@people` word of actor filters). */
  logins(account: string): ReadonlySet<string> {
    const out = new Set<string>();
    for (const person of this.people) {
      const login = person.accounts[account];
      if (login) out.add(login.toLowerCase());
    }
    return out;
  }

  /** Whether anyone has a login on `account` (only then is it worth reading events for people). */
  hasPeopleOn(account: string): boolean {
    return this.people.some((p) => Boolean(p.accounts[account]));
  }

  /** `<@U…>` for a login that is a person on `account`, else null. */
  mention(account: string, login: string | null | undefined): string | null {
    const person = this.byLogin(account, login);
    return person ? `<@${person.slack}>` : null;
  }
}

function key(account: string, login: string): string {
  return `${account}\u0000${login.toLowerCase()}`;
}
