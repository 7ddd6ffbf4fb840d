import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CopiesService } from '@suotdoi/catalogue';
import { InstitutionsService } from '@suotdoi/network';
import {
  AppConfig,
  Clock,
  DemoSeeder,
  vietnamDate,
  type Principal,
  type SeedReport,
  type Seeder,
} from '@suotdoi/platform';
import { CollectionsRepository } from '../collections/collections.repository.js';
import { CollectionsService } from '../collections/collections.service.js';
import { ItinerariesService } from '../itineraries/itineraries.service.js';
import { ShipmentsService } from '../shipments/shipments.service.js';

const SYSTEM: Principal = {
  accountId: '00000000-0000-0000-0000-000000000000',
  staff: [],
  adminUnitIds: [],
  systemAdmin: true,
};

/** The demo barcodes of an institution's copies (`<code>-<nnnnn>-<k>`, as the catalogue demo writes them). */
const demoBarcodes = (code: string) =>
  Array.from({ length: 400 }, (_, n) => [1, 2, 3].map((k) => `${code}-${String(n + 1).padStart(5, '0')}-${k}`)).flat();

/**
 * Demo rotation (order 42, after catalogue and circulation): the Quảng Trị provincial library sends a Vân Kiều – Pa Kô
 * collection through Hướng Hóa communes (Tân Hợp, Hướng Phùng) and a post-office culture point, already received at
 * its first stage; Đắk Hà's district library leaves deposit collections (tủ sách) at two schools. Through the services,
 * idempotent (skipped when the province's collection exists).
 */
@Injectable()
@DemoSeeder(42)
export class RotationSeeder implements Seeder {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly collections: CollectionsService,
    private readonly rows: CollectionsRepository,
    private readonly itineraries: ItinerariesService,
    private readonly shipments: ShipmentsService,
    private readonly institutions: InstitutionsService,
    private readonly copies: CopiesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private async shelf(code: string, ownerId: string, want: number): Promise<string[]> {
    const found = await this.copies.withRecords({ barcodes: demoBarcodes(code) }, this.ds.manager);
    return found
      .filter((c) => c.homeInstitutionId === ownerId && c.status === 'available' && c.baseInstitutionId === ownerId)
      .slice(0, want)
      .map((c) => c.barcode);
  }

  async seed(): Promise<SeedReport> {
    if (this.config.isProduction) return { summary: ['rotation: no demo collections in production'] };
    const [qt, tanHop, huongPhung, daKha, schoolA, schoolB] = await Promise.all(
      ['QT-TV', 'QT-HH-TV-TH', 'QT-HH-TV-HP', 'KT-DH-TV', 'KT-DH-THCS', 'KT-DH-THHM'].map((c) =>
        this.institutions.findByCode(c),
      ),
    );
    const postPoint = await this.institutions.findServicePointByCode('QT-HH-BDVH-TANHOP');
    if (!qt || !tanHop || !huongPhung) return { summary: ['rotation: demo network missing; rotation demo skipped'] };
    const existing = await this.rows.list({ institutionIds: [qt.id] }, 50, 0);
    if (existing.rows.some((c) => c.name.startsWith('Bộ sách Vân Kiều – Pa Kô')))
      return { summary: ['rotation: demo collections already loaded'] };
    const barcodes = await this.shelf('QT-TV', qt.id, 12);
    if (barcodes.length < 4)
      return { summary: ['rotation: not enough demo copies at Thư viện tỉnh Quảng Trị; rotation demo skipped'] };
    const today = vietnamDate(this.clock.now());
    const col = await this.collections.create(SYSTEM, {
      ownerInstitutionId: qt.id,
      name: 'Bộ sách Vân Kiều – Pa Kô số 1',
      notes:
        'Sách song ngữ Việt – Bru (Vân Kiều) và Pa Kô, truyện cổ, kỹ thuật canh tác, cho các xã vùng biên Hướng Hóa và đồn biên phòng.',
      themes: ['Văn hóa dân tộc Vân Kiều – Pa Kô', 'Nông nghiệp', 'Thiếu nhi'],
    });
    await this.collections.addCopies(SYSTEM, col.id, barcodes);
    await this.itineraries.create(SYSTEM, col.id, {
      mode: 'one_way',
      startsOn: today,
      stages: [
        { hostId: tanHop.id, days: 60 },
        { hostId: huongPhung.id, days: 60 },
        ...(postPoint ? [{ hostId: postPoint.id, days: 90 }] : []),
      ],
    });
    const shipment = await this.shipments.prepare(
      SYSTEM,
      col.id,
      'Xe của Thư viện tỉnh chở lên Khe Sanh, bàn giao tại Thư viện xã Tân Hợp',
    );
    await this.shipments.dispatch(SYSTEM, shipment.id);
    await this.shipments.receive(SYSTEM, shipment.id, barcodes);
    const summary = [
      `rotation: collection “${col.name}” (${barcodes.length} copies) at Thư viện xã Tân Hợp, stage 1 of a three-stage itinerary`,
    ];
    if (daKha && schoolA && schoolB) {
      const own = await this.shelf('KT-DH-TV', daKha.id, 8);
      for (const [i, school] of [schoolA, schoolB].entries()) {
        const part = own.slice(i * 4, i * 4 + 4);
        if (!part.length) continue;
        const d = await this.collections.create(SYSTEM, {
          ownerInstitutionId: daKha.id,
          name: `Tủ sách gửi ${school.name}`,
          kind: 'deposit',
          themes: ['Thiếu nhi', 'Sách giáo khoa tham khảo'],
        });
        await this.collections.addCopies(SYSTEM, d.id, part);
        await this.itineraries.create(SYSTEM, d.id, {
          mode: 'one_way',
          startsOn: today,
          stages: [{ hostId: school.id, days: 270 }],
        });
        const s = await this.shipments.prepare(SYSTEM, d.id, 'Tủ sách gửi trường cả năm học');
        await this.shipments.dispatch(SYSTEM, s.id);
        await this.shipments.receive(SYSTEM, s.id, part);
        summary.push(`rotation: deposit collection at ${school.name} (${part.length} copies)`);
      }
    }
    return { summary };
  }
}
