// Global teardown: stops the bundled mock started by globalSetup (SIGTERM, then SIGKILL after 5 s)
// and removes the run's shared UUID registry file.
import { rmSync } from 'node:fs';
import type { FullConfig } from '@playwright/test';
import { exportSetting } from '../settings';

export default async function globalTeardown(_config: FullConfig): Promise<void> {
  const registry = globalThis.__meshiSentRegistry;
  if (registry) {
    rmSync(registry, { force: true });
    globalThis.__meshiSentRegistry = undefined;
  }
  const child = globalThis.__meshiMock;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
  globalThis.__meshiMock = undefined;
  exportSetting('MESHI_MOCK_PID', undefined);
}
