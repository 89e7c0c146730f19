// Where the tools the harness starts in child processes live: Playwright's CLI and tsx's loader,
// resolved as Node resolves packages (beside this file, or hoisted above it when this package is a
// dependency of another repository), never as a path under this checkout's node_modules.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** `node PLAYWRIGHT_CLI test …`. */
export const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli');

/** `node --import TSX_LOADER script.ts`. */
export const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
