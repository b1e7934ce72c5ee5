/**
 * Prints one plain closing line per run — `browser tests: N passed, N failed, N skipped` — after the
 * default reporter's output, so CI logs (and anything reading them) can count tests without parsing
 * the progress bars. Also fails loudly when a run executed no test at all.
 */
import type { Reporter, TestSession } from '@web/test-runner';

interface TestResultTree {
  tests?: { passed: boolean; skipped: boolean }[];
  suites?: TestResultTree[];
}

function count(
  tree: TestResultTree | undefined,
  totals: { passed: number; failed: number; skipped: number },
) {
  if (!tree) return;
  for (const test of tree.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const suite of tree.suites ?? []) count(suite, totals);
}

export function summaryReporter(): Reporter {
  return {
    onTestRunFinished({ sessions }: { sessions: TestSession[] }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      let brokenFiles = 0;
      for (const session of sessions) {
        count(session.testResults as TestResultTree | undefined, totals);
        if (!session.passed && (session.errors?.length ?? 0) > 0) brokenFiles += 1;
      }
      // Files that failed to load have no test results; count each as a failure so the line never lies.
      totals.failed += brokenFiles;
      const perBrowser = new Map<string, number>();
      for (const session of sessions)
        perBrowser.set(session.browser.name, (perBrowser.get(session.browser.name) ?? 0) + 1);
      const browsers = [...perBrowser.keys()].join(', ');
      process.stdout.write(
        `\nbrowser tests (${browsers}):\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
      );
    },
  };
}
