// The Markdown step summary: appended to $GITHUB_STEP_SUMMARY when it is set (GitHub renders it on
// the run's page), so every tool of this harness writes its summary through this one function.

import { appendFileSync } from 'node:fs';

/** Appends `markdown` to the step summary file; returns the file written, or null outside GitHub Actions. */
export function writeStepSummary(markdown: string, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return null;
  appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return file;
}
