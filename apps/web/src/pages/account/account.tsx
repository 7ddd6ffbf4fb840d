import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { download, get, post, api, raw } from '../../lib/api.js';
import { dateTime, day, label, lang, t, useLang, vnd } from '../../lib/i18n.js';
import { loadRecord, loadResource, useInstitutions, useRecords } from '../../lib/names.js';
import { signOut, useSession } from '../../lib/session.js';
import { ErrorBox, Loading, PageTitle, Success, useAction, useLoad } from '../../components/ui.js';

interface Loan {
  id: string;
  recordId: string;
  institutionId: string;
  checkedOutAt: string;
  dueDate: string;
  renewals: number;
  status: string;
  returnedAt: string | null;
  fineVnd: number;
}
interface Hold {
  id: string;
  recordId: string;
  pickupInstitutionId: string;
  status: string;
  queuePosition: number | null;
  placedAt: string;
  pickupBy: string | null;
  suspendedUntil: string | null;
}
interface ELoan {
  id: string;
  resourceId: string;
  startedAt: string;
  endsAt: string;
  returnedAt: string | null;
}
interface Notice {
  id: string;
  kind: string;
  subjectVi: string;
  subjectEn: string;
  bodyVi: string;
  bodyEn?: string;
  createdAt: string;
  readAt: string | null;
}
interface Charge {
  loanId: string;
  recordId: string;
  institutionId: string;
  dueDate: string;
  returnedAt: string;
  amountVnd: number;
  status: string;
}
interface Page<T> {
  items: T[];
  total: number;
}

const TABS = ['loans', 'holds', 'e-loans', 'notices', 'charges', 'privacy'] as const;
type Tab = (typeof TABS)[number];

function Title({ id }: { id: string }) {
  const titles = useRecords([id]);
  const r = titles.get(id);
  return <a href={`/opac/records/${id}`}>{r ? r.title : '…'}</a>;
}

function Loans() {
  const { data, error, loading, reload } = useLoad(() => get<Page<Loan>>('/me/loans?limit=100'), []);
  const institutions = useInstitutions();
  const titles = useRecords(data?.items.map((l) => l.recordId) ?? []);
  const [renewed, setRenewed] = useState<{ title: string; due: string } | undefined>();
  const renew = useAction(async (l: Loan) => {
    const r = await post<{ loan: Loan }>(`/me/loans/${l.id}/renew`, {});
    // The title from the cache of records (a click can come before the table's titles have loaded).
    const record = titles.get(l.recordId) ?? (await loadRecord(l.recordId));
    setRenewed({ title: record?.title ?? '', due: r.loan.dueDate });
    reload();
  });
  if (loading && !data) return <Loading />;
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('account.loans')}</h2>
      {renewed && (
        <Success>
          <p>{t('account.renewed', { title: renewed.title, due: day(renewed.due) })}</p>
        </Success>
      )}
      <ErrorBox error={error ?? renew.error} />
      {data && data.items.length === 0 && <p>{t('account.noLoans')}</p>}
      {data && data.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('account.title')}</th>
                <th scope="col">{t('account.library')}</th>
                <th scope="col">{t('account.due')}</th>
                <th scope="col">{t('account.renewals')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('account.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((l) => (
                <tr key={l.id} class={l.status === 'overdue' ? 'overdue' : undefined}>
                  <td data-label={t('account.title')}>
                    <Title id={l.recordId} />
                  </td>
                  <td data-label={t('account.library')}>{institutions.get(l.institutionId)?.name ?? ''}</td>
                  <td data-label={t('account.due')}>
                    {day(l.dueDate)}
                    {l.status === 'overdue' && <strong class="tag tag-bad"> {t('account.overdue')}</strong>}
                  </td>
                  <td data-label={t('account.renewals')}>{l.renewals}</td>
                  <td>
                    <button
                      type="button"
                      class="small"
                      disabled={renew.busy}
                      onClick={() => renew.go(l)}
                      aria-label={t('account.renewTitle', { title: titles.get(l.recordId)?.title ?? '' })}
                    >
                      {t('account.renew')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Holds() {
  const { data, error, loading, reload } = useLoad(() => get<Page<Hold>>('/me/holds?limit=100'), []);
  const institutions = useInstitutions();
  const cancel = useAction(async (h: Hold) => {
    await post(`/me/holds/${h.id}/cancel`, {});
    reload();
  });
  if (loading && !data) return <Loading />;
  const open = data?.items.filter((h) => ['waiting', 'in_transit', 'ready'].includes(h.status)) ?? [];
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('account.holds')}</h2>
      <ErrorBox error={error ?? cancel.error} />
      {data && open.length === 0 && <p>{t('account.noHolds')}</p>}
      <ul class="cards">
        {open.map((h) => (
          <li key={h.id} class="card">
            <h3>
              <Title id={h.recordId} />
            </h3>
            <p>
              {h.status === 'ready'
                ? t('account.holdReadyAt', {
                    place: institutions.get(h.pickupInstitutionId)?.name ?? '',
                    until: day(h.pickupBy),
                  })
                : h.status === 'in_transit'
                  ? t('account.holdInTransit', { place: institutions.get(h.pickupInstitutionId)?.name ?? '' })
                  : t('account.holdQueue', {
                      n: h.queuePosition ?? 1,
                      place: institutions.get(h.pickupInstitutionId)?.name ?? '',
                    })}
            </p>
            <p class="small muted">{t('account.placedOn', { when: day(h.placedAt) })}</p>
            <button type="button" class="secondary small" disabled={cancel.busy} onClick={() => cancel.go(h)}>
              {t('account.cancelHold')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ELoans() {
  const { data, error, loading, reload } = useLoad(
    () => get<{ items: ELoan[] }>('/me/e-loans?limit=200').then((page) => page.items),
    [],
  );
  const [titles, setTitles] = useState<Record<string, string>>({});
  useEffect(() => {
    for (const l of data ?? [])
      void loadResource(l.resourceId).then(async (r) => {
        const rec = r ? await loadRecord(r.recordId) : null;
        setTitles((x) => ({ ...x, [l.resourceId]: rec?.title ?? r?.label ?? '' }));
      });
  }, [data]);
  const read = useAction(async (l: ELoan) => {
    const link = await get<{ url: string }>(`/me/e-loans/${l.id}/link`);
    window.open(link.url, '_blank', 'noopener');
  });
  const ret = useAction(async (l: ELoan) => {
    await post(`/me/e-loans/${l.id}/return`, {});
    reload();
  });
  if (loading && !data) return <Loading />;
  const active = data?.filter((l) => !l.returnedAt) ?? [];
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('account.eloans')}</h2>
      <ErrorBox error={error ?? read.error ?? ret.error} />
      {data && active.length === 0 && <p>{t('account.noELoans')}</p>}
      <ul class="cards">
        {active.map((l) => (
          <li key={l.id} class="card">
            <h3>{titles[l.resourceId] ?? '…'}</h3>
            <p>{t('account.eloanEnds', { when: dateTime(l.endsAt) })}</p>
            <button type="button" class="small" onClick={() => read.go(l)}>
              {t('record.read')}
            </button>{' '}
            <button type="button" class="secondary small" onClick={() => ret.go(l)}>
              {t('account.returnEbook')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Notices() {
  const { data, error, loading, reload } = useLoad(
    () => get<Page<Notice> & { unread: number }>('/me/notices?limit=50'),
    [],
  );
  const mark = useAction(async (n?: Notice) => {
    await post(n ? `/me/notices/${n.id}/read` : '/me/notices/read', {});
    reload();
  });
  if (loading && !data) return <Loading />;
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('account.notices')}</h2>
      <ErrorBox error={error ?? mark.error} />
      {data && data.items.length === 0 && <p>{t('account.noNotices')}</p>}
      {data && data.unread > 1 && (
        <button type="button" class="secondary small" disabled={mark.busy} onClick={() => mark.go()}>
          {t('account.markAllRead', { n: data.unread })}
        </button>
      )}
      <ul class="cards">
        {data?.items.map((n) => (
          <li key={n.id} class={`card${n.readAt ? '' : ' unread'}`}>
            <h3>
              {!n.readAt && <span class="tag">{t('account.new')}</span>} {lang() === 'vi' ? n.subjectVi : n.subjectEn}
            </h3>
            <p class="pre">{lang() === 'vi' ? n.bodyVi : (n.bodyEn ?? n.bodyVi)}</p>
            <p class="small muted">{dateTime(n.createdAt)}</p>
            {!n.readAt && (
              <button type="button" class="secondary small" disabled={mark.busy} onClick={() => mark.go(n)}>
                {t('account.markRead')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Charges() {
  const { data, error, loading } = useLoad(() => get<Page<Charge> & { owedVnd: number }>('/me/charges?limit=100'), []);
  const institutions = useInstitutions();
  if (loading && !data) return <Loading />;
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('account.charges')}</h2>
      <ErrorBox error={error} />
      {data && <p>{data.owedVnd > 0 ? t('account.owed', { amount: vnd(data.owedVnd) }) : t('account.nothingOwed')}</p>}
      {data && data.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('account.title')}</th>
                <th scope="col">{t('account.library')}</th>
                <th scope="col">{t('account.returned')}</th>
                <th scope="col">{t('account.amount')}</th>
                <th scope="col">{t('account.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.loanId}>
                  <td data-label={t('account.title')}>
                    <Title id={c.recordId} />
                  </td>
                  <td data-label={t('account.library')}>{institutions.get(c.institutionId)?.name ?? ''}</td>
                  <td data-label={t('account.returned')}>{day(c.returnedAt)}</td>
                  <td data-label={t('account.amount')}>{vnd(c.amountVnd)}</td>
                  <td data-label={t('account.status')}>{label('charge', c.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="small muted">{t('account.chargesHow')}</p>
    </section>
  );
}

function Privacy() {
  const { route } = useLocation();
  const setting = useLoad(() => get<{ keepHistory: boolean }>('/me/history/setting'), []);
  const history = useLoad(() => get<Page<Loan>>('/me/history?limit=50'), [setting.data?.keepHistory]);
  const save = useAction(async (keepHistory: boolean) => {
    await api('PUT', '/me/history/setting', { body: { keepHistory } });
    setting.reload();
  });
  const exp = useAction(async () => download(await raw('GET', '/me/export'), 'du-lieu-ca-nhan.json'));
  const [password, setPassword] = useState('');
  const [confirmErase, setConfirmErase] = useState(false);
  const erase = useAction(async () => {
    await post('/me/erase', { password });
    await signOut();
    route('/');
  });
  return (
    <section aria-labelledby="tab-heading">
      <h2 id="tab-heading">{t('account.privacy')}</h2>
      <h3>{t('account.history')}</h3>
      <ErrorBox error={setting.error ?? save.error} />
      {setting.data && (
        <div class="check">
          <input
            type="checkbox"
            id="keep-history"
            checked={setting.data.keepHistory}
            disabled={save.busy}
            onChange={(e) => save.go((e.target as HTMLInputElement).checked)}
          />
          <label for="keep-history">{t('account.keepHistory')}</label>
        </div>
      )}
      <p class="hint">{t('account.keepHistoryHint')}</p>
      {history.data && history.data.items.length > 0 && (
        <ul>
          {history.data.items.map((l) => (
            <li key={l.id}>
              <Title id={l.recordId} /> — {t('account.returnedOn', { when: day(l.returnedAt) })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('account.export')}</h3>
      <p>{t('account.exportHint')}</p>
      <ErrorBox error={exp.error} />
      <button type="button" class="secondary" disabled={exp.busy} onClick={() => exp.go()}>
        {t('account.exportButton')}
      </button>
      <h3>{t('account.erase')}</h3>
      <p>{t('account.eraseHint')}</p>
      {!confirmErase ? (
        <button type="button" class="danger" onClick={() => setConfirmErase(true)}>
          {t('account.eraseButton')}
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void erase.go();
          }}
        >
          <div class="field">
            <label for="erase-password">{t('account.erasePassword')}</label>
            <input
              id="erase-password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            />
          </div>
          <ErrorBox error={erase.error} />
          <button type="submit" class="danger" disabled={erase.busy}>
            {t('account.eraseConfirm')}
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setConfirmErase(false)}>
            {t('action.cancel')}
          </button>
        </form>
      )}
    </section>
  );
}

export function AccountPage({ tab }: { tab?: string }) {
  useLang();
  const { me } = useSession();
  const { route } = useLocation();
  const current: Tab = (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'loans';
  useEffect(() => {
    if (me === null) route(`/sign-in?next=${encodeURIComponent(`/account${tab ? `/${tab}` : ''}`)}`, true);
  }, [me]);
  if (!me) return <Loading />;
  if (!me.patronId)
    return (
      <section>
        <PageTitle>{t('account.title.page')}</PageTitle>
        <p>{t('account.notPatron')}</p>
      </section>
    );
  return (
    <div>
      <PageTitle>{t('account.title.page')}</PageTitle>
      <p class="muted">{t('account.hello', { name: me.account.displayName })}</p>
      <nav class="tabs" aria-label={t('account.sections')}>
        {TABS.map((k) => (
          <a
            key={k}
            href={k === 'loans' ? '/account' : `/account/${k}`}
            aria-current={current === k ? 'page' : undefined}
          >
            {t(`account.tab.${k}` as never)}
          </a>
        ))}
      </nav>
      {current === 'loans' && <Loans />}
      {current === 'holds' && <Holds />}
      {current === 'e-loans' && <ELoans />}
      {current === 'notices' && <Notices />}
      {current === 'charges' && <Charges />}
      {current === 'privacy' && <Privacy />}
    </div>
  );
}
