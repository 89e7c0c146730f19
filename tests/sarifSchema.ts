// The official SARIF 2.1.0 schema as a validator, for every test that checks a SARIF output.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
// The published schema has one pattern (a language tag) that is not a valid Unicode-mode regular
// expression; ajv compiles patterns without the u flag for it.

/** The SARIF 2.1.0 schema as published by OASIS (draft-04; shipped inside @microsoft/jest-sarif). */
export function sarifValidator(): (log: unknown) => string[] {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
