import type { UsageEventKind } from '@suotdoi/usage';

/** Indicators a target can be set on. Never rename one: targets store these codes. */
export const INDICATORS = [
  'lifelong_learning_share',
  'it_adoption_share',
  'museum_education_share',
  'cultural_centre_activity_share',
  'user_visits_growth',
  'museum_learning_visits_growth',
  'population_participation_share',
  'activity_count',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** How an indicator is judged: a share/count reached by the target year, or an average annual growth rate. */
export const INDICATOR_KIND: Record<Indicator, 'level' | 'growth'> = {
  lifelong_learning_share: 'level',
  it_adoption_share: 'level',
  museum_education_share: 'level',
  cultural_centre_activity_share: 'level',
  user_visits_growth: 'growth',
  museum_learning_visits_growth: 'growth',
  population_participation_share: 'level',
  activity_count: 'level',
};

/** Usage kinds summed by each figure-based indicator. */
export const INDICATOR_KINDS: Partial<Record<Indicator, UsageEventKind[]>> = {
  user_visits_growth: ['visit', 'virtual_visit'],
  museum_learning_visits_growth: ['museum_learning_visit'],
  population_participation_share: ['programme_attendance'],
  activity_count: ['programme_session'],
};

export const INDICATOR_NAMES_VI: Record<Indicator, string> = {
  lifelong_learning_share: 'Tỷ lệ cơ sở cung cấp dịch vụ phục vụ học tập suốt đời',
  it_adoption_share: 'Tỷ lệ cơ sở ứng dụng CNTT và chuyển đổi số',
  museum_education_share: 'Tỷ lệ bảo tàng triển khai chương trình giáo dục',
  cultural_centre_activity_share: 'Tỷ lệ trung tâm văn hóa có lớp năng khiếu, câu lạc bộ, nhóm sở thích',
  user_visits_growth: 'Tăng bình quân lượt người sử dụng mỗi năm',
  museum_learning_visits_growth: 'Tăng bình quân lượt khách tham quan, học tập tại bảo tàng mỗi năm',
  population_participation_share: 'Tỷ lệ dân số tham gia hoạt động',
  activity_count: 'Số hoạt động bắt buộc trong năm',
};

/**
 * Evidence rule (data, not code): an institution satisfies it when its yearly usage figures meet every condition
 * in `all` and at least one in `any` (an absent list is satisfied).
 */
export interface EvidenceRule {
  all?: EvidenceCondition[];
  any?: EvidenceCondition[];
}
export interface EvidenceCondition {
  kind: UsageEventKind;
  min: number;
}

/** A required yearly activity; counted from programme sessions held in the window (MM-DD, inclusive) when one is given. */
export interface ActivityDefinition {
  code: string;
  nameVi: string;
  window?: { from: string; to: string };
}

/** One entry of a plan's reporting calendar. */
export type ReportingCalendarEntry =
  | { kind: 'annual'; due: string /* MM-DD */ }
  | { kind: 'half_year'; due: string }
  | { kind: 'review'; year: number; due: string };

/** How the plan's periods are cut: calendar years in Vietnam time (half-year = January–June). */
export interface PeriodDefinition {
  type: 'calendar_year';
}

export type PlanLevel = 'national' | 'province' | 'district' | 'commune' | 'institution';

/** A plan as demo data or an import describes it. */
export interface PlanDefinition {
  code: string;
  title: string;
  issuer: string;
  level: PlanLevel;
  /** Code of the administrative unit (resolved through the directory); absent for national plans. */
  jurisdictionUnitCode?: string;
  number: string | null;
  issuedOn: string | null;
  parentCode?: string;
  baseYear: number;
  reportingCalendar: ReportingCalendarEntry[];
  periodDefinition: PeriodDefinition;
  targets: TargetDefinition[];
  /** Where the figures come from (file in ../shared/plans). */
  source: string;
}

export interface TargetDefinition {
  key: string;
  indicator: Indicator;
  institutionTypes: string[];
  levels: string[];
  /** Restrict to units of this kind (network unit kinds, e.g. urban `quan` vs rural `huyen` districts). */
  unitKind?: string;
  year: number;
  min: number;
  max?: number;
  evidenceRule?: string;
  activity?: ActivityDefinition;
  descriptionVi: string;
}
