// Rotating collections over the API: the whole journey (collection → itinerary → dispatch → receipt with one copy
// missing and one unexpected → lend at the host → return elsewhere goes to the host → next stage), the races the
// database settles, bad input, and who sees what.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { InstitutionsService } from '@suotdoi/network';
import { AdvanceStagesHandler } from '@suotdoi/rotation';
import { vietnamDate } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { daysAgo } from '../../support/clock.js';
import {
  auth,
  createInstitution,
  createNetworkAdmin,
  createPatron,
  createStaff,
  createUnit,
  type FixturePatron,
} from '../../support/fixtures.js';
import {
  checkin,
  checkout,
  copyStatus,
  createDesk,
  createTitle,
  type Desk,
} from '../circulation/circulation-fixtures.js';

describe('rotation: collections, itineraries, shipments', () => {
  let t: TestApp;
  let ds: DataSource;
  let provinceId: string;
  let owner: Desk;
  let hostA: Desk;
  let hostB: Desk;
  let borderPost: Desk;
  let elsewhere: Desk;
  let stranger: Desk;
  let reader: FixturePatron;

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    ds = t.app.get(DataSource);
    provinceId = (await createUnit(t, { name: 'Tỉnh Quảng Trị' })).unitId;
    const commune = (name: string) =>
      createUnit(t, { level: 'commune', parentId: provinceId, name }).then((u) => u.unitId);
    owner = await createDesk(t, { unitId: await commune('Phường Đông Hà'), name: 'Thư viện tỉnh Quảng Trị' });
    hostA = await createDesk(t, { unitId: await commune('Xã Hướng Lập'), name: 'Thư viện xã Hướng Lập' });
    hostB = await createDesk(t, { unitId: await commune('Xã Hướng Phùng'), name: 'Bưu điện văn hóa xã Hướng Phùng' });
    borderPost = await createDesk(t, { unitId: await commune('Xã A Dơi'), name: 'Đồn Biên phòng A Dơi' });
    elsewhere = await createDesk(t, { unitId: await commune('Xã Khe Sanh'), name: 'Thư viện xã Khe Sanh' });
    stranger = await createDesk(t, { name: 'Thư viện huyện Đắk Hà' });
    reader = await createPatron(t, { institutionId: hostA.institutionId, fullName: 'Hồ Thị Đào' });
  });
  afterAll(() => t.close());

  const post = (token: string, url: string, body: object = {}) => t.http().post(url).set(auth(token)).send(body);
  const get = (token: string, url: string) => t.http().get(url).set(auth(token));
  const today = () => vietnamDate(new Date());

  async function collection(name: string, copies: number, by: Desk = owner) {
    const title = await createTitle(t, {
      institutionId: by.institutionId,
      copies,
      title: `Truyện cổ Vân Kiều – Pa Kô ${name}`,
    });
    const c = await post(by.staff.token, '/rotation/collections', {
      ownerInstitutionId: by.institutionId,
      name,
      themes: ['Văn hóa dân tộc'],
    }).expect(201);
    return {
      id: c.body.id as string,
      barcodes: title.copies.map((x) => x.barcode),
      copyIds: title.copies.map((x) => x.id),
      recordId: title.recordId,
    };
  }

  it('runs the whole journey: dispatch, receipt with one missing and one unexpected, loan at the host, return elsewhere goes to the host, next stage', async () => {
    const col = await collection('Bộ sách Vân Kiều – Pa Kô số 1', 6);
    // NFD and lower case barcodes are the same copies.
    const added = await post(owner.staff.token, `/rotation/collections/${col.id}/copies`, {
      barcodes: col.barcodes.map((b, i) => (i === 0 ? b.toLowerCase() : b)),
    }).expect(200);
    expect(added.body.added).toHaveLength(6);

    const it1 = await post(owner.staff.token, `/rotation/collections/${col.id}/itineraries`, {
      mode: 'one_way',
      startsOn: today(),
      stages: [
        { hostId: hostA.institutionId, days: 60 },
        { hostId: hostB.institutionId, days: 60 },
        { hostId: borderPost.institutionId, days: 90 },
      ],
    }).expect(201);
    expect(it1.body.stages.map((s: { seq: number }) => s.seq)).toEqual([1, 2, 3]);
    expect(it1.body.stages[1].plannedStart > it1.body.stages[0].plannedEnd).toBe(true);

    const prepared = await post(owner.staff.token, `/rotation/collections/${col.id}/shipments`, {
      note: 'Gửi kèm xe huyện',
    }).expect(201);
    expect(prepared.body).toMatchObject({
      status: 'preparing',
      toInstitutionId: hostA.institutionId,
      fromName: 'Thư viện tỉnh Quảng Trị',
      toName: 'Thư viện xã Hướng Lập',
      counts: { packed: 6 },
    });
    const shipmentId = prepared.body.id as string;
    const sent = await post(owner.staff.token, `/rotation/shipments/${shipmentId}/dispatch`).expect(200);
    expect(sent.body.status).toBe('in_transit');
    expect(await copyStatus(t, col.copyIds[0])).toMatchObject({ status: 'in_transit' });

    // The host scans five copies and a stranger's copy; a repeat changes nothing.
    const foreign = await createTitle(t, { institutionId: stranger.institutionId });
    const r1 = await post(hostA.staff.token, `/rotation/shipments/${shipmentId}/receipts`, {
      barcodes: [...col.barcodes.slice(0, 5), foreign.copies[0].barcode],
    }).expect(200);
    expect(r1.body.received).toHaveLength(5);
    expect(r1.body.unexpected).toEqual([foreign.copies[0].barcode.toUpperCase()]);
    expect(r1.body.outstanding).toBe(1);
    const r2 = await post(hostA.staff.token, `/rotation/shipments/${shipmentId}/receipts`, {
      barcodes: [col.barcodes[0]],
    }).expect(200);
    expect(r2.body).toMatchObject({ received: [], alreadyReceived: [col.barcodes[0].toUpperCase()] });
    expect(await copyStatus(t, col.copyIds[0])).toEqual({
      status: 'available',
      locationInstitutionId: hostA.institutionId,
    });

    const closed = await post(hostA.staff.token, `/rotation/shipments/${shipmentId}/close`, {
      damaged: [{ barcode: col.barcodes[4], note: 'Bìa rách, ướt mưa' }],
    }).expect(200);
    expect(closed.body.counts).toMatchObject({ received: 4, damaged: 1, missing: 1 });
    expect(closed.body.items.find((i: { barcode: string }) => i.barcode === col.barcodes[5]).state).toBe('missing');
    expect(closed.body.unexpected).toHaveLength(1);
    expect((await copyStatus(t, col.copyIds[5])).status).toBe('lost');
    expect((await copyStatus(t, col.copyIds[4])).status).toBe('damaged');

    // Lent at the host under the host's rules, returned at another library: it goes to the host, not home.
    await checkout(t, hostA, reader.cardNumber, col.barcodes[0]).expect(201);
    const back = await checkin(t, elsewhere, col.barcodes[0]).expect(200);
    expect(back.body).toMatchObject({ outcome: 'in_transit', toInstitutionId: hostA.institutionId });

    // The record page shows the copies at their base.
    const page = await t.http().get(`/catalogue/records/${col.recordId}`).expect(200);
    const holders = (page.body.holdings as { institutionId: string; copies: number }[]).map((h) => h.institutionId);
    expect(holders).toContain(hostA.institutionId);

    // Advance: the next shipment goes to the second stage; the copy still travelling back follows.
    const next = await post(owner.staff.token, `/rotation/collections/${col.id}/shipments`).expect(201);
    expect(next.body).toMatchObject({
      fromInstitutionId: hostA.institutionId,
      toInstitutionId: hostB.institutionId,
      counts: { packed: 3, to_follow: 1 },
    });
    await post(owner.staff.token, `/rotation/shipments/${next.body.id}/dispatch`).expect(200);
    // The copy that was travelling back to the first host arrives there and is sent on to the second.
    const arrived = await checkin(t, hostA, col.barcodes[0]).expect(200);
    expect(arrived.body).toMatchObject({ outcome: 'in_transit', toInstitutionId: hostB.institutionId });

    const itinerary = await get(owner.staff.token, `/rotation/itineraries/${it1.body.id}`).expect(200);
    expect(itinerary.body.status).toBe('running');
    expect(itinerary.body.stages.map((s: { status: string }) => s.status)).toEqual(['done', 'planned', 'planned']);

    const journey = await get(
      owner.staff.token,
      `/rotation/collections/${col.id}/copies/${col.barcodes[1]}/journey`,
    ).expect(200);
    expect(journey.body.map((j: { event: string }) => j.event)).toEqual([
      'added',
      'dispatched',
      'received',
      'dispatched',
    ]);

    // Figures: the loan at the first host counts for its stage (the usage event carries the collection and stage).
    const stage1 = itinerary.body.stages[0].id;
    const figures = await eventually(async () => {
      const f = await get(owner.staff.token, `/rotation/collections/${col.id}/figures`).expect(200);
      return (
        f.body.stages.find((s: { stageId: string; loans: number }) => s.stageId === stage1 && s.loans === 1) && f.body
      );
    });
    expect(figures).toMatchObject({ copies: 6, loans: 1 });
    expect(figures.stages.find((s: { stageId: string }) => s.stageId === stage1)).toMatchObject({
      hostName: 'Thư viện xã Hướng Lập',
      copiesDelivered: 5,
      loans: 1,
      borrowers: 1,
      copiesLent: 1,
      turnover: 0.2,
    });
    const hosts = await get(
      owner.staff.token,
      `/rotation/figures/hosts?ownerInstitutionId=${owner.institutionId}`,
    ).expect(200);
    expect(hosts.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          institutionName: 'Thư viện xã Hướng Lập',
          unitName: 'Xã Hướng Lập',
          collectionsReceived: 1,
          copiesDelivered: 5,
          loans: 1,
        }),
      ]),
    );
    await get(owner.staff.token, `/rotation/collections/${col.id}/figures?from=2026-12-31&to=2026-01-01`).expect(400);
  });

  it('one copy added to two collections at once: one wins', async () => {
    const a = await collection('Tủ sách đua A', 1);
    const b = await post(owner.staff.token, '/rotation/collections', {
      ownerInstitutionId: owner.institutionId,
      name: 'Tủ sách đua B',
    }).expect(201);
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        post(owner.staff.token, `/rotation/collections/${i % 2 ? a.id : b.body.id}/copies`, { barcodes: a.barcodes }),
      ),
    );
    const ok = results.filter((r) => r.status === 200 && r.body.added.length === 1);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200))
      expect(r.body).toMatchObject({
        code: 'rotation/copy_in_another_collection',
        messageVi: expect.stringContaining('bộ sách'),
      });
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM rotation.collection_copies WHERE copy_id = $1 AND removed_at IS NULL`,
      [a.copyIds[0]],
    );
    expect(n).toBe(1);
  });

  it('a collection prepared and dispatched many times at once: one shipment, one dispatch', async () => {
    const col = await collection('Bộ sách đua gửi', 3);
    await post(owner.staff.token, `/rotation/collections/${col.id}/copies`, { barcodes: col.barcodes }).expect(200);
    await post(owner.staff.token, `/rotation/collections/${col.id}/itineraries`, {
      mode: 'cyclical',
      startsOn: today(),
      stages: [{ hostId: hostA.institutionId, days: 30 }],
    }).expect(201);
    const prepares = await Promise.all(
      Array.from({ length: 10 }, () => post(owner.staff.token, `/rotation/collections/${col.id}/shipments`)),
    );
    expect(prepares.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of prepares.filter((x) => x.status !== 201)) expect(r.body.code).toBe('rotation/shipment_open');
    const id = prepares.find((r) => r.status === 201)!.body.id;
    const dispatches = await Promise.all(
      Array.from({ length: 10 }, () => post(owner.staff.token, `/rotation/shipments/${id}/dispatch`)),
    );
    expect(dispatches.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of dispatches.filter((x) => x.status !== 200))
      expect(r.body).toMatchObject({ code: 'rotation/shipment_state', messageVi: expect.any(String) });
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM rotation.copy_journeys WHERE collection_id = $1 AND event = 'dispatched'`,
      [col.id],
    );
    expect(n).toBe(3);
    const [{ s }] = await ds.query(`SELECT count(*)::int AS s FROM rotation.shipments WHERE collection_id = $1`, [
      col.id,
    ]);
    expect(s).toBe(1);

    // The same barcode scanned at once from many desks: one receipt.
    const scans = await Promise.all(
      Array.from({ length: 12 }, () =>
        post(hostA.staff.token, `/rotation/shipments/${id}/receipts`, { barcodes: [col.barcodes[0]] }),
      ),
    );
    expect(scans.every((r) => r.status === 200)).toBe(true);
    expect(scans.filter((r) => r.body.received.length === 1)).toHaveLength(1);
    const [{ r }] = await ds.query(
      `SELECT count(*)::int AS r FROM rotation.copy_journeys WHERE collection_id = $1 AND event = 'received'`,
      [col.id],
    );
    expect(r).toBe(1);
    // Overlapping lists at once never deadlock and receive each copy once.
    const lists = await Promise.all(
      [col.barcodes, [...col.barcodes].reverse(), col.barcodes.slice(1)].map((b) =>
        post(hostA.staff.token, `/rotation/shipments/${id}/receipts`, { barcodes: b }),
      ),
    );
    expect(lists.every((x) => x.status === 200)).toBe(true);
    expect(lists.flatMap((x) => x.body.received).sort()).toEqual(col.barcodes.slice(1).sort());
  });

  it('proposes the next shipment to the owner staff before a stage ends, once, and flags a late stage; nothing moves', async () => {
    const col = await collection('Bộ sách đề xuất chuyển', 2);
    await post(owner.staff.token, `/rotation/collections/${col.id}/copies`, { barcodes: col.barcodes }).expect(200);
    const plan = await post(owner.staff.token, `/rotation/collections/${col.id}/itineraries`, {
      mode: 'one_way',
      startsOn: today(),
      stages: [
        { hostId: hostA.institutionId, days: 3 },
        { hostId: hostB.institutionId, days: 30 },
      ],
    }).expect(201);
    const s = await post(owner.staff.token, `/rotation/collections/${col.id}/shipments`).expect(201);
    await post(owner.staff.token, `/rotation/shipments/${s.body.id}/dispatch`).expect(200);
    await post(hostA.staff.token, `/rotation/shipments/${s.body.id}/receipts`, { barcodes: col.barcodes }).expect(200);
    const handler = t.app.get(AdvanceStagesHandler, { strict: false });
    const first = await handler.handle({ withinDays: 10, batch: 500 });
    expect(first).toEqual({ proposed: 1, late: 0 });
    const again = await handler.handle({ withinDays: 10, batch: 500 });
    expect(again).toEqual({ proposed: 0, late: 0 });
    const feed = await get(owner.staff.token, '/me/notices?limit=50').expect(200);
    const mine = feed.body.items.filter(
      (n: { template: string; params: { collectionId: string } }) =>
        n.template === 'rotation.stage_ending' && n.params.collectionId === col.id,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0].bodyVi).toContain('Bưu điện văn hóa xã Hướng Phùng');
    // Time passes (the clock, 16 days on): the 3-day stage is past its planned end and the collection has not moved.
    const late = await t.clock.at(daysAgo(-16), () => handler.handle({ withinDays: 0, batch: 500 }));
    expect(late).toEqual({ proposed: 0, late: 1 });
    const after = await get(owner.staff.token, `/rotation/itineraries/${plan.body.id}`).expect(200);
    expect(after.body.stages[0]).toMatchObject({
      status: 'current',
      lateAt: expect.any(String),
      proposedAt: expect.any(String),
    });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM rotation.shipments WHERE collection_id = $1`, [
      col.id,
    ]);
    expect(n).toBe(1);
  });

  it('applies an offline batch from a mobile library once, in order, keeping conflicts — uploaded many times at once', async () => {
    const mobile = await createDesk(t, { name: 'Thư viện lưu động huyện Hướng Hóa' });
    const title = await createTitle(t, {
      institutionId: mobile.institutionId,
      copies: 2,
      title: 'Kỹ thuật trồng cà phê Khe Sanh',
    });
    const [a, b] = await Promise.all(
      ['Hồ Văn Phúc', 'Y Đức Kpă'].map((fullName) =>
        createPatron(t, { institutionId: mobile.institutionId, fullName }),
      ),
    );
    const at = (min: number) => new Date(Date.now() - 3 * 86_400_000 + min * 60_000).toISOString();
    const [c0, c1] = title.copies.map((c) => c.barcode);
    const batch = {
      institutionId: mobile.institutionId,
      deviceId: 'may-tinh-bang-xe-01',
      clientBatchId: 'chuyen-xe-hướng-lập-1',
      // Sent out of order: applied by time.
      ops: [
        { clientOpId: 'op-4', kind: 'checkin', barcode: c0, at: at(30) },
        { clientOpId: 'op-1', kind: 'checkout', cardNumber: a.cardNumber, barcode: c0, at: at(1) },
        { clientOpId: 'op-2', kind: 'checkout', cardNumber: b.cardNumber, barcode: c0, at: at(2) },
        { clientOpId: 'op-3', kind: 'checkout', cardNumber: 'KHONG-CO-THE', barcode: c1, at: at(3) },
        { clientOpId: 'op-5', kind: 'checkout', cardNumber: b.cardNumber, barcode: c1, at: at(40) },
      ],
    };
    const uploads = await Promise.all(
      Array.from({ length: 6 }, () => post(mobile.staff.token, '/rotation/offline-batches', batch)),
    );
    expect(uploads.every((r) => r.status === 200)).toBe(true);
    const first = uploads.filter((r) => !r.body.replayed);
    expect(first).toHaveLength(1);
    const ops = first[0].body.ops as {
      clientOpId: string;
      outcome: string;
      code: string | null;
      messageVi: string | null;
    }[];
    expect(ops.map((o) => o.clientOpId)).toEqual(['op-1', 'op-2', 'op-3', 'op-4', 'op-5']);
    expect(ops.map((o) => o.outcome)).toEqual(['applied', 'conflict', 'conflict', 'applied', 'applied']);
    expect(ops[1]).toMatchObject({
      code: 'circulation/copy_on_loan',
      messageVi: expect.stringContaining('đang được cho mượn'),
    });
    expect(ops[2].code).toBe('circulation/patron_not_found');
    expect(first[0].body.conflicts).toBe(2);
    // Applied once: one loan per checkout that went through, never two open loans.
    const loans = await ds.query(
      `SELECT l.copy_id, count(*)::int AS n, count(*) FILTER (WHERE l.returned_at IS NULL)::int AS open FROM circulation.loans l WHERE l.copy_id = ANY($1::uuid[]) GROUP BY 1`,
      [title.copies.map((c) => c.id)],
    );
    expect(loans.map((l: { n: number }) => l.n).sort()).toEqual([1, 1]);
    const again = await post(mobile.staff.token, '/rotation/offline-batches', batch).expect(200);
    expect(again.body).toMatchObject({ replayed: true, id: first[0].body.id, conflicts: 2 });
    const resolved = await post(mobile.staff.token, `/rotation/offline-batches/${first[0].body.id}/ops/2/resolve`, {
      note: 'Bạn đọc Y Đức Kpă đã được báo sách đang có người mượn',
    }).expect(200);
    expect(resolved.body.conflicts).toBe(1);
    await post(mobile.staff.token, `/rotation/offline-batches/${first[0].body.id}/ops/1/resolve`, {
      note: 'không xung đột',
    }).expect(409);
    await get(stranger.staff.token, `/rotation/offline-batches/${first[0].body.id}`).expect(404);
    await post(stranger.staff.token, '/rotation/offline-batches', { ...batch, clientBatchId: 'khac' }).expect(404);
  });

  it('refuses bad input with a code and both languages, writing nothing', async () => {
    const col = await collection('Bộ sách thử lỗi', 2);
    const foreign = await createTitle(t, { institutionId: stranger.institutionId });
    const unknown = await post(owner.staff.token, `/rotation/collections/${col.id}/copies`, {
      barcodes: [col.barcodes[0], 'KHONG-CO-9999'],
    }).expect(422);
    expect(unknown.body).toMatchObject({
      code: 'rotation/unknown_barcodes',
      message: expect.stringContaining('KHONG-CO-9999'),
      messageVi: expect.stringContaining('số đăng ký cá biệt'),
    });
    const other = await post(owner.staff.token, `/rotation/collections/${col.id}/copies`, {
      barcodes: [col.barcodes[1], foreign.copies[0].barcode],
    }).expect(422);
    expect(other.body.code).toBe('rotation/copies_of_another_owner');
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM rotation.collection_copies WHERE collection_id = $1`,
      [col.id],
    );
    expect(n).toBe(0);

    const closedHost = await createInstitution(t, { name: 'Thư viện xã Tân Lập (đã giải thể)' });
    await t.app.get(InstitutionsService, { strict: false }).update(closedHost.institutionId, { closedOn: today() });
    const closed = await post(owner.staff.token, `/rotation/collections/${col.id}/itineraries`, {
      mode: 'one_way',
      startsOn: today(),
      stages: [{ hostId: closedHost.institutionId, days: 30 }],
    }).expect(422);
    expect(closed.body).toMatchObject({ code: 'rotation/host_closed', messageVi: expect.stringContaining('Tân Lập') });
    const past = await post(owner.staff.token, `/rotation/collections/${col.id}/itineraries`, {
      mode: 'one_way',
      startsOn: '2020-01-01',
      stages: [{ hostId: hostA.institutionId, days: 30 }],
    }).expect(422);
    expect(past.body.code).toBe('rotation/start_in_past');
    await post(owner.staff.token, `/rotation/collections/${col.id}/itineraries`, {
      mode: 'one_way',
      startsOn: today(),
      stages: [{ hostId: hostA.institutionId, days: 0 }],
    }).expect(400);
    const [{ i }] = await ds.query(`SELECT count(*)::int AS i FROM rotation.itineraries WHERE collection_id = $1`, [
      col.id,
    ]);
    expect(i).toBe(0);
    await post(owner.staff.token, `/rotation/collections/${col.id}/shipments`).expect(409);
    await post(owner.staff.token, '/rotation/collections', {
      ownerInstitutionId: owner.institutionId,
      name: 'bộ sách thử lỗi',
    }).expect(409);
  });

  it('shows each caller only what is theirs: others get 404', async () => {
    const col = await collection('Bộ sách quyền xem', 1);
    await post(owner.staff.token, `/rotation/collections/${col.id}/copies`, { barcodes: col.barcodes }).expect(200);
    await post(owner.staff.token, `/rotation/collections/${col.id}/itineraries`, {
      mode: 'one_way',
      startsOn: today(),
      stages: [{ hostId: hostB.institutionId, days: 30 }],
    }).expect(201);
    const s = await post(owner.staff.token, `/rotation/collections/${col.id}/shipments`).expect(201);
    const admin = await createNetworkAdmin(t, provinceId);
    const otherAdmin = await createNetworkAdmin(t, (await createUnit(t)).unitId);
    const patron = await createPatron(t, { institutionId: owner.institutionId });

    await get(admin.token, `/rotation/collections/${col.id}`).expect(200);
    await get(admin.token, `/rotation/shipments/${s.body.id}`).expect(200);
    await get(hostB.staff.token, `/rotation/shipments/${s.body.id}`).expect(200);
    for (const token of [stranger.staff.token, otherAdmin.token]) {
      expect((await get(token, `/rotation/collections/${col.id}`).expect(404)).body.code).toBe(
        'rotation/collection_not_found',
      );
      expect((await get(token, `/rotation/shipments/${s.body.id}`).expect(404)).body.code).toBe(
        'rotation/shipment_not_found',
      );
    }
    await post(stranger.staff.token, `/rotation/shipments/${s.body.id}/dispatch`).expect(404);
    await post(stranger.staff.token, `/rotation/collections/${col.id}/copies`, { barcodes: col.barcodes }).expect(404);
    await post(otherAdmin.token, `/rotation/shipments/${s.body.id}/dispatch`).expect(403);
    await get(patron.token, `/rotation/collections/${col.id}`).expect(403);
    // The host may see but not dispatch; the host receives, the owner may not.
    expect((await post(hostB.staff.token, `/rotation/shipments/${s.body.id}/dispatch`).expect(403)).body.code).toBe(
      'rotation/role_required',
    );
    await post(owner.staff.token, `/rotation/shipments/${s.body.id}/dispatch`).expect(200);
    await post(owner.staff.token, `/rotation/shipments/${s.body.id}/receipts`, { barcodes: col.barcodes }).expect(403);
    await post(hostB.staff.token, `/rotation/shipments/${s.body.id}/receipts`, { barcodes: col.barcodes }).expect(200);
    const list = await get(stranger.staff.token, '/rotation/collections').expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(col.id);
    const managerOnly = await createStaff(t, { institutionId: owner.institutionId, roles: ['cataloguing'] });
    await post(managerOnly.token, `/rotation/collections/${col.id}/copies`, { barcodes: col.barcodes }).expect(403);
  });
});
