/** Injected logger. Every line passes through redaction: tokens never reach a log. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LogLine {
  time: string;
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
}

const TOKEN_PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  /\bgh[pousr]_[A-Za-z0-9]{10,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{10,}/g,
  /\bglpat-[A-Za-z0-9_-]{10,}/g,
  /hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g,
  /(authorization|private-token)["']?\s*[:=]\s*["']?(Bearer\s+)?[^\s"',}]+/gi,
];

/** Redacts known token shapes plus any secret values registered at run time. */
export class Redactor {
  private readonly secrets = new Set<string>();
  add(secret: string | null | undefined): void {
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    // Credentials in any URL (a proxy URL with user:password@): keep the user, hide the password.
    out = out.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]+@/gi, '$1[redacted]@');
    for (const pattern of TOKEN_PATTERNS)
      out = out.replace(pattern, (m) =>
        m.toLowerCase().startsWith('authorization') || m.toLowerCase().startsWith('private-token')
          ? `${m.split(/[:=]/)[0]}: [redacted]`
          : '[redacted]',
      );
    return out;
  }
}

export function createLogger(sink: (line: LogLine) => void, redactor: Redactor, minLevel: LogLevel = 'info'): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    const redactedFields = fields
      ? (JSON.parse(redactor.redact(JSON.stringify(fields, errorReplacer))) as Record<string, unknown>)
      : undefined;
    sink({
      time: new Date().toISOString(),
      level,
      message: redactor.redact(message),
      ...(redactedFields ? { fields: redactedFields } : {}),
    });
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error)
    return {
      name: value.name,
      message: value.message,
      ...('code' in value ? { code: (value as { code: unknown }).code } : {}),
    };
  return value;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
