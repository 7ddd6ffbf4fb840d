import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CopiesService, type Copy } from '@suotdoi/catalogue';
import type { CirculationCopyStatus, CopyDirectory, CopyInfo, ShelvedCopy } from '../ports.js';

const info = (c: Copy): CopyInfo => ({
  id: c.id,
  recordId: c.recordId,
  barcode: c.barcode,
  homeInstitutionId: c.homeInstitutionId,
  baseInstitutionId: c.baseInstitutionId,
  locationInstitutionId: c.locationInstitutionId,
  itemType: c.itemType,
  status: c.status,
  priceVnd: c.priceVnd,
});

const notFound = (e: unknown) => {
  if ((e as { status?: number }).status === 404) return undefined;
  throw e;
};

/** CopyDirectory over the catalogue's exported CopiesService. */
@Injectable()
export class CatalogueCopyDirectory implements CopyDirectory {
  constructor(private readonly copies: CopiesService) {}

  async findByBarcode(barcode: string, manager?: EntityManager): Promise<CopyInfo | undefined> {
    return this.copies.byBarcode(barcode, manager).then(info, notFound);
  }

  async find(copyId: string, manager?: EntityManager): Promise<CopyInfo | undefined> {
    return this.copies.get(copyId, manager).then(info, notFound);
  }

  async forRecord(recordId: string): Promise<CopyInfo[]> {
    return (await this.copies.forRecord(recordId)).map(info);
  }

  async onShelf(institutionId: string, recordIds: string[]): Promise<ShelvedCopy[]> {
    return (await this.copies.onShelf(institutionId, recordIds)).map((c) => ({
      ...info(c),
      title: c.title,
      callNumber: c.callNumber,
      shelfLocation: c.shelfLocation,
    }));
  }

  async changeStatus(
    copyId: string,
    status: CirculationCopyStatus,
    manager: EntityManager,
    locationInstitutionId?: string,
  ): Promise<void> {
    // Circulation moves copies only to institutions it has checked (the desk's): no directory lookup, which would
    // take a second connection inside the caller's transaction.
    await this.copies.changeStatus(copyId, status, {
      manager,
      location: locationInstitutionId ? { institutionId: locationInstitutionId, servicePointId: null } : undefined,
    });
  }
}
