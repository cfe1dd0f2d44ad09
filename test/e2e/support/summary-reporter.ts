import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Ends the Playwright run with one plain line, "e2e: N passed, N failed, N skipped", for CI logs. */
export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;

  onTestEnd(_test: TestCase, result: TestResult): void {
    if (result.status === 'passed') this.passed++;
    else if (result.status === 'skipped') this.skipped++;
    else if (result.retry === 0 || result.status !== 'failed') this.failed++;
  }

  onEnd(_result: FullResult): void {
    process.stdout.write(`\ne2e: ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped\n`);
  }
}
