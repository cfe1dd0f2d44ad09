import { describe, expect, it } from 'vitest';
import { formatLogText, logFileName } from './log-export.js';

describe('log export', () => {
  it('writes one aligned line per entry under a header', () => {
    const text = formatLogText(
      [
        { time: '2025-01-01T10:00:00.000Z', level: 'info', message: 'engine started' },
        { time: '2025-01-01T10:00:01.000Z', level: 'error', message: 'slack: invalid_auth' },
      ],
      '# Forgebell 0.1.0',
    );
    expect(text).toBe(
      '# Forgebell 0.1.0\n2025-01-01T10:00:00.000Z INFO  engine started\n2025-01-01T10:00:01.000Z ERROR slack: invalid_auth\n',
    );
  });

  it('names the file with a filesystem-safe timestamp', () => {
    expect(logFileName(new Date('2025-03-04T05:06:07.890Z'))).toBe('forgebell-log-2025-03-04T05-06-07Z.txt');
  });
});
