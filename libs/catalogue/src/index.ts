export * from './catalogue.module.js';
export * from './catalogue.errors.js';
export * from './catalogue.types.js';
export { catalogueMigrations } from './migrations/index.js';
export { RecordsService, type HoldingSummary } from './records/records.service.js';
export { CopiesService, type CopyInput, type CopyPatch } from './copies/copies.service.js';
export { DigitalResourcesService, type Upload, type Download } from './digital/digital-resources.service.js';
export {
  CatalogueSearchService,
  type CatalogueSearchHit,
  type CatalogueSearchResult,
} from './search/catalogue-search.service.js';
export { ReindexService } from './indexing/reindex.service.js';
export { SearchIndexCheck, SEARCH_INDEX_FORMAT } from './indexing/search-index-check.js';
export {
  MarcImportService,
  MARC_MAX_BYTES,
  MARC_MAX_RECORDS,
  type ImportReport,
  type ImportItemReport,
  type MatchRule,
} from './marc/marc-import.service.js';
export { readIso2709, readMarcXml, type MarcFormat } from './marc/marc-reader.js';
export { fromMarc, toMarc } from './marc/marc-mapping.js';
export { FILE_STORAGE, type FileStorage } from './storage/file-storage.js';
export { LocalDiskStorage } from './storage/local-disk.storage.js';
export { S3CompatibleStorage, type S3ObjectClient } from './storage/s3-compatible.storage.js';
export { UPLOAD_RULES } from './storage/media-types.js';
