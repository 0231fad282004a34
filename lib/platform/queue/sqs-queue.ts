import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** What a producer of single messages needs (the ack path). */
export interface QueueSender<T> {
  send(message: T): Promise<void>;
  /** For callers that already serialised the message (the ack path measures its size first). */
  sendSerialized(body: string): Promise<void>;
}

/** The queue port: one implementation, the AWS SDK one, pointed at fauxqs locally. */
export interface MessageQueue<T> extends QueueSender<T> {
  /** Sends in batches of 10 (SQS's limit); resolves only when every message is accepted. */
  sendMany(messages: readonly T[]): Promise<void>;
}

/** SQS's message size limit (body + attributes); the escaped body is what counts. */
export const SQS_MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * SQS accepts only #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD in a message body: real SQS
 * refuses U+FFFE/U+FFFF, and emulators (fauxqs) refuse every surrogate pair, i.e. every emoji and
 * CJK Extension-B character. Customers write emoji all the time (issue 18: such a delivery was
 * answered 503 forever). JSON may spell any character as \uXXXX, so the body goes out as pure
 * printable ASCII: every code unit above 0x7E becomes \uXXXX (a surrogate pair becomes two
 * escapes, which JSON.parse joins back). The consumer's JSON.parse sees exactly the original.
 *
 * Only valid on JSON text: outside strings JSON has no characters above 0x7E, so every one this
 * touches is inside a string literal, where the escape means the same character.
 */
export function asciiJson(json: string): string {
  // One linear pass; the common ASCII-only body is returned untouched.
  return /[^\x00-\x7e]/.test(json) ? json.replace(/[^\x00-\x7e]/g, escapeUnit) : json;
}

function escapeUnit(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** What goes on the queue for `message`: JSON, ASCII-escaped. Measure this, not JSON.stringify. */
export function serializeMessage(message: unknown): string {
  return asciiJson(JSON.stringify(message));
}

/**
 * Only what SQS itself would refuse, escaped: lone or paired surrogates, U+FFFE/U+FFFF. The
 * fallback for an already-measured body whose full ASCII form would exceed the size limit
 * (CJK text triples in size as \uXXXX); still safe on every SQS, only not pure ASCII.
 */
function minimalJson(json: string): string {
  return json.replace(/[\ud800-\udfff\ufffe\uffff]/g, escapeUnit);
}

/** Single sends only: a function that never batches does not bundle SendMessageBatch. */
export class SqsSender<T> implements QueueSender<T> {
  constructor(
    protected readonly sqs: SQSClient,
    protected readonly queueUrl: string,
  ) {}

  async send(message: T): Promise<void> {
    await this.sendSerialized(JSON.stringify(message));
  }

  async sendSerialized(body: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: safeBody(body) }));
  }
}

export class SqsQueue<T> extends SqsSender<T> implements MessageQueue<T> {

  async sendMany(messages: readonly T[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      let pending = messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: safeBody(JSON.stringify(m)) }));
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

/**
 * ASCII form when it fits the limit; otherwise the minimal form, so a caller that measured the
 * unescaped JSON under the limit (the ack path does) is not pushed over it by the escaping.
 */
function safeBody(json: string): string {
  const ascii = asciiJson(json);
  // ASCII: length in code units is the byte length.
  return ascii.length <= SQS_MAX_MESSAGE_BYTES ? ascii : minimalJson(json);
}
