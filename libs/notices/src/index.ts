export { NoticesModule } from './notices.module.js';
export { NoticesErrors } from './notices.errors.js';
export { noticesMigrations } from './migrations/index.js';
export {
  defineNoticeTemplates,
  template,
  noticeTemplate,
  noticeTemplateKeys,
  noticeValue,
  fillNotice,
  renderNotice,
  type NoticeParams,
  type NoticeTemplate,
  type NoticeTemplateSpec,
  type NoticeText,
  type RenderedNotice,
} from './templates/notice-template.js';
export type {
  NoticeRecipient,
  NoticeAttachment,
  NotifyInput,
  SendNowInput,
  NoticeContact,
  NoticeContactSource,
  NoticeView,
} from './notices/notice.types.js';
export { NoticesService, NOTICE_DELIVERY_TOPIC, type NoticeDeliveryPayload } from './notices/notices.service.js';
export { NoticeContacts } from './delivery/notice-contacts.js';
export { NoticeRecorder, type RecordedNotice } from './delivery/notice-recorder.js';
export { noticeEmail } from './delivery/notice-email.js';
export { NoticeDto, NoticePageDto } from './me/dto/notice.dto.js';
