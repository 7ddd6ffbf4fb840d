import { useEffect, useRef, useState } from 'preact/hooks';
import { download, get, post, raw } from '../../lib/api.js';
import { followTask, type Task } from '../../lib/tasks.js';
import { dateTime, day, label, t } from '../../lib/i18n.js';
import { useInstitutions, type Institution } from '../../lib/names.js';
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
  counts: { packed: number; to_follow: number; received: number; missing: number; damaged: number };
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
interface Collection {
  id: string;
  ownerInstitutionId: string;
  name: string;
  themes: string[];
  kind: string;
  status: string;
  currentInstitutionId: string;
  copies: number;
}
interface CollectionDetail extends Collection {
  members: { copyId: string; barcode: string; title: string; status: string; locationInstitutionId: string }[];
}
interface Stage {
  id: string;
  seq: number;
  cycle: number;
  hostInstitutionId: string;
  plannedDays: number;
  plannedStart: string;
  plannedEnd: string;
  status: string;
}
interface Itinerary {
  id: string;
  mode: string;
  startsOn: string;
  status: string;
  stages: Stage[];
}

const byName = (a: Institution, b: Institution) => a.name.localeCompare(b.name, 'vi');

/**
 * Rotating collections at this library: the shipments on their way (dispatch what is packed here, receive what comes
 * in by scanning, print the manifest), and the collections it owns or hosts (itineraries, plan one, prepare the next
 * shipment).
 */
export function RotationDesk({ institutionId }: { institutionId: string }) {
  const institutions = useInstitutions();
  const [open, setOpen] = useState<string | undefined>();
  const [collection, setCollection] = useState<string | undefined>();
  const shipments = useLoad(
    () => get<Shipment[]>(`/rotation/shipments?institutionId=${institutionId}&limit=100`),
    [institutionId],
  );
  const collections = useLoad(
    () => get<{ items: Collection[] }>(`/rotation/collections?institutionId=${institutionId}&status=active&limit=100`),
    [institutionId],
  );
  const list = (shipments.data ?? []).filter((s) => s.status === 'in_transit' || s.status === 'preparing');
  const name = (id: string) => institutions.get(id)?.name ?? '';
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('rotation.title')}</h2>
      <h3>{t('rotation.shipments')}</h3>
      <ErrorBox error={shipments.error} />
      {shipments.loading && !shipments.data && <Loading />}
      {shipments.data && list.length === 0 && <p>{t('rotation.none')}</p>}
      {list.length > 0 && (
        <div class="table-wrap no-print">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{t('rotation.collection')}</th>
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
                  <td data-label={t('rotation.collection')}>
                    {collections.data?.items.find((c) => c.id === s.collectionId)?.name ?? ''}
                  </td>
                  <td data-label={t('desk.from')}>{name(s.fromInstitutionId)}</td>
                  <td data-label={t('desk.to')}>{name(s.toInstitutionId)}</td>
                  <td data-label={t('account.status')}>{label('shipment', s.status)}</td>
                  <td data-label={t('desk.sent')}>{dateTime(s.dispatchedAt ?? s.preparedAt)}</td>
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
      {open && <ShipmentView key={open} id={open} institutionId={institutionId} onChanged={shipments.reload} />}

      <h3 class="no-print">{t('rotation.collections')}</h3>
      <ErrorBox error={collections.error} />
      {collections.loading && !collections.data && <Loading />}
      {collections.data && collections.data.items.length === 0 && <p>{t('rotation.noCollections')}</p>}
      {collections.data && collections.data.items.length > 0 && (
        <div class="table-wrap no-print">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{t('rotation.collection')}</th>
                <th scope="col">{t('rotation.copies')}</th>
                <th scope="col">{t('rotation.owner')}</th>
                <th scope="col">{t('rotation.now')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('account.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {collections.data.items.map((c) => (
                <tr key={c.id}>
                  <td data-label={t('rotation.collection')}>{c.name}</td>
                  <td data-label={t('rotation.copies')}>{c.copies}</td>
                  <td data-label={t('rotation.owner')}>{name(c.ownerInstitutionId)}</td>
                  <td data-label={t('rotation.now')}>{name(c.currentInstitutionId)}</td>
                  <td>
                    <button
                      type="button"
                      class="small secondary"
                      aria-label={t('rotation.openCollection', { name: c.name })}
                      onClick={() => setCollection(c.id)}
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
      {collection && (
        <CollectionView
          key={collection}
          id={collection}
          institutionId={institutionId}
          onPrepared={(shipmentId) => {
            shipments.reload();
            setOpen(shipmentId);
          }}
        />
      )}
    </section>
  );
}

function CollectionView({
  id,
  institutionId,
  onPrepared,
}: {
  id: string;
  institutionId: string;
  onPrepared: (shipmentId: string) => void;
}) {
  const institutions = useInstitutions();
  const detail = useLoad(() => get<CollectionDetail>(`/rotation/collections/${id}`), [id]);
  const itineraries = useLoad(() => get<Itinerary[]>(`/rotation/collections/${id}/itineraries`), [id]);
  const [note, setNote] = useState('');
  const prepare = useAction(async () => {
    const s = await post<ShipmentDetail>(
      `/rotation/collections/${id}/shipments`,
      { note: note.trim() || undefined },
      { idempotent: true },
    );
    setNote('');
    detail.reload();
    onPrepared(s.id);
  });
  if (!detail.data) return detail.error ? <ErrorBox error={detail.error} /> : <Loading />;
  const c = detail.data;
  const owner = c.ownerInstitutionId === institutionId;
  const name = (x: string) => institutions.get(x)?.name ?? '';
  const shown = (itineraries.data ?? []).filter((i) => i.status !== 'cancelled');
  const open = shown.some((i) => i.status === 'planned' || i.status === 'running');
  return (
    <div class="panel no-print" aria-labelledby="collection-heading">
      <h3 id="collection-heading">{c.name}</h3>
      <p>
        {t('rotation.summary', {
          copies: c.copies,
          owner: name(c.ownerInstitutionId),
          now: name(c.currentInstitutionId),
        })}
      </p>
      {c.themes.length > 0 && <p class="muted">{c.themes.join(' · ')}</p>}
      <h4>{t('rotation.itineraries')}</h4>
      <ErrorBox error={itineraries.error} />
      {itineraries.data && shown.length === 0 && <p>{t('rotation.noItinerary')}</p>}
      {shown.map((i) => (
        <div key={i.id} class="itinerary">
          <p>
            <strong>{label('itinerary', i.mode)}</strong> · {t('rotation.startsOn', { day: day(i.startsOn) })} ·{' '}
            {label('itineraryStatus', i.status)}
          </p>
          <div class="table-wrap">
            <table class="stack">
              <thead>
                <tr>
                  <th scope="col">{t('rotation.stage')}</th>
                  <th scope="col">{t('rotation.host')}</th>
                  <th scope="col">{t('rotation.period')}</th>
                  <th scope="col">{t('account.status')}</th>
                </tr>
              </thead>
              <tbody>
                {i.stages
                  .filter((s) => s.status !== 'superseded')
                  .map((s) => (
                    <tr key={s.id} aria-current={s.status === 'current' ? 'step' : undefined}>
                      <td data-label={t('rotation.stage')}>{i.mode === 'cyclical' ? `${s.cycle}.${s.seq}` : s.seq}</td>
                      <td data-label={t('rotation.host')}>{name(s.hostInstitutionId)}</td>
                      <td data-label={t('rotation.period')}>
                        {day(s.plannedStart)} – {day(s.plannedEnd)} ({t('rotation.days', { n: s.plannedDays })})
                      </td>
                      <td data-label={t('account.status')}>{label('stage', s.status)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      {owner && !open && <PlanItinerary collection={c} onPlanned={itineraries.reload} />}
      {owner && (
        <form
          class="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            void prepare.go();
          }}
        >
          <h4>{t('rotation.prepare')}</h4>
          <p class="hint">{t('rotation.prepareHint')}</p>
          <div class="field">
            <label for="shipment-note">{t('rotation.note')}</label>
            <input
              id="shipment-note"
              value={note}
              maxLength={500}
              onInput={(e) => setNote((e.target as HTMLInputElement).value)}
            />
          </div>
          <button type="submit" disabled={prepare.busy}>
            {t('rotation.prepareButton')}
          </button>
          <ErrorBox error={prepare.error} />
        </form>
      )}
    </div>
  );
}

/** A new itinerary: its hosts in order, each with its length in days, from a first day. */
function PlanItinerary({ collection, onPlanned }: { collection: Collection; onPlanned: () => void }) {
  const institutions = useInstitutions();
  const hosts = [...institutions.values()].filter((i) => i.id !== collection.ownerInstitutionId).sort(byName);
  const tomorrow = new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  const [mode, setMode] = useState<'one_way' | 'cyclical'>('one_way');
  const [startsOn, setStartsOn] = useState(tomorrow);
  const [stages, setStages] = useState<{ hostId: string; days: number }[]>([{ hostId: '', days: 60 }]);
  const [done, setDone] = useState(false);
  const plan = useAction(async () => {
    await post(
      `/rotation/collections/${collection.id}/itineraries`,
      { mode, startsOn, stages: stages.map((s) => ({ hostId: s.hostId, days: Number(s.days) })) },
      { idempotent: true },
    );
    setDone(true);
    onPlanned();
  });
  const setStage = (n: number, patch: Partial<{ hostId: string; days: number }>) =>
    setStages((list) => list.map((s, i) => (i === n ? { ...s, ...patch } : s)));
  return (
    <form
      class="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        void plan.go();
      }}
    >
      <h4>{t('rotation.plan')}</h4>
      <div class="field">
        <label for="itinerary-mode">{t('rotation.mode')}</label>
        <select
          id="itinerary-mode"
          value={mode}
          onChange={(e) => setMode((e.target as HTMLSelectElement).value as 'one_way' | 'cyclical')}
        >
          <option value="one_way">{label('itinerary', 'one_way')}</option>
          <option value="cyclical">{label('itinerary', 'cyclical')}</option>
        </select>
      </div>
      <div class="field">
        <label for="itinerary-start">{t('rotation.firstDay')}</label>
        <input
          id="itinerary-start"
          type="date"
          required
          value={startsOn}
          onInput={(e) => setStartsOn((e.target as HTMLInputElement).value)}
        />
      </div>
      <ol class="stages">
        {stages.map((s, n) => (
          <li key={n}>
            <div class="field">
              <label for={`stage-host-${n}`}>{t('rotation.hostN', { n: n + 1 })}</label>
              <select
                id={`stage-host-${n}`}
                required
                value={s.hostId}
                onChange={(e) => setStage(n, { hostId: (e.target as HTMLSelectElement).value })}
              >
                <option value="">{t('rotation.chooseHost')}</option>
                {hosts.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`stage-days-${n}`}>{t('rotation.daysN', { n: n + 1 })}</label>
              <input
                id={`stage-days-${n}`}
                type="number"
                min={1}
                max={1100}
                required
                value={s.days}
                onInput={(e) => setStage(n, { days: Number((e.target as HTMLInputElement).value) })}
              />
            </div>
            {stages.length > 1 && (
              <button
                type="button"
                class="secondary small"
                onClick={() => setStages((list) => list.filter((_, i) => i !== n))}
              >
                {t('rotation.removeStage', { n: n + 1 })}
              </button>
            )}
          </li>
        ))}
      </ol>
      <button
        type="button"
        class="secondary"
        onClick={() => setStages((list) => [...list, { hostId: '', days: 60 }])}
        disabled={stages.length >= 50}
      >
        {t('rotation.addStage')}
      </button>{' '}
      <button type="submit" disabled={plan.busy}>
        {t('rotation.planButton')}
      </button>
      <ErrorBox error={plan.error} />
      {done && !plan.error && <Success>{t('rotation.planned')}</Success>}
    </form>
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
  const [files, setFiles] = useState<NonNullable<Task['files']> | undefined>();
  const manifest = useAction(async () => {
    const res = await raw('POST', `/rotation/shipments/${id}/manifest`, { body: {}, idempotent: true });
    const task = await followTask(res, 'The manifest could not be made.', 'Không lập được biên bản giao nhận.');
    setFiles(task?.files ?? []);
  });
  const fetchFile = useAction(async (f: { name: string; href: string }) => download(await raw('GET', f.href), f.name));
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorBox error={error} />;
  const here = data.toInstitutionId === institutionId;
  const toFollow = data.items.filter((i) => i.state === 'to_follow');
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
          {data.counts.to_follow > 0 ? ` · ${t('rotation.toFollowCount', { n: data.counts.to_follow })}` : ''}
        </p>
        <div class="table-wrap">
          <table class="stack">
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
                  <td data-label={t('desk.barcodes')}>{i.barcode}</td>
                  <td data-label={t('account.title')}>{i.title}</td>
                  <td data-label={t('record.callNumber')}>{i.callNumber ?? '—'}</td>
                  <td data-label={t('account.status')}>{label('shipmentItem', i.state)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {toFollow.length > 0 && (
        <p class="hint no-print">{t('rotation.toFollowHint', { titles: toFollow.map((i) => i.title).join(', ') })}</p>
      )}
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
      </button>{' '}
      {data.status !== 'cancelled' && (
        <button type="button" class="secondary no-print" disabled={manifest.busy} onClick={() => manifest.go()}>
          {manifest.busy ? t('rotation.documentBusy') : t('rotation.document')}
        </button>
      )}
      <ErrorBox error={manifest.error ?? fetchFile.error} />
      {files && (
        <ul class="plain no-print">
          {files.map((f) => (
            <li key={f.name}>
              <button type="button" class="small" onClick={() => fetchFile.go(f)}>
                {t('rotation.download', { format: (f.name.split('.').pop() ?? '').toUpperCase() })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
