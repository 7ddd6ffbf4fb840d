import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MARC holdings and subject headings. A staged MARC item keeps the holdings (852, Koha's 952) it carries, each with
 * its planned and then actual outcome, and the subject headings with the kind of each subdivision; an item's error
 * has a Vietnamese message beside the English one. A record keeps the MARC subject headings it was imported with, so
 * an export writes 650 $z back as $z.
 */
export class CatalogueMarcHoldings1764960000000 implements MigrationInterface {
  name = 'CatalogueMarcHoldings1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE catalogue.marc_import_items
        ADD COLUMN holdings jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN subject_headings jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN error_message_vi text,
        ADD CONSTRAINT marc_import_items_holdings_chk CHECK (jsonb_typeof(holdings) = 'array'),
        ADD CONSTRAINT marc_import_items_subject_headings_chk CHECK (jsonb_typeof(subject_headings) = 'array')`);
    await q.query(`
      ALTER TABLE catalogue.records
        ADD COLUMN subject_headings jsonb NOT NULL DEFAULT '[]',
        ADD CONSTRAINT records_subject_headings_chk CHECK (jsonb_typeof(subject_headings) = 'array')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalogue.records DROP COLUMN subject_headings`);
    await q.query(
      `ALTER TABLE catalogue.marc_import_items DROP COLUMN holdings, DROP COLUMN subject_headings, DROP COLUMN error_message_vi`,
    );
  }
}
