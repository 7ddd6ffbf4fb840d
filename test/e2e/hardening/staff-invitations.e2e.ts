// Staff roles reach an account only through an invitation its owner accepts. A manager naming an existing e-mail
// (even the system administrator's) grants nothing and learns nothing about that account; the e-mail's owner gets a
// single-use link, accepts it signed in (or by creating the account), and only then holds the roles.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { StaffInvitationsService } from '@suotdoi/identity';
import { Clock } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import {
  auth,
  createInstitution,
  createPatron,
  createStaff,
  createSystemAdmin,
  FIXTURE_PASSWORD,
} from '../../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.js';

const tokenIn = (text: string) => /\/staff-invitation\?token=([\w-]+)/.exec(text)?.[1];

describe('staff invitations', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let ds: DataSource;
  let instA: string;
  let instB: string;
  let managerA: { accountId: string; token: string };
  let admin: { accountId: string; token: string; email: string };

  const invite = (token: string, body: object) => t.http().post('/staff').set(auth(token)).send(body);
  const rolesOf = async (accountId: string) =>
    (
      await ds.query(
        `SELECT institution_id AS "institutionId", array_agg(role ORDER BY role) AS roles FROM identity.staff_roles
         WHERE account_id = $1 GROUP BY institution_id`,
        [accountId],
      )
    ).map((r: { institutionId: string; roles: string[] }) => ({ ...r }));
  /** The invitation link's token in the last e-mail to `address`. */
  const linkFor = (address: string) =>
    eventually(() => {
      const mails = smtp.to(address);
      return mails.length ? tokenIn(mails[mails.length - 1].text) : undefined;
    });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await bootTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://thuvien.example.vn' } });
    ds = t.app.get(DataSource);
    instA = (await createInstitution(t, { name: 'Thư viện huyện Đakrông' })).institutionId;
    instB = (await createInstitution(t, { name: 'Thư viện xã Hướng Hiệp' })).institutionId;
    managerA = await createStaff(t, { institutionId: instA, roles: ['manager'] });
    admin = await createSystemAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it("naming the system administrator's e-mail grants nothing and answers as for an unknown e-mail", async () => {
    const known = await invite(managerA.token, {
      email: admin.email.toUpperCase(),
      displayName: 'Người Lạ',
      institutionId: instA,
      roles: ['manager'],
    }).expect(201);
    const unknown = await invite(managerA.token, {
      email: 'chua-co-ai@thu.example',
      displayName: 'Người Lạ',
      institutionId: instA,
      roles: ['manager'],
    }).expect(201);
    for (const r of [known, unknown]) {
      expect(Object.keys(r.body).sort()).toEqual(['displayName', 'email', 'expiresAt', 'id', 'institutionId', 'roles']);
      expect(r.body).toMatchObject({ displayName: 'Người Lạ', institutionId: instA, roles: ['manager'] });
    }
    expect(known.text).not.toContain('Quản trị hệ thống'); // the account's real name
    expect(known.text).not.toContain(admin.accountId);
    expect(await rolesOf(admin.accountId)).toEqual([]);
    const staff = (await t.http().get(`/institutions/${instA}/staff`).set(auth(managerA.token)).expect(200)).body;
    expect(staff.map((s: { accountId: string }) => s.accountId)).toEqual([managerA.accountId]);
    // The administrator's own token still has no staff role there.
    const me = (await t.http().get('/me').set(auth(admin.token)).expect(200)).body;
    expect(me.staff ?? []).toEqual([]);
  });

  it('an existing account gets the roles only when it accepts, signed in, once', async () => {
    const librarian = await createStaff(t, { institutionId: instB, roles: ['circulation'] });
    const other = await createStaff(t, { institutionId: instB, roles: ['events'] });
    await invite(managerA.token, {
      email: librarian.email,
      displayName: 'Lê Thị Thủy',
      institutionId: instA,
      roles: ['cataloguing', 'circulation'],
    }).expect(201);
    const token = await linkFor(librarian.email);
    const mail = smtp.to(librarian.email).at(-1)!;
    expect(mail.subject).toBe(
      'Lời mời tham gia đội ngũ Thư viện huyện Đakrông / Invitation to join the staff of Thư viện huyện Đakrông',
    );
    expect(mail.text).toContain('vai trò: biên mục, lưu thông');
    expect(await rolesOf(librarian.accountId)).toEqual([{ institutionId: instB, roles: ['circulation'] }]);

    // Someone else signed in, or nobody, cannot use it.
    const wrong = await t.http().post('/staff-invitations/accept').set(auth(other.token)).send({ token }).expect(404);
    expect(wrong.body.code).toBe('identity/invitation_not_found');
    expect(wrong.body.messageVi).toBe(
      'Liên kết lời mời không hợp lệ: đã được dùng, đã hết hạn, hoặc được gửi tới một địa chỉ thư điện tử khác với địa chỉ của tài khoản bạn.',
    );
    await t.http().post('/staff-invitations/accept').send({ token }).expect(401);
    const anon = await t
      .http()
      .post('/staff-invitations/accept-new')
      .send({ token, password: FIXTURE_PASSWORD })
      .expect(409);
    expect(anon.body.code).toBe('identity/invitation_needs_sign_in');
    expect(anon.body.messageVi).toBe(
      'Địa chỉ thư điện tử này đã có tài khoản: hãy đăng nhập bằng tài khoản đó rồi chấp nhận lời mời.',
    );
    expect(await rolesOf(other.accountId)).toEqual([{ institutionId: instB, roles: ['events'] }]);

    const accepted = await t
      .http()
      .post('/staff-invitations/accept')
      .set(auth(librarian.token))
      .send({ token })
      .expect(200);
    expect(accepted.body).toEqual({
      accountId: librarian.accountId,
      institutionId: instA,
      roles: ['cataloguing', 'circulation'],
    });
    expect(await rolesOf(librarian.accountId)).toEqual(
      [
        { institutionId: instA, roles: ['cataloguing', 'circulation'] },
        { institutionId: instB, roles: ['circulation'] },
      ].sort((a, b) => (a.institutionId < b.institutionId ? -1 : 1)),
    );
    await t.http().post('/staff-invitations/accept').set(auth(librarian.token)).send({ token }).expect(404);
    const [audit] = await ds.query(
      `SELECT count(*)::int AS n FROM identity.audit_log WHERE action = 'staff.invitation_accepted' AND institution_id = $1`,
      [instA],
    );
    expect(audit.n).toBe(1);
  });

  it('a new e-mail gets an invitation to create the account; the link works once, even when raced', async () => {
    const email = 'Đinh.Thị.Ngọc@thu.example'.normalize('NFD');
    await invite(managerA.token, {
      email: 'dinh.ngoc@thu.example',
      displayName: 'Đinh Thị Ngọc'.normalize('NFD'),
      institutionId: instA,
      roles: ['events'],
    }).expect(201);
    expect(email).not.toBe('dinh.ngoc@thu.example');
    const token = await linkFor('dinh.ngoc@thu.example');
    const tries = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http().post('/staff-invitations/accept-new').send({ token, password: FIXTURE_PASSWORD }),
      ),
    );
    expect(tries.map((r) => r.status).sort()).toEqual([200, ...Array.from({ length: 19 }, () => 404)]);
    const ok = tries.find((r) => r.status === 200)!;
    expect(ok.body).toMatchObject({ institutionId: instA, roles: ['events'] });
    const session = await t
      .http()
      .post('/auth/sign-in')
      .send({ login: 'dinh.ngoc@thu.example', password: FIXTURE_PASSWORD })
      .expect(200);
    expect(session.body.accessToken).toEqual(expect.any(String));
    const [account] = await ds.query(`SELECT display_name FROM identity.accounts WHERE id = $1`, [ok.body.accountId]);
    expect(account.display_name).toBe('Đinh Thị Ngọc'.normalize('NFC'));
    expect(await rolesOf(ok.body.accountId)).toEqual([{ institutionId: instA, roles: ['events'] }]);
  });

  it('an expired link is refused (sent 8 days ago by the injected clock; links work 7 days)', async () => {
    const patron = await createPatron(t, { institutionId: instB, fullName: 'Hồ Văn Đạt' });
    const clock = t.app.get(Clock);
    const spy = jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() - 8 * 86_400_000));
    try {
      await t.app
        .get(StaffInvitationsService)
        .invite(
          { institutionId: instA, email: patron.email!, displayName: 'Hồ Văn Đạt', roles: ['circulation'] },
          managerA.accountId,
        );
    } finally {
      spy.mockRestore();
    }
    const token = await linkFor(patron.email!);
    const res = await t.http().post('/staff-invitations/accept').set(auth(patron.token)).send({ token }).expect(404);
    expect(res.body.code).toBe('identity/invitation_not_found');
    expect(await rolesOf(patron.accountId)).toEqual([]);
  });

  it('roles are set only for staff already there; everyone else answers 404 and gets nothing', async () => {
    const outsider = await createStaff(t, { institutionId: instB, roles: ['circulation'] });
    const res = await t
      .http()
      .put(`/institutions/${instA}/staff/${outsider.accountId}`)
      .set(auth(managerA.token))
      .send({ roles: ['manager'] })
      .expect(404);
    expect(res.body.code).toBe('identity/account_not_found');
    await t
      .http()
      .put(`/institutions/${instA}/staff/${admin.accountId}`)
      .set(auth(managerA.token))
      .send({ roles: ['manager'] })
      .expect(404);
    expect(await rolesOf(outsider.accountId)).toEqual([{ institutionId: instB, roles: ['circulation'] }]);
    expect(await rolesOf(admin.accountId)).toEqual([]);
    // A manager of another institution cannot invite to this one.
    const managerB = await createStaff(t, { institutionId: instB, roles: ['manager'] });
    await invite(managerB.token, {
      email: 'ai-do@thu.example',
      displayName: 'Ai Đó',
      institutionId: instA,
      roles: ['circulation'],
    }).expect(404);
  });
});
