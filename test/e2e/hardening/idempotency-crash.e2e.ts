// Idempotency keys after a crash: the API is SIGKILLed while an idempotent POST is inside its business transaction,
// or after the commit but before the response is stored. Restarted, the same key must run the request again (nothing
// was committed) or say the outcome was lost (it was committed) — never answer "in progress" for a day, never run
// twice. Replays are byte-identical, headers that matter included (a 202's Location).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { auth, createInstitution, createStaff, createSystemAdmin, createUnit } from '../../support/fixtures.js';
import { TestTasksModule } from '../../support/test-tasks.module.js';
import { startApiProcess, type ApiProcess } from './api-process.js';

const JWT_SECRET = randomBytes(32).toString('hex');

describe('Idempotency-Key across an API crash', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: pg.Client;
  let admin: { token: string };
  let unitId: string;
  const started: ApiProcess[] = [];
  const startApi = async () => {
    const api = await startApiProcess({
      DATABASE_URL: db.url,
      JWT_SECRET,
      IDEMPOTENCY_LEASE_SECONDS: '2',
      QUEUE_PREFIX: `t_${db.name.slice(-8)}`,
      STORAGE_DIR: `.data/test-storage/${db.name}`,
    });
    started.push(api);
    return api;
  };
  const post = (api: ApiProcess, key: string, body: object) =>
    fetch(`${api.url}/institutions`, {
      method: 'POST',
      headers: { ...auth(admin.token), 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
  const institutions = async (name: string) =>
    Number((await sql.query('SELECT count(*) AS n FROM network.institutions WHERE name = $1', [name])).rows[0].n);
  const keyRow = async (key: string) =>
    (
      await sql.query(
        'SELECT state, committed_at IS NOT NULL AS committed FROM platform.idempotency_keys WHERE key = $1',
        [key],
      )
    ).rows[0] as { state: string; committed: boolean } | undefined;
  /** Wait until a backend of the API's database runs `statement` and is stuck on `what` (a lock, or pg_sleep). */
  const stuckBackend = (
    statement: string,
    what: { waitEventType: string; waitEvent?: string },
    answered: () => string | undefined = () => undefined,
  ) =>
    eventually(async () => {
      // The request must be in flight, not answered (e.g. refused) already.
      if (answered()) throw new Error(`the request was answered: ${answered()}`);
      const { rows } = await sql.query(
        `SELECT pid FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND wait_event_type = $2 AND ($3::text IS NULL OR wait_event = $3)
           AND position($4 IN query) > 0`,
        [db.name, what.waitEventType, what.waitEvent ?? null, statement],
      );
      return rows[0]?.pid as number | undefined;
    }, 120_000);
  /** The in-flight request failed because its server died (fetch rejects with "fetch failed"). */
  const failed = async (p: Promise<unknown>) => String(((await p) as Error | undefined)?.message);

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await bootTestApp({ db, env: { JWT_SECRET }, modules: [TestTasksModule] });
    admin = await createSystemAdmin(t);
    const province = await createUnit(t, { name: 'Tỉnh Quảng Bình' });
    unitId = (await createUnit(t, { level: 'commune', parentId: province.unitId, name: 'Xã Đồng Trạch' })).unitId;
    sql = new pg.Client({ connectionString: db.url });
    sql.on('error', () => undefined); // the database is dropped under it at the end
    await sql.connect();
  });
  afterAll(async () => {
    for (const api of started) await api.kill();
    await sql?.end();
    await t?.close();
    await db?.drop();
  });

  it('killed inside the business transaction: the retry runs it once, then replays byte for byte', async () => {
    const name = 'Thư viện xã Đồng Trạch — sau sự cố'.normalize('NFD');
    const body = { code: 'QB-DT-TV', name, type: 'public_library', level: 'commune', unitId };
    const api = await startApi();
    // Another transaction holds an uncommitted row with the same code: the request's INSERT, inside its business
    // transaction, waits on it; then the request's process dies.
    const locker = new pg.Client({ connectionString: db.url });
    locker.on('error', () => undefined);
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(
      `INSERT INTO network.institutions (code, name, type, level) VALUES ('QB-DT-TV', 'Chặn tạm', 'public_library', 'commune')`,
    );
    let answered: string | undefined;
    const inFlight = post(api, 'chet-giua-chung-1', body).then(
      async (r) => {
        answered = `${r.status} ${await r.text()}`;
        return new Error(answered);
      },
      (e: unknown) => e,
    );
    await stuckBackend('INSERT INTO network.institutions', { waitEventType: 'Lock' }, () => answered);
    expect(await keyRow('chet-giua-chung-1')).toEqual({ state: 'in_progress', committed: false });
    await api.kill();
    expect(await failed(inFlight)).toBe('fetch failed');
    await locker.query('ROLLBACK');
    await locker.end();
    expect(await institutions(name.normalize('NFC'))).toBe(0);

    const again = await startApi();
    // Until the dead request's lease lapses (2 s here) the key is still in progress; then the retry runs.
    const retry = await eventually(async () => {
      const res = await post(again, 'chet-giua-chung-1', body);
      if (res.status === 409) {
        expect(((await res.json()) as { code: string }).code).toBe('platform/idempotency_in_progress');
        return undefined;
      }
      return res;
    });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    const first = await retry.text();
    expect(JSON.parse(first).name).toBe(name.normalize('NFC'));
    expect(await institutions(name.normalize('NFC'))).toBe(1);

    const replay = await post(again, 'chet-giua-chung-1', body);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('content-type')).toBe(retry.headers.get('content-type'));
    expect(await replay.text()).toBe(first);
    expect(await institutions(name.normalize('NFC'))).toBe(1);
  }, 600_000);

  it('killed after the commit, before the response was stored: the retry says so and nothing runs twice', async () => {
    // Test-only: the completion of this key waits in the database, so the process can be killed right there.
    await sql.query(`
      CREATE OR REPLACE FUNCTION public.hold_completion() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.state = 'completed' AND NEW.key = 'sau-commit-2' THEN PERFORM pg_sleep(120); END IF;
        RETURN NEW;
      END $$`);
    await sql.query(`CREATE TRIGGER hold_completion BEFORE UPDATE ON platform.idempotency_keys
      FOR EACH ROW EXECUTE FUNCTION public.hold_completion()`);
    const name = 'Thư viện xã Hải Ninh — đã ghi';
    const body = { name, type: 'public_library', level: 'commune', unitId };
    const api = await startApi();
    const inFlight = post(api, 'sau-commit-2', body).catch((e: unknown) => e);
    const sleeper = await stuckBackend('platform.idempotency_keys', { waitEventType: 'Timeout', waitEvent: 'PgSleep' });
    await api.kill();
    expect(await failed(inFlight)).toBe('fetch failed');
    await sql.query('SELECT pg_terminate_backend($1)', [sleeper]);
    await sql.query('DROP TRIGGER hold_completion ON platform.idempotency_keys');
    expect(await keyRow('sau-commit-2')).toEqual({ state: 'in_progress', committed: true });
    expect(await institutions(name)).toBe(1);

    const again = await startApi();
    const retry = await eventually(async () => {
      const res = await post(again, 'sau-commit-2', body);
      const answer = (await res.json()) as { code: string; messageVi: string };
      return answer.code === 'platform/idempotency_in_progress' ? undefined : { status: res.status, ...answer };
    });
    expect({ status: retry.status, code: retry.code }).toEqual({
      status: 409,
      code: 'platform/idempotency_outcome_lost',
    });
    expect(retry.messageVi).toBe(
      'Yêu cầu với Idempotency-Key này đã được thực hiện nhưng phản hồi bị mất do máy chủ dừng trước khi gửi; hãy tra cứu kết quả thay vì gửi lại yêu cầu.',
    );
    expect(await institutions(name)).toBe(1);
    // Another body under the same key is still refused as a different request.
    const other = await post(again, 'sau-commit-2', { ...body, name: 'Thư viện khác' });
    expect(other.status).toBe(422);
    expect(await institutions(name)).toBe(1);
  }, 600_000);

  it("replays a 202's Location header along with the body", async () => {
    const { institutionId } = await createInstitution(t, { unitId, name: 'Thư viện xã Quảng Đông' });
    const owner = await createStaff(t, { institutionId, roles: ['cataloguing'] });
    const send = () =>
      t
        .http()
        .post('/test/tasks/list')
        .set(auth(owner.token))
        .set('Idempotency-Key', 'vi-tri-202')
        .send({ names: ['Đà Nẵng', 'Huế'] });
    const first = await send().expect(202);
    expect(first.headers.location).toBe(`/tasks/${first.body.id}`);
    const replay = await send().expect(202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.headers['content-type']).toBe(first.headers['content-type']);
    expect(replay.text).toBe(first.text);
  });
});
