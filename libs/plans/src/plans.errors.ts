import { defineErrors } from '@suotdoi/platform';

export const PlansErrors = defineErrors({
  planNotFound: { code: 'plans/plan_not_found', status: 404, en: 'Plan {id} not found.', vi: 'Không tìm thấy kế hoạch {id}.' },
  reportNotFound: { code: 'plans/report_not_found', status: 404, en: 'No report for plan {id} and period {period}.', vi: 'Chưa có báo cáo của kế hoạch {id} cho kỳ {period}.' },
  badPeriod: { code: 'plans/bad_period', status: 400, en: 'Period {period} is not a valid report period (YYYY, YYYY-H1 or YYYY-review).', vi: 'Kỳ {period} không hợp lệ (YYYY, YYYY-H1 hoặc YYYY-review).' },
  periodNotInCalendar: { code: 'plans/period_not_in_calendar', status: 422, en: "Period {period} is not in the plan's reporting calendar.", vi: 'Kỳ {period} không có trong lịch báo cáo của kế hoạch.' },
  directoryUnavailable: { code: 'plans/directory_unavailable', status: 503, en: 'The institution directory is not available.', vi: 'Danh mục cơ sở chưa sẵn sàng.' },
  unitNotInJurisdiction: { code: 'plans/unit_not_found', status: 404, en: 'Unit {id} not found in this plan\'s jurisdiction.', vi: 'Không tìm thấy đơn vị {id} trong địa bàn của kế hoạch.' },
});
