/** The API's Microsoft 365 boundary: typed Graph and Exchange clients, their errors, budget and transport. */
export { GraphClient } from './graphClient.ts';
export { batchItemError, type BatchRequest, type BatchResult } from './graphBatch.ts';
export type {
  GraphClientOptions,
  LicenseChange,
  ListUsersOptions,
  Page,
  RoomPatch,
  UserPatch,
  UsersByIds,
  UsersDelta,
} from './graphClient.ts';
export { GraphSignIns, REPORTS_PER_ENVELOPE, type PerAccount, type SignInActivityRead } from './graphSignIns.ts';
export type { GraphConditionalAccessPolicy, SignInLogEntry } from './schemas.ts';
export { ExchangeClient } from './exchangeClient.ts';
export { ExchangeBatchPool } from './exchangeBatcher.ts';
export type {
  CalendarProcessingParams,
  CmdletResult,
  ExchangeClientOptions,
  MailboxParams,
  PlaceParams,
  RecipientTypeDetails,
} from './exchangeClient.ts';
export { DeltaExpiredError, M365Error, type M365ErrorKind, type M365Service } from './errors.ts';
export {
  BudgetRegistry,
  scaleBudgetLimits,
  DEFAULT_BUDGET_LIMITS,
  BudgetWaitExceeded,
  LocalRateBucket,
  systemClock,
  type BudgetCall,
  type BudgetLimits,
  type CallOutcome,
  type Clock,
  type Lease,
  type RateBucket,
  type RateBucketFactory,
  type RatePolicy,
  type RateSpec,
  type TenantBudget,
} from './budget.ts';
export { createTransport, NetworkError, type HttpRequest, type HttpResponse, type Transport, type TransportOptions } from './transport.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
export type { CallOptions } from './resilientCall.ts';
export type {
  CalendarProcessing,
  DirectoryRole,
  ExchangeMailbox,
  ExchangePlace,
  GraphRoom,
  GraphUser,
  LicenseDetail,
  Organization,
  SubscribedSku,
} from './schemas.ts';
