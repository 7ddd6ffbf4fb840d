import { defineErrors } from '@suotdoi/platform';

export const PlansErrors = defineErrors({
  planNotFound: {
    code: 'plans/plan_not_found',
    status: 404,
    en: 'Plan {id} not found.',
    vi: 'Không tìm thấy kế hoạch {id}.',
  },
  reportNotFound: {
    code: 'plans/report_not_found',
    status: 404,
    en: 'No report for plan {id} and period {period}.',
    vi: 'Chưa có báo cáo của kế hoạch {id} cho kỳ {period}.',
  },
  badPeriod: {
    code: 'plans/bad_period',
    status: 400,
    en: 'Period {period} is not a valid report period (YYYY, YYYY-H1 or YYYY-review).',
    vi: 'Kỳ {period} không hợp lệ (YYYY, YYYY-H1 hoặc YYYY-review).',
  },
  periodNotInCalendar: {
    code: 'plans/period_not_in_calendar',
    status: 400,
    en: "Period {period} is not in the plan's reporting calendar.",
    vi: 'Kỳ {period} không có trong lịch báo cáo của kế hoạch.',
  },
  directoryUnavailable: {
    code: 'plans/directory_unavailable',
    status: 503,
    en: 'The institution directory is not available.',
    vi: 'Danh mục cơ sở chưa sẵn sàng.',
  },
  unitNotInJurisdiction: {
    code: 'plans/unit_not_found',
    status: 404,
    en: "Unit {id} not found in this plan's jurisdiction.",
    vi: 'Không tìm thấy đơn vị {id} trong địa bàn của kế hoạch.',
  },
  invalidPlan: {
    code: 'plans/invalid_plan',
    status: 422,
    en: 'The plan is not valid: {problem}',
    vi: 'Kế hoạch không hợp lệ: {problemVi}',
  },
  planAdopted: {
    code: 'plans/plan_adopted',
    status: 409,
    en: 'Plan {id} is adopted: change it by a new version with a reason.',
    vi: 'Kế hoạch {id} đã được ban hành: chỉ sửa bằng một phiên bản mới có lý do.',
  },
  planNotAdopted: {
    code: 'plans/plan_not_adopted',
    status: 409,
    en: 'Plan {id} is still a draft: edit it, or adopt it first.',
    vi: 'Kế hoạch {id} còn là dự thảo: hãy sửa trực tiếp hoặc ban hành trước.',
  },
  planCodeTaken: {
    code: 'plans/code_taken',
    status: 409,
    en: 'A plan with code {code} already exists.',
    vi: 'Đã có kế hoạch mang mã {code}.',
  },
  versionConflict: {
    code: 'plans/version_conflict',
    status: 409,
    en: 'Plan {id} changed meanwhile (now version {version}): reload it and try again.',
    vi: 'Kế hoạch {id} vừa được sửa (nay là phiên bản {version}): hãy tải lại rồi thử lại.',
  },
  periodNotOver: {
    code: 'plans/period_not_over',
    status: 409,
    en: 'Period {period} is not over yet (ends {end}): only a provisional preview can be shown.',
    vi: 'Kỳ {period} chưa kết thúc (kết thúc ngày {end}): chỉ có thể xem bản tạm tính.',
  },
  draftHasNoReports: {
    code: 'plans/draft_has_no_reports',
    status: 409,
    en: 'Plan {id} is a draft: reports are stored only for adopted plans.',
    vi: 'Kế hoạch {id} còn là dự thảo: chỉ lưu báo cáo của kế hoạch đã ban hành.',
  },
});
