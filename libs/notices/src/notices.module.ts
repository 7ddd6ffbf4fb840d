import { Global, Module } from '@nestjs/common';
import { NoticeContacts } from './delivery/notice-contacts.js';
import { NoticeDeliveryConsumer } from './delivery/notice-delivery.consumer.js';
import { NoticeRecorder } from './delivery/notice-recorder.js';
import { MyNoticesController } from './me/my-notices.controller.js';
import { NoticesRepository } from './notices/notices.repository.js';
import { NoticesService } from './notices/notices.service.js';

/**
 * The one notices service: templates per module, feed rows, delivery through the outbox by e-mail (with an HTML part
 * and attachments), SMS logged. Global: every module sends notices; it depends on no domain module (identity
 * registers the contact source).
 */
@Global()
@Module({
  controllers: [MyNoticesController],
  providers: [NoticesRepository, NoticesService, NoticeDeliveryConsumer, NoticeRecorder, NoticeContacts],
  exports: [NoticesService, NoticeRecorder, NoticeContacts],
})
export class NoticesModule {}
