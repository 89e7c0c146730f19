// Runs the canonical flow once (scripts/sdkCheck starts it with tsx and the SDK mapped by
// TSX_TSCONFIG_PATH) and prints its result as one JSON line; exit 1 when a step fails.
import { canonicalFlow } from './flow';

const env = process.env;
canonicalFlow({
  baseUrl: env.SDK_CHECK_BASE_URL ?? '',
  key: env.SDK_CHECK_KEY ?? '',
  namespace: env.SDK_CHECK_NAMESPACE ?? 'sdkcheck',
}).then(
  (result) => {
    process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`);
  },
  (e: unknown) => {
    process.stdout.write(`${JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) })}\n`);
    process.exitCode = 1;
  },
);
