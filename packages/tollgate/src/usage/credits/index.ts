// Prepaid credits: grants, debits (through `consume`), reversal, balance, history, expiry and rollover,
// purchases and auto top-up, spend caps, alerts and credit revenue.
export { type CreditBalance, getCreditBalance } from './balance.ts';
export { buyCredits, type BuyCreditsInput } from './buy.ts';
export { expireCredits, type ExpireResult } from './expire.ts';
export { grantCredits, type GrantCreditsInput, type GrantCreditsResult } from './grant.ts';
export type { CreditGrant } from './grant-row.ts';
export { type CreditHistory, type CreditHistoryInput, listCreditHistory } from './history.ts';
export type { CreditMovement } from './ledger-row.ts';
export { listCreditGrants, type ListCreditGrantsInput } from './list-grants.ts';
export { fromMicros, MICROS_PER_CREDIT, toMicros } from '../../core/lib/micros.ts';
export { type CreditRevenue, computeCreditRevenue } from './revenue.ts';
export { reverseCredits, type ReverseCreditsInput } from './reverse.ts';
export { runTopUps, type RunTopUpsResult } from './run-top-ups.ts';
export { type AutoTopUpSettings, setAutoTopUp, type SetAutoTopUpInput } from './set-auto-top-up.ts';
export { setSpendCap, type SetSpendCapInput, type SpendCapSetting } from './set-spend-cap.ts';
export { sweepAlerts, type SweepAlertsOptions } from './sweep-alerts.ts';
export { type CreditsWorker, startCreditsWorker } from './worker.ts';
