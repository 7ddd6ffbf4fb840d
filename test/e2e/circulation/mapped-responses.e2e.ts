// Circulation answers exactly what its OpenAPI schemas declare: every response is mapped field by field
// (XDto.of), so a service view's extra fields (a loan's overrides, the audit's refusals) never leak.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, type FixturePatron } from '../../support/fixtures.js';
import { checkin, checkout, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

interface Schema {
  properties?: Record<string, unknown>;
  allOf?: { $ref?: string; properties?: Record<string, unknown> }[];
}

describe('circulation responses are mapped to their documented DTOs', () => {
  let t: TestApp;
  let desk: Desk;
  let lan: FixturePatron;
  let hung: FixturePatron;
  let schemas: Record<string, Schema>;
  const keysOf = (name: string): string[] => {
    const s = schemas[name];
    expect(s).toBeDefined();
    const own = Object.keys(s.properties ?? {});
    const inherited = (s.allOf ?? []).flatMap((part) =>
      part.$ref ? keysOf(part.$ref.split('/').pop()!) : Object.keys(part.properties ?? {}),
    );
    return [...new Set([...own, ...inherited])].sort();
  };
  const keys = (o: object) => Object.keys(o).sort();

  beforeAll(async () => {
    t = await bootTestApp();
    schemas = (await t.http().get('/docs/openapi.json').expect(200)).body.components.schemas;
    desk = await createDesk(t, { name: 'Thư viện huyện Đakrông' });
    [lan, hung] = await Promise.all([
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Nguyễn Thị Lan' }),
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Đỗ Văn Hùng' }),
    ]);
  });
  afterAll(() => t.close());

  it("a loan read by staff carries LoanDetailDto's properties and nothing else (overrides declared, refusals not)", async () => {
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId, copies: 1 });
    const out = await checkout(t, desk, lan.cardNumber, copies[0].barcode).expect(201);
    expect(keys(out.body)).toEqual(keysOf('CheckoutResultDto'));
    expect(keys(out.body.loan)).toEqual(keysOf('LoanDto'));
    expect(keys(out.body.decision)).toEqual(keysOf('DecisionDto'));
    expect(keys(out.body.decision.rule)).toEqual(keysOf('MatchedRuleDto'));

    await t
      .http()
      .post('/me/holds')
      .set(auth(hung.token))
      .send({ recordId, pickupInstitutionId: desk.institutionId })
      .expect(201);
    const forced = await t
      .http()
      .post(`/circulation/loans/${out.body.loan.id}/renew`)
      .set(auth(desk.staff.token))
      .send({ override: { reason: 'Bạn đọc cần sách ôn thi, trưởng thư viện đồng ý' } })
      .expect(200);
    expect(keys(forced.body)).toEqual(keysOf('CheckoutResultDto'));
    expect(forced.body.overridden).toBe(true);

    const seen = await t.http().get(`/circulation/loans/${out.body.loan.id}`).set(auth(desk.staff.token)).expect(200);
    expect(keys(seen.body)).toEqual(keysOf('LoanDetailDto'));
    expect(keysOf('LoanDetailDto')).toEqual([...keysOf('LoanDto'), 'overrides'].sort());
    expect(seen.body.overrides).toHaveLength(1);
    expect(keys(seen.body.overrides[0])).toEqual(keysOf('LoanOverrideDto'));

    const mine = await t.http().get(`/circulation/loans/${out.body.loan.id}`).set(auth(lan.token)).expect(200);
    expect(keys(mine.body)).toEqual(keysOf('LoanDetailDto'));
    expect(mine.body.overrides).toEqual([]);

    const list = await t.http().get('/me/loans').set(auth(lan.token)).expect(200);
    expect(keys(list.body)).toEqual(keysOf('LoanPageDto'));
    for (const l of list.body.items) expect(keys(l)).toEqual(keysOf('LoanDto'));

    const back = await checkin(t, desk, copies[0].barcode).expect(200);
    expect(keys(back.body)).toEqual(keysOf('CheckinResultDto'));
    expect(keys(back.body.loan)).toEqual(keysOf('LoanDto'));
  });

  it('the reading-history setting answers HistorySettingResultDto when changed and HistorySettingDto when read', async () => {
    const set = await t.http().put('/me/history/setting').set(auth(lan.token)).send({ keepHistory: true }).expect(200);
    expect(keys(set.body)).toEqual(keysOf('HistorySettingResultDto'));
    const read = await t.http().get('/me/history/setting').set(auth(lan.token)).expect(200);
    expect(keys(read.body)).toEqual(keysOf('HistorySettingDto'));
  });
});
