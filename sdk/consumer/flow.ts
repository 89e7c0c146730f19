// The canonical partner flow written the way a partner writes it: against the TypeScript SDK that
// @hey-api/openapi-ts generates from the contract (`meshi-sdk`, mapped to .sdk/<version>/sdk by
// scripts/sdkCheck). It is compiled against other SDK versions to find source breaks, so it uses
// the SDK's names and types directly, and nothing of the harness.
//
// Steps: read the key's scopes, create an event, import attendees with an idempotency key, poll
// the run, start a matching run and poll it, page through the matches, read an error envelope.

import { createClient } from 'meshi-sdk/client';
import { createEvent, getAuth, getEvent, getRun, importAttendees, listMatches, runMatching, type Run } from 'meshi-sdk';

export interface FlowOptions {
  readonly baseUrl: string;
  readonly key: string;
  /** Prefix of every partner-owned ID the flow creates. */
  readonly namespace: string;
  readonly runTimeoutMs?: number;
}

export interface FlowResult {
  readonly steps: string[];
  readonly matches: number;
  readonly pages: number;
  readonly errorCode: string;
}

type Client = ReturnType<typeof createClient>;

function fail(step: string, detail: unknown): never {
  throw new Error(`${step}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
}

async function pollRun(client: Client, runId: string, timeoutMs: number): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data, error } = await getRun({ client, path: { run_id: runId } });
    if (!data) fail('getRun', error);
    if (data.status === 'succeeded' || data.status === 'partial' || data.status === 'failed') return data;
    if (Date.now() > deadline) fail('getRun', `run ${runId} still ${data.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function canonicalFlow(opts: FlowOptions): Promise<FlowResult> {
  const client = createClient({ baseUrl: opts.baseUrl, headers: { Authorization: `Bearer ${opts.key}` } });
  const steps: string[] = [];
  const timeout = opts.runTimeoutMs ?? 30_000;

  const auth = await getAuth({ client });
  if (!auth.data) fail('getAuth', auth.error);
  if (!auth.data.scopes.includes('partner:write')) fail('getAuth', 'the key lacks partner:write');
  steps.push('getAuth');

  const eventId = `${opts.namespace}-evt`;
  const created = await createEvent({
    client,
    body: { event_id: eventId, title: 'SDK check event', timezone: 'Europe/Berlin', visibility: 'private' },
  });
  if (!created.data) fail('createEvent', created.error);
  steps.push('createEvent');

  const attendees = ['a', 'b', 'c', 'd'].map((s, i) => ({
    attendee_id: `${opts.namespace}-att-${s}`,
    name: `Attendee ${i + 1}`,
    company: 'Meshi',
    title: i % 2 ? 'Engineer' : 'Designer',
  }));
  const idempotency_key = `${opts.namespace}-import-1`;
  const imported = await importAttendees({ client, path: { event_id: eventId }, body: { idempotency_key, attendees } });
  if (!imported.data) fail('importAttendees', imported.error);
  const replay = await importAttendees({ client, path: { event_id: eventId }, body: { idempotency_key, attendees } });
  if (replay.data?.run_id !== imported.data.run_id) fail('importAttendees', 'the replay with the same idempotency key started another run');
  const importRun = await pollRun(client, imported.data.run_id, timeout);
  if (importRun.status !== 'succeeded') fail('import run', importRun);
  steps.push('importAttendees', 'getRun');

  const matching = await runMatching({ client, path: { event_id: eventId }, body: { idempotency_key: `${opts.namespace}-match-1` } });
  if (!matching.data) fail('runMatching', matching.error);
  const matchRun = await pollRun(client, matching.data.run_id, timeout);
  if (matchRun.status === 'failed') fail('matching run', matchRun);
  steps.push('runMatching');

  let cursor: string | undefined;
  let matches = 0;
  let pages = 0;
  do {
    const page = await listMatches({ client, path: { event_id: eventId }, query: { limit: 3, ...(cursor ? { cursor } : {}) } });
    if (!page.data) fail('listMatches', page.error);
    pages += 1;
    matches += page.data.items.length;
    cursor = page.data.next_cursor ?? undefined;
  } while (cursor && pages < 100);
  steps.push('listMatches');

  const missing = await getEvent({ client, path: { event_id: `${opts.namespace}-missing` } });
  if (missing.data || !missing.error) fail('getEvent', 'a missing event was found');
  if (missing.response.status !== 404) fail('getEvent', `status ${missing.response.status}`);
  const { code, message, correlation_id } = missing.error;
  if (!code || !message || !correlation_id) fail('getEvent', missing.error);
  steps.push('error envelope');

  return { steps, matches, pages, errorCode: code };
}
