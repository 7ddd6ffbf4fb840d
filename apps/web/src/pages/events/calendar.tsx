import { useState } from 'preact/hooks';
import { get, post } from '../../lib/api.js';
import { dateTime, lang, t, useLang } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { ErrorBox, Loading, PageTitle, useAction, useLoad } from '../../components/ui.js';

interface Session {
  id: string;
  programmeTitle: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  roomName: string | null;
  online: boolean;
  seatsLeft: number | null;
  capacity: number | null;
  status: string;
  category: string;
  categoryVi: string;
  description: string | null;
  registration: string;
  institutionName: string;
}
interface Registration {
  id: string;
  status: string;
  statusVi: string;
  waitlistPosition: number | null;
}

/** Upcoming lifelong-learning sessions of the network (public listing), with registration for signed-in patrons. */
export function EventsCalendarPage() {
  useLang();
  const { me } = useSession();
  const { data, error, loading } = useLoad(() => get<{ items: Session[] }>('/events/public/sessions?limit=50'), []);
  const [done, setDone] = useState<Record<string, Registration>>({});
  const register = useAction(async (s: Session) => {
    const r = await post<Registration>(`/events/sessions/${s.id}/registrations`, {}, { idempotent: true });
    setDone((d) => ({ ...d, [s.id]: r }));
  });
  return (
    <section>
      <PageTitle>{t('events.calendar')}</PageTitle>
      <p class="muted">{t('events.calendarHint')}</p>
      <ErrorBox error={error ?? register.error} />
      {loading && <Loading />}
      {data && data.items.length === 0 && <p>{t('events.noUpcoming')}</p>}
      <ul class="cards">
        {data?.items.map((s) => (
          <li key={s.id} class="card">
            <h2 class="h3">{s.programmeTitle}</h2>
            <p>
              {dateTime(s.startsAt)} · {s.institutionName}
            </p>
            <p class="small">{[s.roomName, s.place].filter(Boolean).join(' · ')}</p>
            <p class="small">{lang() === 'vi' ? s.categoryVi : s.category.replace(/_/g, ' ')}</p>
            {s.seatsLeft !== null && <p class="small">{t('events.seatsLeft', { n: s.seatsLeft })}</p>}
            {done[s.id] ? (
              <p role="status">
                <strong>{lang() === 'vi' ? done[s.id].statusVi : done[s.id].status}</strong>
                {done[s.id].waitlistPosition
                  ? ` — ${t('events.waitlist', { n: done[s.id].waitlistPosition as number })}`
                  : ''}
              </p>
            ) : s.registration === 'none' ? (
              <p class="small">{t('events.noRegistration')}</p>
            ) : me?.patronId ? (
              <button type="button" class="small" disabled={register.busy} onClick={() => register.go(s)}>
                {t('events.register')}
              </button>
            ) : me === null ? (
              <a href="/sign-in?next=/opac/events">{t('events.signInToRegister')}</a>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
