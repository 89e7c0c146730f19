// Timestamps: RFC 3339 in UTC with milliseconds (fixed width, so string order = time order),
// always from the app clock (app.now()).

export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

export function nowIso(app: { now(): number }): string {
  return isoTimestamp(app.now());
}

/** An RFC 3339 date-time with any offset, normalised to UTC (the input was validated). */
export function toUtc(dateTime: string): string {
  return new Date(Date.parse(dateTime)).toISOString();
}
