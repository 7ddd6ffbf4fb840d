import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NoticesService } from '@suotdoi/notices';
import { TITLE_DIRECTORY, type TitleDirectory } from '../ports/ports.js';
import { CirculationNotices, type CirculationNoticeKind } from './circulation.notices.js';

/**
 * Circulation's notices through the shared notices service: names the item by its title (looked up here unless the
 * caller has it: a scan looks titles up in bulk) and records the notice for the patron in the caller's transaction.
 */
@Injectable()
export class PatronNotices {
  constructor(
    private readonly notices: NoticesService,
    @Inject(TITLE_DIRECTORY) private readonly titles: TitleDirectory,
  ) {}

  /** Record and queue a notice in the caller's transaction; false when this event (dedupe key) already has its notice. */
  async notify(
    manager: EntityManager,
    dedupeKey: string,
    kind: CirculationNoticeKind,
    patronId: string,
    params: Record<string, string>,
  ): Promise<boolean> {
    const withTitle = params.title ? params : await this.withTitle(manager, params);
    const id = await this.notices.notify(manager, {
      to: { patronId },
      template: CirculationNotices[kind] as never,
      params: withTitle as never,
      dedupeKey,
    });
    return id !== undefined;
  }

  /** Which of these dedupe keys already have their notice. */
  existing(dedupeKeys: string[], manager?: EntityManager): Promise<Set<string>> {
    return this.notices.existing(CirculationNotices.due_soon, dedupeKeys, manager);
  }

  private async withTitle(manager: EntityManager, params: Record<string, string>): Promise<Record<string, string>> {
    const [found] = params.barcode
      ? await this.titles.copies({ barcodes: [params.barcode] }, manager)
      : params.resourceId
        ? await this.titles.resources([params.resourceId], manager)
        : [];
    return found ? { ...params, title: found.title } : params;
  }
}
