import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HookDraft } from '../hooks/types.ts';

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * Test support: a real HTTP endpoint on 127.0.0.1 for outbound webhooks.
 * `answer` decides each reply (default 200); `hang` leaves requests
 * unanswered (a stuck app), until `close`.
 */
export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves at the next request that arrives. */
  next(): Promise<Received>;
  answer: (request: Received) => { status: number; headers?: Record<string, string> } | 'hang';
  close(): Promise<void>;
}

export async function startReceiver(answer: Receiver['answer'] = () => ({ status: 200 })): Promise<Receiver> {
  const held: ServerResponse[] = [];
  let waiters: ((r: Received) => void)[] = [];
  const receiver: Receiver = {
    url: '',
    received: [],
    answer,
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((done) => {
        for (const res of held) res.destroy();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      receiver.received.push(request);
      const ready = waiters;
      waiters = [];
      for (const w of ready) w(request);
      const reply = receiver.answer(request);
      if (reply === 'hang') {
        held.push(res);
        return;
      }
      res.writeHead(reply.status, reply.headers ?? {});
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

export const paidInvoice = (id: string): HookDraft => ({
  type: 'payment.succeeded',
  objectId: id,
  stripeCustomerId: null,
  payload: {
    invoice: {
      id,
      stripeCustomerId: 'cus_1',
      subscriptionId: null,
      status: 'paid',
      currency: 'usd',
      amountDue: 1500,
      amountPaid: 1500,
      attemptCount: 1,
      hostedInvoiceUrl: null,
    },
  },
});
