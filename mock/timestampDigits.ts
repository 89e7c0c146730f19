// The MOCK_TIMESTAMP_DIGITS variation: the contract's Timestamp allows up to 9 fractional digits,
// so a conforming server may issue microsecond or nanosecond timestamps, several within one
// millisecond (mock/time.ts issues them). Off (3 digits, milliseconds) by default.

import { oneOf } from './optionParsers';

export const TIMESTAMP_DIGITS = [3, 6, 9] as const;
export type TimestampDigits = (typeof TIMESTAMP_DIGITS)[number];

/** The option's entry in mock/config.ts's table. */
export const timestampDigitsOption = {
  env: 'MOCK_TIMESTAMP_DIGITS',
  flag: '--timestamp-digits',
  help: `fractional-second digits of timestamps: ${TIMESTAMP_DIGITS.join('|')}`,
  key: 'variations',
  part: 'timestampDigits',
  parse: oneOf<TimestampDigits>(TIMESTAMP_DIGITS),
  patchable: true,
} as const;
