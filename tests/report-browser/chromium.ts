// The system Chromium (Debian package `chromium`), launched headless without any network of its
// own. No browser is downloaded: without one installed, the tests skip saying how to install it.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM = CANDIDATES.find((p) => existsSync(p)) ?? null;

export const NO_CHROMIUM = `no system Chromium (${CANDIDATES.join(' or ')}): install it with \`apt-get update && apt-get install -y chromium\` (Debian; .ci/run does) to run the report-browser tests`;

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    // These machines have no network: Chromium's own background connections must stay off.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
