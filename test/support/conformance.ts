// Response conformance: every response a test app sends is checked against its operation's OpenAPI response, whatever
// the test was about. JSON bodies are validated with Ajv against the schema the document declares (undeclared
// properties, wrong types and nulls where none is declared are violations); other bodies must carry a declared
// content type, and XML must be well-formed. Each app records the operations it saw and what violated its schema in
// the run's conformance file (SUOTDOI_TEST_CONFORMANCE_FILE, set by scripts/test.mjs), which the test command sums up.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { relative } from 'node:path';
import { expect } from '@jest/globals';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import { DOMParser } from '@xmldom/xmldom';
import supertest from 'supertest';

interface OpenApiResponse {
  content?: Record<string, { schema?: Record<string, unknown> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
  components?: { schemas?: Record<string, unknown> };
}

/** One response as the server sent it. */
interface Sent {
  method: string;
  path: string;
  status: number;
  type: string;
  body: Buffer;
}

/** One line of the conformance file. */
export interface ConformanceRecord {
  file: string;
  /** Every operation the document declares (`GET /path/{id}`). */
  operations: string[];
  /** Operations answered with a documented 2xx status. */
  seen: string[];
  /** `OPERATION status: what is wrong`. */
  violations: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** Schemas documented as carrying more properties than they list, and why. */
const OPEN_SCHEMAS: Record<string, string> = {
  PersonalDataExportDto: "each module's section of the personal-data export (PersonalDataRegistry) is a property",
};
/** Bodies larger than this are not kept (files); their content type is still checked. */
const MAX_BODY = 4 << 20;
const XML = /[/+]xml$/;

/** Whether this run collects conformance records (the test command sets the file). */
export const conformanceRun = (): boolean => !!process.env.SUOTDOI_TEST_CONFORMANCE_FILE;

/**
 * The app's OpenAPI document, built once per run and kept beside the conformance file (building it takes seconds).
 * Test-only modules add routes under /test/, which the check leaves out, so every app of the run shares it.
 */
export async function openApiDocument(server: Server): Promise<OpenApiDocument | undefined> {
  const cache = `${process.env.SUOTDOI_TEST_CONFORMANCE_FILE}.openapi.json`;
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as OpenApiDocument;
  const doc = (await supertest(server).get('/docs/openapi.json')).body as OpenApiDocument;
  if (!doc?.paths) return undefined;
  const partial = `${cache}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(doc));
  renameSync(partial, cache);
  return doc;
}

/** Keeps every response `server` sends (method, path, status, content type, body). */
export function recordResponses(server: Server): Sent[] {
  const sent: Sent[] = [];
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk == null || typeof chunk === 'function' || size > MAX_BODY) return;
      const b = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += b.length;
      chunks.push(b);
    };
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    res.write = ((...a: unknown[]) => {
      keep(a[0], a[1]);
      return write(...a);
    }) as typeof res.write;
    res.end = ((...a: unknown[]) => {
      keep(a[0], a[1]);
      return end(...a);
    }) as typeof res.end;
    res.once('finish', () => {
      sent.push({
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0],
        status: res.statusCode,
        type: String(res.getHeader('content-type') ?? '')
          .split(';')[0]
          .trim()
          .toLowerCase(),
        body: size > MAX_BODY ? Buffer.alloc(0) : Buffer.concat(chunks),
      });
    });
  });
  return sent;
}

/**
 * OpenAPI 3.0 → JSON Schema (2019-09) for Ajv: `nullable` becomes a `null` alternative, `$ref`s point into the
 * document's components, and every object schema that lists its properties refuses others.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace(/^#\/components\//, 'openapi#/components/');
    else if (k === 'properties' && v && typeof v === 'object')
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, toJsonSchema(s)]));
    else if (k === 'example' || k === 'examples') continue;
    else out[k] = toJsonSchema(v);
  }
  if ((out.properties || out.type === 'object') && out.additionalProperties === undefined && !out.allOf)
    out.unevaluatedProperties = out.properties ? false : true;
  if (out.allOf && out.properties) out.unevaluatedProperties = false;
  if (nullable === true) return { anyOf: [{ type: 'null' }, out] };
  return out;
}

/** `GET /path/{id}` for each operation, with a matcher; literal segments win over parameters. */
function operationsOf(doc: OpenApiDocument) {
  return (
    Object.entries(doc.paths)
      // Routes of test-only modules are not the product's.
      .filter(([path]) => !path.startsWith('/test/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => METHODS.includes(m))
          .map((m) => ({
            name: `${m.toUpperCase()} ${path}`,
            method: m.toUpperCase(),
            path,
            params: (path.match(/\{/g) ?? []).length,
            pattern: new RegExp(
              `^${path
                .split(/(\{[^}]+\})/)
                .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
                .join('')}/?$`,
            ),
          })),
      )
      .sort((a, b) => a.params - b.params)
  );
}

/** Checks what `sent` holds against `doc`: the operations seen and the violations. */
export function conformance(doc: OpenApiDocument, sent: Sent[]): Omit<ConformanceRecord, 'file'> {
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const components = toJsonSchema(doc.components ?? {}) as { schemas?: Record<string, Record<string, unknown>> };
  for (const name of Object.keys(OPEN_SCHEMAS))
    if (components.schemas?.[name]) delete components.schemas[name].unevaluatedProperties;
  ajv.addSchema({ $id: 'openapi', components });
  const compiled = new Map<string, ValidateFunction>();
  const ops = operationsOf(doc);
  const seen = new Set<string>();
  const violations = new Set<string>();
  for (const s of sent) {
    const op = ops.find((o) => o.method === s.method && o.pattern.test(decodeURIComponent(s.path)));
    if (!op || s.status < 200 || s.status >= 300) continue;
    const responses = doc.paths[op.path][op.method.toLowerCase()].responses ?? {};
    const documented = responses[String(s.status)];
    if (!documented) {
      violations.add(`${op.name} ${s.status}: status not documented (${Object.keys(responses).join(', ')})`);
      continue;
    }
    seen.add(op.name);
    const content = documented.content ?? {};
    const declared = Object.keys(content).map((c) => c.split(';')[0].trim().toLowerCase());
    if (s.status === 204 || declared.length === 0) {
      if (s.body.length) violations.add(`${op.name} ${s.status}: a body where none is documented`);
      continue;
    }
    if (!declared.includes(s.type)) {
      violations.add(`${op.name} ${s.status}: answered ${s.type || 'no content type'}, documented ${declared}`);
      continue;
    }
    if (s.type === 'application/json') {
      const key = `${op.name} ${s.status}`;
      let validate = compiled.get(key);
      if (!validate) {
        const schema = Object.entries(content).find(([c]) => c.split(';')[0].trim() === 'application/json')?.[1].schema;
        if (!schema) {
          violations.add(`${key}: JSON documented without a schema`);
          continue;
        }
        validate = ajv.compile(toJsonSchema(schema) as object);
        compiled.set(key, validate);
      }
      let body: unknown;
      try {
        body = JSON.parse(s.body.toString('utf8'));
      } catch {
        violations.add(`${key}: the body is not JSON`);
        continue;
      }
      if (!validate(body))
        for (const e of validate.errors ?? []) {
          // A nullable value that is neither null nor right says so through its non-null alternative alone.
          if (e.keyword === 'anyOf' || (e.keyword === 'type' && e.params.type === 'null')) continue;
          const extra = e.keyword === 'unevaluatedProperties' ? ` '${String(e.params.unevaluatedProperty)}'` : '';
          violations.add(`${key}: ${e.instancePath || '(body)'} ${e.message}${extra}`);
        }
    } else if (XML.test(s.type)) {
      const problems: string[] = [];
      try {
        new DOMParser({
          onError: (level: string, message: string) => {
            if (level !== 'warning') problems.push(message.split('\n')[0]);
          },
        }).parseFromString(s.body.toString('utf8'), 'text/xml');
      } catch (e) {
        problems.push((e as Error).message.split('\n')[0]);
      }
      for (const p of problems) violations.add(`${op.name} ${s.status}: XML not well-formed: ${p}`);
    }
  }
  return { operations: ops.map((o) => o.name).sort(), seen: [...seen].sort(), violations: [...violations].sort() };
}

/** Appends this app's record to the run's conformance file (nothing when the test command did not ask for one). */
export function report(record: Omit<ConformanceRecord, 'file'>): void {
  const file = process.env.SUOTDOI_TEST_CONFORMANCE_FILE;
  if (!file) return;
  const testFile = expect.getState().testPath ?? 'unknown';
  appendFileSync(file, `${JSON.stringify({ file: relative(process.cwd(), testFile), ...record })}\n`);
}
