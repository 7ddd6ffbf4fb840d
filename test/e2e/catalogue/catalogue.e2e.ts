import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ISO2709, MARCXML } from '@natlibfi/marc-record-serializers';
import { CopiesService, toMarc, type BibRecord } from '@suotdoi/catalogue';
import { bootTestApp, eventually, queueBackends, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createPatron, createStaff } from '../../support/fixtures.js';

const isbn13 = (first12: string) =>
  first12 + String((10 - ([...first12].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0) % 10)) % 10);
const ISBN = isbn13('978604123456');
const hyphenated = `${ISBN.slice(0, 3)}-${ISBN.slice(3, 6)}-${ISBN.slice(6, 12)}-${ISBN.slice(12)}`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

function marcRecord(p: Partial<BibRecord> & { title: string }): BibRecord {
  const now = new Date();
  return {
    id: '00000000-0000-4000-8000-000000000000',
    controlNumber: null,
    ownerInstitutionId: '',
    subtitle: null,
    responsibility: null,
    authors: [],
    publisher: null,
    place: null,
    year: 2020,
    edition: null,
    isbns: [],
    language: 'vie',
    subjects: [],
    ddc: null,
    series: null,
    summary: null,
    audience: 'adult',
    accessibleFormats: [],
    localContent: false,
    hasCover: false,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...p,
  };
}

describe.each(queueBackends().slice(0, 1))('catalogue over HTTP (queues on %s)', (queue) => {
  let t: TestApp;
  let instA: string;
  let instB: string;
  let librarian: string; // cataloguing at A
  let otherLibrarian: string; // cataloguing at B
  let circulationOnly: string; // circulation at A
  let patron: string;
  let recordId: string;
  let copyId: string;

  beforeAll(async () => {
    t = await bootTestApp({ queue, worker: true });
    instA = (await createInstitution(t, { name: 'Thư viện huyện Hướng Hóa' })).institutionId;
    instB = (await createInstitution(t, { name: 'Thư viện xã Tân Hợp' })).institutionId;
    librarian = (await createStaff(t, { institutionId: instA, roles: ['cataloguing'] })).token;
    otherLibrarian = (await createStaff(t, { institutionId: instB, roles: ['cataloguing'] })).token;
    circulationOnly = (await createStaff(t, { institutionId: instA, roles: ['circulation'] })).token;
    patron = (await createPatron(t, { institutionId: instA })).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  const search = (q: Record<string, string>) => t.http().get('/catalogue/search').query(q);

  it('catalogues a record with the cataloguing role; ISBN stored normalised', async () => {
    const res = await t
      .http()
      .post('/catalogue/records')
      .set(auth(librarian))
      .send({
        title: 'Truyện Kiều',
        responsibility: 'Nguyễn Du ; Đào Duy Anh khảo đính',
        authors: [{ name: 'Nguyễn Du', role: 'author' }],
        publisher: 'NXB Văn học',
        place: 'Hà Nội',
        year: 2015,
        isbns: [hyphenated],
        language: 'vie',
        subjects: ['Văn học cổ điển'],
        ddc: '895.9221',
      })
      .expect(201);
    expect(res.body).toMatchObject({ title: 'Truyện Kiều', isbns: [ISBN], ownerInstitutionId: instA, version: 1 });
    recordId = res.body.id;
  });

  it('refuses a bad ISBN with 400 and a clear code, in both languages', async () => {
    const res = await t
      .http()
      .post('/catalogue/records')
      .set(auth(librarian))
      .send({ title: 'Sách lỗi', language: 'vie', isbns: ['978-604-123456-0'] })
      .expect(400);
    expect(res.body.code).toBe('catalogue/invalid_isbn');
    expect(res.body.messageVi).toContain('không phải ISBN');
    const dup = await t
      .http()
      .post('/catalogue/records')
      .set(auth(librarian))
      .send({ title: 'Bản trùng', language: 'vie', isbns: [ISBN] })
      .expect(409);
    expect(dup.body.code).toBe('catalogue/duplicate_isbn');
  });

  it('refuses cataloguing without the role or at another institution', async () => {
    await t.http().post('/catalogue/records').send({ title: 'X', language: 'vie' }).expect(401);
    await t.http().post('/catalogue/records').set(auth(patron)).send({ title: 'X', language: 'vie' }).expect(403);
    await t
      .http()
      .post('/catalogue/records')
      .set(auth(circulationOnly))
      .send({ title: 'X', language: 'vie' })
      .expect(403);
    const res = await t
      .http()
      .post('/catalogue/copies')
      .set(auth(otherLibrarian))
      .send({ recordId, barcode: 'HH-000001', homeInstitutionId: instA })
      .expect(403);
    expect(res.body.code).toBe('catalogue/not_your_institution');
    await t.http().patch(`/catalogue/records/${recordId}`).set(auth(otherLibrarian)).send({ edition: 'x' }).expect(403);
  });

  it('adds copies with unique barcodes; the public finds the record and where it is on the shelf', async () => {
    const c = await t
      .http()
      .post('/catalogue/copies')
      .set(auth(librarian))
      .send({
        recordId,
        barcode: 'HH-000001',
        homeInstitutionId: instA,
        callNumber: '895.9221 NG-D',
        source: 'donation',
        sourceNote: 'Ngày hội đọc sách 2025',
        priceVnd: 85000,
      })
      .expect(201);
    copyId = c.body.id;
    expect(c.body).toMatchObject({ status: 'available', locationInstitutionId: instA, source: 'donation' });
    const dup = await t
      .http()
      .post('/catalogue/copies')
      .set(auth(librarian))
      .send({ recordId, barcode: 'hh-000001', homeInstitutionId: instA })
      .expect(409);
    expect(dup.body.code).toBe('catalogue/duplicate_barcode');
    const hit = await eventually(async () =>
      (await search({ q: 'truyen kieu' })).body.hits.find(
        (h: { id: string; availableAt: unknown[] }) => h.id === recordId && h.availableAt.length,
      ),
    );
    expect(hit.availableAt).toEqual([{ institutionId: instA, name: 'Thư viện huyện Hướng Hóa' }]);
    expect(hit.highlight.title).toBe('<mark>Truyện</mark> <mark>Kiều</mark>');
    for (const q of ['TRUYỆN KIỀU', 'Truyện Kiều'.normalize('NFD'), 'truyen ki', ISBN, hyphenated, 'nguyne du']) {
      expect((await search({ q })).body.hits.map((h: { id: string }) => h.id)).toContain(recordId);
    }
    // Through the API too, a trailing space ends the last word, and a short number being typed completes into ISBNs.
    expect((await search({ q: 'Truyện ki ' })).body.hits.map((h: { id: string }) => h.id)).not.toContain(recordId);
    for (const q of ['97860', '60412', 'truyện 9786'])
      expect((await search({ q })).body.hits.map((h: { id: string }) => h.id)).toContain(recordId);
    const page = await t.http().get(`/catalogue/records/${recordId}`).expect(200);
    expect(page.body.holdings).toEqual([
      {
        institutionId: instA,
        institutionName: 'Thư viện huyện Hướng Hóa',
        copies: 1,
        available: 1,
        callNumbers: ['895.9221 NG-D'],
      },
    ]);
  });

  it('validates search parameters', async () => {
    const res = await search({ sort: 'random' }).expect(400);
    expect(res.body.code).toBe('platform/validation_failed');
    await search({ limit: '500' }).expect(400);
  });

  it('flows availability changes made through the service (as circulation will) to the index', async () => {
    await t.app.get(CopiesService).changeStatus(copyId, 'on_loan');
    await eventually(async () => {
      const hits = (await search({ q: 'truyen kieu', availability: 'on_shelf' })).body.hits;
      return !hits.some((h: { id: string }) => h.id === recordId);
    });
    const hit = (await search({ q: 'truyen kieu' })).body.hits.find((h: { id: string }) => h.id === recordId);
    expect(hit.availableAt).toEqual([]);
    expect(hit.availability).toEqual(['unavailable']);
    await t.app.get(CopiesService).changeStatus(copyId, 'available');
    await eventually(async () =>
      (await search({ q: 'truyen kieu', availability: 'on_shelf' })).body.hits.some(
        (h: { id: string }) => h.id === recordId,
      ),
    );
  });

  it("shows a copy's acquisition details (price, source, donor) only to staff of its home institution", async () => {
    const anonymous = await t.http().get(`/catalogue/copies/${copyId}`).expect(200);
    expect(anonymous.body).toMatchObject({ id: copyId, status: expect.any(String) });
    for (const field of ['priceVnd', 'acquiredOn', 'source', 'sourceNote'])
      expect(anonymous.body).not.toHaveProperty(field);
    expect(
      (await t.http().get(`/catalogue/copies/${copyId}`).set(auth(otherLibrarian)).expect(200)).body,
    ).not.toHaveProperty('sourceNote');
    expect((await t.http().get(`/catalogue/copies/${copyId}`).set(auth(librarian)).expect(200)).body).toHaveProperty(
      'source',
    );
    const list = await t.http().get(`/catalogue/records/${recordId}/copies`).expect(200);
    expect(list.body.every((c: Record<string, unknown>) => !('priceVnd' in c))).toBe(true);
  });

  it('keeps a withdrawn copy withdrawn: a later status change is refused and changes nothing', async () => {
    const c = await t
      .http()
      .post('/catalogue/copies')
      .set(auth(librarian))
      .send({ recordId, barcode: 'HH-RUT-001', homeInstitutionId: instA })
      .expect(201);
    const copies = t.app.get(CopiesService);
    expect((await copies.changeStatus(c.body.id, 'withdrawn')).status).toBe('withdrawn');
    expect((await copies.changeStatus(c.body.id, 'withdrawn')).status).toBe('withdrawn');
    await expect(copies.changeStatus(c.body.id, 'available')).rejects.toMatchObject({
      code: 'catalogue/copy_status_not_allowed',
      messageVi: 'Bản sách đã thanh lý không thể chuyển sang trạng thái sẵn sàng trên giá.',
    });
    await expect(copies.changeStatus('00000000-0000-4000-8000-00000000abcd', 'available')).rejects.toMatchObject({
      code: 'catalogue/copy_not_found',
    });
    const after = await t.http().get(`/catalogue/copies/${c.body.id}`).expect(200);
    expect(after.body).toMatchObject({ status: 'withdrawn', version: c.body.version + 2 });
  });

  it('stores digital files and serves them only to those allowed', async () => {
    const open = await t
      .http()
      .post(`/catalogue/records/${recordId}/digital-resources`)
      .set(auth(librarian))
      .send({ institutionId: instA, kind: 'ebook', access: 'open', label: 'Bản PDF' })
      .expect(201);
    await t
      .http()
      .put(`/catalogue/digital-resources/${open.body.id}/file`)
      .set(auth(librarian))
      .set('Content-Type', 'application/pdf')
      .set('X-File-Name', encodeURIComponent('Truyện Kiều.pdf'))
      .send(PDF)
      .expect(200);
    const got = await t
      .http()
      .get(`/catalogue/digital-resources/${open.body.id}/file`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    expect(got.headers['content-disposition']).toContain("filename*=UTF-8''Truy%E1%BB%87n%20Ki%E1%BB%81u.pdf");

    const closed = await t
      .http()
      .post(`/catalogue/records/${recordId}/digital-resources`)
      .set(auth(librarian))
      .send({ institutionId: instA, kind: 'heritage_document', access: 'staff' })
      .expect(201);
    await t
      .http()
      .put(`/catalogue/digital-resources/${closed.body.id}/file`)
      .set(auth(librarian))
      .set('Content-Type', 'application/pdf')
      .send(PDF)
      .expect(200);
    await t.http().get(`/catalogue/digital-resources/${closed.body.id}/file`).expect(401);
    expect(
      (await t.http().get(`/catalogue/digital-resources/${closed.body.id}/file`).set(auth(patron)).expect(403)).body
        .code,
    ).toBe('catalogue/resource_access_denied');
    await t.http().get(`/catalogue/digital-resources/${closed.body.id}/file`).set(auth(otherLibrarian)).expect(403);
    await t.http().get(`/catalogue/digital-resources/${closed.body.id}/file`).set(auth(circulationOnly)).expect(200);
    await eventually(async () =>
      (await search({ q: 'kieu', format: 'ebook', availability: 'online' })).body.hits.some(
        (h: { id: string }) => h.id === recordId,
      ),
    );
  });

  it('refuses wrong, disguised and oversized uploads with clear 4xx', async () => {
    const r = await t
      .http()
      .post(`/catalogue/records/${recordId}/digital-resources`)
      .set(auth(librarian))
      .send({ institutionId: instA, kind: 'ebook' })
      .expect(201);
    const wrongType = await t
      .http()
      .put(`/catalogue/digital-resources/${r.body.id}/file`)
      .set(auth(librarian))
      .set('Content-Type', 'application/x-msdownload')
      .send(Buffer.from('MZ'))
      .expect(415);
    expect(wrongType.body.code).toBe('catalogue/unsupported_file_type');
    const disguised = await t
      .http()
      .put(`/catalogue/digital-resources/${r.body.id}/file`)
      .set(auth(librarian))
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('MZ\x90\x00 not a pdf'))
      .expect(415);
    expect(disguised.body.code).toBe('catalogue/file_content_mismatch');
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const tooBig = await t
      .http()
      .put(`/catalogue/records/${recordId}/cover`)
      .set(auth(librarian))
      .set('Content-Type', 'image/png')
      .send(big)
      .expect(413);
    expect(tooBig.body.code).toBe('catalogue/file_too_large');
    await t
      .http()
      .put(`/catalogue/records/${recordId}/cover`)
      .set(auth(librarian))
      .set('Content-Type', 'image/png')
      .send(PNG)
      .expect(204);
    const cover = await t.http().get(`/catalogue/records/${recordId}/cover`).expect(200);
    expect(cover.headers['content-type']).toBe('image/png');
  });

  /** Wait for a MARC apply task (a 202 answer) to finish; its task and the batch report. */
  const finishedApply = async (
    res: { status: number; headers: Record<string, string>; body: { id: string } },
    batchId?: string,
  ) => {
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/tasks/${res.body.id}`);
    const task = await eventually(async () => {
      const r = await t.http().get(res.headers.location).set(auth(librarian)).expect(200);
      return ['succeeded', 'failed'].includes(r.body.status) && r.body;
    });
    const report = await t
      .http()
      .get(`/catalogue/marc/imports/${batchId ?? task.result.batchId}`)
      .set(auth(librarian))
      .expect(200);
    return { task, report: report.body };
  };

  it('imports MARC (ISO 2709): stages, reports the bad record, applies as a task, re-runs safely, overlays', async () => {
    const kieu2 = marcRecord({
      title: 'Lục Vân Tiên',
      authors: [{ name: 'Nguyễn Đình Chiểu', role: 'author' }],
      controlNumber: 'VN-LVT-1',
      isbns: [isbn13('978604765432')],
    });
    const de = marcRecord({
      title: 'Dế Mèn phiêu lưu ký',
      authors: [{ name: 'Tô Hoài', role: 'author' }],
      controlNumber: 'VN-DM-1',
      audience: 'children',
    });
    const file = ISO2709.to(toMarc(kieu2)) + '00099nam a2200037 a 4500garbage\u001d' + ISO2709.to(toMarc(de));
    const staged = await t
      .http()
      .post('/catalogue/marc/imports')
      .query({ onMatch: 'skip' })
      .set(auth(librarian))
      .set('Content-Type', 'application/marc')
      .send(Buffer.from(file, 'utf8'))
      .expect(201);
    expect(staged.body.counts).toMatchObject({ pending: 2, invalid: 1 });
    expect(staged.body.items[1]).toMatchObject({
      position: 2,
      outcome: 'invalid',
      error: { code: 'marc/unreadable_record' },
    });
    const start = await t
      .http()
      .post(`/catalogue/marc/imports/${staged.body.id}/apply`)
      .set(auth(librarian))
      .expect(202);
    expect(start.body).toMatchObject({
      kind: 'catalogue.marc_apply',
      status: 'queued',
      progress: { done: 0, total: 2 },
      title: { vi: 'Áp dụng lô biểu ghi MARC' },
    });
    const applied = await finishedApply(start, staged.body.id);
    expect(applied.task).toMatchObject({
      status: 'succeeded',
      progress: { done: 2, total: 2 },
      result: { batchId: staged.body.id, counts: { created: 2, invalid: 1, failed: 0 } },
    });
    expect(applied.report.counts).toMatchObject({ created: 2, invalid: 1, failed: 0 });
    // Each created record has its outcome, written in the record's own transaction.
    expect(
      applied.report.items.filter(
        (i: { outcome: string; recordId: string | null }) => i.outcome === 'created' && i.recordId,
      ),
    ).toHaveLength(2);
    // The task is the starter's and their institution's cataloguers'; another institution's gets 404.
    await t.http().get(start.headers.location).set(auth(otherLibrarian)).expect(404);
    const again = await finishedApply(
      await t.http().post(`/catalogue/marc/imports/${staged.body.id}/apply`).set(auth(librarian)),
      staged.body.id,
    );
    expect(again.task).toMatchObject({ status: 'succeeded', progress: { done: 0, total: 0 } });
    expect(again.report.counts).toMatchObject({ created: 2, invalid: 1 });
    expect(again.report.runs).toBe(2);
    const overlay = await finishedApply(
      await t
        .http()
        .post('/catalogue/marc/imports')
        .query({ onMatch: 'overlay', apply: 'true' })
        .set(auth(librarian))
        .set('Content-Type', 'application/marc')
        .send(Buffer.from(ISO2709.to(toMarc({ ...kieu2, edition: 'Tái bản lần 3' })), 'utf8')),
    );
    expect(overlay.report.items[0]).toMatchObject({ outcome: 'overlaid', matchedOn: 'control_number' });
    const rec = await t.http().get(`/catalogue/records/${overlay.report.items[0].recordId}`).expect(200);
    expect(rec.body.record.edition).toBe('Tái bản lần 3');
    await eventually(async () => (await search({ q: 'de men phieu' })).body.hits.length === 1);
    // Another institution's cataloguer cannot see the batch.
    await t.http().get(`/catalogue/marc/imports/${staged.body.id}`).set(auth(otherLibrarian)).expect(404);
  });

  it('applies a batch once under two apply tasks at the same time: no record twice, each outcome with its record', async () => {
    const titles = ['Vợ chồng A Phủ', 'Vợ nhặt', 'Chí Phèo', 'Lão Hạc', 'Số đỏ', 'Tắt đèn'];
    const file = titles
      .map((title, i) => ISO2709.to(toMarc(marcRecord({ title, controlNumber: `VN-RACE-${i}` }))))
      .join('');
    const staged = await t
      .http()
      .post('/catalogue/marc/imports')
      .set(auth(librarian))
      .set('Content-Type', 'application/marc')
      .send(Buffer.from(file, 'utf8'))
      .expect(201);
    const starts = await Promise.all(
      [0, 1].map(() => t.http().post(`/catalogue/marc/imports/${staged.body.id}/apply`).set(auth(librarian))),
    );
    expect(starts[0].body.id).not.toBe(starts[1].body.id);
    const runs = await Promise.all(starts.map((r) => finishedApply(r, staged.body.id)));
    for (const r of runs) expect(r.task.status).toBe('succeeded');
    expect(runs[1].report.counts).toMatchObject({ created: titles.length, failed: 0, pending: 0 });
    const rows: { n: number }[] = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM catalogue.records WHERE control_number LIKE 'VN-RACE-%'`);
    expect(rows).toEqual([{ n: titles.length }]);
    const ids = runs[1].report.items.map((i: { recordId: string }) => i.recordId);
    expect(new Set(ids).size).toBe(titles.length);
  });

  it('imports MARCXML and skips matches by ISBN', async () => {
    const rec = marcRecord({ title: 'Truyện Kiều (bản MARCXML)', isbns: [ISBN] });
    const xml = `<?xml version="1.0" encoding="UTF-8"?><collection xmlns="http://www.loc.gov/MARC21/slim">${MARCXML.to(toMarc(rec), { omitDeclaration: true })}</collection>`;
    const res = await finishedApply(
      await t
        .http()
        .post('/catalogue/marc/imports')
        .query({ apply: 'true' })
        .set(auth(librarian))
        .set('Content-Type', 'application/marcxml+xml')
        .send(xml),
    );
    expect(res.report.items[0]).toMatchObject({ outcome: 'skipped', matchedOn: 'isbn', recordId });
    expect(res.task.result.counts).toMatchObject({ skipped: 1, created: 0 });
  });

  it('covers the bytes of a MARC upload with its Idempotency-Key: a repeat replays, another file with the key is 422', async () => {
    const one = Buffer.from(
      ISO2709.to(toMarc(marcRecord({ title: 'Chinh phụ ngâm', controlNumber: 'VN-CPN-1' }))),
      'utf8',
    );
    const other = Buffer.from(
      ISO2709.to(toMarc(marcRecord({ title: 'Cung oán ngâm khúc', controlNumber: 'VN-COK-1' }))),
      'utf8',
    );
    const send = (body: Buffer) =>
      t
        .http()
        .post('/catalogue/marc/imports')
        .set(auth(librarian))
        .set('Idempotency-Key', 'marc-chinh-phu-ngam')
        .set('Content-Type', 'application/marc')
        .send(body);
    const first = await send(one).expect(201);
    const repeat = await send(one).expect(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body.id).toBe(first.body.id);
    expect((await send(other).expect(422)).body.code).toBe('platform/idempotency_key_reused');
  });

  it('answers unreadable MARC with 422 and an unknown format with 415', async () => {
    const bad = await t
      .http()
      .post('/catalogue/marc/imports')
      .set(auth(librarian))
      .set('Content-Type', 'application/marc')
      .send(Buffer.from('this is not MARC at all'))
      .expect(422);
    expect(bad.body.code).toBe('catalogue/marc_unreadable');
    const badXml = await t
      .http()
      .post('/catalogue/marc/imports')
      .set(auth(librarian))
      .set('Content-Type', 'application/marcxml+xml')
      .send('<collection><foo/></collection>')
      .expect(422);
    expect(badXml.body.code).toBe('catalogue/marc_unreadable');
    const wrong = await t
      .http()
      .post('/catalogue/marc/imports')
      .set(auth(librarian))
      .set('Content-Type', 'text/csv')
      .send('a,b')
      .expect(415);
    expect(wrong.body.code).toBe('catalogue/marc_format_unknown');
  });

  it('exports MARC with holdings', async () => {
    const res = await t
      .http()
      .get('/catalogue/marc/export')
      .query({ ids: recordId, format: 'marcxml' })
      .set(auth(librarian))
      .expect(200);
    expect(res.text).toContain('<subfield code="a">Truyện Kiều /</subfield>');
    expect(res.text).toContain('HH-000001');
    const bin = await t.http().get(`/catalogue/records/${recordId}/marc`).query({ format: 'iso2709' }).expect(200);
    expect(String(bin.text ?? bin.body)).toContain('Truyện Kiều');
  });

  it('serves an OPDS catalogue of the e-library', async () => {
    const root = await t.http().get('/catalogue/opds').expect(200);
    expect(root.headers['content-type']).toContain('profile=opds-catalog');
    const feed = await t.http().get('/catalogue/opds/new').expect(200);
    expect(feed.text).toContain('<title>Truyện Kiều</title>');
    expect(feed.text).toContain('http://opds-spec.org/acquisition/open-access');
    const found = await t.http().get('/catalogue/opds/search').query({ q: 'truyen kieu' }).expect(200);
    expect(found.text).toContain(`urn:uuid:${recordId}`);
  });

  it('reports search readiness and index lag', async () => {
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.checks.search).toMatchObject({ ok: true, backend: 'postgres' });
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/search_index_lag_seconds\{topic="search\.catalogue",backend="postgres"\} \d/);
  });

  it('deletes only records without holdings', async () => {
    const res = await t.http().delete(`/catalogue/records/${recordId}`).set(auth(librarian)).expect(409);
    expect(res.body.code).toBe('catalogue/record_has_holdings');
    const lone = await t
      .http()
      .post('/catalogue/records')
      .set(auth(librarian))
      .send({ title: 'Bản nháp', language: 'vie' })
      .expect(201);
    await t.http().delete(`/catalogue/records/${lone.body.id}`).set(auth(librarian)).expect(204);
    await t.http().get(`/catalogue/records/${lone.body.id}`).expect(404);
  });
});
