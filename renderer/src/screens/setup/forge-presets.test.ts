import { describe, expect, it } from 'vitest';
import { validateApiUrl } from './forge-presets.js';

describe('the API URL field says what is wrong before anything is sent', () => {
  it.each([
    ['', null],
    ['https://ghe.corp/api/v3', null],
    ['http://127.0.0.1:8080/api/v4', null],
    ['http://localhost:3000/api/v1', null],
    [
      'http://gitlab.corp/api/v4',
      /^This address must start with https:\/\/ — plain http:\/\/ is only allowed for this computer/,
    ],
    ['gitlab.corp', /^Must start with https:\/\/ and name a host\.$/],
    ['https://ghe.corp/api/v3?x=1', /Leave out the \?query/],
  ])('%s', (input, problem) => {
    const answer = validateApiUrl(input);
    if (problem === null) expect(answer).toBeNull();
    else expect(answer).toMatch(problem);
  });
});
