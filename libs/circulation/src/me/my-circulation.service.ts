import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LoansRepository } from '../loans/loans.repository.js';
import { PatronSettingsRepository } from './patron-settings.repository.js';

/** A patron's own reading-history setting: off by default; when on, returned loans stay in "my history"; erasable. */
@Injectable()
export class MyCirculationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly settings: PatronSettingsRepository,
    private readonly loans: LoansRepository,
  ) {}

  settingsOf(patronId: string): Promise<{ keepHistory: boolean }> {
    return this.settings.get(this.ds.manager, patronId);
  }

  /** Turning history off also erases what was kept. */
  async setKeepHistory(patronId: string, keep: boolean): Promise<{ keepHistory: boolean; erased: number }> {
    return this.ds.transaction(async (m) => {
      await this.settings.setKeepHistory(m, patronId, keep);
      const erased = keep ? 0 : await this.loans.anonymiseHistory(m, patronId);
      return { keepHistory: keep, erased };
    });
  }

  async eraseHistory(patronId: string): Promise<{ erased: number }> {
    return this.ds.transaction(async (m) => ({ erased: await this.loans.anonymiseHistory(m, patronId) }));
  }
}
