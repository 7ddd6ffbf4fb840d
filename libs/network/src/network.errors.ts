import { defineErrors } from '@suotdoi/platform';

export const NetworkErrors = defineErrors({
  unitNotFound: {
    code: 'network/unit_not_found',
    status: 404,
    en: 'Administrative unit not found.',
    vi: 'Không tìm thấy đơn vị hành chính.',
  },
  institutionNotFound: {
    code: 'network/institution_not_found',
    status: 404,
    en: 'Institution not found.',
    vi: 'Không tìm thấy cơ sở (thư viện, bảo tàng, trung tâm văn hóa).',
  },
  servicePointNotFound: {
    code: 'network/service_point_not_found',
    status: 404,
    en: 'Service point not found.',
    vi: 'Không tìm thấy điểm phục vụ.',
  },
  closureNotFound: {
    code: 'network/closure_not_found',
    status: 404,
    en: 'Closed day not found.',
    vi: 'Không tìm thấy ngày nghỉ.',
  },
  codeTaken: {
    code: 'network/code_taken',
    status: 409,
    en: 'The code {code} is already used.',
    vi: 'Mã {code} đã được sử dụng.',
  },
  parentOverlap: {
    code: 'network/parent_overlap',
    status: 409,
    en: 'The unit already has a parent during part of that period.',
    vi: 'Đơn vị đã có cấp trên trong một phần thời gian này.',
  },
  membershipOverlap: {
    code: 'network/membership_overlap',
    status: 409,
    en: 'The institution already belongs to a unit during part of that period.',
    vi: 'Cơ sở đã thuộc một đơn vị hành chính trong một phần thời gian này.',
  },
  parentLevelInvalid: {
    code: 'network/parent_level_invalid',
    status: 422,
    en: 'A {level} cannot be placed under a {parentLevel}.',
    vi: 'Đơn vị cấp {levelVi} không thể trực thuộc đơn vị cấp {parentLevelVi}.',
  },
  periodOutsideUnit: {
    code: 'network/period_outside_unit',
    status: 422,
    en: 'The period is outside the validity of unit {unitId}.',
    vi: 'Khoảng thời gian nằm ngoài thời gian tồn tại của đơn vị {unitId}.',
  },
  cycle: {
    code: 'network/cycle',
    status: 422,
    en: 'That link would make a cycle.',
    vi: 'Liên kết này tạo thành vòng lặp.',
  },
  successionBeforeEnd: {
    code: 'network/succession_before_end',
    status: 422,
    en: 'Unit {unitId} still exists on the day of the succession: end it first.',
    vi: 'Đơn vị {unitId} vẫn còn tồn tại vào ngày kế thừa: cần kết thúc đơn vị trước.',
  },
  invalidRange: {
    code: 'network/invalid_range',
    status: 422,
    en: 'The end date is before the start date.',
    vi: 'Ngày kết thúc trước ngày bắt đầu.',
  },
  levelRequired: {
    code: 'network/level_required',
    status: 422,
    en: 'A public library needs a level (province, district or commune).',
    vi: 'Thư viện công cộng cần có cấp (tỉnh, huyện hoặc xã).',
  },
  noOpenInterval: {
    code: 'network/hours_overlap',
    status: 422,
    en: 'Opening intervals on the same day overlap.',
    vi: 'Các khung giờ mở cửa trong cùng một ngày bị chồng lấn.',
  },
  calendarRangeTooLong: {
    code: 'network/calendar_range_too_long',
    status: 422,
    en: 'Ask for at most 400 days at a time.',
    vi: 'Chỉ được xem tối đa 400 ngày mỗi lần.',
  },
  holidayYearOutOfRange: {
    code: 'network/holiday_year_out_of_range',
    status: 422,
    en: 'Public holidays are computed for the years {from} to {to}, not {year}.',
    vi: 'Chỉ tính được ngày lễ của các năm từ {from} đến {to}, không tính được năm {year}.',
  },
});
