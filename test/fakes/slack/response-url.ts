import type { IncomingMessage, ServerResponse } from 'node:http';
import { bool, isRecord, str } from './api-params.js';
import type { FakeState, ResponseUrlTarget } from './fake-state.js';
import { readBody, sendJson } from './http-io.js';
import { readMessageContent } from './message-content.js';
import { SlackApiError } from './web-api-types.js';

/** A response_url may be used up to 5 times (within 30 minutes on Slack). */
const MAX_USES = 5;

/** Issues response_urls and answers POSTs to them like hooks.slack.com/commands|actions. */
export class ResponseUrls {
  constructor(
    private readonly state: FakeState,
    private readonly baseUrl: () => string,
  ) {}

  issue(source: ResponseUrlTarget['source'], channel: string, user: string, messageTs?: string): string {
    const kind = source === 'slash_command' ? 'commands' : 'actions';
    const path = `/${kind}/${this.state.config.teamId}/${4_000_000 + this.state.responseUrls.size}/${this.state.ids.secret()}`;
    this.state.responseUrls.set(path, { source, channel, user, messageTs, uses: 0 });
    return `${this.baseUrl()}${path}`;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = await readBody(req);
    const target = this.state.responseUrls.get(url.pathname);
    if (!target) return sendJson(res, 404, { ok: false, error: 'no_service' });
    if (target.uses >= MAX_USES) return sendJson(res, 404, { ok: false, error: 'used_url' });
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    }
    if (!isRecord(body)) return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    try {
      this.apply(target, body);
    } catch (error) {
      if (error instanceof SlackApiError) return sendJson(res, 400, { ok: false, error: error.error });
      throw error;
    }
    target.uses += 1;
    this.state.responses.push({
      url: url.href,
      source: target.source,
      channel: target.channel,
      user: target.user,
      body,
      at: this.state.clock.now(),
    });
    sendJson(res, 200, { ok: true });
  }

  private apply(target: ResponseUrlTarget, body: Record<string, unknown>): void {
    const original =
      target.messageTs === undefined ? undefined : this.state.findMessage(target.channel, target.messageTs);
    if (bool(body, 'delete_original') === true) {
      if (original) original.deleted = true;
      return;
    }
    const content = readMessageContent(body);
    if (content.empty) throw new SlackApiError('no_text');
    if (bool(body, 'replace_original') === true && original) {
      original.edits.push({
        text: original.text,
        blocks: original.blocks,
        metadata: original.metadata,
        editedAt: this.state.clock.now(),
      });
      original.text = content.text;
      original.blocks = content.blocks;
      return;
    }
    if (str(body, 'response_type') === 'in_channel') {
      this.state.recordMessage({
        channel: target.channel,
        text: content.text,
        blocks: content.blocks,
        thread_ts: str(body, 'thread_ts'),
        via: 'response_url',
      });
      return;
    }
    this.state.ephemerals.push({
      channel: target.channel,
      user: target.user,
      text: content.text,
      blocks: content.blocks,
      thread_ts: str(body, 'thread_ts'),
      message_ts: this.state.ids.nextTs(),
      via: 'response_url',
    });
  }
}
