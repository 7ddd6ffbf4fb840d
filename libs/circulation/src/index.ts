/**
 * Circulation: the rule matrix (institution × patron category × item type, most specific wins), desk loans with
 * one open loan per copy enforced by the database, renewals, returns anywhere, holds with a fair queue, online
 * reservation, transfers, patron notices. Other modules talk to it through these services and ports.
 */
export * from './circulation.module.js';
export * from './circulation.errors.js';
export { circulationMigrations } from './migrations/index.js';
export {
  FALLBACK_ORDER,
  pickRule,
  type CirculationRule,
  type RuleKey,
  type Situation,
} from './policies/rule-matrix.js';
export { REFUSALS, type Decision, type MatchedRule, type Reason } from './policies/decision.js';
export { PoliciesService } from './policies/policies.service.js';
export {
  LoansService,
  type LoanView,
  type CheckoutResult,
  type CheckinResult,
  type RenewResult,
} from './loans/loans.service.js';
export { ChargesService, type ChargeView, type ChargePage, type Settlement } from './charges/charges.service.js';
export { HoldsService, type HoldView, type PlaceHoldInput, type HoldResult } from './holds/holds.service.js';
export { TransfersService } from './transfers/transfers.service.js';
export { CirculationNotices, type CirculationNoticeKind } from './notices/circulation.notices.js';
export { ExpireHoldsJob, type ExpireHoldsPayload } from './jobs/expire-holds.job.js';
export { ScanNoticesJob, type ScanNoticesPayload } from './jobs/scan-notices.job.js';
export { NoticeScanService, DUE_SOON_DAYS, HOLD_EXPIRING_HOURS } from './notices/notice-scan.service.js';
export * from './ports/ports.js';
export {
  ELendingService,
  CLAIM_DAYS,
  LINK_TTL_MS,
  hasSeat,
  type LicenceInput,
  type ELoanView,
  type EHoldView,
} from './elending/elending.service.js';
export type { LicenceModel, LicenceRow } from './elending/elending.repository.js';
export { ExpireELoansJob, type ExpireELoansPayload } from './jobs/expire-e-loans.job.js';
