import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const adminUrl = process.env.SUOTDOI_TEST_ADMIN_URL;
  const template = process.env.SUOTDOI_TEST_TEMPLATE_DB;
  if (adminUrl && template) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // Drop this run's template and any test database a crashed worker left behind.
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      template,
      `${template}_%`,
    ]);
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    await admin.end();
  }
  await globalThis.__embeddedPg?.stop();
  if (globalThis.__meili) {
    await globalThis.__meili.server.stop();
    rmSync(globalThis.__meili.dir, { recursive: true, force: true });
  }
}
