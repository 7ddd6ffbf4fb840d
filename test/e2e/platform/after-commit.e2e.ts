import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { afterCommit } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';

// afterCommit: in-process effects (emptying a cache) that must follow the committed data, never precede it.
describe('afterCommit', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get(DataSource);
    await ds.query(`CREATE TABLE public.after_commit_probe (id int PRIMARY KEY, title text NOT NULL)`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const visibleElsewhere = async (id: number) =>
    (await ds.query(`SELECT 1 FROM public.after_commit_probe WHERE id = $1`, [id])).length === 1;

  it('runs at once outside a transaction (the statement has committed)', () => {
    const ran: string[] = [];
    afterCommit(ds.manager, () => ran.push('now'));
    afterCommit(undefined, () => ran.push('no manager'));
    expect(ran).toEqual(['now', 'no manager']);
  });

  it('runs once the transaction has committed, when its rows are visible to every connection', async () => {
    const seen: boolean[] = [];
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO public.after_commit_probe (id, title) VALUES (1, 'Nhật ký trong tù')`);
      afterCommit(m, () => seen.push(true));
      afterCommit(m, () => seen.push(true));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([true, true]);
    expect(await visibleElsewhere(1)).toBe(true);
  });

  it('never runs when the transaction rolls back, and does not leak into the next one on that connection', async () => {
    const ran: string[] = [];
    await expect(
      ds.transaction(async (m) => {
        await m.query(`INSERT INTO public.after_commit_probe (id, title) VALUES (2, 'Dế Mèn phiêu lưu ký')`);
        afterCommit(m, () => ran.push('rolled back'));
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    await ds.transaction(async (m) => {
      await m.query(`SELECT 1`);
    });
    expect(ran).toEqual([]);
    expect(await visibleElsewhere(2)).toBe(false);
  });

  it('inside a nested transaction (savepoint) waits for the outer commit', async () => {
    const ran: string[] = [];
    await ds.transaction(async (m) => {
      await m.transaction(async (inner) => {
        await inner.query(`INSERT INTO public.after_commit_probe (id, title) VALUES (3, 'Đất rừng phương Nam')`);
        afterCommit(inner, () => ran.push('outer committed'));
      });
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['outer committed']);
  });
});
