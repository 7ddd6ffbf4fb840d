import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A copy's current base (where it belongs now): its home, or the host of the rotation stage it is on. Returns are
 * routed to the base. A copy inserted without one is based at home (trigger), so every writer of copies keeps working.
 */
export class CatalogueCopyBase1764830000000 implements MigrationInterface {
  name = 'CatalogueCopyBase1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalogue.copies ADD COLUMN base_institution_id uuid`);
    await q.query(`UPDATE catalogue.copies SET base_institution_id = home_institution_id`);
    await q.query(`ALTER TABLE catalogue.copies ALTER COLUMN base_institution_id SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION catalogue.copies_default_base() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.base_institution_id IS NULL THEN NEW.base_institution_id := NEW.home_institution_id; END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER copies_default_base_trg BEFORE INSERT ON catalogue.copies FOR EACH ROW EXECUTE FUNCTION catalogue.copies_default_base()`,
    );
    // Only copies away from home are looked up by base (a host's rotating stock); the rest would bloat the index.
    await q.query(
      `CREATE INDEX copies_base_away_idx ON catalogue.copies (base_institution_id) WHERE base_institution_id <> home_institution_id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER copies_default_base_trg ON catalogue.copies`);
    await q.query(`DROP FUNCTION catalogue.copies_default_base()`);
    await q.query(`ALTER TABLE catalogue.copies DROP COLUMN base_institution_id`);
  }
}
