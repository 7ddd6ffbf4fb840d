// The outbox relay sends notice e-mail without holding its claim transaction (nor a pooled connection) while the
// mail server takes its time: the rows are claimed with a lease that commits at once. Every notice goes out once.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { IdentityNotices } from '@suotdoi/identity';
import { NoticesService } from '@suotdoi/notices';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';

const GUESTS = ['Nguyễn Thị Đào', 'Trần Văn Đức'.normalize('NFD'), 'Lê Thị Ánh'];

describe('outbox relay and a slow mail server', () => {
  let t: TestApp;
  let ds: DataSource;
  let server: SMTPServer;
  let holding = true;
  const held: (() => void)[] = [];
  const accepted: string[] = [];

  beforeAll(async () => {
    // A mail server that keeps each message waiting (no answer to DATA) until the test lets it through.
    server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          const accept = () => {
            accepted.push(String((session.envelope.rcptTo[0] as { address: string }).address));
            callback();
          };
          if (holding) held.push(accept);
          else accept();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.server.address() as AddressInfo).port;
    t = await bootTestApp({ worker: true, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    holding = false;
    for (const accept of held.splice(0)) accept();
    await t?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('holds no transaction while the mail server answers, and sends each notice once', async () => {
    const notices = t.app.get(NoticesService);
    await ds.transaction(async (m) => {
      for (const [i, name] of GUESTS.entries())
        await notices.notify(m, {
          to: { guest: { name, email: `khach-${i}@thu.example` } },
          template: IdentityNotices.card_issued,
          params: { cardNumber: `ĐĐ-${i}`, cardExpiresOn: '2027-12-31' },
          dedupeKey: `cham-${i}`,
        });
    });
    // The first e-mail is at the server, waiting for its answer: no transaction holds the rows (a claim transaction
    // would, and NOWAIT would fail on its row locks).
    await eventually(() => held.length === 1);
    const locked = await ds.transaction(async (m) => {
      const rows: unknown[] = await m.query(
        `SELECT id FROM platform.outbox WHERE topic = 'notices.deliver' AND processed_at IS NULL FOR UPDATE NOWAIT`,
      );
      return rows.length;
    });
    expect(locked).toBe(3);
    const leased: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM platform.outbox
       WHERE topic = 'notices.deliver' AND processed_at IS NULL AND available_at > now() + interval '1 minute'`,
    );
    expect(leased[0]!.n).toBe(3);

    holding = false;
    for (const accept of held.splice(0)) accept();
    await eventually(async () => {
      const [r]: { n: number }[] = await ds.query(
        `SELECT count(*)::int AS n FROM platform.outbox WHERE topic = 'notices.deliver' AND processed_at IS NOT NULL`,
      );
      return r!.n === 3;
    });
    expect(accepted.sort()).toEqual(['khach-0@thu.example', 'khach-1@thu.example', 'khach-2@thu.example']);
    const sent: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM notices.notices WHERE sent_at IS NOT NULL`,
    );
    expect(sent[0]!.n).toBe(3);
  });
});
