/**
 * `npm run bench:timings`: the durations tests used to assert, measured and printed instead (a test asserts
 * behaviour; a duration on two shared cores is a figure, not a pass/fail). It asserts nothing.
 * - escaping and clipping a 100 KB hostile title for a card line (was "< 50 ms" in mrkdwn.test.ts);
 * - a proxy change that reconfigures Socket Mode, through the real engine (was "< 1 s" in proxy.test.ts).
 * The feed's first row and scrolling (feed-scale.spec.ts) are printed by `npm run bench:feed`.
 */
import { clipLine, escapeTruncated } from '../../electron/core/slack/format/mrkdwn.js';
import { DEFAULT_GITHUB_TOKEN, startGitHubFake } from '../fakes/github/index.js';
import { startSlackFake } from '../fakes/slack/index.js';
import { startConnectProxy } from '../integration/network/connect-proxy.js';
import { startEngine } from '../support/engine-harness.js';
import { until } from '../support/wait-until.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const PROXY_SWITCHES = Number(process.env.BENCH_PROXY_SWITCHES ?? 6);

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return `median ${at(50).toFixed(2)} ms, p95 ${at(95).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms (n=${values.length})`;
}

function mrkdwn(): number[] {
  const title = '<!channel> 😀 & '.repeat(10_000);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    escapeTruncated(clipLine(title, 200), 200);
    times.push(performance.now() - started);
  }
  return times;
}

async function proxySwitch(): Promise<number[]> {
  for (const key of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'])
    delete process.env[key];
  const proxy = await startConnectProxy();
  const slack = await startSlackFake();
  const github = await startGitHubFake({ pollIntervalSeconds: 60 });
  const h = await startEngine({
    version: 1,
    pollIntervalSeconds: 60,
    slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
    accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
    subscriptions: [],
  });
  const times: number[] = [];
  try {
    await until(() => h.engine.status().slack.socket === 'connected', 'Socket Mode connected');
    for (let i = 0; i < PROXY_SWITCHES; i++) {
      const started = performance.now();
      await h.engine.handlers['settings.update']({
        proxy: i % 2 === 0 ? { mode: 'manual', url: proxy.url } : { mode: 'none', url: null },
      });
      times.push(performance.now() - started);
      await until(() => h.engine.status().slack.socket === 'connected', 'Socket Mode connected again');
    }
  } finally {
    await h.stop();
    await Promise.all([slack.close(), github.close(), proxy.close()]);
  }
  return times;
}

async function main(): Promise<void> {
  const m = mrkdwn();
  const p = await proxySwitch();
  console.log(
    [
      'Timings (figures, not pass/fail)',
      `  100 KB hostile title → escaped card line:   ${stats(m)}`,
      `  proxy change → settings.update returns:      ${stats(p)}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
