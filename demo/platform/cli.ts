/**
 * `npm run platform [-- --port 8787] [--test-controls] [--throttle <bytes/s>]`
 *
 * Starts the local bimU.io platform on 127.0.0.1 and prints its URLs and the LOCAL-ONLY demo credentials.
 * The port comes from `--port`, else `PORT`, else 8787. Stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { CATALOG_MODELS, DEMO_ACCOUNT, FAULT_MODELS, SCOPE_MODELS } from './catalog.js';
import { CONTROL_PATHS } from './controls.js';
import { VENDOR_PATHS } from './assets.js';
import { startPlatformServer } from './server.js';

const USAGE = `Usage: npm run platform -- [--port <n>] [--test-controls] [--throttle <bytes per second>]

  --port <n>         port to listen on (default: $PORT or 8787; 0 picks a free port)
  --test-controls    mount /__platform/** (token minting, stats, reset) and the fault models
  --throttle <n>     limit each part download to n bytes per second (0 = unthrottled)
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseNonNegativeInteger(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) fail(`${name} must be a whole number, got ${JSON.stringify(text)}.`);
  return Number(text);
}

async function main(): Promise<void> {
  let values: { port?: string; 'test-controls'?: boolean; throttle?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'test-controls': { type: 'boolean' },
        throttle: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = parseNonNegativeInteger(values.port ?? process.env.PORT, '--port / PORT') ?? 8787;
  if (port > 65535) fail('--port must be at most 65535.');
  const throttle = parseNonNegativeInteger(values.throttle, '--throttle') ?? 0;
  const testControls = values['test-controls'] ?? false;

  let server: Awaited<ReturnType<typeof startPlatformServer>>;
  const startCalled = performance.now();
  try {
    server = await startPlatformServer({
      port,
      host: '127.0.0.1',
      testControls,
      partThrottleBytesPerSecond: throttle,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use; try --port <n>.\n`
        : `Could not start: ${(error as Error).message}\n`,
    );
    process.exit(1);
  }
  // Two numbers: the platform's own start (create + listen; models are generated later) and the time since the
  // process started, which adds Node, tsx compiling the TypeScript, and module loading.
  const platformMs = Math.round(performance.now() - startCalled);
  const processMs = Math.round(performance.now());

  const models = [...CATALOG_MODELS, ...(testControls ? [...FAULT_MODELS, ...SCOPE_MODELS] : [])];
  const lines = [
    `bimU.io local platform listening on ${server.url} (platform ready in ${platformMs} ms, ${processMs} ms after process start)`,
    '',
    `  REST API (SDK baseUrl): ${server.baseUrl}`,
    `  three.js r113:          ${server.url}${VENDOR_PATHS.three}`,
    `  bimU.io Viewer (UMD):   ${server.url}${VENDOR_PATHS.bimuUmd}`,
    `  Materialize JS:         ${server.url}${VENDOR_PATHS.materialize}`,
    `  Icon font CSS:          ${server.url}${VENDOR_PATHS.iconFontCss}`,
    '',
    '  Demo account (LOCAL-ONLY, not a bimU.io account):',
    `    accountName ${DEMO_ACCOUNT.accountName}   apiKey ${DEMO_ACCOUNT.apiKey}   channel ${DEMO_ACCOUNT.channelId}`,
    '',
    '  Models:',
    ...models.map((model) => {
      const access =
        model.sharing === 'password'
          ? `shared, password ${model.password ?? ''} (LOCAL-ONLY)`
          : model.sharing === 'open'
            ? 'shared, no password'
            : 'account token only';
      return `    ${model.id.padEnd(24)} ${access}`;
    }),
    '',
    testControls
      ? `  Test controls ON: ${Object.values(CONTROL_PATHS)
          .map((path) => server.url + path)
          .join(' ')}`
      : '  Test controls off (--test-controls to enable).',
    throttle > 0
      ? `  Part downloads throttled to ${throttle} bytes/s each.`
      : '  Part downloads unthrottled.',
    '',
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping.\n`);
    void server.close().then(() => process.exit(0));
    // A stuck close must not keep a Ctrl+C'd process alive.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  // Generate the models after listening, so start-up stays fast and first loads do not wait for generation.
  const warmStarted = performance.now();
  await server.platform.warmUp();
  if (!stopping)
    process.stdout.write(`Models generated in ${Math.round(performance.now() - warmStarted)} ms.\n`);
}

void main();
