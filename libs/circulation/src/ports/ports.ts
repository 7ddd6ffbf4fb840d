import type { EntityManager } from 'typeorm';

/**
 * What circulation needs from other modules, as ports. Each has a default adapter over the owning module's exported
 * service (see ./adapters); a module that grows a better method replaces the adapter, not circulation.
 */

/** A copy as circulation sees it (catalogue owns copies). */
export interface CopyInfo {
  id: string;
  recordId: string;
  barcode: string;
  homeInstitutionId: string;
  /** Where the copy belongs now (home, or a rotation host): catalogue owns it; a return is routed here. */
  baseInstitutionId: string;
  locationInstitutionId: string;
  itemType: string;
  status: string;
  /** The copy's price in the catalogue (lost-item charges), if known. */
  priceVnd: number | null;
}

/** A copy on a shelf, as a pull list names it. */
export interface ShelvedCopy extends CopyInfo {
  title: string;
  callNumber: string | null;
  shelfLocation: string | null;
}

/** Statuses circulation moves copies through (a subset of catalogue's). */
export type CirculationCopyStatus = 'available' | 'on_loan' | 'in_transit' | 'on_hold_shelf' | 'lost';

export interface CopyDirectory {
  /** Pass a manager to read on its connection (e.g. pipelinedReads). */
  findByBarcode(barcode: string, manager?: EntityManager): Promise<CopyInfo | undefined>;
  find(copyId: string, manager?: EntityManager): Promise<CopyInfo | undefined>;
  /** Copies of a record (to trap a title-level hold and to tell whether one is on the shelf). */
  forRecord(recordId: string): Promise<CopyInfo[]>;
  /** Copies on the shelf (available, located there) at an institution, of the given records, with call number and title. */
  onShelf(institutionId: string, recordIds: string[]): Promise<ShelvedCopy[]>;
  /** Change status (and location) inside the caller's transaction; also queues the search-index update. */
  changeStatus(
    copyId: string,
    status: CirculationCopyStatus,
    manager: EntityManager,
    locationInstitutionId?: string,
  ): Promise<void>;
}
export const COPY_DIRECTORY = Symbol('suotdoi:circulation:copy-directory');

/** A copy as a patron knows it: its record's title, and its barcode. */
export interface CopyTitle {
  id: string;
  barcode: string;
  recordId: string;
  title: string;
}

/** A digital resource as a patron knows it: its record's title. */
export interface ResourceTitle {
  id: string;
  recordId: string;
  title: string;
}

/**
 * Titles to name copies and digital resources by in patron notices (catalogue owns records). Bulk: each call is one
 * query however many it asks for; unknown ids and barcodes are left out of the answer. Pass the caller's manager to
 * read within its transaction.
 */
export interface TitleDirectory {
  copies(keys: { ids?: string[]; barcodes?: string[] }, manager?: EntityManager): Promise<CopyTitle[]>;
  resources(ids: string[], manager?: EntityManager): Promise<ResourceTitle[]>;
}
export const TITLE_DIRECTORY = Symbol('suotdoi:circulation:title-directory');

/** A patron as circulation sees it (identity owns patrons). */
export interface PatronInfo {
  id: string;
  accountId: string;
  category: string;
  cardNumber: string | null;
  cardExpiresOn: string | null;
  homeInstitutionId: string;
  status: string;
}

export interface PatronDirectory {
  /** Pass a manager to read on its connection (inside a transaction: always). */
  find(patronId: string, manager?: EntityManager): Promise<PatronInfo | undefined>;
  /** Pass a manager to read on its connection (e.g. pipelinedReads). */
  findByCardNumber(cardNumber: string, manager?: EntityManager): Promise<PatronInfo | undefined>;
}
export const PATRON_DIRECTORY = Symbol('suotdoi:circulation:patron-directory');

/** Opening days of institutions (network owns calendars). */
export interface OpeningCalendar {
  /** First open day (YYYY-MM-DD, Vietnam time) on or after `date` at the institution; inside a transaction pass its manager. */
  nextOpenDay(institutionId: string, date: string, manager?: EntityManager): Promise<string>;
}
export const OPENING_CALENDAR = Symbol('suotdoi:circulation:opening-calendar');
