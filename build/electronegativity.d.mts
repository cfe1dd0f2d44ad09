export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}
export interface AllowlistEntry {
  check: string;
  file: string;
  sample?: string;
  reason: string;
}
export interface Evaluation {
  failing: Finding[];
  allowed: { finding: Finding; reason: string }[];
  below: Finding[];
  unused: AllowlistEntry[];
}
export declare const SEVERITIES: string[];
export declare const FAIL_AT: string;
export declare function parseCsv(text: string): string[][];
export declare function parseFindings(csvText: string): Finding[];
export declare function validateAllowlist(value: unknown): AllowlistEntry[];
export declare function evaluate(findings: Finding[], allowlist: AllowlistEntry[], failAt?: string): Evaluation;
export declare function prepareScanDir(projectRoot: string, scanDir: string): Promise<{ hasDist: boolean }>;
export declare function parseErrors(output: string): { file: string; error: string }[];
export declare function runElectronegativity(
  inputDir: string,
  outputCsv: string,
  electronVersion: string,
): Promise<string>;
export declare function main(): Promise<number>;
