import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mobile-library circulation captured offline: a device uploads a batch of checkouts, check-ins and renewals with
 * client ids and the times they happened; the batch is applied once (offline_batches_client_uq: a second upload of
 * the same batch finds the first) and in order, each operation's outcome kept, conflicts for staff to resolve.
 */
export class RotationOfflineBatches1764830000300 implements MigrationInterface {
  name = 'RotationOfflineBatches1764830000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rotation.offline_batches (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL,
        service_point_id uuid,
        device_id text NOT NULL,
        client_batch_id text NOT NULL,
        status text NOT NULL DEFAULT 'applying',
        submitted_by uuid NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        applied_at timestamptz,
        CONSTRAINT offline_batches_pkey PRIMARY KEY (id),
        CONSTRAINT offline_batches_status_chk CHECK (status IN ('applying', 'applied')),
        CONSTRAINT offline_batches_ids_chk CHECK (length(device_id) BETWEEN 1 AND 100 AND length(client_batch_id) BETWEEN 1 AND 100)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX offline_batches_client_uq ON rotation.offline_batches (institution_id, device_id, client_batch_id)`,
    );
    await q.query(`
      CREATE TABLE rotation.offline_ops (
        batch_id uuid NOT NULL,
        seq integer NOT NULL,
        client_op_id text NOT NULL,
        kind text NOT NULL,
        card_number text,
        barcode text NOT NULL,
        occurred_at timestamptz NOT NULL,
        outcome text NOT NULL DEFAULT 'pending',
        code text,
        message text,
        message_vi text,
        loan_id uuid,
        resolved_at timestamptz,
        resolved_by uuid,
        resolution_note text,
        CONSTRAINT offline_ops_pkey PRIMARY KEY (batch_id, seq),
        CONSTRAINT offline_ops_batch_fkey FOREIGN KEY (batch_id) REFERENCES rotation.offline_batches (id) ON DELETE CASCADE,
        CONSTRAINT offline_ops_kind_chk CHECK (kind IN ('checkout', 'checkin', 'renewal')),
        CONSTRAINT offline_ops_outcome_chk CHECK (outcome IN ('pending', 'applied', 'conflict', 'resolved')),
        CONSTRAINT offline_ops_card_chk CHECK (kind <> 'checkout' OR card_number IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX offline_ops_client_uq ON rotation.offline_ops (batch_id, client_op_id)`);
    await q.query(
      `CREATE INDEX offline_ops_conflicts_idx ON rotation.offline_ops (batch_id) WHERE outcome = 'conflict'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rotation.offline_ops`);
    await q.query(`DROP TABLE rotation.offline_batches`);
  }
}
