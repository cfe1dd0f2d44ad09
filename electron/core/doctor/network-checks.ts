import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { isIP, connect as netConnect } from 'node:net';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import type { DoctorCheck } from '../../contract/schemas.js';

const TIMEOUT_MS = 8000;

export async function dnsCheck(name: string, host: string): Promise<DoctorCheck> {
  try {
    const { address } = await lookup(host);
    return { name, ok: true, message: `${host} resolves to ${address}.`, fix: null };
  } catch (error) {
    return {
      name,
      ok: false,
      message: `Cannot resolve ${host} (${(error as NodeJS.ErrnoException).code ?? 'DNS error'}).`,
      fix: 'Check the host name in the account URL, your DNS, or connect to the VPN that can see this host.',
    };
  }
}

export function tcpCheck(name: string, host: string, port: number): Promise<DoctorCheck> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    const done = (check: DoctorCheck): void => {
      socket.destroy();
      resolve(check);
    };
    socket.setTimeout(TIMEOUT_MS, () =>
      done({
        name,
        ok: false,
        message: `${host}:${port} did not answer within ${TIMEOUT_MS / 1000}s.`,
        fix: 'A firewall or proxy may block it. Set the proxy in Settings, or ask IT to allow outbound HTTPS to this host.',
      }),
    );
    socket.once('connect', () => done({ name, ok: true, message: `Connected to ${host}:${port}.`, fix: null }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({
        name,
        ok: false,
        message: `Cannot connect to ${host}:${port} (${error.code ?? error.message}).`,
        fix: 'Check the port in the URL, the proxy setting and the firewall.',
      }),
    );
  });
}

export function tlsCheck(name: string, host: string, port: number, caFile: string | null): Promise<DoctorCheck> {
  let ca: string[] | undefined;
  if (caFile) {
    try {
      ca = [...rootCertificates, readFileSync(caFile, 'utf8')];
    } catch (error) {
      return Promise.resolve({
        name,
        ok: false,
        message: `Cannot read the CA file ${caFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
        fix: 'Fix the caFile path on this account; it must be a PEM file readable by Forgebell.',
      });
    }
  }
  return new Promise((resolve) => {
    const socket = tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(ca ? { ca } : {}) });
    const done = (check: DoctorCheck): void => {
      socket.destroy();
      resolve(check);
    };
    socket.setTimeout(TIMEOUT_MS, () =>
      done({
        name,
        ok: false,
        message: `TLS handshake with ${host} timed out.`,
        fix: 'A proxy or firewall may intercept HTTPS. Set the proxy in Settings.',
      }),
    );
    socket.once('secureConnect', () =>
      done({
        name,
        ok: true,
        message: `TLS certificate of ${host} is trusted${caFile ? ` (with ${caFile})` : ''}.`,
        fix: null,
      }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({
        name,
        ok: false,
        message: `TLS certificate of ${host} is not trusted (${error.code ?? error.message}).`,
        fix: caFile
          ? `The CA in ${caFile} does not sign ${host}'s certificate. Ask IT for the right root CA bundle (PEM).`
          : `If ${host} uses your company's own certificate authority, save its root CA as a PEM file and set "caFile" on this account (Setup → Accounts → CA file, or caFile in the config).`,
      }),
    );
  });
}
