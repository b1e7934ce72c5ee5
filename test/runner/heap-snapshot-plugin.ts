/**
 * A test-runner server command that searches the page's JavaScript heap for secrets:
 * `executeServerCommand('find-in-heap', payload)` from a test.
 *
 * Chromium only: it needs the DevTools protocol's HeapProfiler, which Firefox (WebDriver BiDi under puppeteer)
 * and WebKit (WebDriver) do not offer. There it answers `{ supported: false }` to a `probe` and throws, naming
 * the engine, for a search; tests skip themselves explicitly after the probe.
 *
 * The page sends each secret as character codes, never as a string, so that the request itself puts no copy of
 * the secret into the heap being searched. The search runs on a snapshot taken after a forced garbage
 * collection (HeapProfiler.takeHeapSnapshot collects garbage first as well): what it finds survived a full GC.
 * For each find it reports whether the string is reachable from the GC roots through strong edges and the
 * shortest such retainer path, with the secret itself replaced by `<secret>`.
 *
 * A search is a job: `{ secrets }` starts it and answers at once with its number, and `{ job }` answers
 * `pending` until the result is there. The browser side of a server command gives up after a fixed 20 s
 * (@web/dev-server-core's web-socket messages), and a snapshot of a page with the SDK loaded takes longer than
 * that on a busy 2-core machine; every message of a job is answered at once, so only the test's own timeout
 * bounds the search.
 */
import type { TestRunnerPlugin } from '@web/test-runner';
import type { Page } from 'puppeteer-core';

export const FIND_IN_HEAP_COMMAND = 'find-in-heap';

export interface HeapSecret {
  /** Names the secret in reports, e.g. "typed password". */
  label: string;
  /** The secret's UTF-16 code units. */
  codes: number[];
  /**
   * Also look for `base64(modelId + ":" + secret)`, the Basic credential the SDK builds from a password.
   */
  basicAuthModelId?: string;
}

export type FindInHeapPayload = { probe: true } | { secrets: HeapSecret[] } | { job: number };

export interface HeapFind {
  label: string;
  /** `plain` or `basic-auth`. */
  form: string;
  /** The V8 node type holding it (`string`, or `property name` when only an edge is named with it). */
  nodeType: string;
  /** Whether a path of strong edges leads to it from the GC roots. */
  reachable: boolean;
  /** The shortest strong retainer path from the roots, one `node --edge-->` step a line. */
  retainers: string;
}

export type FindInHeapResult =
  | { supported: false; browser: string }
  | {
      supported: true;
      browser: string;
      /** The search started by `{ secrets }`, to ask for with `{ job }`. */
      job?: number;
      /** The search asked for is still running. */
      pending?: boolean;
      finds?: HeapFind[];
      snapshotBytes?: number;
    };

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface Session {
  id: string;
  browser: { type: string; name: string; getPage?: (id: string) => Page };
}

/**
 * The puppeteer page of a Chromium session, else undefined. `chromeLauncher` names its browser "Chrome" (or
 * "Chromium" with a bundled puppeteer); `puppeteerLauncher` names Firefox "Firefox", and drives it through
 * WebDriver BiDi, which has no HeapProfiler.
 */
function chromiumPage(session: Session): Page | undefined {
  const { browser } = session;
  if (browser.type !== 'puppeteer' || !/^(Chrome|Chromium)$/.test(browser.name)) return undefined;
  return typeof browser.getPage === 'function' ? browser.getPage(session.id) : undefined;
}

async function takeSnapshot(page: Page): Promise<string> {
  const client = await page.createCDPSession();
  const chunks: string[] = [];
  client.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  try {
    await client.send('HeapProfiler.enable');
    await client.send('HeapProfiler.collectGarbage');
    await client.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    await client.detach().catch(() => undefined);
  }
  return chunks.join('');
}

/** Every needle to look for, with its label and form. */
function needlesOf(secrets: readonly HeapSecret[]): { label: string; form: string; text: string }[] {
  const needles: { label: string; form: string; text: string }[] = [];
  for (const secret of secrets) {
    if (!Array.isArray(secret.codes) || secret.codes.length < 8) {
      throw new Error(`find-in-heap: secret "${secret.label}" must be at least 8 characters`);
    }
    const text = String.fromCharCode(...secret.codes);
    needles.push({ label: secret.label, form: 'plain', text });
    if (secret.basicAuthModelId !== undefined) {
      const basic = Buffer.from(`${secret.basicAuthModelId}:${text}`, 'latin1').toString('base64');
      needles.push({ label: secret.label, form: 'basic-auth', text: basic });
    }
  }
  return needles;
}

/** Searches a parsed snapshot's string nodes and edge names for each needle. */
export function findInSnapshot(raw: string, secrets: readonly HeapSecret[]): HeapFind[] {
  const needles = needlesOf(secrets);
  const heap = JSON.parse(raw) as Snapshot;
  const { meta } = heap.snapshot;
  const nodeFieldCount = meta.node_fields.length;
  const edgeFieldCount = meta.edge_fields.length;
  const nodeTypeOffset = meta.node_fields.indexOf('type');
  const nodeNameOffset = meta.node_fields.indexOf('name');
  const edgeCountOffset = meta.node_fields.indexOf('edge_count');
  const edgeTypeOffset = meta.edge_fields.indexOf('type');
  const edgeNameOffset = meta.edge_fields.indexOf('name_or_index');
  const edgeToOffset = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = heap;
  const nodeCount = nodes.length / nodeFieldCount;

  // First edge of each node: edges are stored node after node.
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let node = 0, edge = 0; node < nodeCount; node++) {
    firstEdge[node] = edge;
    edge += nodes[node * nodeFieldCount + edgeCountOffset]! * edgeFieldCount;
  }
  firstEdge[nodeCount] = edges.length;

  const edgeName = (edge: number): string => {
    const type = edgeTypes[edges[edge + edgeTypeOffset]!];
    const value = edges[edge + edgeNameOffset]!;
    return type === 'element' || type === 'hidden' ? `[${value}]` : (strings[value] ?? String(value));
  };

  // Breadth-first from the root (node 0) over strong edges: the parent edge of each reached node.
  const parentEdge = new Int32Array(nodeCount).fill(-1);
  const parentNode = new Int32Array(nodeCount).fill(-1);
  const reached = new Uint8Array(nodeCount);
  reached[0] = 1;
  const queue = new Uint32Array(nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  while (head < tail) {
    const node = queue[head++]!;
    for (let edge = firstEdge[node]!; edge < firstEdge[node + 1]!; edge += edgeFieldCount) {
      if (edgeTypes[edges[edge + edgeTypeOffset]!] === 'weak') continue;
      const to = edges[edge + edgeToOffset]! / nodeFieldCount;
      if (reached[to]) continue;
      reached[to] = 1;
      parentEdge[to] = edge;
      parentNode[to] = node;
      queue[tail++] = to;
    }
  }

  const hide = (text: string) =>
    needles.reduce((result, needle) => result.split(needle.text).join('<secret>'), text);
  const describe = (node: number): string => {
    const type = nodeTypes[nodes[node * nodeFieldCount + nodeTypeOffset]!] ?? '?';
    const name = strings[nodes[node * nodeFieldCount + nodeNameOffset]!] ?? '';
    return `${type} ${hide(name).slice(0, 80)}`;
  };
  const pathTo = (node: number): string => {
    const steps: string[] = [];
    for (let current = node; current > 0 && steps.length < 40; current = parentNode[current]!) {
      steps.unshift(
        `${describe(parentNode[current]!)} --${hide(edgeName(parentEdge[current]!)).slice(0, 60)}-->`,
      );
    }
    steps.push(describe(node));
    return steps.join('\n');
  };

  const finds: HeapFind[] = [];
  for (let node = 0; node < nodeCount; node++) {
    const name = strings[nodes[node * nodeFieldCount + nodeNameOffset]!] ?? '';
    const type = nodeTypes[nodes[node * nodeFieldCount + nodeTypeOffset]!] ?? '?';
    if (type !== 'string') {
      // Concatenated and sliced strings are named "(concatenated string)" / "(sliced string)"; their flat parts
      // are string nodes of their own. Other nodes are named after constructors or functions, not contents.
      // An object keyed by the secret holds it in an edge name: checked below.
    } else {
      for (const needle of needles) {
        if (!name.includes(needle.text)) continue;
        finds.push({
          label: needle.label,
          form: needle.form,
          nodeType: type,
          reachable: reached[node] === 1,
          retainers: reached[node] ? pathTo(node) : '(not reachable through strong edges)',
        });
      }
    }
    for (let edge = firstEdge[node]!; edge < firstEdge[node + 1]!; edge += edgeFieldCount) {
      const edgeType = edgeTypes[edges[edge + edgeTypeOffset]!];
      if (edgeType === 'element' || edgeType === 'hidden') continue;
      const label = strings[edges[edge + edgeNameOffset]!] ?? '';
      for (const needle of needles) {
        if (!label.includes(needle.text)) continue;
        finds.push({
          label: needle.label,
          form: needle.form,
          nodeType: 'property name',
          reachable: reached[node] === 1,
          retainers: reached[node]
            ? `${pathTo(node)} --<secret>-->`
            : '(owner not reachable through strong edges)',
        });
      }
    }
  }
  return finds;
}

export function heapSnapshotPlugin(): TestRunnerPlugin {
  /** Searches by job number: running (a promise) until their answer is asked for once done. */
  const jobs = new Map<number, { done: boolean; result: Promise<FindInHeapResult> }>();
  let lastJob = 0;
  return {
    name: 'heap-snapshot',
    async executeCommand({ command, payload, session }) {
      if (command !== FIND_IN_HEAP_COMMAND) return undefined;
      const browserSession = session as unknown as Session;
      const browser = browserSession.browser.name;
      const page = chromiumPage(browserSession);
      const request = payload as FindInHeapPayload;
      if ('probe' in request) return { supported: page !== undefined, browser } satisfies FindInHeapResult;
      if (!page) {
        throw new Error(
          `find-in-heap needs the DevTools protocol's HeapProfiler, which only Chromium offers; ${browser} has none.`,
        );
      }
      if ('job' in request) {
        const job = jobs.get(request.job);
        if (!job) throw new Error(`find-in-heap: no search ${request.job}`);
        if (!job.done) return { supported: true, browser, pending: true } satisfies FindInHeapResult;
        jobs.delete(request.job);
        return job.result;
      }
      const job = { done: false, result: Promise.resolve<FindInHeapResult>({ supported: false, browser }) };
      job.result = takeSnapshot(page)
        .then((raw): FindInHeapResult => ({
          supported: true,
          browser,
          finds: findInSnapshot(raw, request.secrets),
          snapshotBytes: raw.length,
        }))
        .finally(() => {
          job.done = true;
        });
      // Asked for later; until then a failure must not surface as an unhandled rejection in the runner.
      job.result.catch(() => undefined);
      jobs.set(++lastJob, job);
      return { supported: true, browser, job: lastJob } satisfies FindInHeapResult;
    },
  };
}
