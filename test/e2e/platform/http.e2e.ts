import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '../../support/app.js';

describe('platform HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers liveness and readiness with the backends in force', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.checks.database).toMatchObject({ ok: true, backend: 'postgres' });
    expect(ready.body.checks.queue).toMatchObject({ ok: true, backend: 'postgres' });
  });

  it('returns a JSON 404 with a stable code for unknown routes', async () => {
    const res = await t.http().get('/no/such/route').expect(404);
    expect(res.body).toMatchObject({
      code: 'platform/route_not_found',
      details: { method: 'GET', path: '/no/such/route' },
    });
    expect(res.body.messageVi).toContain('Không có đường dẫn');
    expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
  });

  it('keeps a well-formed caller correlation id', async () => {
    const res = await t.http().get('/nope').set('X-Correlation-Id', 'abc-123').expect(404);
    expect(res.body.correlationId).toBe('abc-123');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t
      .http()
      .post('/health')
      .set('Content-Type', 'application/json')
      .send('{"title": "Truyện Kiều",')
      .expect(400);
    expect(res.body.code).toBe('platform/malformed_json');
  });

  it('answers an oversized body with 413, not 500', async () => {
    const huge = JSON.stringify({ note: 'đ'.repeat(2 * 1024 * 1024) });
    const res = await t.http().post('/health').set('Content-Type', 'application/json').send(huge).expect(413);
    expect(res.body.code).toBe('platform/payload_too_large');
  });

  it('serves Prometheus metrics and the OpenAPI document', async () => {
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('http_request_duration_seconds');
    expect(metrics.text).toContain('queue_jobs');
    const docs = await t.http().get('/docs/openapi.json').expect(200);
    expect(docs.body.info.title).toBe('Suốt Đời API');
    expect(Object.keys(docs.body.paths)).toContain('/health/ready');
  });
});
