// SARIF 2.1.0 (OASIS): one run of one tool, a rule per distinct finding rule, each result pointing
// at its file and line so code scanning shows it on the contract file. Validated against the
// official schema in tests/report/ci-outputs.spec.ts.

import type { CiFinding, CiLevel } from './findings';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri?: string;
  /** Short descriptions of the rules by ID (defaults to the rule ID). */
  readonly rules?: Readonly<Record<string, string>>;
}

const SARIF_LEVEL: Record<CiLevel, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

export function sarifLog(tool: SarifTool, findings: readonly CiFinding[]): Record<string, unknown> {
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: tool.rules?.[id] ?? id } })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: SARIF_LEVEL[f.level],
          message: { text: `${f.title}: ${f.message}` },
          ...(f.location
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: f.location.file, uriBaseId: '%SRCROOT%' },
                      region: {
                        startLine: f.location.line,
                        ...(f.location.column !== undefined ? { startColumn: f.location.column } : {}),
                      },
                    },
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}
