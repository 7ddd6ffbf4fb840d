import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * COUNTER's double-click rule for e-resource requests: a repeat by the same user on the same resource within 30 s
 * counts once. One row per (requester, resource) remembers when a request was last counted; rows older than an hour
 * are purged by a maintenance job. The requester key is pseudonymous (a patron's usage key, or a hash).
 */
export class CatalogueEResourceRequests1764400000001 implements MigrationInterface {
  name = 'CatalogueEResourceRequests1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalogue.e_resource_requests_recent (
        requester_key text NOT NULL,
        resource_id uuid NOT NULL,
        counted_at timestamptz NOT NULL,
        CONSTRAINT e_resource_requests_recent_pk PRIMARY KEY (requester_key, resource_id),
        CONSTRAINT e_resource_requests_recent_resource_fk FOREIGN KEY (resource_id) REFERENCES catalogue.digital_resources (id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX e_resource_requests_recent_counted_idx ON catalogue.e_resource_requests_recent (counted_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalogue.e_resource_requests_recent`);
  }
}
