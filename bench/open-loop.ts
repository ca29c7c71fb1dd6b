// The open-loop load generator bench/http.ts (check) and bench/licenses.ts
// (validate) share: raw keep-alive sockets (no HTTP client library: a few
// microseconds per request), requests sent on schedule, each timed from its
// scheduled start.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One keep-alive connection that sends a request and parses the answer's status and Content-Length body. */
export class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | undefined;
  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
  }

  static open(url: URL): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  send(request: Buffer): Promise<number> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const head = this.buffer.toString('latin1', 0, headerEnd);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < headerEnd + 4 + length) return;
    this.buffer = this.buffer.subarray(headerEnd + 4 + length);
    const done = this.waiting;
    this.waiting = undefined;
    done?.(Number(head.slice(9, 12)));
  }
}
/** One answered request, in ms from the run's start: when it was due, sent and answered. */
export interface Answer {
  scheduled: number;
  sent: number;
  answered: number;
}

export interface OpenLoopRun {
  /** Every request answered 200, in the order they were answered. */
  answers: Answer[];
  /** Requests answered otherwise. */
  failed: number;
  requests: number;
  /** Requests a second achieved: all of them over the run's wall time. */
  achieved: number;
}

const SLICE_MS = 0.2;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** `perSecond` requests a second for `ms` (`requests` in turn) over up to 64 keep-alive connections to `url`. */
export async function openLoop(url: URL, requests: Buffer[], ms: number, perSecond: number): Promise<OpenLoopRun> {
  const connections = await Promise.all(Array.from({ length: 64 }, () => Connection.open(url)));
  const interval = 1000 / perSecond;
  const total = Math.floor(ms / interval);
  const answers: Answer[] = [];
  const due: number[] = [];
  let failed = 0;
  let next = 0;
  let answered = 0;
  const start = performance.now();
  await new Promise<void>((finish) => {
    const send = (connection: Connection, i: number) => {
      const sent = performance.now();
      void connection.send(requests[i % requests.length] as Buffer).then((status) => {
        const at = performance.now();
        if (status === 200) answers.push({ scheduled: i * interval, sent: sent - start, answered: at - start });
        else failed++;
        if (++answered === total) finish();
        const waiting = due.shift();
        if (waiting === undefined) connections.push(connection);
        else send(connection, waiting);
      });
    };
    // Pacing: Node's timers fire on whole milliseconds (libuv's clock), which
    // alone made requests leave up to 1-2 ms after their slot. Instead the loop
    // sleeps in slices of at most SLICE_MS with Atomics.wait (a futex with a
    // sub-millisecond timeout) and lets the event loop read answers between
    // slices (setImmediate: a poll that does not block). An answer is timed
    // when it is read, so at worst SLICE_MS late: latencies err high, never low.
    const pace = async () => {
      while (answered < total) {
        const now = performance.now();
        while (next < total && start + next * interval <= now) due.push(next++);
        while (due.length > 0 && connections.length > 0) send(connections.pop() as Connection, due.shift() as number);
        await new Promise<void>((resolve) => setImmediate(resolve));
        const untilNext = next < total ? start + next * interval - performance.now() : SLICE_MS;
        if (untilNext > 0) Atomics.wait(sleeper, 0, 0, Math.min(untilNext, SLICE_MS));
      }
    };
    void pace();
  });
  const elapsed = (performance.now() - start) / 1000;
  for (const c of connections) c.close();
  return { answers, failed, requests: total, achieved: total / elapsed };
}
