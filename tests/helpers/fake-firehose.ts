import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { FirehoseClient } from '@aws-sdk/client-firehose';

/**
 * A Firehose stand-in answering PutRecordBatch as AWS documents it (awsJson1_1,
 * `Firehose_20150804.PutRecordBatch`, FailedPutCount + RequestResponses in request order), driven
 * by the real SDK client. It keeps every entry of every call (base64-decoded); `refuse(call, index)`
 * decides which entries fail with ServiceUnavailableException.
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html
 */
export function fakeFirehose(refuse: (call: number, index: number) => boolean = () => false) {
  /** The Data of every accepted record, in arrival order. */
  const accepted: Buffer[] = [];
  const calls: { target: string; contentType: string; stream: string; records: Buffer[] }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { DeliveryStreamName: string; Records: { Data: string }[] };
      const call = calls.length;
      const records = body.Records.map((r) => Buffer.from(r.Data, 'base64'));
      calls.push({ target: String(req.headers['x-amz-target']), contentType: String(req.headers['content-type']), stream: body.DeliveryStreamName, records });
      const responses = records.map((data, i) => {
        if (refuse(call, i)) return { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' };
        accepted.push(data);
        return { RecordId: randomBytes(8).toString('hex') };
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ FailedPutCount: responses.filter((r) => 'ErrorCode' in r).length, Encrypted: false, RequestResponses: responses }));
    });
  });
  return {
    accepted,
    calls,
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      return new FirehoseClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * What the stack's processors do with an accepted record before S3 (cdk/aftersales-stack.ts,
 * asserted in tests/cdk/stack.test.ts): RecordDeAggregation DELIMITED on the base64 Delimiter
 * "Cg==" splits it into sub-records; AppendDelimiterToRecord ends each with a newline.
 * https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-multirecord-deaggergation.html
 */
export const STACK_DELIMITER_BASE64 = 'Cg==';
export function deaggregate(record: Buffer, delimiterBase64 = STACK_DELIMITER_BASE64): string[] {
  return record.toString('utf8').split(Buffer.from(delimiterBase64, 'base64').toString('utf8'));
}
export const appendDelimiter = (subRecord: string) => `${subRecord}\n`;
