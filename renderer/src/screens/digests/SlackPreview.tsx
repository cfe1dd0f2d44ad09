import type { DigestPreview } from '../../../../electron/contract/schemas.js';
import { Icon } from '../../components/Icon.js';
import { Note } from '../../components/StateViews.js';
import { mrkdwnParts } from './mrkdwn-parts.js';

/** One mrkdwn text as Slack shows it (links open in the browser; nothing is rendered as HTML). */
function Mrkdwn({ text, names }: { text: string; names: ReadonlyMap<string, string> }) {
  return (
    <>
      {mrkdwnParts(text).map((part, i) => {
        switch (part.kind) {
          case 'text':
            return <span key={i}>{part.text}</span>;
          case 'link':
            return (
              <a key={i} href={part.url} target="_blank" rel="noreferrer">
                {part.text}
              </a>
            );
          case 'mention':
            return (
              <span key={i} className="slack-mention" title={part.text}>
                {names.has(part.text.slice(1)) ? `@${names.get(part.text.slice(1))}` : part.text}
              </span>
            );
          case 'bold':
            return <strong key={i}>{part.text}</strong>;
          case 'italic':
            return <em key={i}>{part.text}</em>;
          case 'strike':
            return <s key={i}>{part.text}</s>;
          case 'code':
            return <code key={i}>{part.text}</code>;
        }
      })}
    </>
  );
}

/**
 * A digest as it would post now: the engine's Block Kit, block by block (header, sections, context, buttons), the
 * notification text above it, mentions by name, and the exact JSON for whoever wants to check it in Slack's Block Kit Builder.
 */
export function SlackPreview({
  preview,
  names = new Map(),
}: {
  preview: DigestPreview;
  /** Slack user IDs to the names People knows, so mentions read as Slack shows them. */
  names?: ReadonlyMap<string, string>;
}) {
  return (
    <div className="slack-preview">
      {preview.waits ? (
        <Note tone="warn">
          It would not post now: {preview.waits}. Forgebell waits and posts once the repositories can be read.
        </Note>
      ) : null}
      <p className="slack-preview-meta">
        <Icon name="bell" /> Notification text: <span className="slack-preview-text">{preview.text}</span>
        <span className="muted">
          {' '}
          · {preview.repositories} repositor{preview.repositories === 1 ? 'y' : 'ies'}
        </span>
      </p>
      <div className="slack-message" role="document" aria-label="Slack message preview">
        {preview.blocks.map((block, i) => {
          switch (block.type) {
            case 'header':
              return (
                <h3 key={i} className="slack-header">
                  {block.texts.join(' ')}
                </h3>
              );
            case 'divider':
              return <hr key={i} className="slack-divider" />;
            case 'context':
              return (
                <div key={i} className="slack-context">
                  {block.texts.map((t, j) => (
                    <span key={j}>
                      <Mrkdwn text={t} names={names} />
                    </span>
                  ))}
                </div>
              );
            case 'actions':
              return (
                <div key={i} className="slack-actions">
                  {block.links.map((l) => (
                    <a key={l.url} className="btn btn-small" href={l.url} target="_blank" rel="noreferrer">
                      {l.text}
                    </a>
                  ))}
                </div>
              );
            default:
              return (
                <div key={i} className="slack-section">
                  {block.texts.map((t, j) => (
                    <div key={j} className="slack-text">
                      <Mrkdwn text={t} names={names} />
                    </div>
                  ))}
                </div>
              );
          }
        })}
      </div>
      <details className="slack-json">
        <summary>Block Kit JSON</summary>
        <pre tabIndex={0} aria-label="Block Kit JSON of the message">
          {preview.json}
        </pre>
      </details>
    </div>
  );
}
