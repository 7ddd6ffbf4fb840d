import { defineNoticeTemplates, template } from '@suotdoi/notices';

type StageParams = {
  collection: string;
  host: string;
  plannedEnd: string;
  next: string;
  collectionId: string;
  stageId: string;
};

/** Rotation's notices to the owner's staff. Keys are stored with each notice: never rename one. */
export const RotationNotices = defineNoticeTemplates('rotation', {
  stage_ending: template<StageParams>({
    subject: { vi: 'Đến lúc chuyển bộ sách “{collection}”', en: 'Time to move the collection “{collection}”' },
    body: {
      vi: 'Bộ sách “{collection}” đang ở {host} đến ngày {plannedEnd}. Đề xuất: chuẩn bị đợt luân chuyển tiếp theo đến {next}. Không có gì được chuyển cho đến khi thủ thư xác nhận.',
      en: 'The collection “{collection}” is at {host} until {plannedEnd}. Proposed: prepare the next shipment to {next}. Nothing moves until a librarian confirms it.',
    },
    asWritten: ['collection', 'host', 'next', 'collectionId', 'stageId'],
    anonymous: { vi: 'thủ thư' },
  }),
  stage_late: template<StageParams>({
    subject: { vi: 'Bộ sách “{collection}” quá hạn luân chuyển', en: 'Collection “{collection}” is late' },
    body: {
      vi: 'Chặng tại {host} lẽ ra kết thúc ngày {plannedEnd} nhưng bộ sách “{collection}” chưa được chuyển đi. Chặng tiếp theo: {next}.',
      en: 'The stage at {host} was planned to end on {plannedEnd}, but the collection “{collection}” has not moved on. Next: {next}.',
    },
    asWritten: ['collection', 'host', 'next', 'collectionId', 'stageId'],
    anonymous: { vi: 'thủ thư' },
  }),
});
