import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsService } from '@suotdoi/identity';
import { AccountsRepository } from '../../../libs/identity/src/accounts/accounts.repository.js';
import { ChangeSignals } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createPatron, createStaff, createSystemAdmin } from '../../support/fixtures.js';

// Each API process keeps who an account is (its Principal) in memory between requests. A revocation still bites at
// once in the process that made it, within a notification's time in every other process (or after plain SQL), and not
// at all from memory while the process is not listening for changes.
describe('the principal cache never outlives a revocation', () => {
  let a: TestApp;
  let b: TestApp;
  let ds: DataSource;
  let inst: string;
  let admin: { token: string };

  beforeAll(async () => {
    a = await bootTestApp();
    b = await bootTestApp({ db: a.db });
    ds = a.app.get(DataSource);
    ({ institutionId: inst } = await createInstitution(a, { name: 'Thư viện xã Hướng Phùng' }));
    admin = await createSystemAdmin(a);
    await eventually(() => a.app.get(ChangeSignals).live && b.app.get(ChangeSignals).live);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const reads = (t: TestApp) =>
    jest.spyOn(t.app.get(AccountsRepository) as unknown as { readPrincipal: () => Promise<unknown> }, 'readPrincipal');
  const staffList = (t: TestApp, token: string) => t.http().get(`/institutions/${inst}/staff`).set(auth(token));

  it('answers repeated requests from memory', async () => {
    const s = await createStaff(a, { institutionId: inst, roles: ['manager'] });
    await staffList(a, s.token).expect(200);
    const spy = reads(a);
    try {
      for (let i = 0; i < 5; i++) await staffList(a, s.token).expect(200);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('roles taken away, or the account disabled, in one process: refused at once there, and soon in the other', async () => {
    const s = await createStaff(a, { institutionId: inst, roles: ['manager'] });
    await staffList(a, s.token).expect(200);
    await staffList(b, s.token).expect(200);
    await a
      .http()
      .put(`/institutions/${inst}/staff/${s.accountId}`)
      .set(auth(admin.token))
      .send({ roles: ['circulation'] })
      .expect(200);
    await staffList(a, s.token).expect(403); // no waiting in the process that made the change
    await eventually(async () => (await staffList(b, s.token)).status === 403);

    await a.http().get('/me').set(auth(s.token)).expect(200);
    await b.http().get('/me').set(auth(s.token)).expect(200);
    await a
      .http()
      .put(`/admin/accounts/${s.accountId}/status`)
      .set(auth(admin.token))
      .send({ status: 'disabled' })
      .expect(200);
    expect((await a.http().get('/me').set(auth(s.token)).expect(401)).body.code).toBe('identity/invalid_access_token');
    await eventually(async () => (await b.http().get('/me').set(auth(s.token))).status === 401);
  });

  it('is emptied by the writer when its transaction commits, before any signal comes back', async () => {
    const s = await createStaff(a, { institutionId: inst, roles: ['manager', 'circulation'] });
    const accounts = a.app.get(AccountsService, { strict: false });
    expect((await accounts.principal(s.accountId))!.staff).toEqual([
      { institutionId: inst, roles: ['circulation', 'manager'] },
    ]);
    // No I/O between the commit and the next read: only the writer's own after-commit clear can make it fresh.
    await accounts.setStaffRoles(s.accountId, inst, [], null);
    expect((await accounts.principal(s.accountId))!.staff).toEqual([]);
  });

  it('"log out everywhere" in one process ends the session in the other', async () => {
    const p = await createPatron(a, { institutionId: inst, fullName: 'Hồ Văn Đức' });
    await b.http().get('/me').set(auth(p.token)).expect(200);
    await a.http().post('/auth/logout-all').set(auth(p.token)).expect(204);
    await a.http().get('/me').set(auth(p.token)).expect(401);
    await eventually(async () => (await b.http().get('/me').set(auth(p.token))).status === 401);
  });

  it('a change by plain SQL reaches every process', async () => {
    const s = await createStaff(a, { institutionId: inst, roles: ['manager'] });
    await staffList(a, s.token).expect(200);
    await staffList(b, s.token).expect(200);
    await ds.query(`DELETE FROM identity.staff_roles WHERE account_id = $1`, [s.accountId]);
    await eventually(
      async () => (await staffList(a, s.token)).status === 403 && (await staffList(b, s.token)).status === 403,
    );
  });

  it('reads the database on every request while the signal connection is down', async () => {
    const s = await createStaff(a, { institutionId: inst, roles: ['manager'] });
    await staffList(a, s.token).expect(200);
    await ds.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'suotdoi-change-signals' AND datname = current_database()`,
    );
    await eventually(() => !a.app.get(ChangeSignals).live);
    const spy = reads(a);
    try {
      // Changed while nobody listens: no signal will ever say so, yet the next request sees it.
      await ds.query(`UPDATE identity.accounts SET status = 'disabled' WHERE id = $1`, [s.accountId]);
      if (!a.app.get(ChangeSignals).live) {
        await staffList(a, s.token).expect(401);
        expect(spy).toHaveBeenCalled();
      }
    } finally {
      spy.mockRestore();
    }
    await eventually(() => a.app.get(ChangeSignals).live);
    await staffList(a, s.token).expect(401);
  });
});
