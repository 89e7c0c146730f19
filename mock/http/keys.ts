// The API keys table: mock/fixtures/keys.json (or MOCK_KEYS_FILE), validated and indexed by key.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface KeyEntry {
  /** A short role name tests and the harness use to pick a key (write, read, orgB, …). */
  readonly role: string;
  /** The bearer value. */
  readonly key: string;
  readonly org_id: string | null;
  /** `service_account` or anything else (then 403 SERVICE_ACCOUNT_REQUIRED). */
  readonly principal_type: string;
  readonly service_account_user_id: string | null;
  readonly scopes: readonly string[];
  readonly disabled: boolean;
  /** `default` uses config.rateLimit, `key` the dedicated tiny window config.rateLimitKey. */
  readonly rate_limit: 'default' | 'key';
  readonly note?: string;
}

export const DEFAULT_KEYS_FILE = fileURLToPath(new URL('../fixtures/keys.json', import.meta.url));

export function parseKeys(data: unknown, where: string): KeyEntry[] {
  const list = Array.isArray(data) ? data : (data as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) throw new Error(`${where}: expected {"keys": [...]} or an array`);
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const e = raw as Record<string, unknown>;
    const at = `${where} keys[${i}]`;
    if (typeof e.key !== 'string' || !e.key) throw new Error(`${at}: key must be a non-empty string`);
    if (seen.has(e.key)) throw new Error(`${at}: duplicate key`);
    seen.add(e.key);
    if (e.org_id !== null && typeof e.org_id !== 'string') throw new Error(`${at}: org_id must be a string or null`);
    if (!Array.isArray(e.scopes) || !e.scopes.every((s) => typeof s === 'string')) throw new Error(`${at}: scopes must be strings`);
    const rate = e.rate_limit ?? 'default';
    if (rate !== 'default' && rate !== 'key') throw new Error(`${at}: rate_limit must be "default" or "key"`);
    return {
      role: typeof e.role === 'string' && e.role ? e.role : `key${i}`,
      key: e.key,
      org_id: (e.org_id as string | null) ?? null,
      principal_type: typeof e.principal_type === 'string' ? e.principal_type : 'service_account',
      service_account_user_id: typeof e.service_account_user_id === 'string' ? e.service_account_user_id : null,
      scopes: e.scopes as string[],
      disabled: e.disabled === true,
      rate_limit: rate,
      ...(typeof e.note === 'string' ? { note: e.note } : {}),
    };
  });
}

export function loadKeys(file: string | null = null): KeyEntry[] {
  const path = file ?? DEFAULT_KEYS_FILE;
  return parseKeys(JSON.parse(readFileSync(path, 'utf8')), path);
}

export class KeyTable {
  private readonly byKey: ReadonlyMap<string, KeyEntry>;
  /** role → bearer value. */
  readonly roles: Readonly<Record<string, string>>;

  constructor(readonly entries: readonly KeyEntry[]) {
    this.byKey = new Map(entries.map((e) => [e.key, e]));
    const roles: Record<string, string> = {};
    for (const e of entries) if (!(e.role in roles)) roles[e.role] = e.key;
    this.roles = roles;
  }

  get(key: string): KeyEntry | undefined {
    return this.byKey.get(key);
  }

  /** The key `token` starts with, if any (the token-prefix-match fault's lookup). */
  prefixOf(token: string): KeyEntry | undefined {
    return this.entries.find((e) => token.startsWith(e.key));
  }

  /** Any key of an org other than `orgId` (for the cross-org fault), in table order. */
  otherOrgs(orgId: string): string[] {
    const out = new Set<string>();
    for (const e of this.entries) if (e.org_id && e.org_id !== orgId) out.add(e.org_id);
    return [...out];
  }
}
