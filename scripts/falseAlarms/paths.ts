// Paths shared by the false-alarms modules.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `node --import <this>` runs TypeScript entry points the way `tsx` does. */
export { TSX_LOADER } from '../../harness/run/toolPaths';
