import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export type ItineraryStatus = 'planned' | 'running' | 'finished' | 'cancelled';
export type StageStatus = 'planned' | 'current' | 'done' | 'superseded';

export interface ItineraryRow {
  id: string;
  collectionId: string;
  mode: 'one_way' | 'cyclical';
  startsOn: string;
  status: ItineraryStatus;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface StageRow {
  id: string;
  itineraryId: string;
  seq: number;
  cycle: number;
  hostInstitutionId: string;
  hostServicePointId: string | null;
  plannedDays: number;
  plannedStart: string;
  plannedEnd: string;
  status: StageStatus;
  startedAt: Date | null;
  endedAt: Date | null;
  proposedAt: Date | null;
  lateAt: Date | null;
  supersededAt: Date | null;
}

export interface NewStage {
  seq: number;
  cycle: number;
  hostInstitutionId: string;
  hostServicePointId: string | null;
  plannedDays: number;
  plannedStart: string;
  plannedEnd: string;
}

const IT = `i.id, i.collection_id AS "collectionId", i.mode, i.starts_on::text AS "startsOn", i.status, i.created_at AS "createdAt", i.finished_at AS "finishedAt"`;
const ST = `s.id, s.itinerary_id AS "itineraryId", s.seq, s.cycle, s.host_institution_id AS "hostInstitutionId", s.host_service_point_id AS "hostServicePointId",
  s.planned_days AS "plannedDays", s.planned_start::text AS "plannedStart", s.planned_end::text AS "plannedEnd", s.status, s.started_at AS "startedAt",
  s.ended_at AS "endedAt", s.proposed_at AS "proposedAt", s.late_at AS "lateAt", s.superseded_at AS "supersededAt"`;

/** The only place that queries rotation.itineraries and rotation.stages. */
@Injectable()
export class ItinerariesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  async insert(
    m: EntityManager,
    i: { collectionId: string; mode: string; startsOn: string; by: string },
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO rotation.itineraries (collection_id, mode, starts_on, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [i.collectionId, i.mode, i.startsOn, i.by],
    );
    return row.id;
  }

  async insertStages(m: EntityManager, itineraryId: string, stages: NewStage[]): Promise<void> {
    if (!stages.length) return;
    await m.query(
      `INSERT INTO rotation.stages (itinerary_id, seq, cycle, host_institution_id, host_service_point_id, planned_days, planned_start, planned_end)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::uuid[], $5::uuid[], $6::int[], $7::date[], $8::date[])`,
      [
        itineraryId,
        stages.map((s) => s.seq),
        stages.map((s) => s.cycle),
        stages.map((s) => s.hostInstitutionId),
        stages.map((s) => s.hostServicePointId),
        stages.map((s) => s.plannedDays),
        stages.map((s) => s.plannedStart),
        stages.map((s) => s.plannedEnd),
      ],
    );
  }

  async find(id: string, manager?: EntityManager, lock = false): Promise<ItineraryRow | undefined> {
    const [row] = await this.m(manager).query(
      `SELECT ${IT} FROM rotation.itineraries i WHERE i.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  /** The collection's itinerary in progress (planned or running). */
  async openFor(m: EntityManager, collectionId: string, lock = false): Promise<ItineraryRow | undefined> {
    const [row] = await m.query(
      `SELECT ${IT} FROM rotation.itineraries i WHERE i.collection_id = $1 AND i.status IN ('planned', 'running')${lock ? ' FOR UPDATE' : ''}`,
      [collectionId],
    );
    return row;
  }

  async forCollection(collectionId: string): Promise<ItineraryRow[]> {
    return this.ds.query(
      `SELECT ${IT} FROM rotation.itineraries i WHERE i.collection_id = $1 ORDER BY i.created_at DESC`,
      [collectionId],
    );
  }

  /** Stages in order, superseded ones included (the history of edits). */
  async stages(itineraryId: string, manager?: EntityManager): Promise<StageRow[]> {
    return this.m(manager).query(
      `SELECT ${ST} FROM rotation.stages s WHERE s.itinerary_id = $1 ORDER BY s.seq, s.created_at`,
      [itineraryId],
    );
  }

  async stage(id: string, manager?: EntityManager): Promise<StageRow | undefined> {
    const [row] = await this.m(manager).query(`SELECT ${ST} FROM rotation.stages s WHERE s.id = $1`, [id]);
    return row;
  }

  async setStatus(m: EntityManager, id: string, status: ItineraryStatus): Promise<void> {
    await m.query(
      `UPDATE rotation.itineraries SET status = $2, finished_at = CASE WHEN $2 IN ('finished', 'cancelled') THEN now() ELSE NULL END WHERE id = $1`,
      [id, status],
    );
  }

  async supersede(m: EntityManager, itineraryId: string): Promise<void> {
    await m.query(
      `UPDATE rotation.stages SET status = 'superseded', superseded_at = now() WHERE itinerary_id = $1 AND status = 'planned'`,
      [itineraryId],
    );
  }

  async startStage(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE rotation.stages SET status = 'current', started_at = coalesce(started_at, $2) WHERE id = $1 AND status = 'planned'`,
      [id, at],
    );
  }

  async endCurrent(m: EntityManager, itineraryId: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE rotation.stages SET status = 'done', ended_at = $2 WHERE itinerary_id = $1 AND status = 'current'`,
      [itineraryId, at],
    );
  }

  /**
   * Stages of open itineraries ending on or before `until` (Vietnam date) not yet proposed for advancing, with the
   * collection they belong to; and whether each is already late (`today` past its planned end).
   */
  async ending(
    until: string,
    limit: number,
  ): Promise<(StageRow & { collectionId: string; ownerInstitutionId: string; collectionName: string })[]> {
    return this.ds.query(
      `SELECT ${ST}, i.collection_id AS "collectionId", c.owner_institution_id AS "ownerInstitutionId", c.name AS "collectionName"
       FROM rotation.stages s JOIN rotation.itineraries i ON i.id = s.itinerary_id JOIN rotation.collections c ON c.id = i.collection_id
       WHERE s.status = 'current' AND s.planned_end <= $1 AND i.status = 'running' ORDER BY s.planned_end LIMIT $2`,
      [until, limit],
    );
  }

  async markProposed(m: EntityManager, id: string, at: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE rotation.stages SET proposed_at = $2 WHERE id = $1 AND proposed_at IS NULL RETURNING id`,
      [id, at],
    );
    return rows.length > 0;
  }

  async markLate(m: EntityManager, id: string, at: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE rotation.stages SET late_at = $2 WHERE id = $1 AND late_at IS NULL RETURNING id`,
      [id, at],
    );
    return rows.length > 0;
  }
}
