// Programme sessions held through the events API, for the plans suites: the evidence rules and yearly obligations
// read what the events module recorded (not usage counts of any session).
import type { TestApp } from '../../support/app.js';
import { auth, createStaff, tokenFor } from '../../support/fixtures.js';

const organisers = new Map<string, string>();

/** A fresh token (valid at the test clock's now) of an organiser (events role) of the institution, made once. */
export async function organiserOf(t: TestApp, institutionId: string): Promise<string> {
  let accountId = organisers.get(institutionId);
  if (!accountId) {
    accountId = (await createStaff(t, { institutionId, roles: ['events'] })).accountId;
    organisers.set(institutionId, accountId);
  }
  return tokenFor(t, accountId);
}

/**
 * A programme of `category` at the institution with `count` weekly sessions from `firstDay` (YYYY-MM-DD, 08:00
 * Vietnam time), each recorded as held with a head count. Answers the programme's id.
 */
export async function holdSessions(
  t: TestApp,
  institutionId: string,
  o: { category: string; title: string; firstDay: string; count: number; headcount?: number; clubId?: string },
): Promise<string> {
  const token = await organiserOf(t, institutionId);
  const res = await t
    .http()
    .post('/events/programmes')
    .set(auth(token))
    .send({
      institutionId,
      title: o.title,
      category: o.category,
      registration: 'none',
      ...(o.clubId ? { clubId: o.clubId } : {}),
      schedule: {
        startsAt: `${o.firstDay}T08:00`,
        endsAt: `${o.firstDay}T10:00`,
        ...(o.count > 1 ? { rrule: `FREQ=WEEKLY;COUNT=${o.count}` } : {}),
        place: 'Hội trường',
      },
    });
  if (res.status !== 201) throw new Error(`programme not created: ${res.status} ${JSON.stringify(res.body)}`);
  for (const s of res.body.sessions as { id: string }[]) {
    await t
      .http()
      .put(`/events/sessions/${s.id}/headcount`)
      .set(auth(token))
      .send({ headcount: o.headcount ?? 20 })
      .expect(200);
    await t.http().post(`/events/sessions/${s.id}/close`).set(auth(token)).expect(200);
  }
  return res.body.id as string;
}
