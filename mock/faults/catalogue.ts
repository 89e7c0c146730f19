// The catalogue of deliberate faults: the HTTP/identity faults and the domain faults. Names are
// unique; each fault names the one guarantee it breaks.

import { domainFaults } from './domain';
import { httpFaults } from './http';
import type { FaultSpec } from './switch';

export const faultCatalogue: FaultSpec[] = [...httpFaults, ...domainFaults];

const seen = new Set<string>();
for (const f of faultCatalogue) {
  if (seen.has(f.name)) throw new Error(`fault ${f.name} is catalogued twice`);
  seen.add(f.name);
}
