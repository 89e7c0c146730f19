// Generates the TypeScript SDK of one contract version with @hey-api/openapi-ts (its bundled fetch
// client, its types and SDK plugins) into <dir>/sdk, from <dir>/openapi.yaml.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClient } from '@hey-api/openapi-ts';

export const SDK_PLUGINS = ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'] as const;

export interface GeneratedSdk {
  /** The folder holding index.ts, sdk.gen.ts, types.gen.ts and client/. */
  readonly dir: string;
  readonly ms: number;
}

export async function generateSdk(apiText: string, dir: string): Promise<GeneratedSdk> {
  const root = resolve(dir);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const input = join(root, 'openapi.yaml');
  writeFileSync(input, apiText);
  const started = Date.now();
  // The generator's input must be an absolute path (a relative one is read as a registry shorthand).
  await createClient({ input, output: join(root, 'sdk'), plugins: [...SDK_PLUGINS], logs: { level: 'silent' } } as Parameters<
    typeof createClient
  >[0]);
  return { dir: join(root, 'sdk'), ms: Date.now() - started };
}
