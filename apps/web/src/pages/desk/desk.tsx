import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, get, post } from '../../lib/api.js';
import { dateTime, day, label, lang, t, useLang, vnd } from '../../lib/i18n.js';
import { useInstitutions, useRecords } from '../../lib/names.js';
import { useSession } from '../../lib/session.js';
import { EventsDesk, ProgrammesDesk } from './events.js';
import { RotationDesk } from './rotation.js';
import { ErrorBox, Loading, PageTitle, useAction, useLoad } from '../../components/ui.js';

interface Reason {
  code: string;
  en: string;
  vi: string;
}
interface Decision {
  allowed: boolean;
  rule: {
    matchedBy: string;
    loanDays: number;
    maxLoans: number;
    renewalsAllowed: number;
    patronCategory: string | null;
    itemType: string | null;
    overdueFinePerDayVnd: number;
  };
  reasons: Reason[];
}
interface Loan {
  id: string;
  recordId: string;
  copyId: string;
  patronId: string | null;
  dueDate: string;
  checkedOutAt: string;
  fineVnd: number;
}
interface Patron {
  id: string;
  fullName: string;
  cardNumber: string | null;
  category: string;
}
interface Hold {
  id: string;
  patronId: string;
  recordId: string;
  pickupInstitutionId: string;
  pickupBy: string | null;
  status: string;
  queuePosition: number | null;
  placedAt: string;
}
interface CheckinResult {
  loan: Loan | null;
  barcode: string;
  outcome: 'hold_shelf' | 'in_transit' | 'on_shelf';
  holdId: string | null;
  transferId: string | null;
  toInstitutionId: string | null;
  pickupBy: string | null;
}
interface Transfer {
  id: string;
  recordId: string;
  fromInstitutionId: string;
  toInstitutionId: string;
  reason: string;
  status: string;
  sentAt: string;
  receivedAt: string | null;
}

const TABS = ['checkout', 'checkin', 'pull-list', 'transfers', 'rotation', 'programmes', 'events'] as const;
/** The staff role each desk task needs at the chosen library. */
const NEEDS: Record<(typeof TABS)[number], string> = {
  checkout: 'circulation',
  checkin: 'circulation',
  'pull-list': 'circulation',
  transfers: 'circulation',
  rotation: 'circulation',
  programmes: 'events',
  events: 'events',
};
type Tab = (typeof TABS)[number];

const reasonText = (r: Reason) => (lang() === 'vi' ? r.vi : r.en);

/** A slip or receipt: printed alone (the rest of the page is hidden by the print style sheet). */
function Slip({ children, title }: { children: ComponentChildren; title: string }) {
  return (
    <section class="slip" aria-label={title}>
      <div class="slip-body">{children}</div>
      <button type="button" class="secondary no-print" onClick={() => window.print()}>
        {t('desk.print', { what: title })}
      </button>
    </section>
  );
}

function RuleView({ d }: { d: Decision }) {
  return (
    <div class={`decision ${d.allowed ? 'ok' : 'bad'}`} role="status">
      <p>
        <strong>{d.allowed ? t('desk.allowed') : t('desk.refused')}</strong>
      </p>
      {d.reasons.length > 0 && (
        <ul>
          {d.reasons.map((r) => (
            <li key={r.code}>{reasonText(r)}</li>
          ))}
        </ul>
      )}
      <p class="small">
        {t('desk.rule', {
          matched: label('matchedBy', d.rule.matchedBy),
          days: d.rule.loanDays,
          max: d.rule.maxLoans,
          renewals: d.rule.renewalsAllowed,
          fine: vnd(d.rule.overdueFinePerDayVnd),
        })}
      </p>
    </div>
  );
}

function Checkout({ institutionId }: { institutionId: string }) {
  const institutions = useInstitutions();
  const [card, setCard] = useState('');
  const [barcode, setBarcode] = useState('');
  const [patron, setPatron] = useState<Patron | null>(null);
  const [decision, setDecision] = useState<Decision | undefined>();
  const [override, setOverride] = useState('');
  const [receipt, setReceipt] = useState<{
    patron: Patron | null;
    loans: { loan: Loan; barcode: string; overridden: boolean }[];
  }>({ patron: null, loans: [] });
  const titles = useRecords(receipt.loans.map((l) => l.loan.recordId));
  const cardRef = useRef<HTMLInputElement>(null);
  const itemRef = useRef<HTMLInputElement>(null);
  useEffect(() => cardRef.current?.focus(), []);

  const findPatron = useAction(async () => {
    const page = await get<{ items: Patron[] }>(`/patrons?cardNumber=${encodeURIComponent(card.trim())}&limit=1`);
    const p = page.items[0] ?? null;
    if (!p)
      throw new ApiError(
        404,
        'web/card_unknown',
        'No patron has this card number.',
        'Không có bạn đọc nào có số thẻ này.',
      );
    setPatron(p);
    if (receipt.patron?.id !== p.id) setReceipt({ patron: p, loans: [] });
  });
  // The item field is enabled once the patron is known: the scanner's next code goes there.
  useEffect(() => {
    if (patron) itemRef.current?.focus();
  }, [patron]);
  const checkout = useAction(async (withOverride: boolean) => {
    const code = barcode.trim();
    const body = {
      cardNumber: card.trim(),
      barcode: code,
      institutionId,
      ...(withOverride ? { override: { reason: override.trim() } } : {}),
    };
    if (!withOverride) {
      const d = await post<Decision>('/circulation/checkouts/preview', {
        cardNumber: body.cardNumber,
        barcode: code,
        institutionId,
      });
      setDecision(d);
      if (!d.allowed) return;
    }
    const r = await post<{ loan: Loan; decision: Decision; overridden: boolean }>('/circulation/checkouts', body, {
      idempotent: true,
    });
    setDecision(r.decision);
    setReceipt((x) => ({ patron, loans: [...x.loans, { loan: r.loan, barcode: code, overridden: r.overridden }] }));
    setBarcode('');
    setOverride('');
    itemRef.current?.focus();
  });

  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('desk.checkout')}</h2>
      <p class="hint">{t('desk.scanHint')}</p>
      <form
        class="scan"
        onSubmit={(e) => {
          e.preventDefault();
          void findPatron.go();
        }}
      >
        <label for="card">{t('desk.card')}</label>
        <input
          id="card"
          ref={cardRef}
          autoComplete="off"
          inputMode="text"
          value={card}
          onInput={(e) => setCard((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="secondary">
          {t('desk.findPatron')}
        </button>
      </form>
      <ErrorBox error={findPatron.error} />
      {patron && (
        <p class="patron">
          {t('desk.patron', {
            name: patron.fullName,
            card: patron.cardNumber ?? '',
            category: label('category', patron.category),
          })}
        </p>
      )}
      <form
        class="scan"
        onSubmit={(e) => {
          e.preventDefault();
          if (barcode.trim()) void checkout.go(false);
        }}
      >
        <label for="item">{t('desk.item')}</label>
        <input
          id="item"
          ref={itemRef}
          autoComplete="off"
          value={barcode}
          disabled={!patron}
          onInput={(e) => setBarcode((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={!patron || checkout.busy}>
          {t('desk.lend')}
        </button>
      </form>
      <ErrorBox error={checkout.error} />
      {decision && <RuleView d={decision} />}
      {decision && !decision.allowed && (
        <form
          class="override"
          onSubmit={(e) => {
            e.preventDefault();
            void checkout.go(true);
          }}
        >
          <label for="override">{t('desk.overrideReason')}</label>
          <input
            id="override"
            required
            minLength={3}
            value={override}
            onInput={(e) => setOverride((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="danger" disabled={checkout.busy}>
            {t('desk.override')}
          </button>
        </form>
      )}
      {receipt.loans.length > 0 && (
        <Slip title={t('desk.receipt')}>
          <h3>{t('desk.receiptTitle', { library: institutions.get(institutionId)?.name ?? '' })}</h3>
          <p>
            {receipt.patron?.fullName} — {t('desk.cardNo', { card: receipt.patron?.cardNumber ?? '' })}
          </p>
          <ol>
            {receipt.loans.map(({ loan, barcode: b, overridden }) => (
              <li key={loan.id}>
                {titles.get(loan.recordId)?.title ?? '…'} ({b}) — {t('desk.dueOn', { due: day(loan.dueDate) })}
                {overridden ? ` (${t('desk.overridden')})` : ''}
              </li>
            ))}
          </ol>
          <p class="small">{dateTime(new Date())}</p>
        </Slip>
      )}
    </section>
  );
}

function Checkin({ institutionId }: { institutionId: string }) {
  const institutions = useInstitutions();
  const [barcode, setBarcode] = useState('');
  const [last, setLast] = useState<{ result: CheckinResult; hold?: Hold; patron?: Patron } | undefined>();
  const titles = useRecords(last?.result.loan ? [last.result.loan.recordId] : last?.hold ? [last.hold.recordId] : []);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const checkin = useAction(async () => {
    const code = barcode.trim();
    const result = await post<CheckinResult>('/circulation/checkins', { barcode: code, institutionId });
    let hold: Hold | undefined;
    let patron: Patron | undefined;
    if (result.holdId) {
      hold = await get<Hold>(`/circulation/holds/${result.holdId}`);
      patron = await get<Patron>(`/patrons/${hold.patronId}`).catch(() => undefined);
    }
    setLast({ result, hold, patron });
    setBarcode('');
    ref.current?.focus();
  });
  const r = last?.result;
  const title = r?.loan
    ? titles.get(r.loan.recordId)?.title
    : last?.hold
      ? titles.get(last.hold.recordId)?.title
      : undefined;
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('desk.checkin')}</h2>
      <p class="hint">{t('desk.scanHintCheckin')}</p>
      <form
        class="scan"
        onSubmit={(e) => {
          e.preventDefault();
          if (barcode.trim()) void checkin.go();
        }}
      >
        <label for="checkin-item">{t('desk.item')}</label>
        <input
          id="checkin-item"
          ref={ref}
          autoComplete="off"
          value={barcode}
          onInput={(e) => setBarcode((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={checkin.busy}>
          {t('desk.return')}
        </button>
      </form>
      <ErrorBox error={checkin.error} />
      {r && (
        <div class={`decision ${r.outcome === 'on_shelf' ? 'ok' : 'warn'}`} role="status">
          <p>
            <strong>
              {t(`desk.outcome.${r.outcome}` as never, {
                place: institutions.get(r.toInstitutionId ?? '')?.name ?? '',
              })}
            </strong>
          </p>
          <p>
            {title ?? ''} ({r.barcode})
            {r.loan && r.loan.fineVnd > 0 ? ` — ${t('desk.fine', { amount: vnd(r.loan.fineVnd) })}` : ''}
          </p>
        </div>
      )}
      {r?.outcome === 'hold_shelf' && last?.hold && (
        <Slip title={t('desk.holdSlip')}>
          <p class="slip-name">{last.patron?.fullName ?? ''}</p>
          <p>{t('desk.cardNo', { card: last.patron?.cardNumber ?? '' })}</p>
          <p>
            {title} ({r.barcode})
          </p>
          <p>{t('desk.pickupAt', { place: institutions.get(last.hold.pickupInstitutionId)?.name ?? '' })}</p>
          <p>{t('desk.pickupBy', { when: day(r.pickupBy ?? last.hold.pickupBy) })}</p>
        </Slip>
      )}
      {r?.outcome === 'in_transit' && (
        <Slip title={t('desk.transferSlip')}>
          <p class="slip-name">{t('desk.sendTo', { place: institutions.get(r.toInstitutionId ?? '')?.name ?? '' })}</p>
          <p>
            {title} ({r.barcode})
          </p>
          {last?.patron && <p>{t('desk.forPatron', { name: last.patron.fullName })}</p>}
        </Slip>
      )}
    </section>
  );
}

interface PullLine {
  holdId: string;
  placedAt: string;
  title: string;
  barcode: string;
  callNumber: string | null;
  shelfLocation: string | null;
  pickupInstitutionName: string;
}

function PullList({ institutionId }: { institutionId: string }) {
  const institutions = useInstitutions();
  // Copies on this library's shelves wanted by waiting holds (for pickup here or elsewhere), oldest hold first.
  const { data, error, loading, reload } = useLoad(
    async () =>
      (await get<{ items: PullLine[] }>(`/circulation/holds/pull-list?institutionId=${institutionId}&limit=200`)).items,
    [institutionId],
  );
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('desk.pullList')}</h2>
      <p class="hint">{t('desk.pullListHint', { library: institutions.get(institutionId)?.name ?? '' })}</p>
      <button type="button" class="secondary no-print" onClick={reload}>
        {t('action.refresh')}
      </button>{' '}
      <button type="button" class="secondary no-print" onClick={() => window.print()}>
        {t('desk.print', { what: t('desk.pullList') })}
      </button>
      <ErrorBox error={error} />
      {loading && <Loading />}
      {data && data.length === 0 && <p>{t('desk.pullListEmpty')}</p>}
      {data && data.length > 0 && (
        <div class="table-wrap printable">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('account.title')}</th>
                <th scope="col">{t('record.callNumber')}</th>
                <th scope="col">{t('desk.barcodes')}</th>
                <th scope="col">{t('record.pickup')}</th>
                <th scope="col">{t('desk.placed')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((line) => (
                <tr key={line.holdId}>
                  <td data-label={t('account.title')}>{line.title}</td>
                  <td data-label={t('record.callNumber')}>
                    {[line.callNumber, line.shelfLocation].filter(Boolean).join(' · ') || '—'}
                  </td>
                  <td data-label={t('desk.barcodes')}>{line.barcode}</td>
                  <td data-label={t('record.pickup')}>{line.pickupInstitutionName}</td>
                  <td data-label={t('desk.placed')}>{day(line.placedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Transfers({ institutionId }: { institutionId: string }) {
  const institutions = useInstitutions();
  const [direction, setDirection] = useState<'incoming' | 'outgoing'>('incoming');
  const { data, error, loading } = useLoad(
    () =>
      get<{ items: Transfer[] }>(
        `/circulation/transfers?institutionId=${institutionId}&direction=${direction}&limit=100`,
      ).then((page) => page.items),
    [institutionId, direction],
  );
  const titles = useRecords(data?.map((x) => x.recordId) ?? []);
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('desk.transfers')}</h2>
      <div class="field inline">
        <label for="direction">{t('desk.direction')}</label>
        <select
          id="direction"
          value={direction}
          onChange={(e) => setDirection((e.target as HTMLSelectElement).value as 'incoming' | 'outgoing')}
        >
          <option value="incoming">{t('desk.incoming')}</option>
          <option value="outgoing">{t('desk.outgoing')}</option>
        </select>
      </div>
      <ErrorBox error={error} />
      {loading && <Loading />}
      {data && data.length === 0 && <p>{t('desk.noTransfers')}</p>}
      {data && data.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('account.title')}</th>
                <th scope="col">{direction === 'incoming' ? t('desk.from') : t('desk.to')}</th>
                <th scope="col">{t('desk.reason')}</th>
                <th scope="col">{t('account.status')}</th>
                <th scope="col">{t('desk.sent')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((x) => (
                <tr key={x.id}>
                  <td data-label={t('account.title')}>{titles.get(x.recordId)?.title ?? '…'}</td>
                  <td data-label={direction === 'incoming' ? t('desk.from') : t('desk.to')}>
                    {institutions.get(direction === 'incoming' ? x.fromInstitutionId : x.toInstitutionId)?.name ?? ''}
                  </td>
                  <td data-label={t('desk.reason')}>{label('transferReason', x.reason)}</td>
                  <td data-label={t('account.status')}>{label('transfer', x.status)}</td>
                  <td data-label={t('desk.sent')}>{dateTime(x.sentAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="hint">{t('desk.transfersHint')}</p>
    </section>
  );
}

export function DeskPage({ tab }: { tab?: string }) {
  useLang();
  const { me } = useSession();
  const { route } = useLocation();
  const institutions = useInstitutions();
  const mine = me
    ? me.staff.filter((s) => s.roles.some((r) => r === 'circulation' || r === 'events')).map((s) => s.institutionId)
    : [];
  const [institutionId, setInstitutionId] = useState<string>('');
  useEffect(() => {
    if (me === null) route(`/sign-in?next=${encodeURIComponent(`/desk${tab ? `/${tab}` : ''}`)}`, true);
  }, [me]);
  if (!me) return <Loading />;
  if (!mine.length)
    return (
      <section>
        <PageTitle>{t('desk.title')}</PageTitle>
        <p>{t('desk.notStaff')}</p>
      </section>
    );
  const here = institutionId && mine.includes(institutionId) ? institutionId : mine[0];
  const roles = me.staff.find((s) => s.institutionId === here)?.roles ?? [];
  const tabs = TABS.filter((k) => roles.includes(NEEDS[k]));
  const current: Tab = (tabs as readonly string[]).includes(tab ?? '') ? (tab as Tab) : (tabs[0] ?? 'checkout');
  return (
    <div class="desk">
      <PageTitle>{t('desk.title')}</PageTitle>
      {mine.length > 1 ? (
        <div class="field inline no-print">
          <label for="desk-library">{t('desk.library')}</label>
          <select
            id="desk-library"
            value={here}
            onChange={(e) => setInstitutionId((e.target as HTMLSelectElement).value)}
          >
            {mine.map((id) => (
              <option key={id} value={id}>
                {institutions.get(id)?.name ?? id}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p class="muted">{institutions.get(here)?.name}</p>
      )}
      <nav class="tabs no-print" aria-label={t('desk.sections')}>
        {tabs.map((k) => (
          <a key={k} href={k === 'checkout' ? '/desk' : `/desk/${k}`} aria-current={current === k ? 'page' : undefined}>
            {t(`desk.tab.${k}` as never)}
          </a>
        ))}
      </nav>
      {current === 'checkout' && <Checkout key={here} institutionId={here} />}
      {current === 'checkin' && <Checkin key={here} institutionId={here} />}
      {current === 'pull-list' && <PullList institutionId={here} />}
      {current === 'transfers' && <Transfers institutionId={here} />}
      {current === 'rotation' && <RotationDesk institutionId={here} />}
      {current === 'programmes' && <ProgrammesDesk key={here} institutionId={here} />}
      {current === 'events' && <EventsDesk institutionId={here} />}
    </div>
  );
}
