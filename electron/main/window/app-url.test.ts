import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, isAppUrl, mimeTypeFor, resolveAppFile } from './app-url.js';

const root = resolve('/opt/forgebell/dist/renderer');

describe('resolveAppFile', () => {
  it('maps app:// URLs to files under the renderer folder', () => {
    expect(resolveAppFile(root, APP_INDEX_URL)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://forgebell/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://forgebell/assets/index-abc.js?v=1#x')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveAppFile(root, 'app://forgebell/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('keeps dot segments the URL parser resolves inside the folder', () => {
    expect(resolveAppFile(root, 'app://forgebell/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'app://forgebell/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
  });

  it.each([
    'app://forgebell/..%2f..%2fetc/passwd',
    'app://forgebell/assets/..%2f..%2f..%2fsecret',
    'app://forgebell/assets/%2e%2e%5c%2e%2e%5csecret',
    'app://forgebell/%00index.html',
    'app://forgebell/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'https://forgebell/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it('recognises our own URLs only', () => {
    expect(isAppUrl('app://forgebell/index.html#/feed')).toBe(true);
    expect(isAppUrl('app://user@forgebell/index.html')).toBe(false);
    expect(isAppUrl('app://forgebell.evil/index.html')).toBe(false);
    expect(isAppUrl('nonsense')).toBe(false);
  });

  it('serves common types with the right MIME type', () => {
    expect(mimeTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a/x.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a/x.bin')).toBe('application/octet-stream');
  });
});
