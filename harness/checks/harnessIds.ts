// The form of a partner ID some harness run minted (harness/world/namespace.ts mints it), as the
// checks recognise it in a response: partner data, never something the server made up.

/** A partner ID minted by a harness run: `<runNamespace>-w<workerIndex>-<label>…` (see Namespace.id). */
const HARNESS_MINTED = /(?:^|[^A-Za-z0-9._-])[A-Za-z0-9][A-Za-z0-9._-]*-w\d+-[A-Za-z0-9]/;

/**
 * Whether a text carries a partner ID minted by some harness run — this one, another shard or an
 * earlier night sharing the org: what it holds is partner data, never something the server made up.
 */
export function carriesHarnessId(text: string): boolean {
  return HARNESS_MINTED.test(text);
}
