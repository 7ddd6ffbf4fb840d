import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../config/app-config.js';

/** The channel the platform.signal_change() trigger function notifies, with "schema.table" as payload. */
export const CHANGE_CHANNEL = 'platform_changes';

/**
 * Tells this process when rows of a table change, in any process: tables that caches depend on carry a
 * statement-level trigger (platform.signal_change) that NOTIFYs on commit, and this service LISTENs on one dedicated
 * connection, opened on the first subscription. While that connection is not listening (not yet open, lost,
 * reconnecting) `live` is false and caches must not serve from memory; when it is lost every subscriber is called, as
 * if everything had changed.
 */
@Injectable()
export class ChangeSignals implements OnModuleDestroy {
  private readonly log = new Logger('ChangeSignals');
  private readonly subscribers = new Map<string, Set<() => void>>();
  private client?: pg.Client;
  private listening = false;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(private readonly config: AppConfig) {}

  /** True while a change anywhere would reach this process. */
  get live(): boolean {
    return this.listening;
  }

  /** Call `changed` whenever `table` ("schema.table") changes, and whenever signals may have been missed. */
  subscribe(table: string, changed: () => void): void {
    let set = this.subscribers.get(table);
    if (!set) this.subscribers.set(table, (set = new Set()));
    set.add(changed);
    if (!this.client && !this.closed) void this.connect();
  }

  private everything(): void {
    for (const set of this.subscribers.values()) for (const f of set) f();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.config.databaseUrl,
      application_name: 'suotdoi-change-signals',
    });
    this.client = client;
    const lost = () => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = undefined;
      this.everything();
      client.end().catch(() => undefined);
      if (!this.closed) this.retry = setTimeout(() => void this.connect(), 1000).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      for (const f of this.subscribers.get(n.payload ?? '') ?? []) f();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (this.client !== client) return;
      // Anything cached before this moment may have missed a signal.
      this.everything();
      this.listening = true;
    } catch (e) {
      this.log.warn(`change signals unavailable, caches bypassed: ${(e as Error).message}`);
      lost();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.listening = false;
    clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}

/**
 * A small in-process cache of values read from tables that signal their changes (ChangeSignals): emptied when any of
 * them changes in any process, bypassed while signals are not live, bounded in size (least recently used entries go
 * first). The process that makes a change also calls `clear()` itself, so its next request never waits for the signal
 * to come back.
 */
export class SignalledCache<V> {
  /** Values boxed, so that any value (null too) can be cached. */
  private readonly entries: LRUCache<string, { value: V }>;
  /** Bumped by every clear: a load that started before a change must not store what it read. */
  private generation = 0;

  constructor(
    private readonly signals: ChangeSignals,
    tables: string[],
    maxEntries = 10_000,
  ) {
    this.entries = new LRUCache({ max: maxEntries });
    for (const t of tables) signals.subscribe(t, () => this.clear());
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.signals.live) return load();
    const hit = this.entries.get(key);
    if (hit) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && this.signals.live) this.entries.set(key, { value });
    return value;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
