import { useEffect, useRef, useState } from 'preact/hooks';
import { get, post } from '../../lib/api.js';
import { dateTime, label, t } from '../../lib/i18n.js';
import { useInstitutions } from '../../lib/names.js';
import { ErrorBox, Loading, Success, useAction, useLoad } from '../../components/ui.js';

interface Shipment {
  id: string;
  collectionId: string;
  fromInstitutionId: string;
  toInstitutionId: string;
  status: string;
  preparedAt: string;
  dispatchedAt: string | null;
}
interface ShipmentDetail extends Shipment {
  collectionName: string;
  fromName: string | null;
  toName: string | null;
  counts: { packed: number; received: number; missing: number; damaged: number };
  items: {
    copyId: string;
    barcode: string;
    title: string;
    callNumber: string | null;
    state: string;
    receivedAt: string | null;
  }[];
  unexpected: { barcode: string; scannedAt: string }[];
}
interface Receipt {
  received: string[];
  alreadyReceived: string[];
  toFollow: string[];
  unexpected: string[];
  outstanding: number;
}

/** Rotating collections at this library: dispatch what is packed here, receive what comes in by scanning, print manifests. */
export function RotationDesk({ institutionId }: { institutionId: string }) {
  const institutions = useInstitutions();
  const [open, setOpen] = useState<string | undefined>();
  const incoming = useLoad(
    () => get<Shipment[]>(`/rotation/shipments?institutionId=${institutionId}&limit=100`),
    [institutionId],
  );
  const list = (incoming.data ?? []).filter((s) => s.status === 'in_transit' || s.status === 'preparing');
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('rotation.title')}</h2>
      <ErrorBox error={incoming.error} />
      {incoming.loading && <Loading />}
      {incoming.data && list.length === 0 && <p>{t('rotation.none')}</p>}
      {list.length > 0 && (
        <div class="table-wrap no-print">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('desk.from')}</th>
                <th scope="col">{t('desk.to')}</th>
                <th scope="col">{t('account.status')}</th>
                <th scope="col">{t('desk.sent')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('account.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <td>{institutions.get(s.fromInstitutionId)?.name ?? ''}</td>
                  <td>{institutions.get(s.toInstitutionId)?.name ?? ''}</td>
                  <td>{label('shipment', s.status)}</td>
                  <td>{dateTime(s.dispatchedAt ?? s.preparedAt)}</td>
                  <td>
                    <button type="button" class="small" onClick={() => setOpen(s.id)}>
                      {t('rotation.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <ShipmentView key={open} id={open} institutionId={institutionId} onChanged={incoming.reload} />}
    </section>
  );
}

function ShipmentView({ id, institutionId, onChanged }: { id: string; institutionId: string; onChanged: () => void }) {
  const { data, error, loading, reload } = useLoad(() => get<ShipmentDetail>(`/rotation/shipments/${id}`), [id]);
  const [barcode, setBarcode] = useState('');
  const [last, setLast] = useState<Receipt | undefined>();
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (data?.status === 'in_transit') ref.current?.focus();
  }, [data?.status]);
  const receive = useAction(async () => {
    const r = await post<Receipt>(`/rotation/shipments/${id}/receipts`, { barcodes: [barcode.trim()] });
    setLast(r);
    setBarcode('');
    reload();
    ref.current?.focus();
  });
  const dispatch = useAction(async () => {
    await post(`/rotation/shipments/${id}/dispatch`, {});
    reload();
    onChanged();
  });
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorBox error={error} />;
  const here = data.toInstitutionId === institutionId;
  return (
    <div class="shipment">
      <div class="slip-body">
        <h3>{t('rotation.manifest', { name: data.collectionName })}</h3>
        <p>
          {data.fromName ?? ''} → {data.toName ?? ''} · {label('shipment', data.status)}
        </p>
        <p>
          {t('rotation.counts', {
            packed: data.counts.packed,
            received: data.counts.received,
            missing: data.counts.missing,
          })}
        </p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('desk.barcodes')}</th>
                <th scope="col">{t('account.title')}</th>
                <th scope="col">{t('record.callNumber')}</th>
                <th scope="col">{t('account.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.copyId}>
                  <td>{i.barcode}</td>
                  <td>{i.title}</td>
                  <td>{i.callNumber ?? '—'}</td>
                  <td>{label('shipmentItem', i.state)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <ErrorBox error={error ?? receive.error ?? dispatch.error} />
      {data.status === 'preparing' && !here && (
        <button type="button" class="no-print" disabled={dispatch.busy} onClick={() => dispatch.go()}>
          {t('rotation.dispatch')}
        </button>
      )}
      {data.status === 'in_transit' && here && (
        <form
          class="scan"
          onSubmit={(e) => {
            e.preventDefault();
            if (barcode.trim()) void receive.go();
          }}
        >
          <label for="receive-item">{t('rotation.scan')}</label>
          <input
            id="receive-item"
            ref={ref}
            autoComplete="off"
            value={barcode}
            onInput={(e) => setBarcode((e.target as HTMLInputElement).value)}
          />
          <button type="submit" disabled={receive.busy}>
            {t('rotation.receive')}
          </button>
        </form>
      )}
      {last && (
        <div class={`decision ${last.unexpected.length ? 'warn' : 'ok'}`} role="status">
          {last.received.length > 0 && <p>{t('rotation.received', { codes: last.received.join(', ') })}</p>}
          {last.alreadyReceived.length > 0 && (
            <p>{t('rotation.already', { codes: last.alreadyReceived.join(', ') })}</p>
          )}
          {last.unexpected.length > 0 && <p>{t('rotation.unexpected', { codes: last.unexpected.join(', ') })}</p>}
          <p>{t('rotation.outstanding', { n: last.outstanding })}</p>
        </div>
      )}
      <button type="button" class="secondary no-print" onClick={() => window.print()}>
        {t('desk.print', { what: t('rotation.manifestWord') })}
      </button>
    </div>
  );
}

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
