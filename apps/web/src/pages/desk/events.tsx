import { useRef, useState } from 'preact/hooks';
import { api, get, post } from '../../lib/api.js';
import { dateTime, label, t } from '../../lib/i18n.js';
import { ErrorBox, Loading, Success, useAction, useLoad } from '../../components/ui.js';

interface ListedSession {
  id: string;
  programmeTitle: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  roomName: string | null;
  attended: number;
  seatsTaken: number;
  capacity: number | null;
  status: string;
}
interface Registration {
  id: string;
  fullName: string | null;
  groupName: string | null;
  seats: number;
  status: string;
  statusVi: string;
}

/** Attendance at the door: today's sessions here, then the library card or the ticket code, as scanned. */
export function EventsDesk({ institutionId }: { institutionId: string }) {
  const today = new Date();
  const from = new Date(today.getTime() - 12 * 3600_000).toISOString();
  const sessions = useLoad(
    () =>
      get<{ items: ListedSession[] }>(
        `/events/public/sessions?institutionId=${institutionId}&from=${encodeURIComponent(from)}&limit=50`,
      ),
    [institutionId],
  );
  const [sessionId, setSessionId] = useState('');
  const [value, setValue] = useState('');
  const [kind, setKind] = useState<'card' | 'code'>('card');
  const [done, setDone] = useState<Registration[]>([]);
  const ref = useRef<HTMLInputElement>(null);
  const chosen = sessionId || sessions.data?.items[0]?.id || '';
  const checkIn = useAction(async () => {
    const v = value.trim();
    const r = await post<Registration>(
      `/events/sessions/${chosen}/check-ins`,
      kind === 'card' ? { cardNumber: v } : { code: v.toUpperCase() },
      { idempotent: true },
    );
    setDone((d) => [r, ...d]);
    setValue('');
    ref.current?.focus();
  });
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('events.checkIn')}</h2>
      <ErrorBox error={sessions.error} />
      {sessions.loading && <Loading />}
      {sessions.data && sessions.data.items.length === 0 && <p>{t('events.noSessions')}</p>}
      {sessions.data && sessions.data.items.length > 0 && (
        <>
          <div class="field">
            <label for="session">{t('events.session')}</label>
            <select id="session" value={chosen} onChange={(e) => setSessionId((e.target as HTMLSelectElement).value)}>
              {sessions.data.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.programmeTitle} — {dateTime(s.startsAt)}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>{t('events.scanWhat')}</legend>
            <div class="check">
              <input
                type="radio"
                id="kind-card"
                name="kind"
                checked={kind === 'card'}
                onChange={() => setKind('card')}
              />
              <label for="kind-card">{t('events.card')}</label>
            </div>
            <div class="check">
              <input
                type="radio"
                id="kind-code"
                name="kind"
                checked={kind === 'code'}
                onChange={() => setKind('code')}
              />
              <label for="kind-code">{t('events.code')}</label>
            </div>
          </fieldset>
          <form
            class="scan"
            onSubmit={(e) => {
              e.preventDefault();
              if (value.trim()) void checkIn.go();
            }}
          >
            <label for="attendee">{kind === 'card' ? t('events.card') : t('events.code')}</label>
            <input
              id="attendee"
              ref={ref}
              autoComplete="off"
              value={value}
              onInput={(e) => setValue((e.target as HTMLInputElement).value)}
            />
            <button type="submit" disabled={checkIn.busy}>
              {t('events.checkInButton')}
            </button>
          </form>
          <ErrorBox error={checkIn.error} />
          {done.length > 0 && (
            <Success>
              <ul class="plain">
                {done.map((r) => (
                  <li key={r.id}>{t('events.checkedIn', { name: r.fullName ?? r.groupName ?? '', seats: r.seats })}</li>
                ))}
              </ul>
            </Success>
          )}
        </>
      )}
    </section>
  );
}

const CATEGORIES = [
  'reading_promotion',
  'book_day',
  'world_book_day',
  'lifelong_learning_week',
  'exhibition',
  'talk',
  'workshop',
  'course',
  'club_meeting',
  'museum_education',
  'digital_skills',
  'donation_campaign',
  'digital_collection',
  'heritage_day',
  'museum_day',
] as const;

interface ProgrammeSummary {
  id: string;
  title: string;
  category: string;
  registration: string;
}
interface Programme extends ProgrammeSummary {
  description: string | null;
  minAge: number | null;
  maxAge: number | null;
  sessions: StaffSession[];
}
interface StaffSession {
  id: string;
  startsAt: string;
  endsAt: string;
  roomName: string | null;
  place: string | null;
  online: boolean;
  capacity: number | null;
  seatsTaken: number;
  waitlistLength: number;
  attended: number;
  status: string;
}
interface StaffRegistration {
  id: string;
  kind: string;
  fullName: string | null;
  groupName: string | null;
  seats: number;
  status: string;
  waitlistPosition: number | null;
  code: string;
  checkedInAt: string | null;
}
interface Room {
  id: string;
  name: string;
  seats: number | null;
}

const inputValue = (e: Event) => (e.target as HTMLInputElement).value;

/** Programmes at this institution: create one (with its first session or a weekly series), edit it, add sessions, see who registered. */
export function ProgrammesDesk({ institutionId }: { institutionId: string }) {
  const list = useLoad(
    () =>
      get<{ items: ProgrammeSummary[]; total: number }>(`/events/programmes?institutionId=${institutionId}&limit=50`),
    [institutionId],
  );
  const [open, setOpen] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('programmes.title')}</h2>
      <button type="button" class="secondary" aria-expanded={creating} onClick={() => setCreating((x) => !x)}>
        {t('programmes.new')}
      </button>
      {creating && (
        <NewProgramme
          institutionId={institutionId}
          onCreated={(id) => {
            setCreating(false);
            list.reload();
            setOpen(id);
          }}
        />
      )}
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <p>{t('programmes.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('programmes.name')}</th>
                <th scope="col">{t('programmes.category')}</th>
                <th scope="col">{t('programmes.registration')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('account.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id} aria-current={open === p.id ? 'true' : undefined}>
                  <td data-label={t('programmes.name')}>{p.title}</td>
                  <td data-label={t('programmes.category')}>{label('programmeCategory', p.category)}</td>
                  <td data-label={t('programmes.registration')}>{label('registrationMode', p.registration)}</td>
                  <td>
                    <button
                      type="button"
                      class="small secondary"
                      aria-label={t('programmes.openNamed', { name: p.title })}
                      onClick={() => setOpen(p.id)}
                    >
                      {t('rotation.details')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <ProgrammeView key={open} id={open} institutionId={institutionId} onChanged={list.reload} />}
    </section>
  );
}

/** When and where: one session, or the first of a weekly series. */
function ScheduleFields({ institutionId, prefix }: { institutionId: string; prefix: string }) {
  const rooms = useLoad(() => get<{ items: Room[] }>(`/events/rooms?institutionId=${institutionId}`), [institutionId]);
  const [repeat, setRepeat] = useState('once');
  const tomorrow = new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  return (
    <fieldset>
      <legend>{t('programmes.when')}</legend>
      <div class="field">
        <label for={`${prefix}-day`}>{t('programmes.day')}</label>
        <input id={`${prefix}-day`} name="day" type="date" required defaultValue={tomorrow} />
      </div>
      <div class="field">
        <label for={`${prefix}-start`}>{t('programmes.start')}</label>
        <input id={`${prefix}-start`} name="start" type="time" required defaultValue="08:00" />
      </div>
      <div class="field">
        <label for={`${prefix}-end`}>{t('programmes.end')}</label>
        <input id={`${prefix}-end`} name="end" type="time" required defaultValue="10:00" />
      </div>
      <div class="field">
        <label for={`${prefix}-repeat`}>{t('programmes.repeat')}</label>
        <select id={`${prefix}-repeat`} name="repeat" value={repeat} onChange={(e) => setRepeat(inputValue(e))}>
          <option value="once">{t('programmes.once')}</option>
          <option value="weekly">{t('programmes.weekly')}</option>
        </select>
      </div>
      {repeat === 'weekly' && (
        <div class="field">
          <label for={`${prefix}-count`}>{t('programmes.count')}</label>
          <input id={`${prefix}-count`} name="count" type="number" min={2} max={104} required defaultValue="8" />
        </div>
      )}
      {rooms.data && rooms.data.items.length > 0 && (
        <div class="field">
          <label for={`${prefix}-room`}>{t('programmes.room')}</label>
          <select id={`${prefix}-room`} name="roomId">
            <option value="">{t('programmes.noRoom')}</option>
            {rooms.data.items.map((r) => (
              <option key={r.id} value={r.id}>
                {r.seats === null ? r.name : t('programmes.roomSeats', { name: r.name, n: r.seats })}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field">
        <label for={`${prefix}-place`}>{t('programmes.place')}</label>
        <input id={`${prefix}-place`} name="place" maxLength={300} />
      </div>
      <div class="field">
        <label for={`${prefix}-capacity`}>{t('programmes.capacity')}</label>
        <input
          id={`${prefix}-capacity`}
          name="capacity"
          type="number"
          min={0}
          max={100000}
          aria-describedby={`${prefix}-capacity-hint`}
        />
        <p id={`${prefix}-capacity-hint`} class="hint">
          {t('programmes.capacityHint')}
        </p>
      </div>
    </fieldset>
  );
}

/** The schedule the API takes, from the fields of ScheduleFields. */
function schedule(form: HTMLFormElement): Record<string, unknown> {
  const f = new FormData(form);
  const s = (k: string) => String(f.get(k) ?? '').trim();
  return {
    startsAt: `${s('day')}T${s('start')}`,
    endsAt: `${s('day')}T${s('end')}`,
    ...(s('repeat') === 'weekly' ? { rrule: `FREQ=WEEKLY;COUNT=${s('count')}` } : {}),
    ...(s('roomId') ? { roomId: s('roomId') } : {}),
    ...(s('place') ? { place: s('place') } : {}),
    ...(s('capacity') ? { capacity: Number(s('capacity')) } : {}),
  };
}

function NewProgramme({ institutionId, onCreated }: { institutionId: string; onCreated: (id: string) => void }) {
  const create = useAction(async (form: HTMLFormElement) => {
    const f = new FormData(form);
    const p = await post<{ id: string }>(
      '/events/programmes',
      {
        institutionId,
        title: String(f.get('title') ?? ''),
        description: String(f.get('description') ?? '') || undefined,
        category: String(f.get('category') ?? ''),
        registration: String(f.get('registration') ?? 'session'),
        schedule: schedule(form),
      },
      { idempotent: true },
    );
    onCreated(p.id);
  });
  return (
    <form
      class="stacked panel"
      onSubmit={(e) => {
        e.preventDefault();
        void create.go(e.currentTarget as HTMLFormElement);
      }}
    >
      <h3>{t('programmes.new')}</h3>
      <div class="field">
        <label for="programme-title">{t('programmes.name')}</label>
        <input id="programme-title" name="title" required maxLength={300} />
      </div>
      <div class="field">
        <label for="programme-category">{t('programmes.category')}</label>
        <select id="programme-category" name="category" required>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {label('programmeCategory', c)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="programme-description">{t('programmes.description')}</label>
        <textarea id="programme-description" name="description" rows={3} maxLength={5000} />
      </div>
      <div class="field">
        <label for="programme-registration">{t('programmes.registration')}</label>
        <select id="programme-registration" name="registration">
          {['session', 'series', 'none'].map((m) => (
            <option key={m} value={m}>
              {label('registrationMode', m)}
            </option>
          ))}
        </select>
      </div>
      <ScheduleFields institutionId={institutionId} prefix="new" />
      <button type="submit" disabled={create.busy}>
        {t('programmes.create')}
      </button>
      <ErrorBox error={create.error} />
    </form>
  );
}

function ProgrammeView({ id, institutionId, onChanged }: { id: string; institutionId: string; onChanged: () => void }) {
  const { data, error, reload } = useLoad(() => get<Programme>(`/events/programmes/${id}`), [id]);
  const [saved, setSaved] = useState(false);
  const [added, setAdded] = useState<number | undefined>();
  const [session, setSession] = useState<string | undefined>();
  const save = useAction(async (form: HTMLFormElement) => {
    const f = new FormData(form);
    const age = (k: string) => (String(f.get(k) ?? '').trim() === '' ? null : Number(f.get(k)));
    await api('PATCH', `/events/programmes/${id}`, {
      body: {
        title: String(f.get('title') ?? ''),
        description: String(f.get('description') ?? '').trim() || null,
        category: String(f.get('category') ?? ''),
        minAge: age('minAge'),
        maxAge: age('maxAge'),
      },
    });
    setSaved(true);
    reload();
    onChanged();
  });
  const add = useAction(async (form: HTMLFormElement) => {
    const r = await post<{ items: StaffSession[] }>(`/events/programmes/${id}/sessions`, schedule(form), {
      idempotent: true,
    });
    setAdded(r.items.length);
    reload();
  });
  if (!data) return error ? <ErrorBox error={error} /> : <Loading />;
  return (
    <div class="panel">
      <h3>{data.title}</h3>
      <form
        class="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          void save.go(e.currentTarget as HTMLFormElement);
        }}
      >
        <h4>{t('programmes.edit')}</h4>
        <div class="field">
          <label for="edit-title">{t('programmes.name')}</label>
          <input id="edit-title" name="title" required maxLength={300} defaultValue={data.title} />
        </div>
        <div class="field">
          <label for="edit-category">{t('programmes.category')}</label>
          <select id="edit-category" name="category">
            {CATEGORIES.map((c) => (
              <option key={c} value={c} selected={c === data.category}>
                {label('programmeCategory', c)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="edit-description">{t('programmes.description')}</label>
          <textarea
            id="edit-description"
            name="description"
            rows={3}
            maxLength={5000}
            defaultValue={data.description ?? ''}
          />
        </div>
        <div class="field">
          <label for="edit-min-age">{t('programmes.minAge')}</label>
          <input id="edit-min-age" name="minAge" type="number" min={0} max={120} defaultValue={data.minAge ?? ''} />
        </div>
        <div class="field">
          <label for="edit-max-age">{t('programmes.maxAge')}</label>
          <input id="edit-max-age" name="maxAge" type="number" min={0} max={120} defaultValue={data.maxAge ?? ''} />
        </div>
        <button type="submit" disabled={save.busy}>
          {t('programmes.save')}
        </button>
        <ErrorBox error={save.error} />
        {saved && !save.error && <Success>{t('programmes.saved')}</Success>}
      </form>

      <h4>{t('programmes.sessions')}</h4>
      {data.sessions.length === 0 && <p>{t('programmes.noSessions')}</p>}
      {data.sessions.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('programmes.time')}</th>
                <th scope="col">{t('programmes.place')}</th>
                <th scope="col">{t('programmes.seats')}</th>
                <th scope="col">{t('account.status')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('account.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.sessions.map((s) => (
                <tr key={s.id} aria-current={session === s.id ? 'true' : undefined}>
                  <td data-label={t('programmes.time')}>{dateTime(s.startsAt)}</td>
                  <td data-label={t('programmes.place')}>
                    {s.roomName ?? s.place ?? (s.online ? t('programmes.online') : '—')}
                  </td>
                  <td data-label={t('programmes.seats')}>
                    {s.capacity === null
                      ? t('programmes.seatsOpen', { n: s.seatsTaken })
                      : t('programmes.seatsOf', { n: s.seatsTaken, of: s.capacity })}
                    {s.waitlistLength > 0 ? ` · ${t('programmes.waiting', { n: s.waitlistLength })}` : ''}
                  </td>
                  <td data-label={t('account.status')}>{label('sessionStatus', s.status)}</td>
                  <td>
                    <button
                      type="button"
                      class="small secondary"
                      aria-label={t('programmes.registrationsOf', { when: dateTime(s.startsAt) })}
                      onClick={() => setSession(s.id)}
                    >
                      {t('programmes.registrations')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {session && <Registrations key={session} sessionId={session} />}
      <form
        class="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          setAdded(undefined);
          void add.go(e.currentTarget as HTMLFormElement);
        }}
      >
        <h4>{t('programmes.addSessions')}</h4>
        <ScheduleFields institutionId={institutionId} prefix="add" />
        <button type="submit" disabled={add.busy}>
          {t('programmes.addButton')}
        </button>
        <ErrorBox error={add.error} />
        {added !== undefined && !add.error && <Success>{t('programmes.added', { n: added })}</Success>}
      </form>
    </div>
  );
}

function Registrations({ sessionId }: { sessionId: string }) {
  const { data, error, loading } = useLoad(
    () => get<{ items: StaffRegistration[] }>(`/events/sessions/${sessionId}/registrations`),
    [sessionId],
  );
  return (
    <div class="registrations">
      <h4>{t('programmes.registrations')}</h4>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && <p>{t('programmes.noRegistrations')}</p>}
      {data && data.items.length > 0 && (
        <div class="table-wrap printable">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('programmes.who')}</th>
                <th scope="col">{t('programmes.seats')}</th>
                <th scope="col">{t('events.code')}</th>
                <th scope="col">{t('account.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id}>
                  <td data-label={t('programmes.who')}>
                    {r.groupName ? `${r.groupName} (${r.fullName ?? ''})` : (r.fullName ?? '')}
                  </td>
                  <td data-label={t('programmes.seats')}>{r.seats}</td>
                  <td data-label={t('events.code')}>{r.code}</td>
                  <td data-label={t('account.status')}>
                    {label('registrationStatus', r.status)}
                    {r.waitlistPosition ? ` (${t('events.waitlist', { n: r.waitlistPosition })})` : ''}
                    {r.checkedInAt ? ` · ${dateTime(r.checkedInAt)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" class="secondary no-print" onClick={() => window.print()}>
        {t('desk.print', { what: t('programmes.registrationsWord') })}
      </button>
    </div>
  );
}
