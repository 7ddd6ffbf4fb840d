import { defineErrors } from './domain-error.js';

export const PlatformErrors = defineErrors({
  validationFailed: {
    code: 'platform/validation_failed',
    status: 400,
    en: 'The request is not valid: {summary}',
    vi: 'Yêu cầu không hợp lệ: {summaryVi}',
  },
  malformedJson: {
    code: 'platform/malformed_json',
    status: 400,
    en: 'The request body is not valid JSON.',
    vi: 'Nội dung yêu cầu không phải JSON hợp lệ.',
  },
  unreadableBody: {
    code: 'platform/unreadable_body',
    status: 400,
    en: 'The request body could not be read: {reason}',
    vi: 'Không đọc được nội dung yêu cầu: {reason}',
  },
  payloadTooLarge: {
    code: 'platform/payload_too_large',
    status: 413,
    en: 'The request body is larger than {limit}.',
    vi: 'Nội dung yêu cầu vượt quá {limit}.',
  },
  unsupportedMediaType: {
    code: 'platform/unsupported_media_type',
    status: 415,
    en: 'Unsupported content type.',
    vi: 'Kiểu nội dung không được hỗ trợ.',
  },
  routeNotFound: {
    code: 'platform/route_not_found',
    status: 404,
    en: 'No route {method} {path}.',
    vi: 'Không có đường dẫn {method} {path}.',
  },
  notFound: { code: 'platform/not_found', status: 404, en: 'Not found.', vi: 'Không tìm thấy.' },
  unauthenticated: { code: 'platform/unauthenticated', status: 401, en: 'Sign-in required.', vi: 'Cần đăng nhập.' },
  forbidden: {
    code: 'platform/forbidden',
    status: 403,
    en: 'You are not allowed to do this.',
    vi: 'Bạn không có quyền thực hiện thao tác này.',
  },
  rateLimited: {
    code: 'platform/rate_limited',
    status: 429,
    en: 'Too many requests; try again later.',
    vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau.',
  },
  idempotencyKeyInvalid: {
    code: 'platform/idempotency_key_invalid',
    status: 400,
    en: 'Idempotency-Key must be 1–255 visible ASCII characters.',
    vi: 'Idempotency-Key phải gồm 1–255 ký tự ASCII hiển thị được.',
  },
  idempotencyKeyMismatch: {
    code: 'platform/idempotency_key_reused',
    status: 422,
    en: 'This Idempotency-Key was already used with a different request.',
    vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác.',
  },
  idempotencyInProgress: {
    code: 'platform/idempotency_in_progress',
    status: 409,
    en: 'A request with this Idempotency-Key is still being processed.',
    vi: 'Một yêu cầu với Idempotency-Key này đang được xử lý.',
  },
  idempotencyOutcomeLost: {
    code: 'platform/idempotency_outcome_lost',
    status: 409,
    en: 'The request with this Idempotency-Key was carried out, but its response was lost (the server stopped before sending it); look the result up instead of repeating the request.',
    vi: 'Yêu cầu với Idempotency-Key này đã được thực hiện nhưng phản hồi bị mất do máy chủ dừng trước khi gửi; hãy tra cứu kết quả thay vì gửi lại yêu cầu.',
  },
  storageFull: {
    code: 'platform/storage_full',
    status: 507,
    en: 'The file could not be stored: the storage is full. Nothing was saved; try again later.',
    vi: 'Không lưu được tệp vì bộ nhớ lưu trữ đã đầy. Chưa có gì được lưu; vui lòng thử lại sau.',
  },
  conflict: {
    code: 'platform/conflict',
    status: 409,
    en: 'The change conflicts with the current state: {reason}',
    vi: 'Thay đổi xung đột với trạng thái hiện tại: {reason}',
  },
  unavailable: {
    code: 'platform/unavailable',
    status: 503,
    en: 'A required service is unavailable.',
    vi: 'Một dịch vụ cần thiết đang không khả dụng.',
  },
  internal: {
    code: 'platform/internal_error',
    status: 503,
    en: 'Something went wrong on our side. Quote the correlation id when reporting it.',
    vi: 'Hệ thống gặp lỗi. Vui lòng báo kèm mã tương quan (correlation id).',
  },
});
