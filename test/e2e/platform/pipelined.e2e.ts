import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import {
  afterCommit,
  isUniqueViolation,
  pipelinedReads,
  pipelinedTransaction,
  preparedAtCommit,
  preparedQuery,
} from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';

type Query = (...args: unknown[]) => Promise<unknown>;
type Client = {
  query: Query;
  pipeline: boolean;
  on: (event: 'notice', listener: (n: { message: string }) => void) => void;
};

describe('pipelined transactions', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get(DataSource);
    await ds.query(`CREATE TABLE public.pipelined_probe (id int PRIMARY KEY, title text NOT NULL)`);
    // Checked at COMMIT: a failure that only COMMIT can report.
    await ds.query(
      `CREATE TABLE public.pipelined_deferred (id int, CONSTRAINT pipelined_deferred_uq UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)`,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const insert = `INSERT INTO public.pipelined_probe (id, title) VALUES ($1, $2) RETURNING id`;
  const titles = async (ids: number[], on: Pick<DataSource, 'query'> = ds) =>
    (
      (await on.query(`SELECT title FROM public.pipelined_probe WHERE id = ANY($1) ORDER BY id`, [ids])) as {
        title: string;
      }[]
    ).map((r) => r.title);
  /** Round trips made on the connection while `work` runs, and at its commit: statements written while none is unanswered. */
  let trips = 0;
  let unanswered = 0;
  let counting = false;
  /** The statements written while counting, in order, and PostgreSQL's notices (warnings) on any pooled connection. */
  const written: string[] = [];
  const notices: string[] = [];
  const wrapped = new WeakSet<Client>();
  /** Every connection of the pool, each counted as it writes: borrowed all at once, wrapped (once), given back. */
  async function wrapPool(): Promise<void> {
    const runners = Array.from({ length: t.config.DATABASE_POOL_SIZE }, () => ds.createQueryRunner());
    const clients = (await Promise.all(runners.map((r) => r.connect()))) as Client[];
    for (const c of clients) {
      if (wrapped.has(c)) continue;
      wrapped.add(c);
      c.on('notice', (n) => notices.push(n.message));
      const query = c.query.bind(c);
      c.query = (...args: unknown[]) => {
        const answer = query(...args);
        if (!counting) return answer;
        written.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
        if (unanswered++ === 0) trips++;
        void answer.then(
          () => unanswered--,
          () => unanswered--,
        );
        return answer;
      };
    }
    await Promise.all(runners.map((r) => r.release()));
  }
  async function counted<T>(
    work: (m: EntityManager, trips: () => number) => Promise<T>,
    run = pipelinedTransaction,
  ): Promise<{ result: T; trips: number }> {
    await wrapPool();
    trips = 0;
    unanswered = 0;
    written.length = 0;
    notices.length = 0;
    counting = true;
    try {
      const result = await run(ds, (m) => work(m, () => trips));
      return { result, trips };
    } finally {
      counting = false;
    }
  }

  it('sends BEGIN with the first prepared statement and COMMIT with the held ones: one write each', async () => {
    const hooks: string[] = [];
    const { trips } = await counted(async (m, sofar) => {
      expect(await preparedQuery(m, insert, [1, 'Truyện Kiều'])).toEqual([{ id: 1 }]);
      expect(sofar()).toBe(1); // BEGIN and the INSERT, together
      await preparedQuery(m, insert, [2, 'Lục Vân Tiên']);
      expect(sofar()).toBe(2);
      await preparedAtCommit(m, insert, [3, 'Chinh phụ ngâm']);
      afterCommit(m, () => hooks.push('committed'));
      expect(sofar()).toBe(2); // held
      expect(hooks).toEqual([]);
    });
    expect(trips).toBe(3); // the held INSERT and COMMIT, together
    expect(hooks).toEqual(['committed']);
    expect(await titles([1, 2, 3])).toEqual(['Truyện Kiều', 'Lục Vân Tiên', 'Chinh phụ ngâm']);
  });

  it("writes one BEGIN, never TypeORM's START TRANSACTION: PostgreSQL has nothing to warn about", async () => {
    const probe = `SELECT count(*)::int AS n FROM public.pipelined_probe WHERE id = $1`;
    await counted(async (m) => {
      await preparedQuery(m, insert, [90, 'Dế Mèn phiêu lưu ký']);
      await m.transaction((inner) => preparedQuery(inner, insert, [91, 'Đất rừng phương Nam']));
      expect(await m.query(probe, [91])).toEqual([{ n: 1 }]);
      await preparedAtCommit(m, insert, [92, 'Quê nội']);
    });
    expect(written).toEqual([
      'BEGIN',
      insert,
      'SAVEPOINT typeorm_1',
      insert,
      'RELEASE SAVEPOINT typeorm_1',
      probe,
      insert,
      'COMMIT',
    ]);
    expect(notices).toEqual([]);
    expect(await titles([90, 91, 92])).toEqual(['Dế Mèn phiêu lưu ký', 'Đất rừng phương Nam', 'Quê nội']);
    // The notices are heard: a warning raised on a pooled connection is collected.
    await ds.query(`DO $$ BEGIN RAISE WARNING 'đã có một giao dịch'; END $$`);
    expect(notices).toEqual(['đã có một giao dịch']);
  });

  it('sends the statements asked for in one tick together, the first ones with BEGIN', async () => {
    const { result, trips } = await counted(async (m, sofar) => {
      const both = await Promise.all([
        preparedQuery(m, insert, [5, 'Tuổi thơ dữ dội']),
        preparedQuery(m, insert, [6, 'Cánh đồng bất tận']),
      ]);
      expect(sofar()).toBe(1);
      const [again] = await Promise.all([
        preparedQuery(m, `SELECT count(*)::int AS n FROM public.pipelined_probe WHERE id IN (5, 6)`, []),
        m.query(`SELECT 1`),
      ]);
      return [both, again];
    });
    expect(result).toEqual([[[{ id: 5 }], [{ id: 6 }]], [{ n: 2 }]]);
    expect(trips).toBe(3); // BEGIN + two INSERTs; the count with the plain SELECT; COMMIT
  });

  it('reads in autocommit on one connection, one round trip for lookups asked for together, each failing on its own', async () => {
    await ds.query(`INSERT INTO public.pipelined_probe (id, title) VALUES (70, 'Người mẹ cầm súng'), (71, 'Sống mòn')`);
    const one = `SELECT title FROM public.pipelined_probe WHERE id = $1`;
    const { result, trips } = await counted(
      (m) =>
        Promise.all([
          preparedQuery(m, one, [70]),
          preparedQuery(m, one, [71]),
          preparedQuery(m, `SELECT 1/0 AS x WHERE $1::int > 0`, [1]).catch((e: unknown) => e),
        ]),
      pipelinedReads,
    );
    expect(result.slice(0, 2)).toEqual([[{ title: 'Người mẹ cầm súng' }], [{ title: 'Sống mòn' }]]);
    expect(result[2]).toBeInstanceOf(QueryFailedError);
    expect(trips).toBe(1);
    // Not a transaction: what one read does stays whatever the others do.
    await pipelinedReads(ds, async (m) => {
      await Promise.all([
        preparedQuery(m, insert, [72, 'Làng']),
        preparedQuery(m, insert, [70, 'Trùng khóa']).catch(() => undefined),
      ]);
    });
    expect(await titles([72])).toEqual(['Làng']);
  });

  it('is isolated until the commit, and rolls back everything when the work throws', async () => {
    const hooks: string[] = [];
    // Another connection, taken before the transaction (the nested-connection guard refuses one taken inside it).
    const other = ds.createQueryRunner();
    await other.connect();
    try {
      await expect(
        pipelinedTransaction(ds, async (m) => {
          await preparedQuery(m, insert, [10, 'Số đỏ']);
          expect(await titles([10], other)).toEqual([]); // another connection does not see it
          await m.query(`INSERT INTO public.pipelined_probe (id, title) VALUES (11, 'Tắt đèn')`);
          await preparedAtCommit(m, insert, [12, 'Bỉ vỏ']);
          afterCommit(m, () => hooks.push('committed'));
          throw new Error('rolled back on purpose');
        }),
      ).rejects.toThrow('rolled back on purpose');
    } finally {
      await other.release();
    }
    expect(await titles([10, 11, 12])).toEqual([]);
    expect(hooks).toEqual([]);
  });

  it('a statement the work left unawaited is rolled back with the rest, never run after the ROLLBACK', async () => {
    await expect(
      pipelinedTransaction(ds, async (m) => {
        await preparedQuery(m, insert, [80, 'Thời xa vắng']);
        void preparedQuery(m, insert, [81, 'Bến quê']).catch(() => undefined);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await titles([80, 81])).toEqual([]);
  });

  it('a first statement that is not prepared still runs inside the transaction', async () => {
    await expect(
      pipelinedTransaction(ds, async (m) => {
        await m.query(`INSERT INTO public.pipelined_probe (id, title) VALUES (20, 'Vợ nhặt')`);
        await preparedQuery(m, insert, [21, 'Chí Phèo']);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await titles([20, 21])).toEqual([]);
  });

  it('a held statement that fails at the commit rolls the whole transaction back, with its error', async () => {
    await ds.query(`INSERT INTO public.pipelined_probe (id, title) VALUES (30, 'Đã có')`);
    const hooks: string[] = [];
    const failure = await pipelinedTransaction(ds, async (m) => {
      await preparedQuery(m, insert, [31, 'Nỗi buồn chiến tranh']);
      await preparedAtCommit(m, insert, [30, 'Trùng khóa']);
      afterCommit(m, () => hooks.push('committed'));
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(failure)).toBe(true);
    expect(await titles([30, 31])).toEqual(['Đã có']);
    expect(hooks).toEqual([]);
  });

  it('a COMMIT refused by a deferred constraint is thrown, and nothing is kept', async () => {
    const failure = await pipelinedTransaction(ds, async (m) => {
      await preparedQuery(m, insert, [40, 'Mảnh đất lắm người nhiều ma']);
      await m.query(`INSERT INTO public.pipelined_deferred (id) VALUES (1), (1)`);
    }).catch((e: unknown) => e);
    expect(isUniqueViolation(failure)).toBe(true);
    expect(await titles([40])).toEqual([]);
  });

  it('nests as savepoints, and leaves its connection to the pool as it found it', async () => {
    await pipelinedTransaction(ds, async (m) => {
      await preparedQuery(m, insert, [50, 'Đất nước đứng lên']);
      await m
        .transaction(async (inner) => {
          await preparedQuery(inner, insert, [51, 'Rừng xà nu']);
          throw new Error('savepoint rolled back');
        })
        .catch(() => undefined);
      await preparedAtCommit(m, insert, [52, 'Hòn đất']);
    });
    expect(await titles([50, 51, 52])).toEqual(['Đất nước đứng lên', 'Hòn đất']);
    // Every pooled connection is back outside any transaction.
    const clients = await Promise.all(Array.from({ length: 3 }, () => ds.createQueryRunner()));
    try {
      for (const r of clients) {
        const c = (await r.connect()) as Client;
        expect(c.pipeline).toBe(true);
        expect(await r.query(`SELECT now() = statement_timestamp() AS outside`)).toEqual([{ outside: true }]);
      }
    } finally {
      for (const r of clients) await r.release();
    }
  });

  it('nothing run, nothing sent; only held statements: they are the transaction', async () => {
    expect(await pipelinedTransaction(ds, async () => 'rỗng')).toBe('rỗng');
    await pipelinedTransaction(ds, async (m) => {
      await preparedAtCommit(m, insert, [60, 'Bến không chồng']);
      await preparedAtCommit(m, insert, [61, 'Mùa lá rụng trong vườn']);
    });
    expect(await titles([60, 61])).toEqual(['Bến không chồng', 'Mùa lá rụng trong vườn']);
  });
});
