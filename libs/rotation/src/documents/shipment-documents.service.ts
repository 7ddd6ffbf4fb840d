import { Injectable } from '@nestjs/common';
import { TasksService, type Principal, type TaskView } from '@suotdoi/platform';
import { RotationAccess } from '../access.js';
import { RotationErrors } from '../rotation.errors.js';
import { SHIPMENT_STATUS_VI, ShipmentsService } from '../shipments/shipments.service.js';
import { ShipmentDocumentsTask } from './shipment-documents.task.js';
import type { ShipmentDocumentKind } from './shipment-document.js';

const TITLES: Record<ShipmentDocumentKind, { vi: string; en: string }> = {
  manifest: { vi: 'Biên bản giao nhận', en: 'Shipment manifest' },
  receipt: { vi: 'Biên bản kiểm nhận', en: 'Receipt report' },
};

/** Starts the rendering of a shipment's manifest or receipt report as an on-demand task. */
@Injectable()
export class ShipmentDocumentsService {
  constructor(
    private readonly shipments: ShipmentsService,
    private readonly access: RotationAccess,
    private readonly tasks: TasksService,
  ) {}

  /**
   * Staff at either end or of the owner, and administrators over them, may ask (else 404). A receipt report needs a
   * dispatched shipment; a cancelled shipment has no documents (409 rotation/shipment_state). The task is readable by
   * whoever started it and by the circulation staff of the side they stand for.
   */
  async start(p: Principal, shipmentId: string, document: ShipmentDocumentKind): Promise<TaskView> {
    const s = await this.shipments.get(p, shipmentId);
    if (s.status === 'cancelled' || (document === 'receipt' && s.status === 'preparing'))
      throw RotationErrors.shipmentState({
        status: s.status,
        statusVi: SHIPMENT_STATUS_VI[s.status],
        action: document === 'receipt' ? 'reported on' : 'documented',
        actionVi: document === 'receipt' ? 'lập biên bản kiểm nhận' : 'lập biên bản giao nhận',
      });
    const side = this.access.staffAt(p, s.toInstitutionId) ? s.toInstitutionId : s.fromInstitutionId;
    return this.tasks.start(
      ShipmentDocumentsTask,
      { shipmentId, document },
      {
        owner: p,
        scope: { institutionId: side, role: 'circulation' },
        total: 4,
        title: {
          vi: `${TITLES[document].vi}: ${s.collectionName} (${s.fromName ?? ''} → ${s.toName ?? ''})`,
          en: `${TITLES[document].en}: ${s.collectionName}`,
        },
      },
    );
  }
}
