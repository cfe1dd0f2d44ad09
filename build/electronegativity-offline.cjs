// Preloaded into the electronegativity CLI (node --require): it runs offline. Its i18n module fetches updated
// translations with `got` at start-up; offline that request fails and got's retry timer then throws from
// p-cancelable on Node 22+ ("The `onCancel` handler was attached after the promise settled"), killing the scan.
// Here `got` rejects at once, so the tool uses its bundled English texts, as it does whenever the fetch fails.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload passed to node --require */
const Module = require('node:module');

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'got' && parent && /electronegativity[\\/]dist[\\/]locales/.test(parent.filename)) {
    return () => Promise.reject(new Error('offline: translations are not fetched'));
  }
  return originalLoad.call(this, request, parent, isMain);
};
