import type Stripe from 'stripe';
import { StripeApiError } from '../errors.ts';
import { type EmulatorClock, systemClock, unixSeconds } from './clock.ts';
import { createDb, type Db } from './db.ts';
import { IdempotencyCache } from './idempotency.ts';
import { createIdGenerator, type IdGenerator } from './ids.ts';

export const API_VERSION = '2026-10-28.endive';

export interface EmulatorOptions {
  /** Source of real time (default: the system clock). Test clocks run on their own frozen time. */
  clock?: EmulatorClock;
  /** Webhook retry delays in milliseconds (default Stripe-like: minutes to hours). */
  webhookRetryDelaysMs?: number[];
  /** Per-attempt webhook timeout in milliseconds (default 10 s). */
  webhookTimeoutMs?: number;
  /** Days after the first failed payment at which an invoice is retried (default [3, 5, 7]). */
  invoiceRetryDays?: number[];
  /** What a subscription becomes after the last retry fails (default `canceled`). */
  afterFinalRetry?: 'canceled' | 'unpaid' | 'past_due';
  /** Public base URL for hosted invoice pages (default: taken from incoming requests). */
  publicUrl?: string;
  /** Answer 429 `rate_limit` once an API key makes more than this many requests in a second (default: no limit). */
  rateLimitPerSecond?: number;
}

export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

/** What an `invoiceLines` hook knows about the invoice being created. */
export interface InvoiceLinesContext {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  billingReason: Stripe.Invoice.BillingReason;
  /** The invoice's service period (for a renewal: the period that just ended). */
  period: { start: number; end: number };
  at: number;
  currency: string;
}

/** A fault injected into one API request: an error status, a dropped connection or added latency. */
export type RequestFault = { kind: 'rate_limit' } | { kind: 'server_error' } | { kind: 'drop' } | { kind: 'latency'; ms: number };

type EventType = Stripe.Event['type'];
type EventOf<T extends EventType> = Extract<Stripe.Event, { type: T }>;

/** Everything a resource's logic needs: the store, time, ids and the event bus. */
export class Emulator {
  readonly db: Db = createDb();
  readonly ids: IdGenerator = createIdGenerator();
  /** Responses kept per `Idempotency-Key`; part of the state a reset forgets. */
  readonly idempotency = new IdempotencyCache();
  readonly clock: EmulatorClock;
  /** The request being handled (null while a test clock or a timer drives changes). */
  request: RequestInfo | null = null;
  publicUrl: string;
  /** Synchronous in-transaction hooks that let one resource react to another without import cycles. */
  readonly hooks: {
    /** After an invoice payment attempt: `outcome` is the new invoice state. */
    invoicePaymentAttempted: ((invoice: Stripe.Invoice, outcome: 'paid' | 'failed' | 'requires_action') => void)[];
    /** After a payment intent succeeds outside an invoice flow (e.g. 3-D Secure completed). */
    paymentIntentSucceeded: ((pi: Stripe.PaymentIntent) => void)[];
    /** While an invoice is created: adjusts its lines (metered usage, discounts), in registration order. */
    invoiceLines: ((lines: Stripe.InvoiceLineItem[], context: InvoiceLinesContext) => Stripe.InvoiceLineItem[])[];
    /** Before an event goes to webhook endpoints: a hook returning true sends it itself (later, twice...) by calling `send`. */
    webhookSchedule: ((event: Stripe.EventBase, send: () => void) => boolean)[];
    /** Before an API request is handled: a fault to answer with instead (fault injection; null for none). */
    requestFault: ((method: string, path: string) => RequestFault | null)[];
    /** Time-driven transitions another resource owns (subscription schedule phases) for objects on `clock`, run in time order with the subscriptions' own. */
    dueTransitions: ((clock: string | null) => { at: number; order: number; run: () => void }[])[];
  } = { invoicePaymentAttempted: [], paymentIntentSucceeded: [], invoiceLines: [], webhookSchedule: [], requestFault: [], dueTransitions: [] };
  readonly #eventListeners: ((event: Stripe.EventBase) => void)[] = [];
  #pendingEvents: Stripe.EventBase[] = [];

  constructor(readonly options: EmulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.publicUrl = options.publicUrl ?? 'http://127.0.0.1:12111';
    this.db.log.onCommit(() => this.#flushEvents());
  }

  #flushEvents(): void {
    const events = this.#pendingEvents;
    this.#pendingEvents = [];
    for (const event of events) for (const listener of this.#eventListeners) listener(event);
  }

  /** Waits `ms` on the emulator's clock (real time unless the clock says otherwise). */
  sleep(ms: number): Promise<void> {
    return this.clock.sleep ? this.clock.sleep(ms) : new Promise((done) => setTimeout(done, ms).unref());
  }

  /** Real time in unix seconds. */
  now(): number {
    return unixSeconds(this.clock.now());
  }

  /** The time an object lives in: its test clock's frozen time, or real time. */
  timeFor(testClock: string | Stripe.TestHelpers.TestClock | null | undefined): number {
    if (!testClock) return this.now();
    const id = typeof testClock === 'string' ? testClock : testClock.id;
    return this.db.testClocks.get(id)?.frozen_time ?? this.now();
  }

  /** Runs `work` atomically: if it throws, nothing it wrote (objects or events) remains. */
  transaction<R>(work: () => R): R {
    const pendingBefore = this.#pendingEvents.length;
    try {
      return this.db.log.transaction(work);
    } catch (error) {
      if (!(error instanceof StripeApiError && error.keepChanges)) this.#pendingEvents.length = pendingBefore;
      throw error;
    }
  }

  /** Records an event for a change; listeners (webhooks) hear it once the transaction commits. */
  emit<T extends EventType>(type: T, object: EventOf<T>['data']['object'], options: { previous?: object; at?: number } = {}): Stripe.EventBase {
    const data: Stripe.Event.Data = options.previous ? { object, previous_attributes: options.previous } : { object };
    const event: Stripe.EventBase = {
      id: this.ids.next('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: options.at ?? this.now(),
      data,
      livemode: false,
      pending_webhooks: this.#pendingWebhooks(type),
      request: this.request ? { id: this.request.id, idempotency_key: this.request.idempotencyKey } : { id: null, idempotency_key: null },
      type,
    };
    this.db.events.put(event);
    this.#pendingEvents.push(event);
    if (!this.db.log.inTransaction) this.#flushEvents();
    return event;
  }

  /** How many enabled endpoints will be sent an event of this type. */
  #pendingWebhooks(type: string): number {
    let count = 0;
    for (const endpoint of this.db.webhookEndpoints.values()) {
      if (endpoint.status === 'enabled' && (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type))) count++;
    }
    return count;
  }

  onEvent(listener: (event: Stripe.EventBase) => void): void {
    this.#eventListeners.push(listener);
  }

  readonly #closers: (() => void)[] = [];

  /** Registers cleanup (timers, retries) run when the emulator shuts down. */
  onClose(closer: () => void): void {
    this.#closers.push(closer);
  }

  close(): void {
    for (const closer of this.#closers.splice(0)) closer();
  }
}

/** Top-level fields whose value changed, with their old values (Stripe's `previous_attributes`). */
export function previousAttributes<T extends object>(before: T, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const a = before[key];
    const b = after[key];
    if (a === b) continue;
    if (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)) continue;
    out[key] = a;
  }
  return out;
}
