import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { get, qs } from '../../lib/api.js';
import { label, num, t, useLang } from '../../lib/i18n.js';
import { useInstitutions } from '../../lib/names.js';
import { ErrorBox, Loading } from '../../components/ui.js';

interface Hit {
  id: string;
  title: string;
  subtitle: string | null;
  authors: string[];
  publisher: string | null;
  year: number | null;
  language: string;
  formats: string[];
  hasCover: boolean;
  highlight: { title: string };
  availableAt: { institutionId: string; name: string | null }[];
  availability: string[];
}
interface Facet {
  value: string;
  count: number;
}
interface Result {
  hits: Hit[];
  total: number;
  totalIsExact: boolean;
  facets: Record<string, Facet[] | undefined>;
  limit: number;
  offset: number;
}

const FACETS = ['availability', 'format', 'language', 'audience', 'institution', 'subject'] as const;
type FacetName = (typeof FACETS)[number];
const PAGE = 20;

/** The title with the search's <mark>s, built as elements (the API escapes everything else; no innerHTML). */
function Highlighted({ html }: { html: string }) {
  const parts = html.split(/(<mark>.*?<\/mark>)/g).filter(Boolean);
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return (
    <>{parts.map((p, i) => (p.startsWith('<mark>') ? <mark key={i}>{unescape(p.slice(6, -7))}</mark> : unescape(p)))}</>
  );
}

function filtersFrom(query: Record<string, string>): Record<FacetName, string[]> {
  const out = {} as Record<FacetName, string[]>;
  for (const f of FACETS) out[f] = query[f] ? query[f].split(',').filter(Boolean) : [];
  return out;
}

export function SearchPage() {
  useLang();
  const { query, route, path } = useLocation();
  const [text, setText] = useState(query.q ?? '');
  const filters = filtersFrom(query);
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<Result | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const institutions = useInstitutions();
  const ctrl = useRef<AbortController | undefined>(undefined);
  const fkey = FACETS.map((f) => filters[f].join(',')).join('|');

  // Search as you type: wait for a short pause, cancel the previous request, keep the URL shareable.
  useEffect(() => {
    const timer = setTimeout(async () => {
      ctrl.current?.abort();
      const c = new AbortController();
      ctrl.current = c;
      setLoading(true);
      try {
        const r = await get<Result>(
          `/catalogue/search${qs({ q: text.trim() ? text : undefined, limit: PAGE, offset, ...filters })}`,
          { signal: c.signal },
        );
        if (!c.signal.aborted) {
          setResult((prev) => (offset > 0 && prev ? { ...r, hits: [...prev.hits, ...r.hits] } : r));
          setError(undefined);
        }
      } catch (e) {
        if ((e as Error).name !== 'AbortError') setError(e);
      } finally {
        if (!c.signal.aborted) setLoading(false);
      }
    }, 180);
    return () => clearTimeout(timer);
  }, [text, fkey, offset]);

  const go = (nextText: string, nextFilters: Record<FacetName, string[]>) => {
    setOffset(0);
    const params: Record<string, string | undefined> = { q: nextText || undefined };
    for (const f of FACETS) params[f] = nextFilters[f].length ? nextFilters[f].join(',') : undefined;
    route(`${path === '/opac' ? '/opac' : '/'}${qs(params)}`, true);
  };
  const toggle = (f: FacetName, v: string) => {
    const cur = filters[f];
    go(text, { ...filters, [f]: cur.includes(v) ? cur.filter((x) => x !== v) : [...cur, v] });
  };
  const facetLabel = (f: FacetName, v: string) =>
    f === 'institution' ? (institutions.get(v)?.name ?? t('search.aLibrary')) : f === 'subject' ? v : label(f, v);
  const active = FACETS.flatMap((f) => filters[f].map((v) => ({ f, v })));

  return (
    <div class="search-page">
      <section class="search-box" aria-labelledby="search-heading">
        <h1 id="search-heading">{t('search.title')}</h1>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            go(text, filters);
          }}
        >
          <label for="q" class="visually-hidden">
            {t('search.label')}
          </label>
          <input
            id="q"
            type="search"
            value={text}
            autoComplete="off"
            placeholder={t('search.placeholder')}
            aria-describedby="q-hint"
            onInput={(e) => {
              const v = (e.target as HTMLInputElement).value;
              setText(v);
              setOffset(0);
            }}
            onBlur={() => go(text, filters)}
          />
          <button type="submit">{t('search.submit')}</button>
        </form>
        <p id="q-hint" class="hint">
          {t('search.hint')}
        </p>
      </section>

      <div class="search-layout">
        <aside class="facets" aria-label={t('search.facets')}>
          {result &&
            FACETS.map((f) => {
              const values = result.facets[f] ?? [];
              if (!values.length) return null;
              return (
                <fieldset key={f}>
                  <legend>{t(`facet.${f}` as never)}</legend>
                  {values.slice(0, 8).map((v) => {
                    const id = `facet-${f}-${v.value}`;
                    return (
                      <div class="check" key={v.value}>
                        <input
                          type="checkbox"
                          id={id}
                          checked={filters[f].includes(v.value)}
                          onChange={() => toggle(f, v.value)}
                        />
                        <label for={id}>
                          {facetLabel(f, v.value)} <span class="count">({num(v.count)})</span>
                        </label>
                      </div>
                    );
                  })}
                </fieldset>
              );
            })}
        </aside>

        <section class="results" aria-labelledby="results-heading">
          <h2 id="results-heading" class="visually-hidden">
            {t('search.results')}
          </h2>
          {active.length > 0 && (
            <p class="chips">
              {active.map(({ f, v }) => (
                <button
                  type="button"
                  class="chip"
                  key={`${f}:${v}`}
                  onClick={() => toggle(f, v)}
                  aria-label={t('search.removeFilter', { name: facetLabel(f, v) })}
                >
                  {facetLabel(f, v)} ✕
                </button>
              ))}
            </p>
          )}
          <p class="muted" role="status" aria-live="polite">
            {result
              ? result.totalIsExact
                ? t('search.count', { n: result.total })
                : t('search.countAtLeast', { n: result.total })
              : ''}
          </p>
          <ErrorBox error={error} />
          {!result && loading && <Loading />}
          <ol class="hits">
            {result?.hits.map((h) => (
              <li key={h.id} class="hit">
                {h.hasCover ? (
                  <img src={`/catalogue/records/${h.id}/cover`} alt="" width={56} height={80} loading="lazy" />
                ) : (
                  <div class="nocover" aria-hidden="true" />
                )}
                <div>
                  <h3>
                    <a href={`/opac/records/${h.id}`}>
                      <Highlighted html={h.highlight.title} />
                    </a>
                  </h3>
                  {h.subtitle && <p class="subtitle">{h.subtitle}</p>}
                  <p>
                    {h.authors.join('; ')}
                    {h.year ? ` · ${h.year}` : ''}
                    {h.publisher ? ` · ${h.publisher}` : ''}
                  </p>
                  <p class="small">
                    {h.formats.map((f) => label('format', f)).join(', ')} · {label('language', h.language)}
                  </p>
                  <p class="small availability">
                    {h.availableAt.length > 0
                      ? t('search.onShelfAt', {
                          places: h.availableAt
                            .map((a) => a.name ?? institutions.get(a.institutionId)?.name ?? t('search.aLibrary'))
                            .join(', '),
                        })
                      : h.availability.includes('online')
                        ? t('search.online')
                        : t('search.notOnShelf')}
                  </p>
                </div>
              </li>
            ))}
          </ol>
          {result && result.hits.length === 0 && !loading && <p>{t('search.none')}</p>}
          {result && result.hits.length < result.total && (
            <button type="button" class="secondary" disabled={loading} onClick={() => setOffset(result.hits.length)}>
              {t('search.more')}
            </button>
          )}
        </section>
      </div>
    </div>
  );
}
