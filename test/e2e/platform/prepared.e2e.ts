import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, QueryFailedError } from 'typeorm';
import { isUniqueViolation, preparedQuery } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';

// Hot-path statements run as named prepared statements: on the transaction's own connection inside a transaction,
// on a pooled one outside, with TypeORM's error type.
describe('prepared statements (preparedQuery)', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get(DataSource);
    await ds.query(`CREATE TABLE public.prepared_probe (id int PRIMARY KEY, title text NOT NULL)`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const insert = `INSERT INTO public.prepared_probe (id, title) VALUES ($1, $2) RETURNING id, title`;

  it('runs inside the caller’s transaction: sees its uncommitted rows, and rolls back with it', async () => {
    await expect(
      ds.transaction(async (m) => {
        expect(await preparedQuery(m, insert, [1, 'Truyện Kiều'])).toEqual([{ id: 1, title: 'Truyện Kiều' }]);
        // Same connection: the row is visible before commit, and the statement is prepared in this session.
        expect(await preparedQuery(m, `SELECT title FROM public.prepared_probe WHERE id = $1`, [1])).toEqual([
          { title: 'Truyện Kiều' },
        ]);
        const [{ n }] = await m.query(
          `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO public.prepared_probe%'`,
        );
        expect(n).toBe(1);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await preparedQuery(ds, `SELECT title FROM public.prepared_probe WHERE id = $1`, [1])).toEqual([]);
  });

  it('outside a transaction uses the pool; the same text is reused with other values, NFC and NFD alike', async () => {
    await preparedQuery(ds, insert, [2, 'Đất rừng phương Nam']);
    await preparedQuery(ds.manager, insert, [3, 'Đất rừng phương Nam'.normalize('NFD')]);
    const rows = await preparedQuery<{ id: number; title: string }>(
      ds,
      `SELECT id, title FROM public.prepared_probe WHERE id = ANY($1::int[]) ORDER BY id`,
      [[2, 3]],
    );
    expect(rows.map((r) => r.title.normalize('NFC'))).toEqual(['Đất rừng phương Nam', 'Đất rừng phương Nam']);
  });

  it('fails as QueryFailedError with the SQLSTATE, and the transaction is rolled back', async () => {
    const e = await ds
      .transaction(async (m) => {
        await preparedQuery(m, insert, [4, 'Dế Mèn phiêu lưu ký']);
        await preparedQuery(m, insert, [2, 'trùng khóa']);
      })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(e)).toBe(true);
    expect(await preparedQuery(ds, `SELECT id FROM public.prepared_probe WHERE id = $1`, [4])).toEqual([]);
  });
});
