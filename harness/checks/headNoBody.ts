// Oracle: a HEAD response has no body (it answers like GET otherwise: same status and headers,
// checked by the other oracles against the GET's declared response).
import { gid } from './ids';
import { defineCheck, where } from './types';

export const headNoBody = defineCheck('headNoBody', [gid('headNoBody')], (x) => {
  if (x.request.method.toUpperCase() !== 'HEAD' || x.response.text.length === 0) return [];
  return [
    {
      guarantee: gid('headNoBody'),
      check: 'headNoBody',
      message: `HEAD response has a body (${x.response.text.length} bytes) ${where(x)}`,
    },
  ];
});
