// kill-matrix.json against its published schema (contracts/kill-matrix.schema.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const Ajv2020 = (Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module;
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const root = new URL('../..', import.meta.url).pathname;

export const KILL_MATRIX_SCHEMA = 'contracts/kill-matrix.schema.json';

let validate: ReturnType<InstanceType<typeof Ajv2020>['compile']> | null = null;

/** The schema, as parsed JSON. */
export function killMatrixSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, KILL_MATRIX_SCHEMA), 'utf8')) as Record<string, unknown>;
}

/** The ways `matrix` breaks the schema (empty when valid). */
export function killMatrixSchemaErrors(matrix: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    validate = ajv.compile(killMatrixSchema());
  }
  return validate(matrix) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
