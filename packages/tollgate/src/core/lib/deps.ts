import type Stripe from 'stripe';
import type { TollgateConfig } from '../config/types.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from './clock.ts';
import type { Ids } from './ids.ts';
import type { Logger } from './log.ts';

/**
 * Everything an operation needs comes in through `deps`; nothing is reached
 * for. Operations are `verb(deps, input)`.
 */
export interface Deps {
  /** The validated plans-as-code config (currency normalised). */
  config: TollgateConfig;
  db: Db;
  stripe: Stripe;
  clock: Clock;
  ids: Ids;
  log: Logger;
}
