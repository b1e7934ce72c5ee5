/**
 * Waits until `predicate` holds: the suite's condition wait, in place of @open-wc's `waitUntil`.
 *
 * @open-wc's `waitUntil` gives up after 1 s unless told otherwise. That turns a check that something happens into
 * a check that it happens within 1 s, which a busy 2-core machine breaks: with software WebGL and other test runs
 * beside it, a browser's timers and rendering lag by seconds (a Firefox unit test of the password prompt failed
 * that way, waiting for Materialize's set-up). A wait here has no wall-clock limit of its own unless a test passes
 * `timeout` on purpose: the test's own timeout (web-test-runner.config.ts) bounds it. Tests that assert speed
 * measure it explicitly. A wait that lasts long says on the console what it is waiting for, so a test that runs
 * into its timeout names the condition.
 */
export function waitUntil(
  predicate: () => unknown,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  const { interval = 50, timeout } = options;
  const { stack } = new Error();
  const started = performance.now();
  let warned = false;
  return new Promise<void>((resolve, reject) => {
    const check = async (): Promise<void> => {
      try {
        if (await predicate()) return resolve();
      } catch (error) {
        return reject(error as Error);
      }
      const waited = performance.now() - started;
      if (timeout !== undefined && waited >= timeout) {
        const error = new Error(`Timeout after ${timeout} ms: ${message ?? 'condition'}`);
        error.stack = stack;
        return reject(error);
      }
      if (!warned && waited > 20_000) {
        warned = true;
        console.warn(`Still waiting after 20 s for: ${message ?? 'a condition'}`);
      }
      setTimeout(() => void check(), interval);
    };
    void check();
  });
}
