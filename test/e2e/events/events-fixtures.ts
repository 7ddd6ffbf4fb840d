// Builders for the events suites: an institution with an organiser (events role), a room, a programme with sessions
// at chosen days from now (Vietnam wall time), and a base URL for real concurrent HTTP.
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from '../../support/app.js';
import { auth, createInstitution, createStaff, type InstitutionOptions } from '../../support/fixtures.js';

export interface Venue {
  institutionId: string;
  unitId: string;
  organiser: { accountId: string; token: string };
}

export async function createVenue(t: TestApp, opts: InstitutionOptions = {}): Promise<Venue> {
  const inst = await createInstitution(t, opts);
  const organiser = await createStaff(t, { institutionId: inst.institutionId, roles: ['events'] });
  return { institutionId: inst.institutionId, unitId: inst.unitId, organiser };
}

/** `YYYY-MM-DD` of the Vietnam day `days` from now. */
export function vnDay(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

export async function createProgramme(
  t: TestApp,
  venue: Venue,
  body: Record<string, unknown>,
): Promise<{ id: string; sessions: { id: string; startsAt: string; endsAt: string }[] }> {
  const res = await t
    .http()
    .post('/events/programmes')
    .set(auth(venue.organiser.token))
    .send({ institutionId: venue.institutionId, category: 'reading_promotion', ...body });
  if (res.status !== 201) throw new Error(`programme not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Listen on a free port once and return its base URL (for many concurrent requests through real HTTP). */
export async function baseUrl(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// Every request is sent at once; 40 kept-alive connections carry them (a thousand fresh connections at once would
// overflow the listen backlog and test the kernel, not the service).
const agent = new Agent({ keepAlive: true, maxSockets: 40 });

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
