import { Metrics } from '@aws-lambda-powertools/metrics';
import { createRuntime } from '../../lib/runtime.ts';
import { publishStallMetrics, METRICS_NAMESPACE } from '../../lib/stall/stall-metrics.ts';
import { runStallScan, type StallScanResult } from '../../lib/stall/stall-scanner.ts';

const rt = createRuntime({ serviceName: 'stall-scanner' });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'stall-scanner' });

/** Invoked by the EventBridge schedule: one stall scan, then its metrics. Failed parcels stay due for the next run. */
export const handler = async (): Promise<StallScanResult> => {
  const result = await runStallScan(rt.stall, rt.now());
  await publishStallMetrics(metrics, rt.stall.alerts, result);
  return result;
};
