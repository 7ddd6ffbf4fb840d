import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, eventually, queueBackends, type TestApp } from '../../support/app.js';
import {
  auth,
  createInstitution,
  createNetworkAdmin,
  createStaff,
  createTwoJurisdictions,
} from '../../support/fixtures.js';
import { ListTaskHandler, TestTasksModule } from '../../support/test-tasks.module.js';

// On-demand tasks (libs/platform/src/tasks) on both queue backends: 202 + Location, polling, progress, result
// files, failures with codes, retries that do not double-write, owner-only access, Idempotency-Key.

const NAMES = ['Nguyễn Thị Hồng Đào', 'Trần Văn Đức'.normalize('NFD'), 'Lê Thị Ánh', 'Phạm Quốc Việt', 'Đỗ Minh Châu'];

for (const queue of queueBackends()) {
  describe(`tasks on ${queue}`, () => {
    let t: TestApp;
    let owner: { accountId: string; token: string };
    let stranger: { token: string };
    let institutionId: string;

    beforeAll(async () => {
      t = await bootTestApp({ queue, worker: true, modules: [TestTasksModule] });
      ({ institutionId } = await createInstitution(t));
      owner = await createStaff(t, { institutionId, roles: ['cataloguing'] });
      stranger = await createStaff(t, {
        institutionId: (await createInstitution(t)).institutionId,
        roles: ['manager'],
      });
    });
    afterAll(async () => t?.close());

    const finished = (id: string, token = owner.token) =>
      eventually(async () => {
        const r = await t.http().get(`/tasks/${id}`).set(auth(token)).expect(200);
        return ['succeeded', 'failed'].includes(r.body.status) && r.body;
      });

    it('answers 202 with Location, runs in the worker with progress, and offers the result file', async () => {
      const res = await t.http().post('/test/tasks/list').set(auth(owner.token)).send({ names: NAMES }).expect(202);
      expect(res.headers.location).toBe(`/tasks/${res.body.id}`);
      expect(res.body).toMatchObject({
        kind: 'test.list_names',
        status: 'queued',
        title: { vi: 'Lập danh sách tên', en: 'List of names' },
        progress: { done: 0, total: 5 },
        result: null,
        error: null,
        files: [],
      });
      const done = await finished(res.body.id);
      expect(done).toMatchObject({
        status: 'succeeded',
        progress: { done: 5, total: 5 },
        result: { written: 5 },
        error: null,
        attempts: 1,
      });
      expect(done.files.map((f: { name: string }) => f.name)).toEqual(['input-copy.txt', 'names.csv']);
      const csv = done.files.find((f: { name: string }) => f.name === 'names.csv');
      const file = await t.http().get(csv.href).set(auth(owner.token)).buffer(true).expect(200);
      expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(file.headers['content-disposition']).toBe('attachment; filename="names.csv"');
      expect(file.text).toBe(`\uFEFFname\n${NAMES.join('\n')}\n`);
      expect(Number(csv.size)).toBe(Buffer.byteLength(file.text, 'utf8'));
      await t.http().get(`/tasks/${res.body.id}/files/khong-co.csv`).set(auth(owner.token)).expect(404);
    });

    it('shows a task to its owner and readers of its scope only: anyone else gets 404, as for a task that does not exist', async () => {
      const res = await t
        .http()
        .post('/test/tasks/list')
        .set(auth(owner.token))
        .send({ names: ['Hà Giang'], institutionId })
        .expect(202);
      await finished(res.body.id);
      const colleague = await createStaff(t, { institutionId, roles: ['circulation'] });
      await t.http().get(`/tasks/${res.body.id}`).set(auth(colleague.token)).expect(200);
      for (const path of [`/tasks/${res.body.id}`, `/tasks/${res.body.id}/files/names.csv`]) {
        const r = await t.http().get(path).set(auth(stranger.token)).expect(404);
        expect(r.body).toMatchObject({ code: 'platform/task_not_found', messageVi: 'Không tìm thấy tác vụ.' });
      }
      // Without a scope, only the owner.
      const own = await t
        .http()
        .post('/test/tasks/list')
        .set(auth(owner.token))
        .send({ names: ['Cao Bằng'] })
        .expect(202);
      await t.http().get(`/tasks/${own.body.id}`).set(auth(colleague.token)).expect(404);
      await t.http().get(`/tasks/00000000-0000-4000-8000-000000000000`).set(auth(owner.token)).expect(404);
      await t.http().get(`/tasks/not-a-uuid`).set(auth(owner.token)).expect(404);
      await t.http().get(`/tasks/${own.body.id}`).expect(401);
    });

    it('lets administrators of the jurisdiction read a task scoped to an institution in it', async () => {
      const two = await createTwoJurisdictions(t);
      const librarian = await createStaff(t, { institutionId: two.a.institutionId, roles: ['manager'] });
      const res = await t
        .http()
        .post('/test/tasks/list')
        .set(auth(librarian.token))
        .send({ names: ['Lạng Sơn'], institutionId: two.a.institutionId })
        .expect(202);
      const [adminA, adminB] = [
        await createNetworkAdmin(t, two.a.provinceId),
        await createNetworkAdmin(t, two.b.provinceId),
      ];
      await t.http().get(`/tasks/${res.body.id}`).set(auth(adminA.token)).expect(200);
      await t.http().get(`/tasks/${res.body.id}`).set(auth(adminB.token)).expect(404);
    });

    it('fails at once on a domain error, with its code and both messages', async () => {
      const res = await t
        .http()
        .post('/test/tasks/list')
        .set(auth(owner.token))
        .send({ names: NAMES, fail: 'domain' })
        .expect(202);
      const done = await finished(res.body.id);
      expect(done).toMatchObject({
        status: 'failed',
        attempts: 1,
        result: null,
        error: { code: 'test/too_many_names', message: 'Too many names: 5.', messageVi: 'Quá nhiều tên: 5.' },
      });
    });

    it('retries a crashed run without writing twice, and fails with platform/task_failed when the attempts run out', async () => {
      const once = await t
        .http()
        .post('/test/tasks/list')
        .set(auth(owner.token))
        .send({ names: NAMES, fail: 'once' })
        .expect(202);
      expect(await finished(once.body.id)).toMatchObject({ status: 'succeeded', attempts: 2, result: { written: 5 } });
      const rows: { name: string }[] = await t.app
        .get(DataSource)
        .query(`SELECT name FROM public.test_task_rows WHERE task_id = $1 ORDER BY name`, [once.body.id]);
      expect(rows.map((r) => r.name).sort()).toEqual([...NAMES].sort());

      const always = await t
        .http()
        .post('/test/tasks/list')
        .set(auth(owner.token))
        .send({ names: ['Huế'], fail: 'always' })
        .expect(202);
      const failed = await finished(always.body.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'platform/task_failed' } });
      expect(failed.error.messageVi).toContain('sau 3 lần thử');
      expect(failed.error.message).toContain(always.body.id);
    }, 30_000);

    it('starts one task for a repeated POST with the same Idempotency-Key', async () => {
      const handler = t.app.get(ListTaskHandler);
      const before = handler.runs;
      const key = `tasks-${queue}-${Date.now()}`;
      const [a, b] = await Promise.all(
        [0, 1].map(() =>
          t
            .http()
            .post('/test/tasks/list')
            .set(auth(owner.token))
            .set('Idempotency-Key', key)
            .send({ names: ['Vĩnh Long'] }),
        ),
      );
      const ok = [a, b].filter((r) => r.status === 202);
      // One task, whichever request started it (the other replays it or is told to retry).
      expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
      for (const r of [a, b]) expect([202, 409]).toContain(r.status);
      await finished(ok[0].body.id);
      const again = await t
        .http()
        .post('/test/tasks/list')
        .set(auth(owner.token))
        .set('Idempotency-Key', key)
        .send({ names: ['Vĩnh Long'] })
        .expect(202);
      expect(again.body.id).toBe(ok[0].body.id);
      expect(handler.runs - before).toBe(1);
    });
  });
}
