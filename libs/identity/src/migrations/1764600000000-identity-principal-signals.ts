import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables a Principal is read from signal their changes (platform.signal_change): each process keeps principals in
 * memory (PrincipalCache) and forgets them when any of these change. Only the columns a Principal reads fire on UPDATE,
 * so sign-in counters and profile edits do not empty every process's cache.
 */
export class IdentityPrincipalSignals1764600000000 implements MigrationInterface {
  name = 'IdentityPrincipalSignals1764600000000';

  async up(q: QueryRunner): Promise<void> {
    const on = {
      accounts: 'INSERT OR UPDATE OF status, system_admin, token_version OR DELETE OR TRUNCATE',
      patrons: 'INSERT OR UPDATE OF status, account_id OR DELETE OR TRUNCATE',
      staff_roles: 'INSERT OR UPDATE OR DELETE OR TRUNCATE',
      admin_scopes: 'INSERT OR UPDATE OR DELETE OR TRUNCATE',
    };
    for (const [table, events] of Object.entries(on)) {
      await q.query(
        `CREATE TRIGGER ${table}_signal_change_trg AFTER ${events} ON identity.${table} FOR EACH STATEMENT EXECUTE FUNCTION platform.signal_change()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['accounts', 'patrons', 'staff_roles', 'admin_scopes'])
      await q.query(`DROP TRIGGER ${table}_signal_change_trg ON identity.${table}`);
  }
}
