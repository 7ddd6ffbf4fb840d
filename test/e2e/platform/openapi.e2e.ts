import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MARCXML } from '@natlibfi/marc-record-serializers';
import type { Response } from 'supertest';
import { toMarc } from '@suotdoi/catalogue';
import { RollupService, UsageIngestionService, type StampedUsageEvent, type UsageEventKind } from '@suotdoi/usage';
import { ReportsService } from '@suotdoi/plans';
import { PlansSeeder } from '../../../libs/plans/src/seed/plans.seeder.js';
import { bootTestApp, type TestApp } from '../../support/app.js';
import {
  auth,
  createInstitution,
  createNetworkAdmin,
  createPatron,
  createStaff,
  createSystemAdmin,
  createUnit,
} from '../../support/fixtures.js';
import { createDesk, createTitle } from '../circulation/circulation-fixtures.js';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
}
interface Operation {
  summary?: string;
  description?: string;
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/*
 * Known gaps, each operation named exactly. They are in code owned by other work in progress (catalogue search;
 * circulation, including its routes under /me), whose owners will document them. Remove an entry as soon as its
 * operation is documented: the test fails while a listed operation is already fine, so these lists only shrink.
 * Nothing outside those areas may be added here.
 */

/** Operations that may still lack a documented 2xx response body. */
const NO_RESPONSE_SCHEMA_YET: string[] = [];

/** Operations that may still lack a summary or description. */
const NO_SUMMARY_YET: string[] = [];

/** Exceptions are allowed only in the areas named above. */
const othersArea = (op: string) => /^[A-Z]+ \/(circulation|me)\//.test(op) || op === 'GET /catalogue/search';

const operations = (doc: OpenApiDocument): [string, Operation][] =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${path}`, op]),
  );

/** Operations whose 2xx responses carry no schema and that do not answer 204. */
function withoutResponseSchema(doc: OpenApiDocument): string[] {
  return operations(doc)
    .filter(
      ([, op]) =>
        !Object.entries(op.responses ?? {}).some(
          ([status, r]) =>
            status === '204' ||
            (/^2\d\d$/.test(status) &&
              Object.values(r.content ?? {}).length > 0 &&
              Object.values(r.content!).every((c) => !!c.schema)),
        ),
    )
    .map(([name]) => name)
    .sort();
}

function withoutSummary(doc: OpenApiDocument): string[] {
  return operations(doc)
    .filter(([, op]) => !op.summary?.trim() && !op.description?.trim())
    .map(([name]) => name)
    .sort();
}

/** Every property name anywhere in the document (component schemas and inline schemas alike), with where it is. */
function propertyNames(node: unknown, where: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(node)) node.forEach((n, i) => propertyNames(n, `${where}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && v && typeof v === 'object') for (const name of Object.keys(v)) out.push([name, where]);
      propertyNames(v, `${where}.${k}`, out);
    }
  }
  return out;
}

/**
 * How `value` departs from `schema`: fields the schema does not declare, declared-required fields missing, wrong
 * JSON types, values outside an enum, null where not nullable. `open` names schemas documented as carrying more
 * properties than they list (the personal-data export's per-module sections).
 */
function departures(
  doc: OpenApiDocument,
  value: unknown,
  schema: Schema,
  where: string,
  open: Record<string, string[]> = {},
  out: string[] = [],
): string[] {
  let s = schema;
  let name: string | undefined;
  let nullable = !!s.nullable;
  for (;;) {
    if (s.$ref) {
      name = s.$ref.split('/').pop()!;
      s = doc.components!.schemas![name];
    } else if (s.allOf?.length === 1) {
      s = s.allOf[0];
    } else break;
    nullable ||= !!s.nullable;
  }
  if (value === null) {
    if (!nullable) out.push(`${where}: null but not nullable`);
    return out;
  }
  if (s.enum && !s.enum.includes(value))
    out.push(`${where}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  const type = s.type ?? (s.properties ? 'object' : undefined);
  if (type === 'array') {
    if (!Array.isArray(value)) out.push(`${where}: not an array`);
    else value.forEach((v, i) => departures(doc, v, s.items ?? {}, `${where}[${i}]`, open, out));
  } else if (type === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) {
      out.push(`${where}: not an object`);
      return out;
    }
    const obj = value as Record<string, unknown>;
    const props = s.properties ?? {};
    for (const k of s.required ?? []) if (!(k in obj)) out.push(`${where}.${k}: missing`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) departures(doc, v, props[k], `${where}.${k}`, open, out);
      else if (typeof s.additionalProperties === 'object')
        departures(doc, v, s.additionalProperties, `${where}.${k}`, open, out);
      else if (!(name && open[name]?.includes(k))) out.push(`${where}.${k}: not in ${name ?? 'the schema'}`);
    }
  } else if (type === 'string') {
    if (typeof value !== 'string') out.push(`${where}: ${JSON.stringify(value)} is not a string`);
  } else if (type === 'number' || type === 'integer') {
    if (typeof value !== 'number') out.push(`${where}: ${JSON.stringify(value)} is not a number`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') out.push(`${where}: ${JSON.stringify(value)} is not a boolean`);
  }
  return out;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await bootTestApp();
    doc = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists exceptions only in code owned by others', () => {
    expect([...NO_RESPONSE_SCHEMA_YET, ...NO_SUMMARY_YET].filter((op) => !othersArea(op))).toEqual([]);
  });

  it('documents a 2xx response body (or a 204) for every operation', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50);
    const missing = withoutResponseSchema(doc);
    expect(missing.filter((op) => !NO_RESPONSE_SCHEMA_YET.includes(op))).toEqual([]);
    // A listed operation that is documented by now must leave the list.
    expect(NO_RESPONSE_SCHEMA_YET.filter((op) => !missing.includes(op))).toEqual([]);
  });

  it('gives every operation a summary or a description', () => {
    const missing = withoutSummary(doc);
    expect(missing.filter((op) => !NO_SUMMARY_YET.includes(op))).toEqual([]);
    expect(NO_SUMMARY_YET.filter((op) => !missing.includes(op))).toEqual([]);
  });

  it('never names a property like a password or token hash', () => {
    const names = propertyNames(doc, '$');
    expect(names.length).toBeGreaterThan(100);
    expect(names.filter(([name]) => /^(password|token)_?hash(es)?$/i.test(name))).toEqual([]);
  });

  it('declares files and feeds with their content types', () => {
    const content = (op: string) => {
      const [method, path] = op.split(' ');
      const responses = doc.paths[path][method.toLowerCase()].responses!;
      return responses['200'].content!;
    };
    expect(content('GET /catalogue/opds')['application/atom+xml;profile=opds-catalog;kind=navigation'].schema).toEqual({
      type: 'string',
    });
    expect(Object.keys(content('GET /catalogue/records/{id}/cover')).sort()).toEqual(['image/jpeg', 'image/png']);
    expect(content('GET /catalogue/digital-resources/{id}/file')['application/epub+zip'].schema).toEqual({
      type: 'string',
      format: 'binary',
    });
    expect(Object.keys(content('GET /plans/{planId}/reports/{period}/export/{format}'))).toContain('application/pdf');
  });
});

/** Real responses against the document: each JSON body has exactly its DTO's fields; files their declared types. */
describe('responses match the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let institutionId: string;
  let cataloguer: string;
  let manager: string;
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

  beforeAll(async () => {
    t = await bootTestApp();
    doc = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
    institutionId = (await createInstitution(t, { name: 'Thư viện xã Đakrông' })).institutionId;
    cataloguer = (await createStaff(t, { institutionId, roles: ['cataloguing'] })).token;
    manager = (await createStaff(t, { institutionId, roles: ['manager'] })).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The response's departures from what `op` documents for its status (JSON body, or declared content type). */
  function check(op: string, res: Response, open: Record<string, string[]> = {}): string[] {
    const [method, path] = op.split(' ');
    const documented = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(res.status)];
    if (!documented) return [`${op}: status ${res.status} is not documented`];
    const type = String(res.headers['content-type'] ?? '').split(';')[0];
    const declared = Object.keys(documented.content ?? {}).map((c) => c.split(';')[0]);
    if (!declared.includes(type)) return [`${op}: answered ${type}, documented ${declared.join(', ')}`];
    if (type !== 'application/json') return [];
    return departures(doc, res.body, documented.content!['application/json'].schema!, op, open);
  }

  it('platform and identity', async () => {
    const patron = await createPatron(t, { institutionId, fullName: 'Hồ Thị Đào' });
    const problems = [
      check('GET /health', await t.http().get('/health')),
      check('GET /health/ready', await t.http().get('/health/ready')),
      check('POST /auth/password-reset', await t.http().post('/auth/password-reset').send({ email: patron.email })),
      check('GET /me/export', await t.http().get('/me/export').set(auth(patron.token)), {
        PersonalDataExportDto: ['circulation', 'notices', 'events'],
      }),
      check('GET /patrons/{id}/export', await t.http().get(`/patrons/${patron.patronId}/export`).set(auth(manager)), {
        PersonalDataExportDto: ['circulation', 'notices', 'events'],
      }),
    ].flat();
    expect(problems).toEqual([]);
  });

  it('catalogue records, copies, digital resources, files and feeds', async () => {
    const created = await t
      .http()
      .post('/catalogue/records')
      .set(auth(cataloguer))
      .send({
        title: 'Tiếng gọi đại ngàn',
        authors: [{ name: 'Hồ Văn Pả', role: 'author' }],
        language: 'bru',
        year: 2024,
        subjects: ['Văn học dân gian Vân Kiều'],
      });
    const recordId = created.body.id as string;
    const copy = await t.http().post('/catalogue/copies').set(auth(cataloguer)).send({
      recordId,
      barcode: 'DKR-000001',
      homeInstitutionId: institutionId,
      sourceNote: 'Quà tặng của Đoàn thanh niên',
    });
    const copyId = copy.body.id as string;
    const digital = await t
      .http()
      .post(`/catalogue/records/${recordId}/digital-resources`)
      .set(auth(cataloguer))
      .send({ institutionId, kind: 'ebook', label: 'Bản PDF' });
    const digitalId = digital.body.id as string;
    const upload = await t
      .http()
      .put(`/catalogue/digital-resources/${digitalId}/file`)
      .set(auth(cataloguer))
      .set('Content-Type', 'application/pdf')
      .send(PDF);
    await t
      .http()
      .put(`/catalogue/records/${recordId}/cover`)
      .set(auth(cataloguer))
      .set('Content-Type', 'image/png')
      .send(PNG)
      .expect(204);
    const problems = [
      check('POST /catalogue/records', created),
      check(
        'PATCH /catalogue/records/{id}',
        await t
          .http()
          .patch(`/catalogue/records/${recordId}`)
          .set(auth(cataloguer))
          .send({
            edition: 'In lần thứ nhất',
            version: (await t.http().get(`/catalogue/records/${recordId}`)).body.record.version,
          }),
      ),
      check('POST /catalogue/copies', copy),
      check('GET /catalogue/copies/{id}', await t.http().get(`/catalogue/copies/${copyId}`)),
      check(
        'GET /catalogue/copies/by-barcode/{barcode}',
        await t.http().get('/catalogue/copies/by-barcode/dkr-000001').set(auth(cataloguer)),
      ),
      check(
        'PATCH /catalogue/copies/{id}',
        await t
          .http()
          .patch(`/catalogue/copies/${copyId}`)
          .set(auth(cataloguer))
          .send({ shelfLocation: 'Giá sách địa chí' }),
      ),
      check('POST /catalogue/records/{id}/digital-resources', digital),
      check('PUT /catalogue/digital-resources/{id}/file', upload),
      check('GET /catalogue/digital-resources/{id}', await t.http().get(`/catalogue/digital-resources/${digitalId}`)),
      check('GET /catalogue/records/{id}', await t.http().get(`/catalogue/records/${recordId}`)),
      check('GET /catalogue/search', await t.http().get('/catalogue/search').query({ q: 'địa chí' })),
      check('GET /catalogue/records/{id}/copies', await t.http().get(`/catalogue/records/${recordId}/copies`)),
      check(
        'GET /catalogue/digital-resources/{id}/file',
        await t.http().get(`/catalogue/digital-resources/${digitalId}/file`),
      ),
      check('GET /catalogue/records/{id}/cover', await t.http().get(`/catalogue/records/${recordId}/cover`)),
      check('GET /catalogue/records/{id}/marc', await t.http().get(`/catalogue/records/${recordId}/marc`)),
      check(
        'GET /catalogue/records/{id}/marc',
        await t.http().get(`/catalogue/records/${recordId}/marc`).query({ format: 'iso2709' }),
      ),
      check(
        'GET /catalogue/marc/export',
        await t.http().get('/catalogue/marc/export').query({ ids: recordId }).set(auth(cataloguer)),
      ),
      check('GET /catalogue/opds', await t.http().get('/catalogue/opds')),
      check('GET /catalogue/opds/new', await t.http().get('/catalogue/opds/new')),
      check('GET /catalogue/opds/search', await t.http().get('/catalogue/opds/search').query({ q: 'tieng goi' })),
      check('GET /catalogue/opds/opensearch.xml', await t.http().get('/catalogue/opds/opensearch.xml')),
    ].flat();
    expect(problems).toEqual([]);
    // Nothing the storage uses internally reaches a client.
    expect(JSON.stringify([upload.body, (await t.http().get(`/catalogue/records/${recordId}`)).body])).not.toMatch(
      /fileKey|file_key|coverKey|cover_key|digital\/[0-9a-f]{2}\//,
    );
  });

  it('MARC import batches', async () => {
    const record = toMarc({
      id: '00000000-0000-4000-8000-000000000000',
      controlNumber: 'VN-DKR-1',
      ownerInstitutionId: '',
      title: 'Sử thi Vân Kiều',
      subtitle: null,
      responsibility: null,
      authors: [{ name: 'Hồ Văn Hoan', role: 'compiler' }],
      publisher: 'NXB Thuận Hóa',
      place: 'Huế',
      year: 2010,
      edition: null,
      isbns: [],
      language: 'vie',
      subjects: [],
      ddc: null,
      series: null,
      summary: null,
      audience: 'adult',
      accessibleFormats: [],
      localContent: true,
      hasCover: false,
      createdAt: new Date(),
      updatedAt: new Date(),
      version: 1,
    });
    const xml = `<?xml version="1.0" encoding="UTF-8"?><collection xmlns="http://www.loc.gov/MARC21/slim">${MARCXML.to(record, { omitDeclaration: true })}<record></record></collection>`;
    const staged = await t
      .http()
      .post('/catalogue/marc/imports')
      .set(auth(cataloguer))
      .set('Content-Type', 'application/marcxml+xml')
      .send(xml);
    const problems = [
      check('POST /catalogue/marc/imports', staged),
      check(
        'GET /catalogue/marc/imports/{id}',
        await t.http().get(`/catalogue/marc/imports/${staged.body.id}`).set(auth(cataloguer)),
      ),
      check(
        'POST /catalogue/marc/imports/{id}/apply',
        await t.http().post(`/catalogue/marc/imports/${staged.body.id}/apply`).set(auth(cataloguer)),
      ),
    ].flat();
    expect(problems).toEqual([]);
    expect(staged.body.counts).toMatchObject({ pending: 1, invalid: 1 });
  });

  it('circulation loans: checkout, preview, renewal with override, loan, lists, check-in, in-house use, history setting', async () => {
    const desk = await createDesk(t, { name: 'Thư viện xã Hướng Lập' });
    const [lan, hung] = await Promise.all([
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Nguyễn Thị Lan' }),
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Đỗ Văn Hùng' }),
    ]);
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId, copies: 2 });
    const staff = auth(desk.staff.token);
    const preview = await t
      .http()
      .post('/circulation/checkouts/preview')
      .set(staff)
      .send({ cardNumber: lan.cardNumber, barcode: copies[0].barcode });
    const out = await t
      .http()
      .post('/circulation/checkouts')
      .set(staff)
      .send({ cardNumber: lan.cardNumber, barcode: copies[0].barcode });
    const loanId = out.body.loan.id as string;
    await t
      .http()
      .post('/me/holds')
      .set(auth(hung.token))
      .send({ recordId, pickupInstitutionId: desk.institutionId })
      .expect(201);
    const renewed = await t
      .http()
      .post(`/circulation/loans/${loanId}/renew`)
      .set(staff)
      .send({ override: { reason: 'Bạn đọc đang ôn thi, trưởng thư viện đồng ý' } });
    const problems = [
      check('POST /circulation/checkouts/preview', preview),
      check('POST /circulation/checkouts', out),
      check('POST /circulation/loans/{id}/renew', renewed),
      check('GET /circulation/loans/{id}', await t.http().get(`/circulation/loans/${loanId}`).set(staff)),
      check('GET /circulation/loans/{id}', await t.http().get(`/circulation/loans/${loanId}`).set(auth(lan.token))),
      check(
        'GET /circulation/loans',
        await t.http().get(`/circulation/loans?institutionId=${desk.institutionId}`).set(staff),
      ),
      check('GET /me/loans', await t.http().get('/me/loans').set(auth(lan.token))),
      check(
        'PUT /me/history/setting',
        await t.http().put('/me/history/setting').set(auth(lan.token)).send({ keepHistory: true }),
      ),
      check('GET /me/history/setting', await t.http().get('/me/history/setting').set(auth(lan.token))),
      check(
        'POST /circulation/checkins',
        await t
          .http()
          .post('/circulation/checkins')
          .set(staff)
          .send({ barcode: copies[0].barcode, institutionId: desk.institutionId }),
      ),
      check('GET /me/history', await t.http().get('/me/history').set(auth(lan.token))),
      check(
        'POST /circulation/in-house-uses',
        await t
          .http()
          .post('/circulation/in-house-uses')
          .set(staff)
          .send({ barcode: copies[1].barcode, institutionId: desk.institutionId }),
      ),
      check('DELETE /me/history', await t.http().delete('/me/history').set(auth(lan.token))),
      check(
        'GET /circulation/holds',
        await t.http().get(`/circulation/holds?institutionId=${desk.institutionId}`).set(staff),
      ),
      check('GET /me/holds', await t.http().get('/me/holds').set(auth(hung.token))),
      check(
        'POST /me/reservations',
        await t.http().post('/me/reservations').set(auth(lan.token)).send({ barcode: copies[1].barcode }),
      ),
    ].flat();
    expect(problems).toEqual([]);
    expect(renewed.body.overridden).toBe(true);
  });

  it('plan indicators and stored reports', async () => {
    const province = (await createUnit(t, { name: 'Tỉnh Quảng Trị' })).unitId;
    const district = (await createUnit(t, { level: 'district', parentId: province, name: 'Huyện Đakrông' })).unitId;
    const library = (
      await createInstitution(t, {
        unitId: province,
        type: 'public_library',
        level: 'province',
        name: 'Thư viện tỉnh Quảng Trị',
      })
    ).institutionId;
    const museum = (
      await createInstitution(t, { unitId: district, type: 'museum', level: null, name: 'Bảo tàng Đường 9' })
    ).institutionId;
    let n = 0;
    const ev = (
      institutionId: string,
      unitId: string,
      kind: UsageEventKind,
      at: string,
      quantity: number,
    ): StampedUsageEvent => ({
      clientEventId: `openapi-plans-${++n}`,
      kind,
      institutionId,
      unitId,
      servicePointId: null,
      occurredAt: new Date(at),
      patronKey: null,
      quantity,
      rawCrossings: null,
      basis: 'counted',
      source: 'api',
    });
    const ingest = async (events: StampedUsageEvent[]) => {
      await t.app.get(UsageIngestionService).ingestStamped(events);
      await t.app.get(RollupService).catchUp();
    };
    await ingest(
      [2022, 2023, 2024].flatMap((y) => [
        ev(library, province, 'programme_session', `${y}-04-21T08:00:00+07:00`, 4),
        ev(museum, district, 'museum_learning_visit', `${y}-05-19T09:00:00+07:00`, 100 + y - 2022),
      ]),
    );
    await ingest([ev(museum, district, 'museum_learning_visit', '2023-08-01T09:00:00+07:00', 7)]); // a restatement of 2023
    await t.app.get(PlansSeeder).seed();
    const plans = await t
      .http()
      .get('/plans')
      .set(auth((await createSystemAdmin(t)).token));
    const nationalId = (plans.body as { id: string; level: string }[]).find((x) => x.level === 'national')!.id;
    const sysAdmin = (await createSystemAdmin(t)).token;
    const provinceAdmin = (await createNetworkAdmin(t, province)).token;
    // Stored as the generation task does (the task itself is tested in test/e2e/plans).
    const reports = t.app.get(ReportsService);
    const national = await reports.planFor({ systemAdmin: true } as never, nationalId);
    await reports.generate(national, reports.closedPeriodOf(national, '2024'));
    const live = await t
      .http()
      .get(`/plans/${nationalId}/indicators`)
      .query({ period: '2024' })
      .set(auth(provinceAdmin));
    const stored = await t.http().get(`/plans/${nationalId}/reports/2024`).set(auth(sysAdmin));
    const problems = [
      check('GET /plans/{planId}/indicators', live),
      check(
        'GET /plans/{planId}/indicators',
        await t.http().get(`/plans/${nationalId}/indicators`).query({ period: '2026' }).set(auth(sysAdmin)),
      ),
      check('GET /plans/{planId}/reports/{period}', stored),
    ].flat();
    expect(problems).toEqual([]);
    // The checks saw every part of the body: growth, evidence, drill-down rows, restatements, and nulls.
    const body = stored.body as {
      indicators: { growth?: unknown; evidence?: unknown[]; value: number | null }[];
      drillDown: unknown[];
      restatements: unknown[];
    };
    expect(
      body.indicators.some((i) => i.growth) &&
        body.indicators.some((i) => i.evidence?.length) &&
        body.indicators.some((i) => i.value === null),
    ).toBe(true);
    // The three provinces under the national plan; the one restatement of 2023; the province administrator's district.
    expect(body.drillDown).toHaveLength(3);
    expect(body.restatements).toHaveLength(1);
    expect(live.body.drillDown).toHaveLength(1);
  });
});
