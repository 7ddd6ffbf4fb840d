import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CopiesService } from '@suotdoi/catalogue';
import { InstitutionsService } from '@suotdoi/network';
import {
  defineTask,
  JURISDICTION_DIRECTORY,
  TaskProcessor,
  type JurisdictionDirectory,
  type TaskContext,
  type TaskHandler,
} from '@suotdoi/platform';
import { ItinerariesService } from '../itineraries/itineraries.service.js';
import { RotationErrors } from '../rotation.errors.js';
import { ShipmentsService } from '../shipments/shipments.service.js';
import { shipmentDocumentPdf } from './shipment-document.pdf.js';
import {
  shipmentDocument,
  shipmentDocumentCsv,
  shipmentDocumentXlsx,
  type ShipmentDocumentKind,
} from './shipment-document.js';

export interface ShipmentDocumentsPayload {
  shipmentId: string;
  document: ShipmentDocumentKind;
}

export type ShipmentDocumentsResult = { document: ShipmentDocumentKind; copies: number; files: string[] };

/** Render a shipment's manifest or receipt report (PDF, XLSX, CSV) in the worker: `202` + `GET /tasks/{id}`. */
export const ShipmentDocumentsTask = defineTask<ShipmentDocumentsPayload, ShipmentDocumentsResult>({
  kind: 'rotation.shipment_documents',
  title: { vi: 'Lập biên bản đợt luân chuyển', en: 'Shipment documents' },
  attempts: 3,
});

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;
const PLACE_PREFIX = /^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn|Đặc khu)\s+/u;

/**
 * Reads the shipment as it stands (its items were frozen at dispatch), renders the three files outside any
 * transaction and stores them on the task. Storing a file again replaces it, so a retried run leaves one of each.
 */
@Injectable()
@TaskProcessor()
export class ShipmentDocumentsHandler implements TaskHandler<ShipmentDocumentsPayload, ShipmentDocumentsResult> {
  readonly task = ShipmentDocumentsTask;
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly shipments: ShipmentsService,
    private readonly itineraries: ItinerariesService,
    private readonly copies: CopiesService,
    private readonly institutions: InstitutionsService,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  async run(p: ShipmentDocumentsPayload, ctx: TaskContext): Promise<ShipmentDocumentsResult> {
    const shipment = await this.shipments.find(p.shipmentId);
    if (!shipment) throw RotationErrors.shipmentNotFound();
    await ctx.progress(0, 4);
    const [stage, sender, servicePoint, known] = await Promise.all([
      shipment.stageId ? this.itineraries.stage(shipment.stageId) : undefined,
      this.directory.describeInstitutions([shipment.fromInstitutionId]).then((x) => x[0]),
      shipment.toServicePointId ? this.institutions.findServicePoint(shipment.toServicePointId) : undefined,
      this.copies.withRecords(
        { ids: shipment.unexpected.map((u) => u.copyId).filter((x): x is string => !!x) },
        this.ds.manager,
      ),
    ]);
    const unit =
      sender && this.directory.describeUnits ? (await this.directory.describeUnits([sender.unitId]))[0] : undefined;
    const doc = shipmentDocument(p.document, {
      shipment,
      place: unit?.name.replace(PLACE_PREFIX, '') ?? null,
      servicePointName: servicePoint?.name ?? null,
      stage: stage ? { seq: stage.seq, plannedStart: stage.plannedStart, plannedEnd: stage.plannedEnd } : null,
      unexpectedTitles: new Map(known.map((k) => [k.id, { title: k.title, callNumber: k.callNumber }])),
    });
    await ctx.progress(1, 4);
    const files: string[] = [];
    const renderers = {
      pdf: () => shipmentDocumentPdf(doc),
      xlsx: () => shipmentDocumentXlsx(doc),
      csv: async () => shipmentDocumentCsv(doc),
    };
    for (const format of ['pdf', 'xlsx', 'csv'] as const) {
      const name = `${doc.fileStem}.${format}`;
      await ctx.addFile({ name, contentType: CONTENT_TYPES[format], content: await renderers[format]() });
      files.push(name);
      await ctx.progress(files.length + 1, 4);
    }
    return { document: p.document, copies: shipment.items.length, files };
  }
}
