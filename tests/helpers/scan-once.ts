/**
 * A stall scanner in its own process, for the crash suite: one scan against the given table, so
 * the test can SIGKILL it mid-fan-out. Configured entirely through the environment.
 */
import { loadConfig } from '../../lib/platform/config.ts';
import { startService } from '../../lib/local/service.ts';
import { runStallScan } from '../../lib/logistics/stall-scanner.ts';

const svc = await startService({ config: loadConfig(), port: 0, roles: { api: false, workers: false, scanner: false } });
process.send?.({ ready: true });
await runStallScan(svc.parts.stall);
await svc.stop();
process.exit(0);
