import { defineErrors } from '../errors/domain-error.js';

export const SearchErrors = defineErrors({
  unavailable: {
    code: 'search/unavailable',
    status: 503,
    en: 'Search is unavailable right now; please try again in a moment.',
    vi: 'Tính năng tìm kiếm tạm thời không khả dụng; vui lòng thử lại sau ít phút.',
  },
});
