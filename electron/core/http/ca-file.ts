import { readFileSync } from 'node:fs';

/**
 * Why a CA file given for an account cannot be used, in words that say what to do — or null when it can. Checked
 * before anything is sent, so a typo in the path reads "there is no file at …" rather than a raw ENOENT.
 */
export function caFileProblem(path: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return `There is no file at ${path} on the machine running Forgebell. Give the full path of your CA's PEM file there, or leave the field empty to trust only the usual public CAs.`;
    if (code === 'EACCES' || code === 'EPERM')
      return `Forgebell may not read ${path}. Make it readable by the user running Forgebell, or copy it somewhere that is.`;
    if (code === 'EISDIR') return `${path} is a folder. Give the path of the PEM file inside it.`;
    return `Cannot read ${path}: ${(error as Error).message}`;
  }
  if (!/-----BEGIN CERTIFICATE-----/.test(text))
    return `${path} holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block). Export your CA's certificate in PEM format.`;
  return null;
}
