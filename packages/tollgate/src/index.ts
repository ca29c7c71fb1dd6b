// Public library surface of the `tollgate` package.
import './lib/node-version.ts';
export { type Clock, type ManualClock, manualClock, systemClock, unixSeconds } from './lib/clock.ts';
export type { Deps } from './lib/deps.ts';
export {
  type AppError,
  appError,
  ConfigError,
  ERROR_CODES,
  type ErrorBody,
  type ErrorCode,
  errorBody,
  httpStatus,
  TollgateError,
} from './lib/errors.ts';
export { createIds, idTime, type Ids } from './lib/ids.ts';
export { createLogger, type Logger, silentLogger } from './lib/log.ts';
export {
  addMoney,
  currencyExponent,
  formatMoney,
  fromDecimalString,
  type Money,
  money,
  multiplyMoney,
  subtractMoney,
  toDecimalString,
} from './lib/money.ts';
export { err, ok, type Result, unwrap } from './lib/result.ts';
export { connect, type ConnectOptions, type Database, type Db, type Driver } from './db/connect.ts';
export { migrate } from './db/migrate.ts';
export { type AppOptions, createApp, type TollgateApp } from './server/app.ts';
export { nodeHandler } from './server/node.ts';
export { listen } from './server/listen.ts';
export type { AppPrincipal, AuthenticateHook } from './auth/authenticate.ts';
export { createApiKey, listApiKeys, revokeApiKey } from './auth/keys.ts';
export { loadTokenSecret, mintCustomerToken, verifyCustomerToken } from './auth/tokens.ts';
export { createWebhookEndpoint, disableWebhookEndpoint, listWebhookEndpoints } from './outbound/endpoints.ts';
export { deliverToEndpoint } from './outbound/deliver.ts';
export { listWebhookDeliveries, replayWebhooks } from './outbound/replay.ts';
export { startOutboundWorker } from './outbound/worker.ts';
export { signPayload, verifyWebhook } from './outbound/sign.ts';
export { createStripeClient } from './stripe/client.ts';
export { VERSION } from './version.ts';
export { defaultConfig, defineConfig, validateConfig, type TollgateConfig } from './config/index.ts';
export { applyPush, describeStep, planPush, pushConfig, type PushPlan, type PushResult, type PushStep } from './push/index.ts';
export * from './entitlements/index.ts';
export * from './usage/index.ts';
export * from './reporter/index.ts';
export * from './customers/index.ts';
export * from './checkout/index.ts';
export * from './portal/index.ts';
export * from './subscriptions/index.ts';
export * from './plans/index.ts';
export * from './mirror/public.ts';
export * from './licenses/index.ts';
export * from './credits/index.ts';
