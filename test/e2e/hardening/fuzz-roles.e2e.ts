// Every operation of the OpenAPI document, called with each role's token (anonymous, patron, librarian, library
// manager, network administrator, system administrator), with ids that exist nowhere and ids of another
// jurisdiction's patron and account, and with empty and hostile bodies and queries: never a 5xx, and never a 2xx
// for another jurisdiction's patron or account to anyone but the system administrator.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '../../support/app.js';
import {
  auth,
  createNetworkAdmin,
  createPatron,
  createStaff,
  createSystemAdmin,
  createTwoJurisdictions,
} from '../../support/fixtures.js';

interface Operation {
  method: string;
  path: string;
}

const HOSTILE = {
  id: '../../etc/passwd',
  limit: -1,
  offset: 'mười',
  name: 'Đ'.repeat(5000),
  roles: ['system_admin'],
  nested: { a: [null, true, 1e308, { b: { c: { d: {} } } }] },
  email: 'khong-phai-thu@',
};
// Operations that end the caller's own session or data run last, so that the rest see live tokens.
const LAST = /logout|sign-out|erase|revoke/;

describe('fuzz and object-level access across every role', () => {
  let t: TestApp;
  let operations: Operation[];
  let roles: [string, string | undefined][];
  let foreignIds: string[];

  beforeAll(async () => {
    t = await bootTestApp();
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((method) => ({ method, path })),
      )
      .sort((x, y) => Number(LAST.test(x.path)) - Number(LAST.test(y.path)));
    const { a, b } = await createTwoJurisdictions(t);
    const patronA = await createPatron(t, { institutionId: a.institutionId, fullName: 'Hồ Thị Xuân' });
    foreignIds = [patronA.patronId, patronA.accountId];
    roles = [
      ['anonymous', undefined],
      ['patron', (await createPatron(t, { institutionId: b.institutionId, fullName: 'Đỗ Văn Bình' })).token],
      [
        'librarian',
        (await createStaff(t, { institutionId: b.institutionId, roles: ['circulation', 'cataloguing', 'events'] }))
          .token,
      ],
      ['library manager', (await createStaff(t, { institutionId: b.institutionId, roles: ['manager'] })).token],
      ['network admin', (await createNetworkAdmin(t, b.provinceId)).token],
      ['system admin', (await createSystemAdmin(t)).token],
    ];
  });
  afterAll(() => t?.close());

  const call = (op: Operation, token: string | undefined, id: string, hostile: boolean) => {
    const url = op.path.replace(/\{[^}]+\}/g, id) + (hostile ? '?limit=-1&offset=abc&q=%00%C4%90' : '');
    const method = op.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let req = t.http()[method](url);
    if (token) req = req.set(auth(token));
    return ['post', 'put', 'patch'].includes(op.method) ? req.send(hostile ? HOSTILE : {}) : req;
  };

  it('covers the whole document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(200);
  });

  it('answers no 5xx to any role, and no 2xx with another jurisdiction’s patron or account but to the system administrator', async () => {
    const serverErrors: string[] = [];
    const leaks: string[] = [];
    let calls = 0;
    for (const [role, token] of roles) {
      for (const op of operations) {
        const withIds = /\{[^}]+\}/.test(op.path);
        const ids = withIds ? [randomUUID(), ...foreignIds] : [''];
        for (const id of ids)
          for (const hostile of [false, true]) {
            const res = await call(op, token, id, hostile);
            calls++;
            const what = `${role} ${op.method.toUpperCase()} ${op.path}${id ? ` (${id})` : ''}${hostile ? ' hostile' : ''}`;
            if (res.status >= 500) serverErrors.push(`${what} → ${res.status} ${res.body?.code ?? ''}`);
            if (foreignIds.includes(id) && role !== 'system admin' && res.status < 300)
              leaks.push(`${what} → ${res.status}`);
          }
      }
    }
    expect(serverErrors).toEqual([]);
    expect(leaks).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(roles.length * operations.length * 2);
  }, 900_000);
});
