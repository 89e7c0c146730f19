// Writes the artefacts of one report into the report folder: conformance-report.json,
// summary.md, report.html, junit.xml, and bodies/ (request bodies the curl lines reference).
// Every text goes through the redactor one last time.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Redactor } from '../harness/http/redact';
import { renderHtml } from './html';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { scrubText } from './redaction';
import { bodyFiles, BODIES_DIR } from './reproduction';
import type { ConformanceReport } from './types';

export const REPORT_FILES = { json: 'conformance-report.json', markdown: 'summary.md', html: 'report.html', junit: 'junit.xml' } as const;

export interface WrittenFiles {
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
  readonly junit: string;
}

export function writeArtefacts(report: ConformanceReport, dir: string, r: Redactor): WrittenFiles {
  mkdirSync(dir, { recursive: true });
  const files: WrittenFiles = {
    json: join(dir, REPORT_FILES.json),
    markdown: join(dir, REPORT_FILES.markdown),
    html: join(dir, REPORT_FILES.html),
    junit: join(dir, REPORT_FILES.junit),
  };
  writeFileSync(files.json, scrubText(r, `${JSON.stringify(report, null, 2)}\n`));
  writeFileSync(files.markdown, scrubText(r, renderMarkdown(report)));
  writeFileSync(files.html, scrubText(r, renderHtml(report)));
  writeFileSync(files.junit, scrubText(r, renderJunit(report)));
  rmSync(join(dir, BODIES_DIR), { recursive: true, force: true });
  for (const [path, body] of bodyFiles(report)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), scrubText(r, body));
  }
  return files;
}
