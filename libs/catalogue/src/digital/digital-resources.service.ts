import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { OutboxService, PlatformErrors, type Principal } from '@suotdoi/platform';
import { assertCataloguer, isStaffAt } from '../access.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import {
  DIGITAL_LOAN_CHECKER,
  type DigitalAccess,
  type DigitalKind,
  type DigitalLoanChecker,
  type DigitalResource,
} from '../catalogue.types.js';
import { queueIndexChange } from '../indexing/search-outbox.js';
import { RecordsRepository } from '../records/records.repository.js';
import { FILE_STORAGE, type FileStorage } from '../storage/file-storage.js';
import { acceptedMediaType, EXTENSION, looksLike, UPLOAD_RULES } from '../storage/media-types.js';
import { DigitalResourcesRepository } from './digital-resources.repository.js';
import { EResourceRequests, type RequestOrigin } from './e-resource-requests.js';

export interface Upload {
  body: Readable;
  contentType: string | undefined;
  /** Declared length, if any: refused before reading when already too large. */
  contentLength?: number;
  fileName?: string | null;
}

export interface Download {
  stream: Readable;
  sizeBytes: number;
  mediaType: string;
  fileName: string;
}

/** The electronic library: digital resources, their files through the storage port, and who may open them. */
@Injectable()
export class DigitalResourcesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: DigitalResourcesRepository,
    private readonly records: RecordsRepository,
    private readonly outbox: OutboxService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly requests: EResourceRequests,
    @Optional() @Inject(DIGITAL_LOAN_CHECKER) private readonly loans?: DigitalLoanChecker,
  ) {}

  async get(id: string): Promise<DigitalResource> {
    const r = await this.repo.find(id);
    if (!r) throw CatalogueErrors.digitalResourceNotFound({ id });
    const { fileKey: _k, ...out } = r;
    return out;
  }

  /** Resources with their record's title (what a patron notice names them by), in one query. */
  titles(ids: string[], manager?: EntityManager): Promise<{ id: string; recordId: string; title: string }[]> {
    return this.repo.titles(ids, manager);
  }

  async create(
    principal: Principal | undefined,
    input: { recordId: string; institutionId: string; kind: DigitalKind; access: DigitalAccess; label?: string | null },
  ): Promise<DigitalResource> {
    assertCataloguer(principal, input.institutionId);
    const id = await this.ds.transaction(async (m) => {
      if (!(await this.records.find(input.recordId, m))) throw CatalogueErrors.recordNotFound({ id: input.recordId });
      return this.repo.insert(m, { ...input, label: input.label ?? null });
    });
    return this.get(id);
  }

  /** Store (or replace) the file of a resource. Size, media type and magic number are checked while streaming. */
  async upload(principal: Principal | undefined, id: string, upload: Upload): Promise<DigitalResource> {
    const res = await this.repo.find(id);
    if (!res) throw CatalogueErrors.digitalResourceNotFound({ id });
    assertCataloguer(principal, res.institutionId);
    const mediaType = acceptedMediaType(res.kind, upload.contentType);
    const key = `digital/${id.slice(0, 2)}/${id}.${EXTENSION[mediaType] ?? 'bin'}`;
    const stored = await this.store(res.kind, key, mediaType, upload);
    await this.ds.transaction(async (m) => {
      await this.repo.setFile(m, id, {
        key,
        fileName: safeFileName(upload.fileName, `${id}.${EXTENSION[mediaType]}`),
        mediaType,
        ...stored,
      });
      await queueIndexChange(this.outbox, m, [res.recordId], 'document');
    });
    if (res.fileKey && res.fileKey !== key) await this.storage.delete(res.fileKey);
    return this.get(id);
  }

  /**
   * Open a resource's file for this caller: open access for anyone, else staff of the owner or an active e-loan.
   * Each opening is an e-resource request for usage statistics (COUNTER: a repeat within 30 s counts once).
   */
  async download(principal: Principal | undefined, id: string, origin: RequestOrigin = {}): Promise<Download> {
    const res = await this.repo.find(id);
    if (!res) throw CatalogueErrors.digitalResourceNotFound({ id });
    if (res.access !== 'open') {
      if (!principal) throw PlatformErrors.unauthenticated();
      const staff = isStaffAt(principal, res.institutionId);
      const loan =
        res.access === 'loan' && !staff && this.loans
          ? await this.loans.hasActiveELoan(principal.accountId, principal.patronId, id)
          : false;
      if (!staff && !loan) throw CatalogueErrors.accessDenied({ id });
    }
    if (!res.fileKey) throw CatalogueErrors.fileNotFound({ id });
    const file = await this.storage.open(res.fileKey);
    if (!file) throw CatalogueErrors.fileNotFound({ id });
    await this.requests.record(principal, res, origin).catch((err: unknown) => {
      file.stream.destroy();
      throw err;
    });
    return { ...file, mediaType: res.mediaType ?? 'application/octet-stream', fileName: res.fileName ?? `${id}` };
  }

  async uploadCover(principal: Principal | undefined, recordId: string, upload: Upload): Promise<void> {
    const record = await this.records.find(recordId);
    if (!record) throw CatalogueErrors.recordNotFound({ id: recordId });
    assertCataloguer(principal, record.ownerInstitutionId);
    const mediaType = acceptedMediaType('cover', upload.contentType);
    const key = `covers/${recordId.slice(0, 2)}/${recordId}.${EXTENSION[mediaType]}`;
    await this.store('cover', key, mediaType, upload);
    await this.ds.transaction(async (m) => {
      await this.records.setCover(m, recordId, key, mediaType);
      await queueIndexChange(this.outbox, m, [recordId], 'document');
    });
  }

  async cover(recordId: string): Promise<Download> {
    const c = await this.records.cover(recordId);
    const file = c && (await this.storage.open(c.key));
    if (!c || !file) throw CatalogueErrors.fileNotFound({ id: recordId });
    return { ...file, mediaType: c.mediaType, fileName: c.key.split('/').pop()! };
  }

  /** Trusted store for demo data: no role check. */
  async attachTrusted(
    id: string,
    recordId: string,
    kind: DigitalKind | 'cover',
    mediaType: string,
    body: Readable,
    fileName: string,
  ): Promise<void> {
    const key =
      kind === 'cover'
        ? `covers/${recordId.slice(0, 2)}/${recordId}.${EXTENSION[mediaType]}`
        : `digital/${id.slice(0, 2)}/${id}.${EXTENSION[mediaType]}`;
    const stored = await this.store(kind, key, mediaType, { body, contentType: mediaType });
    await this.ds.transaction(async (m) => {
      if (kind === 'cover') await this.records.setCover(m, recordId, key, mediaType);
      else await this.repo.setFile(m, id, { key, fileName, mediaType, ...stored });
      await queueIndexChange(this.outbox, m, [recordId], 'document');
    });
  }

  private async store(kind: DigitalKind | 'cover', key: string, mediaType: string, upload: Upload) {
    const { maxBytes } = UPLOAD_RULES[kind];
    const tooLarge = () => CatalogueErrors.fileTooLarge({ limit: maxBytes, what: kind });
    if (upload.contentLength !== undefined && upload.contentLength > maxBytes) {
      upload.body.resume();
      throw tooLarge();
    }
    const stored = await this.storage.put(key, upload.body, {
      maxBytes,
      onTooLarge: tooLarge,
      check: (head) => {
        if (!looksLike(mediaType, head)) throw CatalogueErrors.fileContentMismatch({ mediaType });
      },
    });
    if (stored.sizeBytes === 0) {
      await this.storage.delete(key);
      throw CatalogueErrors.emptyFile();
    }
    return stored;
  }
}

function safeFileName(name: string | null | undefined, fallback: string): string {
  // Control characters are exactly what must go.
  // eslint-disable-next-line no-control-regex
  const unsafe = /[\\/\u0000-\u001f"]/g;
  const n = (name ?? '').normalize('NFC').replace(unsafe, '').trim().slice(0, 200);
  return n || fallback;
}
