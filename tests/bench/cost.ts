/**
 * Published on-demand prices, one table, one region. Update here; every cost figure derives from it.
 * Region us-east-1, prices as listed on the AWS pricing pages (2025-2026), arm64 Lambda.
 */
export const PRICES = {
  region: 'us-east-1',
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  httpApiPerMillionRequests: 1.0,
  sqsPerMillionRequests: 0.4,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
} as const;

export interface PerEventCounts {
  /** Lambda invocations per webhook, and their measured duration (ms) and configured memory (MB). */
  invocations: { count: number; durationMs: number; memoryMb: number }[];
  apiRequests: number;
  sqsRequests: number;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
}

export function costPerMillion(c: PerEventCounts) {
  const m = 1_000_000;
  const lambdaRequests = c.invocations.reduce((a, i) => a + i.count, 0) * m * (PRICES.lambdaPerMillionRequests / m);
  const gbSeconds = c.invocations.reduce((a, i) => a + i.count * (Math.ceil(i.durationMs) / 1000) * (i.memoryMb / 1024), 0) * m;
  const parts = {
    lambdaRequests,
    lambdaCompute: gbSeconds * PRICES.lambdaArmPerGbSecond,
    apiGateway: c.apiRequests * PRICES.httpApiPerMillionRequests,
    sqs: c.sqsRequests * PRICES.sqsPerMillionRequests,
    dynamoWrites: c.dynamoWriteUnits * PRICES.dynamoPerMillionWriteUnits,
    dynamoReads: c.dynamoReadUnits * PRICES.dynamoPerMillionReadUnits,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}
