#!/usr/bin/env node
/// <reference types="node" />
/**
 * `npx model-viewer-embed-check-scope <model-id> <other-model-id>`: does a token obtained with a model's
 * password open another model of the channel? See scope-check.ts.
 *
 * The password is read from BIMU_MODEL_PASSWORD, never from the command line, where it would land in the
 * shell history and in every process listing.
 */
import { DEFAULT_BASE_URL } from '../internal/bimu-rules.js';
import { ENV_ACCOUNT_NAME, ENV_API_KEY, ENV_BASE_URL } from './token-handler.js';
import { checkModelTokenScope } from './scope-check.js';

const ENV_MODEL_PASSWORD = 'BIMU_MODEL_PASSWORD';

const USAGE = `Usage: ${ENV_MODEL_PASSWORD}=… npx model-viewer-embed-check-scope <model-id> <other-model-id>

Mints a token for <model-id> through the password flow (what scope: 'model' hands out) and tries to open
<other-model-id>, another model of the same channel, with it.

  ${ENV_MODEL_PASSWORD}   the password of <model-id> (set it to an empty value for a model shared without one)
  ${ENV_BASE_URL}         the REST API root (default ${DEFAULT_BASE_URL})
  ${ENV_ACCOUNT_NAME}, ${ENV_API_KEY}   optional: first prove with the account token that <other-model-id> exists

Exit status: 0 model tokens are scoped to their model, 1 they are NOT, 2 inconclusive or usage error.`;

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [modelId, otherModelId, ...rest] = argv;
  const password = env[ENV_MODEL_PASSWORD];
  if (!modelId || !otherModelId || rest.length > 0 || modelId === otherModelId || password === undefined) {
    console.error(USAGE);
    return 2;
  }
  const accountName = env[ENV_ACCOUNT_NAME]?.trim();
  const apiKey = env[ENV_API_KEY]?.trim();
  const baseUrl = (env[ENV_BASE_URL]?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
  console.log(`Checking ${baseUrl}`);
  const result = await checkModelTokenScope({
    baseUrl,
    modelId,
    password,
    otherModelId,
    ...(accountName && apiKey ? { account: { accountName, apiKey } } : {}),
  });
  for (const step of result.steps) console.log(`  ${step}`);
  console.log(`${result.verdict}: ${result.reason}`);
  return result.verdict === 'model-scoped' ? 0 : result.verdict === 'not-scoped' ? 1 : 2;
}

process.exitCode = await main(process.argv.slice(2), process.env);
