import { Inject, Injectable } from '@nestjs/common';
import { Clock, JURISDICTION_DIRECTORY, vietnamDate, type JurisdictionDirectory, type Page } from '@suotdoi/platform';
import { COPY_DIRECTORY, type CopyDirectory, type ShelvedCopy } from '../ports/ports.js';
import { HoldsRepository, type HoldRow } from './holds.repository.js';

/** One line of a pull list: a copy on this library's shelf and the hold it would fill. */
export interface PullListItem {
  holdId: string;
  placedAt: Date;
  queuePosition: number;
  recordId: string;
  title: string;
  copyId: string;
  barcode: string;
  callNumber: string | null;
  shelfLocation: string | null;
  pickupInstitutionId: string;
  pickupInstitutionName: string;
  /** Whether the copy has to travel (the hold is for pickup at another library). */
  transfer: boolean;
}

/**
 * The pull list (danh sách lấy sách) of a library: copies on its shelves that waiting holds want, here or at another
 * library, oldest hold first. Each record's waiting holds take its copies here in queue order, as a check-in would
 * hand them out, so a line is exactly what scanning that copy at the check-in desk will do: trap it for the hold,
 * on this hold shelf or in transit to the pickup library. Copies on the shelf at two libraries may both be listed
 * for one hold: the first scanned fills it, the other goes back on its shelf.
 */
@Injectable()
export class PullListService {
  constructor(
    private readonly holds: HoldsRepository,
    private readonly clock: Clock,
    @Inject(COPY_DIRECTORY) private readonly copies: CopyDirectory,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  async list(institutionId: string, page: { limit: number; offset: number }): Promise<Page<PullListItem>> {
    const today = vietnamDate(this.clock.now());
    const shelved = await this.copies.onShelf(institutionId, await this.holds.recordsWaiting(today));
    const byRecord = new Map<string, ShelvedCopy[]>();
    for (const c of shelved) byRecord.set(c.recordId, [...(byRecord.get(c.recordId) ?? []), c]);
    const lines: { hold: HoldRow; copy: ShelvedCopy }[] = [];
    for (const hold of await this.holds.waitingOn([...byRecord.keys()], today)) {
      const free = byRecord.get(hold.recordId)!;
      const i = free.findIndex((c) => hold.copyId === null || hold.copyId === c.id);
      if (i < 0) continue;
      lines.push({ hold, copy: free[i] });
      free.splice(i, 1);
    }
    lines.sort((a, b) => a.hold.placedAt.getTime() - b.hold.placedAt.getTime() || a.hold.id.localeCompare(b.hold.id));
    const slice = lines.slice(page.offset, page.offset + page.limit);
    const names = new Map(
      (await this.directory.describeInstitutions([...new Set(slice.map((l) => l.hold.pickupInstitutionId))])).map(
        (i) => [i.id, i.name],
      ),
    );
    return {
      items: slice.map(({ hold, copy }) => ({
        holdId: hold.id,
        placedAt: hold.placedAt,
        queuePosition: hold.queuePosition!,
        recordId: hold.recordId,
        title: copy.title,
        copyId: copy.id,
        barcode: copy.barcode,
        callNumber: copy.callNumber,
        shelfLocation: copy.shelfLocation,
        pickupInstitutionId: hold.pickupInstitutionId,
        pickupInstitutionName: names.get(hold.pickupInstitutionId) ?? '',
        transfer: hold.pickupInstitutionId !== institutionId,
      })),
      total: lines.length,
      limit: page.limit,
      offset: page.offset,
    };
  }
}
