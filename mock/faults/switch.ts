// The fault switch: which deliberate faults are on in this process. A fault breaks exactly one
// guarantee; the catalogue (mock/faults/catalogue.ts) names each one and the guarantee it breaks.

export interface FaultSpec {
  /** kebab-case name, used in MOCK_FAULTS and the admin API. */
  readonly name: string;
  /** The guarantee ID (contracts/guarantees.yaml) this fault breaks. */
  readonly guarantee: string;
  /** The guarantee family, e.g. CORR. */
  readonly family: string;
  readonly description: string;
  /** True when the fault needs prior state (e.g. a second request) to be observed. */
  readonly stateful: boolean;
  /**
   * Guarantees the fault legitimately breaks too, by their own sentence (a 200 for a create is also
   * an undeclared status: SCHEMA-02). Any other failed guarantee is collateral: a harness defect.
   */
  readonly alsoBreaks?: readonly string[];
}

/**
 * The one builder of fault specs, for a catalogue file whose faults are `stateful` unless told
 * otherwise (or the reverse): `spec(name, guarantee, description, stateful?, alsoBreaks?)`; the
 * family is the guarantee's prefix.
 */
export function faultSpecs<Name extends string>(statefulUnlessTold: boolean) {
  return (
    name: Name,
    guarantee: string,
    description: string,
    stateful = statefulUnlessTold,
    alsoBreaks: readonly string[] = [],
  ): FaultSpec => ({
    name,
    guarantee,
    family: guarantee.split('-')[0]!,
    description,
    stateful,
    ...(alsoBreaks.length ? { alsoBreaks } : {}),
  });
}

export class UnknownFaultError extends Error {
  constructor(readonly unknown: readonly string[]) {
    super(`unknown fault(s): ${unknown.join(', ')}`);
  }
}

export class FaultSwitch {
  private on = new Set<string>();
  private readonly known: ReadonlyMap<string, FaultSpec>;
  /** True when at least one fault is on: lets the hot path skip every lookup. */
  any = false;

  constructor(
    readonly catalogue: readonly FaultSpec[],
    initial: readonly string[] = [],
  ) {
    this.known = new Map(catalogue.map((f) => [f.name, f]));
    this.set(initial);
  }

  isOn(name: string): boolean {
    return this.any && this.on.has(name);
  }

  /** Replaces the set of faults that are on. Throws UnknownFaultError (and changes nothing) on unknown names. */
  set(names: readonly string[]): void {
    const unknown = names.filter((n) => !this.known.has(n));
    if (unknown.length) throw new UnknownFaultError(unknown);
    this.on = new Set(names);
    this.any = this.on.size > 0;
  }

  list(): string[] {
    return [...this.on].sort();
  }

  spec(name: string): FaultSpec | undefined {
    return this.known.get(name);
  }
}
