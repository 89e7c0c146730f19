// Reads the two contract files of one version: at a git ref (`git show <ref>:<path>`), from given
// paths, or from the working tree.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ContractDiffInputError, type ContractSources } from './types';

export const API_FILE = 'contracts/partner-api.yaml';
export const GUARANTEES_FILE = 'contracts/guarantees.yaml';

export interface SourceSpec {
  readonly ref?: string;
  readonly apiFile?: string;
  readonly guaranteesFile?: string;
}

function gitShow(ref: string, path: string, cwd: string): string {
  try {
    return execFileSync('git', ['show', `${ref}:${path}`], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new ContractDiffInputError(`cannot read ${path} at git ref ${ref}: ${stderr || (e as Error).message}`);
  }
}

function readText(path: string): string {
  if (!existsSync(path)) throw new ContractDiffInputError(`no such file: ${path}`);
  return readFileSync(path, 'utf8');
}

/**
 * A git ref reads both files at that ref; paths read those files (a guarantees file defaults to
 * guarantees.yaml beside the API file, else the working tree's); nothing: the working tree.
 */
export function loadSources(spec: SourceSpec, cwd: string = process.cwd()): ContractSources {
  if (spec.ref !== undefined) {
    if (!/^[\w./@{}~^:-]+$/.test(spec.ref) || spec.ref.startsWith('-')) throw new ContractDiffInputError(`not a git ref: ${spec.ref}`);
    return { api: gitShow(spec.ref, API_FILE, cwd), guarantees: gitShow(spec.ref, GUARANTEES_FILE, cwd), label: spec.ref };
  }
  const apiPath = resolve(cwd, spec.apiFile ?? API_FILE);
  const besideApi = join(dirname(apiPath), 'guarantees.yaml');
  const guaranteesPath = resolve(cwd, spec.guaranteesFile ?? (spec.apiFile && existsSync(besideApi) ? besideApi : GUARANTEES_FILE));
  const shown = (p: string) => (relative(cwd, p).startsWith('..') ? p : relative(cwd, p));
  const label = spec.apiFile || spec.guaranteesFile ? `${shown(apiPath)} + ${shown(guaranteesPath)}` : 'working tree';
  return { api: readText(apiPath), guarantees: readText(guaranteesPath), label };
}
