import WebSocket from 'ws';
import { expect, test } from '../support/serve-fixture.js';

test('the UI refuses to work without the session token', async ({ page, forgebell }) => {
  await page.goto(forgebell.serve.url);
  await expect(page.getByText(/forgebell serve/i).first()).toBeVisible();
  await expect(page.getByText(/token/i).first()).toBeVisible();
});

test('the API socket rejects a wrong token and a foreign Origin', async ({ forgebell }) => {
  const wsUrl = forgebell.serve.url.replace('http://', 'ws://') + 'api';
  const wrong = new WebSocket(wsUrl, ['forgebell.v1', 'forgebell.token.deadbeef'], {
    origin: forgebell.serve.url.replace(/\/$/, ''),
  });
  const code = await new Promise<number>((resolve) => wrong.on('close', (c) => resolve(c)));
  expect(code).toBe(4401);

  const foreign = new WebSocket(wsUrl, ['forgebell.v1', `forgebell.token.${forgebell.serve.token}`], {
    origin: 'http://evil.example',
  });
  const status = await new Promise<number>((resolve) => {
    foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    foreign.on('error', () => resolve(-1));
  });
  expect(status).toBe(403);

  const good = new WebSocket(wsUrl, ['forgebell.v1', `forgebell.token.${forgebell.serve.token}`], {
    origin: forgebell.serve.url.replace(/\/$/, ''),
  });
  await new Promise((resolve) => good.on('open', resolve));
  const reply = new Promise<string>((resolve) => good.on('message', (d) => resolve(String(d))));
  good.send(JSON.stringify({ id: 1, method: 'subscriptions.setEnabled', params: { id: 42 } }));
  const parsed = JSON.parse(await reply) as { id: number; error?: { code: string; issues?: unknown[] } };
  expect(parsed.id).toBe(1);
  expect(parsed.error?.code).toBe('invalid_params');
  good.close();
});

test('the live feed shows a new forge event without reloading', async ({ page, forgebell }) => {
  await page.goto(forgebell.uiUrl);
  await page.getByRole('link', { name: /feed/i }).first().click();
  await page.waitForTimeout(1500);
  forgebell.world.github.openIssue('octo-org/hello-world', { title: 'Shown live in the feed' });
  await expect(page.getByText('Shown live in the feed').first()).toBeVisible({ timeout: 20_000 });
  await forgebell.world.slack.waitFor(
    () => forgebell.world.slack.messages.some((m) => m.text.includes('Shown live in the feed')),
    20_000,
  );
});
