import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './route.js';

describe('routes', () => {
  it('parses screens, wizard steps and the forge the tray asked for', () => {
    expect(parseRoute('#/feed')).toEqual({ screen: 'feed', step: 'welcome' });
    expect(parseRoute('#/setup/slack')).toEqual({ screen: 'setup', step: 'slack' });
    expect(parseRoute('#/setup/forge/gitlab')).toEqual({ screen: 'setup', step: 'forge', forge: 'gitlab' });
    expect(parseRoute('#/feed?event=pulls&repo=a%2Fb')).toEqual({ screen: 'feed', step: 'welcome' });
    expect(parseRoute('#/nowhere')).toBeNull();
    expect(parseRoute('')).toBeNull();
  });

  it('formats routes back to hashes', () => {
    expect(formatRoute({ screen: 'setup', step: 'forge', forge: 'github' })).toBe('#/setup/forge/github');
    expect(formatRoute({ screen: 'setup', step: 'pair' })).toBe('#/setup/pair');
    expect(formatRoute({ screen: 'subscriptions', step: 'welcome' })).toBe('#/subscriptions');
  });
});
