import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@suotdoi/platform';

/**
 * circulation.patron_settings: one row per patron who ever borrowed. Locking it serialises one patron's
 * checkouts and holds, so "maximum loans" and "maximum holds" hold under concurrent requests too.
 */
@Injectable()
export class PatronSettingsRepository {
  /** Lock the patron's row (creating it) and return the settings. */
  async lock(manager: EntityManager, patronId: string): Promise<{ keepHistory: boolean }> {
    const [row] = await preparedQuery<{ keep_history: boolean }>(
      manager,
      `INSERT INTO circulation.patron_settings (patron_id) VALUES ($1)
       ON CONFLICT (patron_id) DO UPDATE SET patron_id = excluded.patron_id RETURNING keep_history`,
      [patronId],
    );
    return { keepHistory: row.keep_history };
  }

  async get(manager: EntityManager, patronId: string): Promise<{ keepHistory: boolean }> {
    const [row]: { keep_history: boolean }[] = await manager.query(
      `SELECT keep_history FROM circulation.patron_settings WHERE patron_id = $1`,
      [patronId],
    );
    return { keepHistory: row?.keep_history ?? false };
  }

  async setKeepHistory(manager: EntityManager, patronId: string, keep: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO circulation.patron_settings (patron_id, keep_history) VALUES ($1, $2)
       ON CONFLICT (patron_id) DO UPDATE SET keep_history = $2, updated_at = now()`,
      [patronId, keep],
    );
  }
}
