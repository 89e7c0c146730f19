// Is a target URL the production API? The guard compares normalised hosts, so that spellings of the
// same host cannot slip past it: the URL parser already lower-cases the host, decodes percent-escapes
// and maps full-width dots; here a trailing dot (the DNS root, `api.meshi.io.`) is dropped, and the
// port is ignored altogether (the default port or any other: a guard errs towards refusing).
// Out of scope: other IDNA spellings of the host, and IP addresses or other names resolving to it
// (that would need DNS at configuration time).

import { productionHosts } from '../../contract';

/** The host of a URL as the production guard compares it. */
export function normalisedHost(u: URL): string {
  return u.hostname.toLowerCase().replace(/\.+$/, '');
}

/** True when the URL's host is one of the contract's production hosts. */
export function isProductionUrl(u: URL): boolean {
  const host = normalisedHost(u);
  return productionHosts().some((h) => normalisedHost(new URL(`https://${h}`)) === host);
}
