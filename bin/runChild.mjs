// Runs a child Node process that gets the terminal and this process's SIGINT/SIGTERM, and resolves
// with its exit code (1 when a signal ended it, 2 when it could not start, after `onError`). Plain
// JavaScript, so that the command-line entry (meshi-conformance.mjs) runs it without a loader; the
// conformance runner (scripts/conformance.ts) starts Playwright with it too.

import { spawn } from 'node:child_process';

export function runChild(args, options, onError) {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { ...options, stdio: 'inherit' });
    const forward = (sig) => () => child.kill(sig);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      done(code ?? (signal ? 1 : 0));
    });
    child.on('error', (e) => {
      onError(e);
      done(2);
    });
  });
}
