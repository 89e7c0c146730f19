// The one verdict vocabulary (harness/verdicts/index.ts): every expect*/require*/observe* call in
// specs/ and harness/ takes the guarantee first, nothing calls a helper of the old orders
// (contractAssert, observed, the verdicts/assertions and verdicts/subjects modules), specs reach the
// block mechanism (blockedBy, failOrBlock) only through the verbs, and no spec asserts with a
// plain `expect(x, '[ID] …')`, which leaves the reporter no typed finding.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test, expect } from '@playwright/test';
import ts from 'typescript';
import { guarantees } from '../../contract';

const ROOT = new URL('../..', import.meta.url).pathname;
const KNOWN = new Set<string>(guarantees.map((g) => g.id));

/** Verbs whose first argument is not a guarantee, each for the reason harness/verdicts/index.ts gives. */
const NO_GUARANTEE: ReadonlySet<string> = new Set(['requireSuccess', 'requireRunDone', 'requireContract', 'requireProfiles']);
/** Old names: each has a vocabulary verb now. */
const RETIRED: Readonly<Record<string, string>> = {
  contractAssert: 'requireContract(what, condition)',
  observed: 'observeSubject(guarantee, subject)',
};
/** The mechanism under require*: harness code only (the client's set-up steps, pollRun, requireRunDone). */
const MECHANISM = new Set(['blockedBy', 'failOrBlock']);
/** How a variable holding a guarantee ID is named. */
const GUARANTEE_NAME = /^(?:g|gid|id|guarantee|\w*Guarantee|\w*Id)$/;
const RETIRED_MODULES = /verdicts\/(?:assertions|subjects)['"]/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function isGuaranteeArg(n: ts.Expression, verb: string): boolean {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return KNOWN.has(n.text);
  if (n.kind === ts.SyntaxKind.NullKeyword) return verb === 'requireThat';
  if (ts.isArrayLiteralExpression(n))
    return verb === 'requireObserved' && n.elements.length > 0 && n.elements.every((e) => isGuaranteeArg(e as ts.Expression, verb));
  if (ts.isConditionalExpression(n)) return isGuaranteeArg(n.whenTrue, verb) && isGuaranteeArg(n.whenFalse, verb);
  if (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n)) return isGuaranteeArg(n.expression, verb);
  // A variable or property named for one (`g`, `gid`, `opts.guarantee`, `orderId`); the GuaranteeId parameter type checks its value.
  const name = ts.isIdentifier(n) ? n.text : ts.isPropertyAccessExpression(n) ? n.name.text : null;
  return name !== null && GUARANTEE_NAME.test(name);
}

function messageText(n: ts.Expression | undefined): string | null {
  if (!n) return null;
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text;
  return null;
}

/** What a file does against the vocabulary, one line per call. */
export function offences(fileName: string, text: string, opts: { spec: boolean }): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const at = (n: ts.Node) => `${fileName}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  if (RETIRED_MODULES.test(text)) out.push(`${fileName}: imports a retired verdict module (use harness/verdicts)`);
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isIdentifier(callee)) {
        const verb = callee.text;
        if (Object.hasOwn(RETIRED, verb)) out.push(`${at(n)}: ${verb}(…) is retired: ${RETIRED[verb]}`);
        else if (opts.spec && MECHANISM.has(verb)) out.push(`${at(n)}: ${verb}(…) in a spec: use a require* verb`);
        else if (/^(?:expect|require|observe)[A-Z]\w*$/.test(verb) && !NO_GUARANTEE.has(verb)) {
          const first = n.arguments[0];
          if (!first || !isGuaranteeArg(first, verb))
            out.push(`${at(n)}: ${verb}(…) takes the guarantee first, got ${first ? first.getText(sf).slice(0, 60) : 'nothing'}`);
        } else if (
          NO_GUARANTEE.has(verb) &&
          n.arguments[0] &&
          (ts.isStringLiteral(n.arguments[0]) || ts.isNoSubstitutionTemplateLiteral(n.arguments[0])) &&
          KNOWN.has(n.arguments[0].text)
        ) {
          out.push(`${at(n)}: ${verb}(…) names no guarantee, got ${n.arguments[0].getText(sf)} first`);
        }
      }
      // A plain expect(x, '[ID] …') in a spec: no typed finding for the reporter.
      const target = ts.isIdentifier(callee)
        ? callee
        : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.name.text === 'soft'
          ? callee.expression
          : null;
      if (opts.spec && target?.text === 'expect' && /^\[[A-Z][A-Z0-9]*-\d+\]/.test(messageText(n.arguments[1]) ?? '')) {
        out.push(
          `${at(n)}: plain expect(…, '${messageText(n.arguments[1])!.slice(0, 40)}…'): use expectEqual/expectThat (a typed violation)`,
        );
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

test('the scan flags old orders, retired helpers and plain [ID] expects, and passes the vocabulary', () => {
  const bad = [
    "expectStatus(res, 201, 'EVT-01', 'a create');",
    "expectAccepted(res, 'EVT-01', 'a create');",
    "requireAccepted(res, 'EVT-01', 'the event');",
    "requireThat(res.status === 200, 'EVT-01', 'the event');",
    "requireHeader(res, 'Retry-After', 'RATE-01', 'a 429');",
    "expectReadsShow(meshi, 'EVT-01', 'reads', place, body);",
    "requireObserved('a 429', 'RATE-01');",
    "expectThat('a 429 was seen', 'RATE-01', true);",
    "requireSuccess('EVT-01', res);",
    "contractAssert(ops.length > 0, 'ops');",
    "observed('a 429');",
    "blockedBy(test.info(), null, 'no page');",
    "expect(res.body.title, '[EVT-01] the title is echoed').toBe('x');",
    'expect.soft(res.status, `[ERR-05] ${what}: no 5xx`).toBeLessThan(500);',
    "import { expectStatus } from '../harness/verdicts/assertions';",
  ];
  for (const line of bad) expect(offences('x.spec.ts', line, { spec: true }), line).toHaveLength(1);
  const good = [
    "expectStatus('EVT-01', 'a create', res, 201);",
    'expectStatus(g, `page ${n}`, res, 200, { soft: true });',
    "requireThat(null, 'the cap', stopped);",
    "requireObserved(['RATE-01', 'RATE-02'], 'a 429');",
    "expectEqual(hookSent === null ? 'RUN-05' : 'RUN-04', 'echoed', a, b);",
    "requireSuccess('the event', res);",
    "requireRunDone('the import', run);",
    "requireContract('the contract has lists', ops.length > 0);",
    "requireProfiles(testInfo, 'rate-limit');",
    'expect(x).toBe(1);',
    "expect(res.status, 'a plain label').toBe(200);",
    "import { expectStatus } from '../harness/verdicts';",
  ];
  for (const line of good) expect(offences('x.spec.ts', line, { spec: true }), line).toEqual([]);
  expect(offences('harness/http/client.ts', "blockedBy(ctx.testInfo, g, 'set-up');", { spec: false })).toEqual([]);
});

test('specs and the harness speak the one vocabulary, guarantee first', () => {
  const offenders: string[] = [];
  for (const dir of ['specs', 'harness']) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const rel = relative(ROOT, file);
      offenders.push(...offences(rel, readFileSync(file, 'utf8'), { spec: dir === 'specs' }));
    }
  }
  expect(offenders, 'calls outside the vocabulary (harness/verdicts/index.ts)').toEqual([]);
});
