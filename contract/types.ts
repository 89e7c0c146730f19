// The shape of `generated/contract.ts`: what the mock, the harness and the reporter may read from the
// contract. `scripts/generate.ts` builds it from contracts/partner-api.yaml; nothing else restates these values.

/** documented (the public docs) > observed (seen on a target, `x-meshi-observed`) > provisional (decided). */
export type Provenance = 'documented' | 'observed' | 'provisional';
/** The HTTP methods an operation of the contract may have (the generator reads these, lower-cased, from each path item). */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A JSON Schema fragment, fully dereferenced (no $ref), as found in the contract. */
export type JsonSchema = { readonly [key: string]: unknown };

export interface ParameterIndex {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: JsonSchema;
  /** `x-meshi-error-code` of the parameter schema, e.g. INVALID_PARTNER_ID. */
  readonly errorCode: string | null;
  readonly provenance: Provenance;
}

export interface ResponseIndex {
  readonly status: number;
  readonly provenance: Provenance;
  readonly doc: string | null;
  /** Error codes this operation may return with this status (empty for 2xx). */
  readonly codes: readonly string[];
  /** Header names (lower case) → required. */
  readonly headers: { readonly [name: string]: { readonly required: boolean; readonly validator: string } };
  /** Key into generated/validators.cjs for the body, or null when the response has no body. */
  readonly validator: string | null;
}

export interface OperationIndex {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Path template relative to the base, e.g. `/events/{event_id}/attendees:import`. */
  readonly path: string;
  /** Regex source matching a concrete relative path (raw, percent-encoded segments) with named groups per path parameter. */
  readonly pathRegex: string;
  readonly scope: 'partner:read' | 'partner:write';
  readonly provenance: Provenance;
  readonly doc: string | null;
  readonly runCreating: boolean;
  /**
   * `x-meshi-success-guarantee`: the guarantee whose sentence covers this operation succeeding. A test
   * that needs the operation to succeed as a precondition is *blocked by* it when it does not.
   */
  readonly successGuarantee: string | null;
  readonly successStatus: number;
  readonly requestBody: { readonly required: boolean; readonly schema: string; readonly validator: string } | null;
  readonly parameters: readonly ParameterIndex[];
  readonly responses: { readonly [status: string]: ResponseIndex };
}

export interface FieldRule {
  readonly name: string;
  readonly required: boolean;
  /** JSON types allowed, e.g. ['string'] or ['string', 'null']. */
  readonly types: readonly string[];
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly pattern: string | null;
  readonly format: string | null;
  readonly enum: readonly unknown[] | null;
  readonly minItems: number | null;
  readonly maxItems: number | null;
  readonly minimum: number | null;
  readonly maximum: number | null;
  readonly errorCode: string | null;
  readonly provenance: Provenance;
  /** `x-meshi-format`: a format JSON Schema has no name for (e.g. iana-timezone), or null. */
  readonly meshiFormat: string | null;
  /** For arrays of objects / objects: the component schema name of the items, if any. */
  readonly itemsSchema: string | null;
}

export interface ErrorCodeIndex {
  readonly status: number;
  /** Provenance of the code's existence. */
  readonly provenance: Provenance;
  /** Provenance of its HTTP status (documented codes may have an inferred status). */
  readonly statusProvenance: Provenance;
  /** True for codes that only appear inside a run's errors[], never as an HTTP response. */
  readonly runErrorOnly: boolean;
  readonly doc: string | null;
  readonly meaning: string;
}

/** Rules of a request-body schema across its fields (x-meshi-rules, anyOf of required fields). */
export interface SchemaRules {
  /** `x-meshi-rules` `<field> >= <other>`: when both are non-null, field must not be before other. */
  readonly notBefore: readonly {
    readonly field: string;
    readonly other: string;
    readonly errorCode: string;
    readonly provenance: Provenance;
  }[];
  /** `anyOf` of `required: [f]` with a non-empty string: at least one of these fields must be one. */
  readonly atLeastOneOf: { readonly fields: readonly string[]; readonly errorCode: string } | null;
}

export type LengthKeyword = 'minLength' | 'maxLength' | 'minItems' | 'maxItems';

/** A request-handling decision of x-meshi-request-rules (repeated query parameters, repeated Authorization, …). */
export interface RequestRuleIndex {
  readonly provenance: Provenance;
  /** The code the rule answers with, or null when it answers with the offending parameter's own code. */
  readonly errorCode: string | null;
  readonly note: string;
}

export interface ContractIndex {
  readonly title: string;
  readonly version: string;
  readonly basePath: string;
  readonly aliasBasePath: string;
  readonly servers: readonly { readonly url: string; readonly description: string }[];
  readonly operations: { readonly [operationId: string]: OperationIndex };
  readonly genericResponses: { readonly [name: string]: ResponseIndex };
  readonly errorCodes: { readonly [code: string]: ErrorCodeIndex };
  /** Regex sources: partnerId, partnerKind, correlationId, and every other named pattern of a component schema. */
  readonly patterns: { readonly [name: string]: string };
  /** Request-body field rules per component schema name, in schema property order. */
  readonly fieldRules: { readonly [schema: string]: readonly FieldRule[] };
  /** Request-body component schemas and the item schemas of their fields, fully dereferenced, by name. */
  readonly requestSchemas: { readonly [schema: string]: JsonSchema };
  /** Numeric limits: from x-meshi-limits and from schema keywords (importMaxRows, pageLimitMax, …). */
  readonly limits: { readonly [name: string]: number };
  /** Cross-field rules per request-body component schema (only schemas that have some). */
  readonly schemaRules: { readonly [schema: string]: SchemaRules };
  /** Limits that are a schema keyword: the keyword of every request field of that name (importMaxRows → attendees.maxItems). */
  readonly limitKeywords: { readonly [limit: string]: { readonly field: string; readonly keyword: LengthKeyword } };
  /** x-meshi-request-rules by camel-cased name (repeatedQueryParameter, repeatedAuthorization, …). */
  readonly requestRules: { readonly [name: string]: RequestRuleIndex };
  readonly runStatuses: readonly string[];
  readonly terminalRunStatuses: readonly string[];
  readonly runKinds: readonly string[];
  readonly idMapKinds: readonly string[];
  readonly aliasHeaders: { readonly deprecation: string; readonly linkRel: string; readonly provenance: Provenance };
}
