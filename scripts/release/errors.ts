// A problem with what the release decision was given (an unreadable report, a bad flag, an unknown
// git ref): exit 2, never a decision.
export class ReleaseConfigError extends Error {
  override readonly name = 'ReleaseConfigError';
}
