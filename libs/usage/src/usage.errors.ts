import { defineErrors } from '@suotdoi/platform';

export const UsageErrors = defineErrors({
  batchTooLarge: {
    code: 'usage/batch_too_large',
    status: 413,
    en: 'A batch holds at most {max} events; this one has {count}.',
    vi: 'Mỗi lô tối đa {max} sự kiện; lô này có {count}.',
  },
  unknownLocation: {
    code: 'usage/unknown_location',
    status: 422,
    en: 'Unknown institution or service point {id}.',
    vi: 'Không tìm thấy cơ sở hoặc điểm phục vụ {id}.',
  },
  notYourInstitution: {
    code: 'usage/institution_not_found',
    status: 404,
    en: 'Institution {id} not found.',
    vi: 'Không tìm thấy cơ sở {id}.',
  },
  unitUnknown: {
    code: 'usage/unit_unknown',
    status: 422,
    en: 'Institution {id} belonged to no administrative unit on {day}.',
    vi: 'Cơ sở {id} không thuộc đơn vị hành chính nào vào ngày {day}.',
  },
  crossingsOnlyForVisits: {
    code: 'usage/crossings_only_for_visits',
    status: 400,
    en: 'Gate crossings can only be reported for visits.',
    vi: 'Chỉ sự kiện lượt bạn đọc đến thư viện mới được báo số lượt qua cổng.',
  },
  futureEvent: {
    code: 'usage/event_in_future',
    status: 422,
    en: 'Event {id} is dated in the future.',
    vi: 'Sự kiện {id} có thời điểm trong tương lai.',
  },
  badPeriod: {
    code: 'usage/bad_period',
    status: 400,
    en: 'The period {period} is not a valid {grain}.',
    vi: 'Kỳ {period} không phải là một {grainVi} hợp lệ.',
  },
  manualGrainConflict: {
    code: 'usage/manual_figure_grain_conflict',
    status: 409,
    en: '{institutionName} already has {existing} figures for {kind} in {year}: enter {existing} figures, or withdraw those first, so nothing is counted twice.',
    vi: '{institutionName} đã có số liệu theo {existingVi} về “{kindVi}” năm {year}: hãy nhập theo {existingVi}, hoặc rút các số liệu đó trước, để không tính trùng.',
  },
  manualOverlapsEvents: {
    code: 'usage/manual_figure_overlaps_events',
    status: 409,
    en: '{institutionName} already reports {kind} through the system in {period} ({events} events): a manual figure would count them twice.',
    vi: '{institutionName} đã ghi nhận “{kindVi}” trên hệ thống trong kỳ {period} ({events} sự kiện): nhập số liệu thủ công sẽ tính trùng.',
  },
  notYourUnit: {
    code: 'usage/unit_not_found',
    status: 404,
    en: 'Administrative unit {id} not found.',
    vi: 'Không tìm thấy đơn vị hành chính {id}.',
  },
  badRange: {
    code: 'usage/bad_range',
    status: 400,
    en: 'The span {from} – {to} is empty or too long (at most 400 days by day).',
    vi: 'Khoảng thời gian {from} – {to} rỗng hoặc quá dài (tối đa 400 ngày khi xem theo ngày).',
  },
  directoryUnavailable: {
    code: 'usage/directory_unavailable',
    status: 503,
    en: 'The institution directory is not available.',
    vi: 'Danh mục cơ sở chưa sẵn sàng.',
  },
});
