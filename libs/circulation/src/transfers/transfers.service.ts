import { Injectable } from '@nestjs/common';
import { staffInstitutions, type Principal } from '@suotdoi/platform';
import { CirculationErrors } from '../circulation.errors.js';
import { TransfersRepository, type TransferRow } from './transfers.repository.js';

/** Transfers between institutions (for holds and returns away from home), listed for the staff who pack and unpack them. */
@Injectable()
export class TransfersService {
  constructor(private readonly repo: TransfersRepository) {}

  /** Open transfers arriving at or leaving one institution the caller works at (else 404). */
  async list(actor: Principal, institutionId: string, direction: 'incoming' | 'outgoing', page: { limit: number; offset: number }): Promise<TransferRow[]> {
    if (!actor.systemAdmin && !staffInstitutions(actor).includes(institutionId)) throw CirculationErrors.institutionNotServed({ institutionId });
    return this.repo.list([institutionId], direction, page.limit, page.offset);
  }

  async get(actor: Principal, id: string): Promise<TransferRow> {
    const t = await this.repo.find(id);
    const mine = actor.systemAdmin || (t && (staffInstitutions(actor).includes(t.fromInstitutionId) || staffInstitutions(actor).includes(t.toInstitutionId)));
    if (!t || !mine) throw CirculationErrors.transferNotFound();
    return t;
  }
}
