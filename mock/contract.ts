// The one way the mock builds an ApiError: the status always comes from the contract's
// x-meshi-error-codes (contract/), never from the mock.

import { statusOf } from '../contract';
import { ApiError } from './app';

export function apiError(code: string, message: string, headers?: Readonly<Record<string, string>>): ApiError {
  return new ApiError(statusOf(code), code, message, headers);
}
