import { useEffect, useState } from 'preact/hooks';
import { get } from './api.js';

/** Names for the ids the API answers with (institutions, records), fetched once per page load. */
export interface Institution {
  id: string;
  code: string;
  name: string;
  type: string;
  unitId: string | null;
}

export interface RecordSummary {
  id: string;
  title: string;
  subtitle: string | null;
  authors: { name: string; role: string }[];
  hasCover: boolean;
  year: number | null;
}

let institutions: Promise<Map<string, Institution>> | undefined;

/** Every institution of the network (public list, 200 a page). */
export function loadInstitutions(): Promise<Map<string, Institution>> {
  institutions ??= (async () => {
    const all = new Map<string, Institution>();
    for (let offset = 0; ; offset += 200) {
      const page = await get<{ items: Institution[]; total: number }>(`/institutions?limit=200&offset=${offset}`);
      for (const i of page.items) all.set(i.id, i);
      if (offset + 200 >= page.total || page.items.length === 0) break;
    }
    return all;
  })().catch((e) => {
    institutions = undefined;
    throw e;
  });
  return institutions;
}

export function useInstitutions(): Map<string, Institution> {
  const [m, setM] = useState<Map<string, Institution>>(new Map());
  useEffect(() => {
    loadInstitutions().then(setM, () => undefined);
  }, []);
  return m;
}

const records = new Map<string, Promise<RecordSummary | null>>();

export function loadRecord(id: string): Promise<RecordSummary | null> {
  let p = records.get(id);
  if (!p) {
    p = get<{ record: RecordSummary }>(`/catalogue/records/${id}`).then(
      (d) => d.record,
      () => null,
    );
    records.set(id, p);
  }
  return p;
}

/** Titles of the given records, filled in as they arrive. */
export function useRecords(ids: string[]): Map<string, RecordSummary> {
  const [m, setM] = useState<Map<string, RecordSummary>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    Promise.all(key ? key.split(',').map((id) => loadRecord(id)) : []).then((rs) => {
      if (live) setM(new Map(rs.filter((r): r is RecordSummary => !!r).map((r) => [r.id, r])));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return m;
}

const resources = new Map<string, Promise<{ recordId: string; label: string | null; kind: string } | null>>();
export function loadResource(id: string): Promise<{ recordId: string; label: string | null; kind: string } | null> {
  let p = resources.get(id);
  if (!p) {
    p = get<{ recordId: string; label: string | null; kind: string }>(`/catalogue/digital-resources/${id}`).catch(
      () => null,
    );
    resources.set(id, p);
  }
  return p;
}
