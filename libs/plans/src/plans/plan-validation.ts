import { USAGE_EVENT_KINDS } from '@suotdoi/usage';
import {
  INDICATOR_NAMES_VI,
  INDICATOR_NEEDS,
  indicatorCodes,
  type PlanLevel,
  type ReportingCalendarEntry,
  type TargetDefinition,
} from './plan.types.js';

/** A plan as entered through the API (and by the demo seeder): a PlanDefinition with its unit by id. */
export interface PlanInput {
  code: string;
  title: string;
  issuer: string;
  level: PlanLevel;
  jurisdictionUnitId: string | null;
  number: string | null;
  issuedOn: string | null;
  parentPlanId: string | null;
  baseYear: number;
  horizonYear: number;
  reportingCalendar: ReportingCalendarEntry[];
  source: string | null;
  targets: TargetDefinition[];
}

export interface Problem {
  en: string;
  vi: string;
}

const MMDD = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const validMonthDay = (s: string) =>
  MMDD.test(s) &&
  !Number.isNaN(Date.parse(`2024-${s}T00:00:00Z`)) &&
  new Date(`2024-${s}T00:00:00Z`).toISOString().slice(5, 10) === s;

/**
 * Everything wrong with a plan, in both languages (empty when it is valid). Shape errors are caught by the DTOs;
 * these are the rules between fields: bounds, years inside the horizon, what each indicator kind needs.
 */
export function planProblems(p: PlanInput, evidenceRules: Set<string>): Problem[] {
  const out: Problem[] = [];
  const add = (en: string, vi: string) => out.push({ en, vi });
  if (!(p.horizonYear > p.baseYear))
    add(
      `the horizon year ${p.horizonYear} must come after the base year ${p.baseYear}`,
      `năm kết thúc ${p.horizonYear} phải sau năm gốc ${p.baseYear}`,
    );
  if (p.level === 'national' && p.jurisdictionUnitId)
    add('a national plan has no jurisdiction unit', 'kế hoạch cấp quốc gia không gắn với đơn vị hành chính');
  if (p.level !== 'national' && !p.jurisdictionUnitId)
    add('a local plan needs its jurisdiction unit', 'kế hoạch địa phương cần có đơn vị hành chính ban hành');
  if (p.issuedOn && Number(p.issuedOn.slice(0, 4)) > p.horizonYear)
    add(`issued on ${p.issuedOn}, after its horizon`, `ngày ban hành ${p.issuedOn} sau năm kết thúc kế hoạch`);
  if (!p.reportingCalendar.length) add('the reporting calendar is empty', 'lịch báo cáo đang trống');
  const seenKinds = new Set<string>();
  for (const e of p.reportingCalendar) {
    if (!validMonthDay(e.due))
      add(
        `deadline ${e.due} is not a day of the year (MM-DD)`,
        `hạn báo cáo ${e.due} không phải một ngày hợp lệ (MM-DD)`,
      );
    const k = e.kind === 'review' ? `review-${e.year}` : e.kind;
    if (seenKinds.has(k)) add(`the calendar has two ${k} entries`, `lịch báo cáo có hai mục ${k}`);
    seenKinds.add(k);
    if (e.kind === 'review' && (e.year <= p.baseYear || e.year > p.horizonYear))
      add(
        `review year ${e.year} is outside ${p.baseYear + 1}–${p.horizonYear}`,
        `năm sơ kết/tổng kết ${e.year} nằm ngoài ${p.baseYear + 1}–${p.horizonYear}`,
      );
  }
  if (!p.targets.length) add('the plan has no target', 'kế hoạch chưa có chỉ tiêu nào');
  const keys = new Set<string>();
  const known = new Set(indicatorCodes());
  for (const t of p.targets) {
    const at = `target ${t.key}`;
    const tai = `chỉ tiêu ${t.key}`;
    if (keys.has(t.key)) add(`${at} appears twice`, `${tai} bị lặp`);
    keys.add(t.key);
    if (!known.has(t.indicator)) {
      add(`${at}: unknown indicator ${t.indicator}`, `${tai}: không có loại chỉ số ${t.indicator}`);
      continue;
    }
    const needs = INDICATOR_NEEDS[t.indicator] ?? {};
    const name = INDICATOR_NAMES_VI[t.indicator];
    if (t.year <= p.baseYear || t.year > p.horizonYear)
      add(
        `${at}: year ${t.year} is outside ${p.baseYear + 1}–${p.horizonYear}`,
        `${tai}: năm ${t.year} nằm ngoài ${p.baseYear + 1}–${p.horizonYear}`,
      );
    if (t.max !== undefined && t.max !== null && t.max < t.min)
      add(
        `${at}: the upper bound ${t.max} is below the lower bound ${t.min}`,
        `${tai}: mức trên ${t.max} thấp hơn mức dưới ${t.min}`,
      );
    if (needs.share && (t.min < 0 || t.min > 1 || (t.max ?? 0) > 1))
      add(`${at}: a share is between 0 and 1 (0.7 = 70%)`, `${tai}: tỷ lệ phải từ 0 đến 1 (0,7 = 70%)`);
    if (
      !needs.share &&
      t.min < 0 &&
      INDICATOR_NEEDS[t.indicator] &&
      t.indicator !== 'user_visits_growth' &&
      t.indicator !== 'museum_learning_visits_growth'
    )
      add(`${at}: a count cannot be negative`, `${tai}: số lượng không thể âm`);
    if (needs.evidenceRule) {
      if (!t.evidenceRule)
        add(`${at}: ${t.indicator} needs an evidence rule`, `${tai}: "${name}" cần tiêu chí minh chứng`);
      else if (!evidenceRules.has(t.evidenceRule))
        add(`${at}: no evidence rule ${t.evidenceRule}`, `${tai}: không có tiêu chí minh chứng ${t.evidenceRule}`);
    } else if (t.evidenceRule)
      add(`${at}: ${t.indicator} takes no evidence rule`, `${tai}: "${name}" không dùng tiêu chí minh chứng`);
    if (needs.activity) {
      if (!t.activity)
        add(
          `${at}: a yearly activity target needs the activity (code and name)`,
          `${tai}: chỉ tiêu hoạt động hằng năm cần tên và mã hoạt động`,
        );
      else {
        if (!Number.isInteger(t.min) || t.min < 1)
          add(
            `${at}: the number of activities is a whole number of at least 1`,
            `${tai}: số lần tổ chức phải là số nguyên từ 1 trở lên`,
          );
        const w = t.activity.window;
        if (w && (!validMonthDay(w.from) || !validMonthDay(w.to) || w.to < w.from))
          add(
            `${at}: the window ${w.from}–${w.to} is not a span of days in a year`,
            `${tai}: khoảng ngày ${w.from}–${w.to} không hợp lệ`,
          );
      }
    }
    if (needs.usageKinds) {
      if (!t.usageKinds?.length)
        add(`${at}: ${t.indicator} needs the usage kinds it sums`, `${tai}: "${name}" cần các loại số liệu được cộng`);
    }
    for (const k of t.usageKinds ?? []) {
      if (!(USAGE_EVENT_KINDS as readonly string[]).includes(k))
        add(`${at}: unknown usage kind ${k}`, `${tai}: không có loại số liệu ${k}`);
    }
  }
  return out;
}
