// The disk full during an upload: the request answers 507 platform/storage_full in both languages, nothing of the
// file is left behind (no partial file, no record pointing at one), and uploads work again once there is room.
// Storage is a 256 KiB tmpfs mounted for this test (needs root, as the test machine has; otherwise SKIPPED).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createStaff } from '../../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'suotdoi-full-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]).status === 0;
if (!mounted) console.log('SKIPPED: disk-full uploads (cannot mount a small tmpfs: not root)');
const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(bytes, 0x20)]);
const files = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [e.name]));

(mounted ? describe : describe.skip)('uploads when the disk is full', () => {
  let t: TestApp;
  let librarian: string;
  let recordId: string;
  let institutionId: string;
  beforeAll(async () => {
    t = await bootTestApp({ env: { STORAGE_DIR: dir } });
    institutionId = (await createInstitution(t, { name: 'Thư viện tỉnh Đắk Lắk' })).institutionId;
    librarian = (await createStaff(t, { institutionId, roles: ['cataloguing'] })).token;
    recordId = (
      await t
        .http()
        .post('/catalogue/records')
        .set(auth(librarian))
        .send({ title: 'Đất rừng phương Nam', language: 'vie' })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await t?.close();
    // Lazily: the app's storage may still hold the directory open for a moment after it closed.
    if (spawnSync('umount', ['-l', dir]).status === 0) rmSync(dir, { recursive: true, force: true });
  });

  const upload = async (body: Buffer) => {
    const resource = await t
      .http()
      .post(`/catalogue/records/${recordId}/digital-resources`)
      .set(auth(librarian))
      .send({ institutionId, kind: 'ebook', access: 'open', label: 'Bản PDF' })
      .expect(201);
    const res = await t
      .http()
      .put(`/catalogue/digital-resources/${resource.body.id}/file`)
      .set(auth(librarian))
      .set('Content-Type', 'application/pdf')
      .set('X-File-Name', encodeURIComponent('Đất rừng phương Nam.pdf'))
      .send(body);
    return { id: resource.body.id as string, res };
  };

  it('answers 507 with a code and both languages, leaves nothing half-written, and recovers', async () => {
    const { id, res } = await upload(pdf(1024 * 1024));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 507, code: 'platform/storage_full' });
    expect(res.body.message).toBe(
      'The file could not be stored: the storage is full. Nothing was saved; try again later.',
    );
    expect(res.body.messageVi).toBe(
      'Không lưu được tệp vì bộ nhớ lưu trữ đã đầy. Chưa có gì được lưu; vui lòng thử lại sau.',
    );
    expect(files(dir)).toEqual([]);
    await t.http().get(`/catalogue/digital-resources/${id}/file`).set(auth(librarian)).expect(404);

    const small = await upload(pdf(10 * 1024));
    expect(small.res.status).toBe(200);
    expect(files(dir)).toHaveLength(1);
    const got = await t.http().get(`/catalogue/digital-resources/${small.id}/file`).set(auth(librarian)).expect(200);
    expect(Number(got.headers['content-length'])).toBe(10 * 1024 + 9);
  });
});
