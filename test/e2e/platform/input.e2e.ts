import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { TestThingsModule } from '../../support/test-things.module.js';

// Bad input of every kind gets a 4xx with the standard body, never a 500 and never a row.
describe('hostile input never produces a 500', () => {
  let t: TestApp;
  const countThings = async (): Promise<number> => {
    const { DataSource } = await import('typeorm');
    const ds = t.app.get(DataSource);
    const [r]: { n: string }[] = await ds.query('SELECT count(*) AS n FROM public.test_things');
    return Number(r.n);
  };

  beforeAll(async () => {
    t = await bootTestApp({ modules: [TestThingsModule] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (body: string, type = 'application/json') =>
    t.http().post('/test/things').set('Content-Type', type).send(body);
  const expectError = (res: { status: number; body: Record<string, unknown> }, status: number, code: string) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(typeof res.body.message).toBe('string');
    expect(typeof res.body.messageVi).toBe('string');
    expect(typeof res.body.correlationId).toBe('string');
  };

  it('accepts a valid body (the control case) with Vietnamese text in NFC and NFD', async () => {
    const res = await post(
      JSON.stringify({
        title: 'Đất rừng phương Nam',
        copies: 2,
        tags: ['văn học', 'Nam Bộ'.normalize('NFD')],
        place: { province: 'Cà Mau' },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.title).toBe('Đất rừng phương Nam');
  });

  it('answers malformed JSON with 400 platform/malformed_json', async () => {
    for (const body of [
      '{"title": "Truyện Kiều",',
      '{title: "Lục Vân Tiên"}',
      "{'a':1}",
      '{"a":1}}',
      '\u0000',
      'NaN',
    ]) {
      expectError(await post(body), 400, 'platform/malformed_json');
    }
  });

  it('answers wrong types with 400 listing every offending field', async () => {
    const res = await post(
      JSON.stringify({ title: 42, copies: 'hai', tags: 'không phải mảng', place: { province: 7 } }),
    );
    expectError(res, 400, 'platform/validation_failed');
    const fields = (res.body.details.fields as { field: string; problems: string[] }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['copies', 'place.province', 'tags', 'title']);
  });

  it('answers missing and out-of-range fields with 400 naming them', async () => {
    const res = await post(JSON.stringify({ copies: 0 }));
    expectError(res, 400, 'platform/validation_failed');
    const fields = (res.body.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['copies', 'title']);
    expect(res.body.message).toContain('copies');
  });

  it('rejects unknown fields (mass assignment) and names them, nested ones too', async () => {
    const res = await post(
      JSON.stringify({ title: 'Số đỏ', copies: 1, isAdmin: true, place: { province: 'Hà Nội', secret: 1 } }),
    );
    expectError(res, 400, 'platform/validation_failed');
    const fields = (res.body.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['isAdmin', 'place.secret']);
  });

  it('answers bodies that are not objects with 400', async () => {
    for (const body of ['null', '[]', '[1,2,3]', '"Tắt đèn"', '42', 'true']) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(['platform/validation_failed', 'platform/malformed_json']).toContain(res.body.code);
    }
  });

  it('answers prototype-pollution keys with 400 and pollutes nothing', async () => {
    const res = await post(
      '{"title":"Chí Phèo","copies":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    );
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers a huge body with 413 and a deeply nested one with 4xx', async () => {
    expectError(
      await post(JSON.stringify({ title: 'đ'.repeat(2 * 1024 * 1024), copies: 1 })),
      413,
      'platform/payload_too_large',
    );
    const deep = await post(
      `{"title":"x","copies":1,"place":${'{"province":'.repeat(20000)}"Huế"${'}'.repeat(20000)}}`,
    );
    expect(deep.status).toBeGreaterThanOrEqual(400);
    expect(deep.status).toBeLessThan(500);
    const wide = await post(
      JSON.stringify({ title: 'x', copies: 1, tags: Array.from({ length: 50000 }, (_, i) => `nhãn ${i}`) }),
    );
    expect(wide.status).toBe(400);
  });

  it('answers other content types and encodings with 4xx, not 500', async () => {
    for (const [type, body] of [
      ['text/plain', 'Truyện Kiều'],
      ['application/xml', '<sach>Truyện Kiều</sach>'],
      ['application/json; charset=latin-9', '{"title":"x","copies":1}'],
      ['application/x-www-form-urlencoded', 'title=Nh%E1%BA%ADt+k%C3%BD&copies=1'],
    ] as const) {
      const res = await post(body, type);
      expect({ type, status: res.status < 500 && res.status >= 400 }).toEqual({ type, status: true });
    }
    const gz = await t
      .http()
      .post('/test/things')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('không phải gzip');
    expect(gz.status).toBeGreaterThanOrEqual(400);
    expect(gz.status).toBeLessThan(500);
  });

  it('maps an unknown error to 500 without internals, with the correlation id', async () => {
    const res = await t.http().get('/test/boom').set('X-Correlation-Id', 'loi-123');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'platform/internal_error', correlationId: 'loi-123', details: {} });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('says every validation problem in Vietnamese in messageVi: field names as the API spells them, no English word', async () => {
    const english =
      /(?<![\p{L}\p{N}_])(must|should|property|exist|not|be|an?|string|integer|number|email|valid|values?|following|longer|shorter|than|equal|characters?|less|greater|contain|elements?|array|object|each|nested|date|match)(?![\p{L}\p{N}_])/iu;
    const withoutFields = (res: { body: { messageVi: string; details: { fields: { field: string }[] } } }) =>
      res.body.details.fields.reduce((vi, f) => vi.split(f.field).join(''), res.body.messageVi);
    const things = await post(JSON.stringify({ title: '', copies: 101, tags: [1], place: 'Huế', isAdmin: true }));
    expectError(things, 400, 'platform/validation_failed');
    expect(things.body.message).toContain('property isAdmin should not exist');
    expect(things.body.messageVi).toContain('isAdmin: trường này không có trong yêu cầu này, hãy bỏ nó đi');
    expect(things.body.messageVi).toContain('copies: không được lớn hơn 100');
    expect(withoutFields(things)).not.toMatch(english);
    const register = await t.http().post('/auth/register').send({
      email: 'không phải thư',
      password: '',
      fullName: 'Đặng Thùy Trâm',
      birthDate: '2/9/2001',
      category: 'giáo viên',
      homeInstitutionId: 'thư viện',
      email2: 'x',
    });
    expectError(register, 400, 'platform/validation_failed');
    expect(register.body.messageVi).toContain('email: phải là địa chỉ thư điện tử hợp lệ');
    expect(register.body.messageVi).toMatch(/birthDate: [^|]*phải là ngày dạng YYYY-MM-DD/);
    expect(register.body.messageVi).toContain('homeInstitutionId: phải là mã định danh dạng UUID');
    expect(withoutFields(register)).not.toMatch(english);
  });

  it('wrote exactly one row: the valid request; no bad request half-wrote', async () => {
    expect(await countThings()).toBe(1);
  });
});
