import { describe, expect, it } from 'vitest';
import { configFileSchema, problemsOf } from './config-schema.js';

/** Gitea/Forgejo accounts refuse the event names those forges lack, with the JSON path and the reason. */
const base = {
  version: 1,
  slack: { defaultChannel: 'dev' },
  accounts: [
    { id: 'tea', forge: 'gitea', apiUrl: 'https://git.example.com/api/v1', token: 'x' },
    { id: 'gh', forge: 'github', apiUrl: 'https://api.github.com', token: 'y' },
  ],
};

describe('config: events a forge lacks', () => {
  it('refuses deployments, confidential_* and discussions on a gitea account, each with its path', () => {
    const parsed = configFileSchema.safeParse({
      ...base,
      subscriptions: [
        {
          account: 'tea',
          repo: 'acme/widgets',
          events: ['issues', 'deployments', 'confidential_comments'],
          channels: { discussions: 'x' },
        },
      ],
    });
    expect(parsed.success).toBe(false);
    const problems = problemsOf(parsed.error!);
    expect(problems.map((p) => p.path)).toEqual([
      'subscriptions[0].events[1]',
      'subscriptions[0].events[2]',
      'subscriptions[0].channels.discussions',
    ]);
    expect(problems[0]!.message).toMatch(/"deployments" is not available on Gitea\/Forgejo accounts: .*no deployments/);
  });

  it('narrows the default events of a gitea subscription to what Gitea has, and leaves other forges alone', () => {
    const parsed = configFileSchema.parse({
      ...base,
      subscriptions: [
        { account: 'tea', repo: 'acme/widgets' },
        { account: 'gh', repo: 'octo/hello' },
      ],
    });
    expect(parsed.subscriptions[0]!.events).toEqual(['commits', 'issues', 'pulls', 'releases']);
    expect(parsed.subscriptions[1]!.events).toEqual(['commits', 'issues', 'pulls', 'deployments', 'releases']);
  });
});
