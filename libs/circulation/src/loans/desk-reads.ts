import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@suotdoi/platform';
import { HOLD_COLUMNS, holdFromJson, type HoldRow } from '../holds/holds.repository.js';
import { TRANSFER_COLUMNS, transferFromJson, type TransferRow } from '../transfers/transfers.repository.js';
import {
  LOAN_COLUMNS,
  loanFromJson,
  standingFromJson,
  standingSql,
  type LoanRow,
  type Standing,
} from './loans.repository.js';

/** What a checkout decides on, read in one statement. */
export interface CheckoutState {
  standing: Standing;
  /** The hold this copy is trapped for (in transit to, or waiting on, a hold shelf). */
  trap: HoldRow | undefined;
  /** The copy's open transfer, locked. */
  transfer: TransferRow | undefined;
  /** The borrower's own waiting hold on the record. */
  waiting: HoldRow | undefined;
  /** Waiting, unsuspended holds of other patrons this copy could fill, ahead of the borrower's own (if any). */
  othersWaiting: number;
}

/** What a check-in acts on, read (and locked) in one statement. */
export interface CheckinState {
  /** The copy's open loan, locked, with whether its borrower keeps a reading history. */
  loan: (LoanRow & { keepHistory: boolean }) | undefined;
  transfer: TransferRow | undefined;
  trap: HoldRow | undefined;
  /**
   * Whether any hold waits on the record (read without the queue lock; waiting ⇔ queue_position set, see
   * holds_position_chk, so the queue-position index answers). When none does, the copy is routed without
   * taking the queue lock: a hold placed at this very moment waits with the copy on the shelf, exactly as a hold
   * placed a moment after the check-in would.
   */
  holdsWaiting: boolean;
}

const trapOf = (copy: string) =>
  `(SELECT row_to_json(x) FROM (SELECT ${HOLD_COLUMNS} FROM circulation.holds h WHERE h.trapped_copy_id = ${copy} AND h.status IN ('in_transit', 'ready') LIMIT 1) x)`;
const openTransferOf = (copy: string) =>
  `(SELECT row_to_json(x) FROM (SELECT ${TRANSFER_COLUMNS} FROM circulation.transfers t WHERE t.copy_id = ${copy} AND t.status = 'in_transit' LIMIT 1 FOR UPDATE) x)`;

// Built once: the texts are the prepared statements' identity, and the desk runs them on every request.
const CHECKOUT_SQL = `SELECT (${standingSql('$1', '$4', 'NULL')}) AS standing,
              ${trapOf('$2::uuid')} AS trap,
              ${openTransferOf('$2::uuid')} AS transfer,
              (SELECT row_to_json(x) FROM (SELECT ${HOLD_COLUMNS} FROM circulation.holds h WHERE h.patron_id = $1::uuid AND h.record_id = $3::uuid AND h.status = 'waiting' LIMIT 1) x) AS waiting,
              (SELECT count(*)::int FROM circulation.holds h
                WHERE h.record_id = $3::uuid AND h.queue_position IS NOT NULL AND h.patron_id <> $1::uuid
                  AND (h.copy_id IS NULL OR h.copy_id = $2::uuid)
                  AND (h.suspended_until IS NULL OR h.suspended_until < ($4::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
                  AND h.queue_position < coalesce((SELECT w.queue_position FROM circulation.holds w
                    WHERE w.patron_id = $1::uuid AND w.record_id = $3::uuid AND w.queue_position IS NOT NULL), 2147483647)) AS "othersWaiting"`;
const CHECKIN_SQL = `SELECT (SELECT row_to_json(x) FROM (
                 SELECT ${LOAN_COLUMNS}, coalesce((SELECT s.keep_history FROM circulation.patron_settings s WHERE s.patron_id = l.patron_id), false) AS "keepHistory"
                 FROM circulation.loans l WHERE l.copy_id = $1::uuid AND l.returned_at IS NULL LIMIT 1 FOR UPDATE OF l) x) AS loan,
              ${openTransferOf('$1::uuid')} AS transfer,
              ${trapOf('$1::uuid')} AS trap,
              EXISTS (SELECT 1 FROM circulation.holds h WHERE h.record_id = $2::uuid AND h.queue_position IS NOT NULL) AS "holdsWaiting"`;

/**
 * The desk's hot path reads several small things per request; each is its own round trip in the repositories. Here
 * the reads a checkout or a check-in needs go in one statement (the same SQL, joined as sub-selects), which on a busy
 * desk is most of the cost. Locks are the same as the separate reads take. The caller holds the transaction.
 */
@Injectable()
export class DeskReads {
  /** Call after locking the patron (PatronSettingsRepository.lock), so the standing counts see every committed loan. */
  async checkout(
    m: EntityManager,
    q: { patronId: string; copyId: string; recordId: string; now: Date },
  ): Promise<CheckoutState> {
    const [row] = await preparedQuery<{
      standing: Parameters<typeof standingFromJson>[0];
      trap: HoldRow | null;
      transfer: TransferRow | null;
      waiting: HoldRow | null;
      othersWaiting: number;
    }>(m, CHECKOUT_SQL, [q.patronId, q.copyId, q.recordId, q.now]);
    return {
      standing: standingFromJson(row.standing),
      trap: holdFromJson(row.trap),
      transfer: transferFromJson(row.transfer),
      waiting: holdFromJson(row.waiting),
      othersWaiting: Number(row.othersWaiting),
    };
  }

  async checkin(m: EntityManager, copyId: string, recordId: string): Promise<CheckinState> {
    const [row] = await preparedQuery<{
      loan: (LoanRow & { keepHistory: boolean }) | null;
      transfer: TransferRow | null;
      trap: HoldRow | null;
      holdsWaiting: boolean;
    }>(m, CHECKIN_SQL, [copyId, recordId]);
    return {
      loan: loanFromJson(row.loan),
      transfer: transferFromJson(row.transfer),
      trap: holdFromJson(row.trap),
      holdsWaiting: row.holdsWaiting,
    };
  }
}
