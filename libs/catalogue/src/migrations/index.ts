import { CatalogueInit1763820000000 } from './1763820000000-catalogue-init.js';
import { CatalogueEResourceRequests1764400000001 } from './1764400000001-catalogue-e-resource-requests.js';
import { CatalogueSearchSpeed1764400000100 } from './1764400000100-catalogue-search-speed.js';
import { CatalogueSearchIsbnPrefixes1764400000200 } from './1764400000200-catalogue-search-isbn-prefixes.js';
import { CatalogueCopyBase1764830000000 } from './1764830000000-catalogue-copy-base.js';
import { CatalogueSearchIndexState1764850000000 } from './1764850000000-catalogue-search-index-state.js';
import { CatalogueMarcHoldings1764960000000 } from './1764960000000-catalogue-marc-holdings.js';

/** Catalogue migrations, in order. Never edit one that has landed; add a new one. */
export const catalogueMigrations = [
  CatalogueInit1763820000000,
  CatalogueEResourceRequests1764400000001,
  CatalogueSearchSpeed1764400000100,
  CatalogueSearchIsbnPrefixes1764400000200,
  CatalogueCopyBase1764830000000,
  CatalogueSearchIndexState1764850000000,
  CatalogueMarcHoldings1764960000000,
];
