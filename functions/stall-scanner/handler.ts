import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createRuntime } from '../../lib/runtime.ts';
import { publishStallMetrics, METRICS_NAMESPACE } from '../../lib/logistics/stall-metrics.ts';
import { runStallScan, type StallScanResult } from '../../lib/logistics/stall-scanner.ts';

const rt = createRuntime({ serviceName: 'stall-scanner' });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'stall-scanner' });

/**
 * Invoked by the EventBridge schedule: one stall scan, then the periodic SLA check, then their
 * metrics (one `SlaBreach` count per breach). Failed parcels stay due for the next run.
 */
export const handler = async (): Promise<StallScanResult & { slaBreaches: number }> => {
  const result = await runStallScan(rt.stall, rt.now());
  const breaches = await rt.complaints.checkSlas();
  for (const b of breaches) metrics.addMetric('SlaBreach', MetricUnit.Count, 1);
  await publishStallMetrics(metrics, rt.stall.alerts, result);
  return { ...result, slaBreaches: breaches.length };
};
