// Runs @doyensec/electronegativity over the Electron sources (electron/) and the built bundles
// (dist/, when present) and fails on any finding of MEDIUM severity or above that is not justified
// in build/electronegativity-allowlist.json. Offline: the "available security fixes" check, which
// needs the network, is excluded.
//   node build/electronegativity.mjs            (exit 0 = clean, 1 = unjustified findings, 2 = tool error)
import { spawn } from 'node:child_process';
import console from 'node:console';
import process from 'node:process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
export const FAIL_AT = 'MEDIUM';

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

/** Electronegativity's CSV report → findings. */
export function parseFindings(csvText) {
  const [header, ...rows] = parseCsv(csvText);
  if (!header) return [];
  const names = header.map((h) => h.trim().toLowerCase());
  const col = (name) => {
    const index = names.indexOf(name);
    if (index < 0) throw new Error(`electronegativity CSV has no "${name}" column (columns: ${names.join(', ')})`);
    return index;
  };
  const [issue, severity, confidence, filename, location, sample, description] = [
    'issue',
    'severity',
    'confidence',
    'filename',
    'location',
    'sample',
    'description',
  ].map(col);
  // The tool writes some messages (e.g. "Failed to parse CSP : <CR><LF> IT MAY NOT BE VALID.") without quoting their line
  // breaks, and the rows come in no fixed order: a row that does not start with a check id is a piece of a message. It
  // continues the previous row's description, or (when it comes first) the next one's. It never becomes a finding.
  const merged = [];
  let orphan = '';
  for (const r of rows) {
    const last = merged[merged.length - 1];
    const piece = r.join(',').trim();
    if (/^[A-Z0-9_]+_CHECK$/.test((r[issue] ?? '').trim())) {
      const row = [...r];
      if (orphan) row[description] = `${orphan} ${row[description] ?? ''}`.trim();
      orphan = '';
      merged.push(row);
    } else if (last) last[description] = `${last[description] ?? ''} ${piece}`;
    else orphan = `${orphan} ${piece}`.trim();
  }
  return merged.map((r) => ({
    check: (r[issue] ?? '').trim(),
    severity: (r[severity] ?? '').trim().toUpperCase(),
    confidence: (r[confidence] ?? '').trim().toUpperCase(),
    file: (r[filename] ?? '').trim().split(sep).join('/'),
    location: (r[location] ?? '').trim(),
    sample: (r[sample] ?? '').trim(),
    description: (r[description] ?? '').trim(),
  }));
}

/** Checks the allowlist's shape: every entry names a check and a file and gives a real reason. */
export function validateAllowlist(value) {
  if (!Array.isArray(value)) throw new Error('The allowlist must be a JSON array.');
  return value.map((entry, i) => {
    const where = `allowlist[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw new Error(`${where} must be an object.`);
    const { check, file, sample, reason } = entry;
    if (typeof check !== 'string' || !/^[A-Z_]+_CHECK$/.test(check))
      throw new Error(`${where}.check must be an electronegativity check id such as OPEN_EXTERNAL_JS_CHECK.`);
    if (typeof file !== 'string' || file === '') throw new Error(`${where}.file must name the file the finding is in.`);
    if (sample !== undefined && (typeof sample !== 'string' || sample === ''))
      throw new Error(`${where}.sample, when given, must be a non-empty string.`);
    if (typeof reason !== 'string' || reason.trim().length < 20)
      throw new Error(`${where}.reason must explain why the finding is acceptable (at least 20 characters).`);
    const extra = Object.keys(entry).filter((k) => !['check', 'file', 'sample', 'reason'].includes(k));
    if (extra.length > 0) throw new Error(`${where} has unknown keys: ${extra.join(', ')}.`);
    return { check, file, sample, reason };
  });
}

function matches(entry, finding) {
  return (
    entry.check === finding.check &&
    entry.file === finding.file &&
    (entry.sample === undefined || finding.sample.includes(entry.sample))
  );
}

/** Splits findings into failing (MEDIUM+ and not allowlisted), allowed, and below the bar; lists unused entries. */
export function evaluate(findings, allowlist, failAt = FAIL_AT) {
  const bar = SEVERITIES.indexOf(failAt);
  const used = new Set();
  const result = { failing: [], allowed: [], below: [], unused: [] };
  for (const finding of findings) {
    const rank = SEVERITIES.indexOf(finding.severity);
    if (rank >= 0 && rank < bar) {
      result.below.push(finding);
      continue;
    }
    const entry = allowlist.find((e) => matches(e, finding));
    if (entry) {
      used.add(entry);
      result.allowed.push({ finding, reason: entry.reason });
    } else result.failing.push(finding);
  }
  result.unused = allowlist.filter((e) => !used.has(e));
  return result;
}

async function copyTree(from, to, { skip, rename, convert }) {
  let entries;
  try {
    entries = await readdir(from, { withFileTypes: true });
  } catch {
    return false;
  }
  await mkdir(to, { recursive: true });
  for (const entry of entries) {
    const source = join(from, entry.name);
    if (skip(source, entry)) continue;
    if (entry.isDirectory()) await copyTree(source, join(to, entry.name), { skip, rename, convert });
    else if (entry.isFile()) {
      const target = join(to, rename(entry.name));
      if (convert && /\.c?js$/.test(entry.name)) await writeFile(target, await convert(await readFile(source, 'utf8')));
      else await cp(source, target);
    }
  }
  return true;
}

/**
 * Electronegativity's AST walker predates class private fields and other ES2020+ syntax found in
 * bundled dependencies ("Unknown node type ClassPrivateProperty"), and skips such a file. Bundles
 * are therefore lowered to ES2019 for the scan (same calls and options, older syntax).
 */
async function lowerForScan(code) {
  return (await transform(code, { loader: 'js', target: 'es2019', format: 'cjs', legalComments: 'none' })).code;
}

/**
 * One folder to scan: electron/ without tests (they are not shipped and are full of deliberate
 * bad inputs) and dist/ without source maps, with .cjs bundles renamed .js (the tool reads only
 * .js/.ts/.html). Paths in the report are relative to this folder: electron/…, dist/….
 */
export async function prepareScanDir(projectRoot, scanDir) {
  const isTest = (path, entry) =>
    entry.isDirectory() ? entry.name === 'testing' || entry.name === 'node_modules' : /\.test\.tsx?$/.test(entry.name);
  await copyTree(join(projectRoot, 'electron'), join(scanDir, 'electron'), { skip: isTest, rename: (n) => n });
  const hasDist = await copyTree(join(projectRoot, 'dist'), join(scanDir, 'dist'), {
    skip: (path, entry) => entry.isFile() && entry.name.endsWith('.map'),
    rename: (n) => n.replace(/\.cjs$/, '.js'),
    convert: lowerForScan,
  });
  return { hasDist };
}

/** Files the tool could not parse (it reports them on stdout and carries on): each is unscanned code. */
export function parseErrors(output) {
  return [...output.matchAll(/Error parsing (.+?) - (.+)/g)].map((m) => ({ file: m[1], error: m[2] }));
}

export function runElectronegativity(inputDir, outputCsv, electronVersion) {
  const cli = require.resolve('@doyensec/electronegativity/dist/index.js');
  const args = [
    '--require',
    fileURLToPath(new URL('./electronegativity-offline.cjs', import.meta.url)),
    cli,
    '-i',
    inputDir,
    '-x',
    'AvailableSecurityFixesGlobalCheck',
    '-e',
    electronVersion,
    '-o',
    outputCsv,
    '-r',
    '-v',
    'false',
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise(output) : reject(new Error(`electronegativity exited with ${code}:\n${output}`)),
    );
  });
}

function describeFinding(f) {
  return `  ${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.location}${f.sample && f.sample !== 'N/A' ? `\n         ${f.sample.slice(0, 160)}` : ''}\n         ${f.description}`;
}

export async function main() {
  const scanDir = await mkdtemp(join(tmpdir(), 'forgebell-electronegativity-'));
  try {
    const { hasDist } = await prepareScanDir(root, scanDir);
    const electronVersion = JSON.parse(await readFile(require.resolve('electron/package.json'), 'utf8')).version;
    const allowlist = validateAllowlist(
      JSON.parse(await readFile(join(root, 'build/electronegativity-allowlist.json'), 'utf8')),
    );
    const csv = join(scanDir, 'report.csv');
    const output = await runElectronegativity(scanDir, csv, electronVersion);
    const unparsed = parseErrors(output);
    const findings = parseFindings(await readFile(csv, 'utf8'));
    const result = evaluate(findings, allowlist);
    console.log(
      `electronegativity (Electron ${electronVersion}) over electron/${hasDist ? ' and dist/' : ' (no dist/: run npm run build to scan the bundles too)'}`,
    );
    console.log(
      `  ${findings.length} findings: ${result.failing.length} failing, ${result.allowed.length} allowlisted, ${result.below.length} below ${FAIL_AT}`,
    );
    for (const { finding, reason } of result.allowed)
      console.log(`  allowed ${finding.check} ${finding.file}: ${reason}`);
    for (const entry of result.unused)
      if (hasDist || !entry.file.startsWith('dist/'))
        console.log(`  note: allowlist entry not used: ${entry.check} ${entry.file}`);
    if (unparsed.length > 0) {
      console.error('\nFiles electronegativity could not parse (so they were not checked):');
      for (const u of unparsed) console.error(`  ${u.file}: ${u.error}`);
      return 1;
    }
    if (result.failing.length > 0) {
      console.error(
        `\nFindings of ${FAIL_AT} severity or above without a justification in build/electronegativity-allowlist.json:`,
      );
      for (const f of result.failing) console.error(describeFinding(f));
      return 1;
    }
    return 0;
  } finally {
    await rm(scanDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
