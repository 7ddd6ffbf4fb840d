import { useState } from 'preact/hooks';
import { get, post, qs } from '../../lib/api.js';
import { dateTime, day, label, num, t, useLang, weekday } from '../../lib/i18n.js';
import { useInstitutions } from '../../lib/names.js';
import { useSession } from '../../lib/session.js';
import { ErrorBox, Loading, Success, useAction, useLoad } from '../../components/ui.js';

interface RecordDetail {
  record: {
    id: string;
    title: string;
    subtitle: string | null;
    responsibility: string | null;
    authors: { name: string; role: string }[];
    publisher: string | null;
    place: string | null;
    year: number | null;
    edition: string | null;
    isbns: string[];
    language: string;
    subjects: string[];
    series: string | null;
    summary: string | null;
    audience: string;
    accessibleFormats: string[];
    hasCover: boolean;
    ddc: string | null;
  };
  holdings: {
    institutionId: string;
    institutionName: string | null;
    copies: number;
    available: number;
    callNumbers: string[];
  }[];
  digitalResources: {
    id: string;
    kind: string;
    access: string;
    label: string | null;
    hasFile: boolean;
    mediaType: string | null;
    institutionId: string;
  }[];
}
interface HoldResult {
  hold: {
    id: string;
    status: string;
    queuePosition: number | null;
    pickupInstitutionId: string;
    pickupBy: string | null;
  };
}
interface ELoan {
  id: string;
  resourceId: string;
  endsAt: string;
}

const LIBRARY = /library/;

interface UpcomingStop {
  stopId: string;
  routeName: string;
  institutionName: string | null;
  place: string;
  unitName: string | null;
  date: string;
  startsAt: string;
  endsAt: string;
}

/** The cover uploaded for the record, or a placeholder with its title (also when the image cannot be loaded). */
function Cover({ id, title, hasCover }: { id: string; title: string; hasCover: boolean }) {
  const [failed, setFailed] = useState(false);
  if (hasCover && !failed)
    return (
      <img
        class="cover"
        src={`/catalogue/records/${id}/cover`}
        alt={t('record.cover', { title })}
        width={140}
        onError={() => setFailed(true)}
      />
    );
  return (
    <div class="cover cover-placeholder" aria-hidden="true">
      <span>{title}</span>
    </div>
  );
}

/** Where the mobile library of the libraries holding this title stops in the next two weeks (nothing when none). */
function MobileStops({ institutionIds }: { institutionIds: string[] }) {
  const ids = [...new Set(institutionIds)].sort();
  const { data } = useLoad(
    () =>
      get<{ items: UpcomingStop[] }>(
        `/rotation/mobile-stops/upcoming${qs({ institutionIds: ids.join(','), days: 14, limit: 10 })}`,
        { anonymous: true },
      ).catch(() => ({ items: [] as UpcomingStop[] })),
    [ids.join(',')],
  );
  if (!data || data.items.length === 0) return null;
  return (
    <section aria-labelledby="stops-heading">
      <h2 id="stops-heading">{t('record.mobileStops')}</h2>
      <p class="hint">{t('record.mobileStopsHint')}</p>
      <ul class="stops">
        {data.items.map((s) => (
          <li key={`${s.stopId}-${s.date}`}>
            <strong>
              {weekday(s.date)} {day(s.date)}, {s.startsAt}–{s.endsAt}
            </strong>{' '}
            — {s.place}
            {s.unitName ? `, ${s.unitName}` : ''}
            <span class="muted small"> ({s.institutionName ?? s.routeName})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function HoldForm({ recordId, holdings }: { recordId: string; holdings: RecordDetail['holdings'] }) {
  const { me } = useSession();
  const institutions = useInstitutions();
  const libraries = [...institutions.values()]
    .filter((i) => LIBRARY.test(i.type))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const [pickup, setPickup] = useState<string>('');
  const [done, setDone] = useState<HoldResult | undefined>();
  const place = useAction((pickupInstitutionId: string) =>
    post<HoldResult>('/me/holds', { recordId, pickupInstitutionId }, { idempotent: true }),
  );
  if (me === null)
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(`/opac/records/${recordId}`)}`}>{t('record.signInToHold')}</a>
      </p>
    );
  if (!me?.patronId) return null;
  if (done)
    return (
      <Success>
        <p>
          {done.hold.status === 'ready'
            ? t('record.holdReady', { place: institutions.get(done.hold.pickupInstitutionId)?.name ?? '' })
            : t('record.holdPlaced', {
                n: done.hold.queuePosition ?? 1,
                place: institutions.get(done.hold.pickupInstitutionId)?.name ?? '',
              })}
        </p>
        <p>
          <a href="/account/holds">{t('record.seeHolds')}</a>
        </p>
      </Success>
    );
  const chosen = pickup || holdings[0]?.institutionId || libraries[0]?.id || '';
  return (
    <form
      class="hold-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await place.go(chosen);
        if (r) setDone(r);
      }}
    >
      <h2>{t('record.holdTitle')}</h2>
      <div class="field">
        <label for="pickup">{t('record.pickup')}</label>
        <select id="pickup" value={chosen} onChange={(e) => setPickup((e.target as HTMLSelectElement).value)}>
          {libraries.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      <ErrorBox error={place.error} />
      <button type="submit" disabled={place.busy || !chosen}>
        {t('record.placeHold')}
      </button>
    </form>
  );
}

function Digital({ resources }: { resources: RecordDetail['digitalResources'] }) {
  const { me } = useSession();
  const [loan, setLoan] = useState<Record<string, ELoan>>({});
  const borrow = useAction(async (resourceId: string) => {
    const l = await post<ELoan>('/me/e-loans', { resourceId }, { idempotent: true });
    setLoan((x) => ({ ...x, [resourceId]: l }));
    return l;
  });
  const read = useAction(async (eloanId: string) => {
    const link = await get<{ url: string }>(`/me/e-loans/${eloanId}/link`);
    window.open(link.url, '_blank', 'noopener');
  });
  const usable = resources.filter((r) => r.hasFile && r.access !== 'staff');
  if (!usable.length) return null;
  return (
    <section aria-labelledby="digital-heading">
      <h2 id="digital-heading">{t('record.digital')}</h2>
      <ul class="plain">
        {usable.map((r) => (
          <li key={r.id}>
            <strong>{r.label ?? label('format', r.kind)}</strong> ({label('format', r.kind)})
            {r.access === 'open' && (
              <>
                {' '}
                <a
                  class="button small"
                  href={`/catalogue/digital-resources/${r.id}/file`}
                  target="_blank"
                  rel="noopener"
                >
                  {t('record.readOpen')}
                </a>
              </>
            )}
            {r.access === 'loan' && !loan[r.id] && me?.patronId && (
              <>
                {' '}
                <button type="button" class="small" disabled={borrow.busy} onClick={() => borrow.go(r.id)}>
                  {t('record.borrowEbook')}
                </button>
              </>
            )}
            {r.access === 'loan' && me === null && <> — {t('record.signInToBorrow')}</>}
            {loan[r.id] && (
              <>
                {' '}
                {t('record.eloanUntil', { until: dateTime(loan[r.id].endsAt) })}{' '}
                <button type="button" class="small" onClick={() => read.go(loan[r.id].id)}>
                  {t('record.read')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <ErrorBox error={borrow.error ?? read.error} />
    </section>
  );
}

export function RecordPage({ id }: { id: string }) {
  useLang();
  const { data, error, loading } = useLoad(() => get<RecordDetail>(`/catalogue/records/${id}`), [id]);
  if (loading) return <Loading />;
  if (error || !data) return <ErrorBox error={error} />;
  const r = data.record;
  document.title = `${r.title} — Suốt Đời`;
  return (
    <article class="record">
      <p>
        <a href="/">← {t('record.back')}</a>
      </p>
      <div class="record-head">
        <Cover id={r.id} title={r.title} hasCover={r.hasCover} />
        <div>
          <h1>{r.title}</h1>
          {r.subtitle && <p class="subtitle">{r.subtitle}</p>}
          <dl class="facts">
            {r.authors.length > 0 && (
              <>
                <dt>{t('record.authors')}</dt>
                <dd>
                  {r.authors
                    .map((a) => `${a.name}${a.role !== 'author' ? ` (${label('role', a.role)})` : ''}`)
                    .join('; ')}
                </dd>
              </>
            )}
            {(r.publisher || r.year) && (
              <>
                <dt>{t('record.publication')}</dt>
                <dd>{[r.place, r.publisher, r.year].filter(Boolean).join(', ')}</dd>
              </>
            )}
            <dt>{t('record.language')}</dt>
            <dd>{label('language', r.language)}</dd>
            {r.subjects.length > 0 && (
              <>
                <dt>{t('record.subjects')}</dt>
                <dd>{r.subjects.join('; ')}</dd>
              </>
            )}
            {r.series && (
              <>
                <dt>{t('record.series')}</dt>
                <dd>{r.series}</dd>
              </>
            )}
            {r.isbns.length > 0 && (
              <>
                <dt>ISBN</dt>
                <dd>{r.isbns.join(', ')}</dd>
              </>
            )}
          </dl>
          {r.summary && <p>{r.summary}</p>}
        </div>
      </div>

      <section aria-labelledby="holdings-heading">
        <h2 id="holdings-heading">{t('record.holdings')}</h2>
        {data.holdings.length === 0 ? (
          <p>{t('record.noCopies')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('record.library')}</th>
                  <th scope="col">{t('record.callNumber')}</th>
                  <th scope="col">{t('record.copies')}</th>
                  <th scope="col">{t('record.available')}</th>
                </tr>
              </thead>
              <tbody>
                {data.holdings.map((h) => (
                  <tr key={h.institutionId}>
                    <td data-label={t('record.library')}>{h.institutionName ?? '—'}</td>
                    <td data-label={t('record.callNumber')}>{h.callNumbers.join(', ') || '—'}</td>
                    <td data-label={t('record.copies')}>{num(h.copies)}</td>
                    <td data-label={t('record.available')}>
                      {h.available > 0 ? t('record.availableN', { n: h.available }) : t('record.noneAvailable')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {data.holdings.length > 0 && <MobileStops institutionIds={data.holdings.map((h) => h.institutionId)} />}
      {data.holdings.length > 0 && <HoldForm recordId={r.id} holdings={data.holdings} />}
      <Digital resources={data.digitalResources} />
    </article>
  );
}
