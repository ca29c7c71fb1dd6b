/** Metadata the engine sets on a credit purchase's Checkout Session (and its PaymentIntent), read back when it is paid. */
export const CREDIT_METADATA = {
  system: 'tollgate_credits_system',
  /** A pack key, or `custom`. */
  pack: 'tollgate_credits_pack',
  /** Micro-credits bought, as a decimal string. */
  micros: 'tollgate_credits_micros',
  /** Days the bought credits last (absent: never expire). */
  expiresAfterDays: 'tollgate_credits_expire_days',
  /** Auto top-ups: the top-up's id. */
  topUp: 'tollgate_topup',
} as const;
