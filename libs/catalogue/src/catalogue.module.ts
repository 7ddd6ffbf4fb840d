import { Module } from '@nestjs/common';
import { AppConfig, SearchModule } from '@suotdoi/platform';
import { CopiesController } from './copies/copies.controller.js';
import { CopiesRepository } from './copies/copies.repository.js';
import { CopiesService } from './copies/copies.service.js';
import { DigitalResourcesController } from './digital/digital-resources.controller.js';
import { DigitalResourcesRepository } from './digital/digital-resources.repository.js';
import { DigitalResourcesService } from './digital/digital-resources.service.js';
import { EResourceRequests } from './digital/e-resource-requests.js';
import { PurgeEResourceRequestsHandler } from './digital/purge-e-resource-requests.job.js';
import { ReindexService } from './indexing/reindex.service.js';
import { SearchIndexer } from './indexing/search-indexer.js';
import { SearchIndexCheck } from './indexing/search-index-check.js';
import { MarcExportService } from './marc/marc-export.service.js';
import { MarcApplyHandler } from './marc/marc-apply.handler.js';
import { MarcImportService } from './marc/marc-import.service.js';
import { MarcController } from './marc/marc.controller.js';
import { OpdsController } from './opds/opds.controller.js';
import { OpdsService } from './opds/opds.service.js';
import { RecordsController } from './records/records.controller.js';
import { RecordsRepository } from './records/records.repository.js';
import { RecordsService } from './records/records.service.js';
import { CatalogueSeeder } from './seed/catalogue.seeder.js';
import { CatalogueSearchService } from './search/catalogue-search.service.js';
import { SearchController } from './search/search.controller.js';
import { SEARCH_TOPIC } from './catalogue.types.js';
import { FILE_STORAGE } from './storage/file-storage.js';
import { fileStorageFor } from './storage/file-storage.factory.js';

/** Bibliographic records, copies, the e-library (files, OPDS), MARC 21 in and out, and the search documents. */
@Module({
  imports: [
    SearchModule.forRoot({
      postgres: { documents: 'catalogue.search_documents', words: 'catalogue.search_words' },
      meiliIndex: 'catalogue',
      topics: [SEARCH_TOPIC],
    }),
  ],
  controllers: [
    SearchController,
    RecordsController,
    CopiesController,
    DigitalResourcesController,
    MarcController,
    OpdsController,
  ],
  providers: [
    RecordsRepository,
    CopiesRepository,
    DigitalResourcesRepository,
    RecordsService,
    CopiesService,
    DigitalResourcesService,
    EResourceRequests,
    PurgeEResourceRequestsHandler,
    MarcImportService,
    MarcApplyHandler,
    MarcExportService,
    CatalogueSearchService,
    OpdsService,
    ReindexService,
    SearchIndexer,
    SearchIndexCheck,
    CatalogueSeeder,
    { provide: FILE_STORAGE, inject: [AppConfig], useFactory: fileStorageFor },
  ],
  exports: [RecordsService, CopiesService, DigitalResourcesService, CatalogueSearchService, ReindexService],
})
export class CatalogueModule {}
