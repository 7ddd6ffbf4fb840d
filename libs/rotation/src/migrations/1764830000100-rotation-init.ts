import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rotating collections (bộ sách luân chuyển), their itineraries of stages, and shipments (đợt luân chuyển) with
 * their items, unexpected scans and every copy's journey. The invariants are the database's: a copy is in at most
 * one active collection and in at most one open shipment; a collection has at most one open shipment and one open
 * itinerary; an itinerary has at most one current stage.
 */
export class RotationInit1764830000100 implements MigrationInterface {
  name = 'RotationInit1764830000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS rotation`);
    await q.query(`
      CREATE TABLE rotation.collections (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        owner_institution_id uuid NOT NULL,
        name text NOT NULL,
        notes text,
        themes text[] NOT NULL DEFAULT '{}',
        kind text NOT NULL DEFAULT 'rotating',
        status text NOT NULL DEFAULT 'active',
        current_institution_id uuid NOT NULL,
        current_stage_id uuid,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT collections_pkey PRIMARY KEY (id),
        CONSTRAINT collections_name_chk CHECK (length(btrim(name)) BETWEEN 1 AND 300),
        CONSTRAINT collections_kind_chk CHECK (kind IN ('rotating', 'deposit')),
        CONSTRAINT collections_status_chk CHECK (status IN ('active', 'retired'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX collections_owner_name_uq ON rotation.collections (owner_institution_id, lower(name)) WHERE status = 'active'`,
    );
    await q.query(`CREATE INDEX collections_current_institution_idx ON rotation.collections (current_institution_id)`);

    await q.query(`
      CREATE TABLE rotation.collection_copies (
        id bigint GENERATED ALWAYS AS IDENTITY,
        collection_id uuid NOT NULL,
        copy_id uuid NOT NULL,
        record_id uuid NOT NULL,
        barcode text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        added_by uuid,
        removed_at timestamptz,
        removed_by uuid,
        CONSTRAINT collection_copies_pkey PRIMARY KEY (id),
        CONSTRAINT collection_copies_collection_fkey FOREIGN KEY (collection_id) REFERENCES rotation.collections (id) ON DELETE RESTRICT,
        CONSTRAINT collection_copies_removed_chk CHECK (removed_at IS NULL OR removed_at >= added_at)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX collection_copies_one_active_uq ON rotation.collection_copies (copy_id) WHERE removed_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX collection_copies_collection_idx ON rotation.collection_copies (collection_id) WHERE removed_at IS NULL`,
    );
    await q.query(`CREATE INDEX collection_copies_copy_idx ON rotation.collection_copies (copy_id, added_at)`);

    await q.query(`
      CREATE TABLE rotation.itineraries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        collection_id uuid NOT NULL,
        mode text NOT NULL,
        starts_on date NOT NULL,
        status text NOT NULL DEFAULT 'planned',
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT itineraries_pkey PRIMARY KEY (id),
        CONSTRAINT itineraries_collection_fkey FOREIGN KEY (collection_id) REFERENCES rotation.collections (id) ON DELETE RESTRICT,
        CONSTRAINT itineraries_mode_chk CHECK (mode IN ('one_way', 'cyclical')),
        CONSTRAINT itineraries_status_chk CHECK (status IN ('planned', 'running', 'finished', 'cancelled'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX itineraries_one_open_per_collection_uq ON rotation.itineraries (collection_id) WHERE status IN ('planned', 'running')`,
    );

    await q.query(`
      CREATE TABLE rotation.stages (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        itinerary_id uuid NOT NULL,
        seq integer NOT NULL,
        cycle integer NOT NULL DEFAULT 1,
        host_institution_id uuid NOT NULL,
        host_service_point_id uuid,
        planned_days integer NOT NULL,
        planned_start date NOT NULL,
        planned_end date NOT NULL,
        status text NOT NULL DEFAULT 'planned',
        started_at timestamptz,
        ended_at timestamptz,
        proposed_at timestamptz,
        late_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        superseded_at timestamptz,
        CONSTRAINT stages_pkey PRIMARY KEY (id),
        CONSTRAINT stages_itinerary_fkey FOREIGN KEY (itinerary_id) REFERENCES rotation.itineraries (id) ON DELETE RESTRICT,
        CONSTRAINT stages_seq_chk CHECK (seq >= 1 AND cycle >= 1),
        CONSTRAINT stages_days_chk CHECK (planned_days BETWEEN 1 AND 1100),
        CONSTRAINT stages_dates_chk CHECK (planned_end >= planned_start),
        CONSTRAINT stages_status_chk CHECK (status IN ('planned', 'current', 'done', 'superseded')),
        CONSTRAINT stages_superseded_chk CHECK ((status = 'superseded') = (superseded_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX stages_seq_uq ON rotation.stages (itinerary_id, seq) WHERE status <> 'superseded'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX stages_one_current_uq ON rotation.stages (itinerary_id) WHERE status = 'current'`,
    );
    await q.query(
      `CREATE INDEX stages_open_end_idx ON rotation.stages (planned_end) WHERE status IN ('planned', 'current')`,
    );
    await q.query(`CREATE INDEX stages_host_idx ON rotation.stages (host_institution_id)`);

    await q.query(`
      CREATE TABLE rotation.shipments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        collection_id uuid NOT NULL,
        stage_id uuid,
        from_institution_id uuid NOT NULL,
        to_institution_id uuid NOT NULL,
        to_service_point_id uuid,
        status text NOT NULL DEFAULT 'preparing',
        prepared_at timestamptz NOT NULL DEFAULT now(),
        prepared_by uuid,
        dispatched_at timestamptz,
        dispatched_by uuid,
        first_received_at timestamptz,
        closed_at timestamptz,
        closed_by uuid,
        note text,
        CONSTRAINT shipments_pkey PRIMARY KEY (id),
        CONSTRAINT shipments_collection_fkey FOREIGN KEY (collection_id) REFERENCES rotation.collections (id) ON DELETE RESTRICT,
        CONSTRAINT shipments_stage_fkey FOREIGN KEY (stage_id) REFERENCES rotation.stages (id) ON DELETE RESTRICT,
        CONSTRAINT shipments_status_chk CHECK (status IN ('preparing', 'in_transit', 'closed', 'cancelled')),
        CONSTRAINT shipments_dispatched_chk CHECK (status IN ('preparing', 'cancelled') OR dispatched_at IS NOT NULL),
        CONSTRAINT shipments_closed_chk CHECK ((status IN ('closed', 'cancelled')) = (closed_at IS NOT NULL)),
        CONSTRAINT shipments_route_chk CHECK (from_institution_id <> to_institution_id OR to_service_point_id IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX shipments_one_open_per_collection_uq ON rotation.shipments (collection_id) WHERE status IN ('preparing', 'in_transit')`,
    );
    await q.query(`CREATE INDEX shipments_to_idx ON rotation.shipments (to_institution_id, status)`);
    await q.query(`CREATE INDEX shipments_from_idx ON rotation.shipments (from_institution_id, status)`);

    await q.query(`
      CREATE TABLE rotation.shipment_items (
        shipment_id uuid NOT NULL,
        copy_id uuid NOT NULL,
        record_id uuid NOT NULL,
        barcode text NOT NULL,
        title text NOT NULL,
        call_number text,
        state text NOT NULL,
        open boolean NOT NULL DEFAULT true,
        received_at timestamptz,
        received_by uuid,
        note text,
        CONSTRAINT shipment_items_pkey PRIMARY KEY (shipment_id, copy_id),
        CONSTRAINT shipment_items_shipment_fkey FOREIGN KEY (shipment_id) REFERENCES rotation.shipments (id) ON DELETE CASCADE,
        CONSTRAINT shipment_items_state_chk CHECK (state IN ('packed', 'to_follow', 'received', 'missing', 'damaged')),
        CONSTRAINT shipment_items_received_chk CHECK (state NOT IN ('received', 'damaged') OR received_at IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX shipment_items_one_open_per_copy_uq ON rotation.shipment_items (copy_id) WHERE open`,
    );
    await q.query(
      `CREATE UNIQUE INDEX shipment_items_barcode_uq ON rotation.shipment_items (shipment_id, upper(barcode))`,
    );

    await q.query(`
      CREATE TABLE rotation.unexpected_scans (
        shipment_id uuid NOT NULL,
        barcode text NOT NULL,
        copy_id uuid,
        scanned_at timestamptz NOT NULL DEFAULT now(),
        scanned_by uuid,
        CONSTRAINT unexpected_scans_pkey PRIMARY KEY (shipment_id, barcode),
        CONSTRAINT unexpected_scans_shipment_fkey FOREIGN KEY (shipment_id) REFERENCES rotation.shipments (id) ON DELETE CASCADE,
        CONSTRAINT unexpected_scans_barcode_chk CHECK (barcode = upper(barcode) AND length(barcode) BETWEEN 1 AND 40)
      )`);

    await q.query(`
      CREATE TABLE rotation.copy_journeys (
        id bigint GENERATED ALWAYS AS IDENTITY,
        copy_id uuid NOT NULL,
        collection_id uuid NOT NULL,
        shipment_id uuid,
        event text NOT NULL,
        institution_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        by uuid,
        note text,
        CONSTRAINT copy_journeys_pkey PRIMARY KEY (id),
        CONSTRAINT copy_journeys_event_chk CHECK (event IN ('added', 'removed', 'dispatched', 'to_follow', 'received', 'missing', 'damaged', 'unexpected'))
      )`);
    await q.query(`CREATE INDEX copy_journeys_copy_idx ON rotation.copy_journeys (copy_id, id)`);
    await q.query(
      `CREATE INDEX copy_journeys_shipment_idx ON rotation.copy_journeys (shipment_id) WHERE shipment_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA rotation CASCADE`);
  }
}
