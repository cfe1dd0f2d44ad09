import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  parseCsv,
  parseErrors,
  parseFindings,
  prepareScanDir,
  validateAllowlist,
} from './electronegativity.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The shape electronegativity 1.10 writes with `-o report.csv -r`.
const REPORT = [
  'issue, severity, confidence, filename, location, sample, description, url',
  'CSP_GLOBAL_CHECK,"LOW","TENTATIVE","electron/main/security/csp.ts","36:2",N/A,"Failed to parse CSP, it may not be valid.",https://example/wiki',
  'OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","electron/main/desktop.ts","90:56","const launchBrowser = (url: string): Promise<void> => shell.openExternal(url);","Review the use of openExternal",https://example/wiki',
  'PRELOAD_JS_CHECK,"MEDIUM","FIRM","electron/main/window/window.ts","44:8","preload: options.preloadPath,","Review the use of preload scripts",https://example/wiki',
  'NODE_INTEGRATION_JS_CHECK,"HIGH","FIRM","dist/main/main.js","12:3","new BrowserWindow({ webPreferences: { nodeIntegration: true,\n  sandbox: false } })","Disable nodeIntegration, ""really""",https://example/wiki',
].join('\n');

const allowlist = validateAllowlist(
  JSON.parse(readFileSync(join(root, 'build/electronegativity-allowlist.json'), 'utf8')),
);

describe('electronegativity gate', () => {
  it('parses quoted CSV fields with commas, doubled quotes and newlines', () => {
    expect(parseCsv('a,"b, c","say ""hi""","x\ny"\n1,2,3,4\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'x\ny'],
      ['1', '2', '3', '4'],
    ]);
    const findings = parseFindings(REPORT);
    expect(findings).toHaveLength(4);
    expect(findings[3]).toMatchObject({
      check: 'NODE_INTEGRATION_JS_CHECK',
      severity: 'HIGH',
      file: 'dist/main/main.js',
      description: 'Disable nodeIntegration, "really"',
    });
    expect(findings[3]?.sample).toContain('sandbox: false');
  });

  it('fails MEDIUM and above unless allowlisted, and ignores LOW', () => {
    const result = evaluate(parseFindings(REPORT), allowlist);
    expect(result.failing.map((f) => f.check)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
    expect(result.allowed.map((a) => a.finding.check)).toEqual(['OPEN_EXTERNAL_JS_CHECK', 'PRELOAD_JS_CHECK']);
    expect(result.below.map((f) => f.check)).toEqual(['CSP_GLOBAL_CHECK']);
  });

  it('matches an entry only for its check, file and sample', () => {
    const moved = parseFindings(REPORT.replace('electron/main/desktop.ts', 'electron/main/other.ts'));
    expect(evaluate(moved, allowlist).failing.map((f) => f.check)).toContain('OPEN_EXTERNAL_JS_CHECK');
    const changed = parseFindings(REPORT.replace('shell.openExternal(url)', 'shell.openExternal(untrusted)'));
    expect(evaluate(changed, allowlist).failing.map((f) => f.check)).toContain('OPEN_EXTERNAL_JS_CHECK');
  });

  it('notices files the tool could not parse, so unscanned code fails the gate', () => {
    const output =
      'Starting scan...\nError parsing /tmp/x/dist/main/main.js - Unknown node type ClassPrivateProperty.\n41 check(s) loaded';
    expect(parseErrors(output)).toEqual([
      { file: '/tmp/x/dist/main/main.js', error: 'Unknown node type ClassPrivateProperty.' },
    ]);
    expect(parseErrors('all fine')).toEqual([]);
  });

  it('requires a reason for every allowlist entry', () => {
    expect(allowlist.length).toBeGreaterThan(0);
    expect(() => validateAllowlist([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'x.ts' }])).toThrow(/reason/);
    expect(() => validateAllowlist([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'x.ts', reason: 'ok' }])).toThrow(
      /at least 20/,
    );
    expect(() =>
      validateAllowlist([{ check: 'open external', file: 'x.ts', reason: 'a sufficiently long reason' }]),
    ).toThrow(/check id/);
    expect(() => validateAllowlist({})).toThrow(/array/);
  });

  it('scans sources without tests, and bundles renamed to .js without maps', async () => {
    const project = mkdtempSync(join(tmpdir(), 'forgebell-scan-src-'));
    const scan = mkdtempSync(join(tmpdir(), 'forgebell-scan-'));
    try {
      mkdirSync(join(project, 'electron/main/testing'), { recursive: true });
      mkdirSync(join(project, 'dist/main'), { recursive: true });
      writeFileSync(join(project, 'electron/main/window.ts'), '');
      writeFileSync(join(project, 'electron/main/window.test.ts'), '');
      writeFileSync(join(project, 'electron/main/testing/fake.ts'), '');
      writeFileSync(
        join(project, 'dist/main/main.cjs'),
        'class A { #secret = 1; get s() { return this.#secret ?? 2; } }\n',
      );
      writeFileSync(join(project, 'dist/main/main.cjs.map'), '');
      expect(await prepareScanDir(project, scan)).toEqual({ hasDist: true });
      expect(readdirSync(join(scan, 'electron/main'))).toEqual(['window.ts']);
      expect(readdirSync(join(scan, 'dist/main'))).toEqual(['main.js']);
      // Lowered for the scanner: no private fields or ?? left.
      const lowered = readFileSync(join(scan, 'dist/main/main.js'), 'utf8');
      expect(lowered).not.toMatch(/#secret|\?\?/);
    } finally {
      rmSync(project, { recursive: true, force: true });
      rmSync(scan, { recursive: true, force: true });
    }
  });
});

describe('parseFindings with unquoted line breaks', () => {
  it('folds a row that does not start with a check id into the previous finding', () => {
    const csv = [
      'issue,severity,confidence,filename,location,sample,description,url',
      'CSP_GLOBAL_CHECK,"LOW","TENTATIVE","dist/main/main.js","1:2",N/A,Failed to parse CSP :',
      ' IT MAY NOT BE VALID.,https://example.invalid',
      'PRELOAD_JS_CHECK,"MEDIUM","FIRM","electron/main/window/window.ts","44:8",x,"Review",https://example.invalid',
    ].join('\r\n');
    const findings = parseFindings(csv);
    expect(findings.map((f) => [f.check, f.severity])).toEqual([
      ['CSP_GLOBAL_CHECK', 'LOW'],
      ['PRELOAD_JS_CHECK', 'MEDIUM'],
    ]);
  });

  it('never turns a piece of a message into a finding, even when it comes first', () => {
    const csv = [
      'issue,severity,confidence,filename,location,sample,description,url',
      'ed to parse CSP :, IT MAY NOT BE VALID.",https://example.invalid',
      'PRELOAD_JS_CHECK,"MEDIUM","FIRM","electron/main/window/window.ts","44:8",x,"Review",https://example.invalid',
    ].join('\r\n');
    const findings = parseFindings(csv);
    expect(findings.map((f) => f.check)).toEqual(['PRELOAD_JS_CHECK']);
    expect(findings[0]?.description).toMatch(/IT MAY NOT BE VALID/);
  });
});
