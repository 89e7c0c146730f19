// 415: a request body must be JSON. `application/json` and any `application/*+json`, with or
// without parameters, are JSON; a missing Content-Type on a body is read as JSON (lenient).

export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return true;
  const semi = header.indexOf(';');
  const type = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
  if (type === 'application/json') return true;
  return type.startsWith('application/') && type.endsWith('+json');
}
