import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { AlertStore } from './alert-store.ts';
import type { StallScanResult } from './stall-scanner.ts';

export const METRICS_NAMESPACE = 'AftersalesHub';

/**
 * CloudWatch metrics (EMF via Powertools) after a scan: `OpenStallAlerts` is what the open-stalls
 * alarm watches; the rest show what the scan did. Reading the open count costs one COUNT Query on
 * the `ALERT#open` partition, so it grows with open alerts, not with shipments.
 */
export async function publishStallMetrics(metrics: Metrics, alerts: AlertStore, r: StallScanResult): Promise<void> {
  metrics.addMetric('OpenStallAlerts', MetricUnit.Count, await alerts.countOpen());
  metrics.addMetric('StallAlertsOpened', MetricUnit.Count, r.alertsOpened);
  metrics.addMetric('StallNotificationsEnqueued', MetricUnit.Count, r.notificationsEnqueued);
  metrics.addMetric('StallScanFailures', MetricUnit.Count, r.failures);
  metrics.addMetric('StallScanItemsRead', MetricUnit.Count, r.stallIndexItemsRead);
  metrics.publishStoredMetrics();
}
