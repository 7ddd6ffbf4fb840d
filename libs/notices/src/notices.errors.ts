import { defineErrors } from '@suotdoi/platform';

export const NoticesErrors = defineErrors({
  noticeNotFound: {
    code: 'notices/notice_not_found',
    status: 404,
    en: 'No such notice.',
    vi: 'Không tìm thấy thông báo.',
  },
});
