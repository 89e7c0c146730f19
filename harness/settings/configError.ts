// The one error of a malformed or missing setting: it names the variable, never its value (a key's
// value is never part of any message). Thrown by harness/settings and the configuration built on it.

/** A setting in the environment is malformed or missing. Names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
  }
}
