import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A short number being typed (`97860`, `8935`) completes into the ISBNs it begins again (PostgreSQL adapter).
 * `search_lexemes` leaves ISBNs out (the word being typed is expanded shortest first, which would read every ISBN
 * under a short prefix), and a GIN prefix match (`'97860':*`) reads the posting list of every ISBN it matches, so a
 * number of fewer than six digits matched nothing. `search_isbns` holds every ISBN of the documents in both forms the
 * folded tsvectors hold (ISBN-13, and ISBN-10 for 978 ones, lower-case x): the first ISBNs in order under a prefix are
 * a range of its primary key, read up to the expansion limit whatever the catalogue size. Like `search_lexemes`, it
 * only grows: an ISBN no document has any more completes into nothing.
 */
export class CatalogueSearchIsbnPrefixes1764400000200 implements MigrationInterface {
  name = 'CatalogueSearchIsbnPrefixes1764400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE catalogue.search_isbns (isbn text COLLATE "C" NOT NULL, CONSTRAINT search_isbns_pkey PRIMARY KEY (isbn))`,
    );
    // The ISBN-10 of a 978 ISBN-13: its nine body digits and the mod-11 check digit (isbn10Of in the adapter).
    await q.query(`
      INSERT INTO catalogue.search_isbns (isbn)
      SELECT DISTINCT f.isbn
      FROM catalogue.search_documents d
      CROSS JOIN LATERAL unnest(d.isbns) AS i(isbn13)
      CROSS JOIN LATERAL (SELECT (11 - sum(substr(i.isbn13, 3 + k, 1)::int * (11 - k)) % 11) % 11 AS c FROM generate_series(1, 9) AS k) w
      CROSS JOIN LATERAL (VALUES (i.isbn13),
        (CASE WHEN i.isbn13 LIKE '978%' THEN substr(i.isbn13, 4, 9) || CASE w.c WHEN 10 THEN 'x' ELSE w.c::text END END)) AS f(isbn)
      WHERE i.isbn13 ~ '^97[89][0-9]{10}$' AND f.isbn IS NOT NULL
      ORDER BY 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalogue.search_isbns`);
  }
}
