import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CardListScreen, type CardListScreenProps } from './CardListScreen.js';

/** The frame Digests and People share: which of loading, error, empty or the list shows, and where Add is. */

const base: CardListScreenProps = {
  name: 'things',
  title: 'Things',
  intro: 'What things are.',
  add: { label: 'Add a thing', onClick: () => undefined },
  state: { loading: false, error: null, loaded: true, reload: () => undefined },
  count: 2,
  loadingText: 'Loading things…',
  errorTitle: 'Could not load things.',
  empty: { title: 'No things yet', body: 'Add one.' },
  list: () => <ul className="thing-list" />,
  message: null,
  onDismiss: () => undefined,
};
const html = (p: Partial<CardListScreenProps>) => renderToStaticMarkup(<CardListScreen {...base} {...p} />);
const addButtons = (markup: string) => markup.split('Add a thing</button>').length - 1;

describe('CardListScreen', () => {
  it('a loaded list: Add in the header, the list, no empty state', () => {
    const markup = html({});
    expect(markup).toContain('<section class="screen things-screen" aria-labelledby="things-title">');
    expect(markup).toContain('<h1 id="things-title">Things</h1>');
    expect(markup).toContain('<p class="screen-intro">What things are.</p>');
    expect(markup).toContain('thing-list');
    expect(markup).not.toContain('No things yet');
    expect(addButtons(markup)).toBe(1);
  });

  it('nothing yet: the empty state carries Add, the header does not', () => {
    const markup = html({ count: 0 });
    expect(markup).toContain('No things yet');
    expect(markup).not.toContain('thing-list');
    expect(addButtons(markup)).toBe(1);
    expect(markup.indexOf('Add a thing')).toBeGreaterThan(markup.indexOf('No things yet'));
  });

  it('loading, then a load error with Try again; a later error keeps the loaded list', () => {
    expect(html({ count: 0, state: { ...base.state, loading: true, loaded: false } })).toContain('Loading things…');
    const failed = html({ count: 0, state: { ...base.state, error: new Error('engine gone'), loaded: false } });
    expect(failed).toContain('Could not load things.');
    expect(failed).toContain('Try again');
    expect(html({ state: { ...base.state, error: new Error('engine gone') } })).toContain('thing-list');
  });

  it('a message with Dismiss in the live region', () => {
    expect(html({ message: 'Saved.' })).toMatch(
      /role="status"><div class="toast"><span>Saved\.<\/span><button[^>]*>Dismiss/,
    );
    expect(html({})).toContain('<div class="toast-region" role="status"></div>');
  });
});
