import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** The queue port: one implementation, the AWS SDK one, pointed at fauxqs locally. */
export interface MessageQueue<T> {
  send(message: T): Promise<void>;
  /** For callers that already serialised the message (the ack path measures its size first). */
  sendSerialized(body: string): Promise<void>;
  /** Sends in batches of 10 (SQS's limit); resolves only when every message is accepted. */
  sendMany(messages: readonly T[]): Promise<void>;
}

export class SqsQueue<T> implements MessageQueue<T> {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: T): Promise<void> {
    await this.sendSerialized(JSON.stringify(message));
  }

  async sendSerialized(body: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body }));
  }

  async sendMany(messages: readonly T[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      let pending = messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) }));
      // SendMessageBatch can partly fail; resend only the failed entries, a few times, then give up loudly.
      for (let attempt = 0; pending.length > 0; attempt++) {
        const res = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }));
        const failed = new Set((res.Failed ?? []).map((f) => f.Id));
        pending = pending.filter((e) => failed.has(e.Id));
        if (pending.length > 0 && attempt >= 4) throw new Error(`SendMessageBatch failed for ${pending.length} messages`);
        if (pending.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }
}
