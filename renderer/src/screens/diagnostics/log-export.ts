import type { LogLineDto } from '../../../../electron/contract/schemas.js';

/** Plain text for support: one line per entry, oldest first. The engine redacts secrets before lines leave it. */
export function formatLogText(lines: readonly LogLineDto[], header: string): string {
  return [header, ...lines.map((l) => `${l.time} ${l.level.toUpperCase().padEnd(5)} ${l.message}`)].join('\n') + '\n';
}

export function logFileName(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  return `forgebell-log-${stamp}.txt`;
}

/** Saves text through a download (works in the browser and in the app window). */
export function downloadText(text: string, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
