import type { Row } from './run.ts';

/** Sections contributed by features (stall scan at scale, notification fan-out, worker memory). */
export async function extraSections(_endpoints: { dynamo: string; sqs: string }, _quick: boolean): Promise<Row[]> {
  return [];
}
