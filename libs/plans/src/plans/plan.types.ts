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
  'usage_total',
  'copies_rotated',
  'communes_reached',
  'schools_reached',
] as const;
/** A built-in indicator code, or one another module registered (registerIndicatorKind). */
export type Indicator = (typeof INDICATORS)[number] | (string & {});

/** How an indicator is judged: a share/count reached by the target year, or an average annual growth rate. */
export const INDICATOR_KIND: Record<string, 'level' | 'growth'> = {
  lifelong_learning_share: 'level',
  it_adoption_share: 'level',
  museum_education_share: 'level',
  cultural_centre_activity_share: 'level',
  user_visits_growth: 'growth',
  museum_learning_visits_growth: 'growth',
  population_participation_share: 'level',
  activity_count: 'level',
  usage_total: 'level',
  copies_rotated: 'level',
  communes_reached: 'level',
  schools_reached: 'level',
};

/** Usage kinds summed by each figure-based indicator. */
export const INDICATOR_KINDS: Record<string, UsageEventKind[]> = {
  user_visits_growth: ['visit', 'virtual_visit'],
  museum_learning_visits_growth: ['museum_learning_visit'],
  population_participation_share: ['programme_attendance'],
};

export const INDICATOR_NAMES_VI: Record<string, string> = {
  lifelong_learning_share: 'Tỷ lệ cơ sở cung cấp dịch vụ phục vụ học tập suốt đời',
  it_adoption_share: 'Tỷ lệ cơ sở ứng dụng CNTT và chuyển đổi số',
  museum_education_share: 'Tỷ lệ bảo tàng triển khai chương trình giáo dục',
  cultural_centre_activity_share: 'Tỷ lệ trung tâm văn hóa có lớp năng khiếu, câu lạc bộ, nhóm sở thích',
  user_visits_growth: 'Tăng bình quân lượt người sử dụng mỗi năm',
  museum_learning_visits_growth: 'Tăng bình quân lượt khách tham quan, học tập tại bảo tàng mỗi năm',
  population_participation_share: 'Tỷ lệ dân số tham gia hoạt động',
  activity_count: 'Số hoạt động bắt buộc trong năm',
  usage_total: 'Tổng số lượt trong năm',
  copies_rotated: 'Số bản sách luân chuyển trong năm',
  communes_reached: 'Số xã, phường được phục vụ sách luân chuyển, thư viện lưu động trong năm',
  schools_reached: 'Số trường học nhận sách luân chuyển trong năm',
};

export const INDICATOR_NAMES_EN: Record<string, string> = {
  lifelong_learning_share: 'Share of institutions providing lifelong-learning services',
  it_adoption_share: 'Share of institutions applying IT and digital transformation',
  museum_education_share: 'Share of museums running education programmes',
  cultural_centre_activity_share: 'Share of cultural centres with talent classes, clubs or hobby groups',
  user_visits_growth: 'Average annual growth of user visits',
  museum_learning_visits_growth: 'Average annual growth of museum learning visits',
  population_participation_share: 'Share of the population taking part',
  activity_count: 'Required activities held in the year',
  usage_total: 'Yearly total',
  copies_rotated: 'Copies rotated to hosts in the year',
  communes_reached: 'Communes reached by rotating collections or the mobile library in the year',
  schools_reached: 'Schools receiving rotating collections in the year',
};

/** What an indicator kind asks of a target: an evidence rule (shares), an activity, or the usage kinds it sums. */
export const INDICATOR_NEEDS: Record<
  string,
  { evidenceRule?: boolean; activity?: boolean; usageKinds?: boolean; share?: boolean }
> = {
  lifelong_learning_share: { evidenceRule: true, share: true },
  it_adoption_share: { evidenceRule: true, share: true },
  museum_education_share: { evidenceRule: true, share: true },
  cultural_centre_activity_share: { evidenceRule: true, share: true },
  user_visits_growth: {},
  museum_learning_visits_growth: {},
  population_participation_share: { share: true },
  activity_count: { activity: true },
  usage_total: { usageKinds: true },
  copies_rotated: {},
  communes_reached: {},
  schools_reached: {},
};

/** Indicators read from rotation (RotationFiguresService.reach) over the jurisdiction's institutions as hosts. */
export const ROTATION_INDICATORS = {
  copies_rotated: 'copiesRotated',
  communes_reached: 'communesReached',
  schools_reached: 'schoolsReached',
} as const;

/**
 * Another module's indicator kind (rotation: copies rotated; events: sessions held), in its own file calling this at
 * load. `judged: 'growth'` is an average annual growth of the summed usage kinds; `'level'` a yearly total (a share
 * when `share`, with an evidence rule). The engine reads the usage events' rollups for `usageKinds`.
 */
export function registerIndicatorKind(def: {
  code: string;
  nameVi: string;
  nameEn: string;
  judged: 'level' | 'growth';
  usageKinds?: UsageEventKind[];
  needs?: { evidenceRule?: boolean; activity?: boolean; usageKinds?: boolean; share?: boolean };
}): void {
  if (!/^[a-z][a-z0-9_]*$/.test(def.code)) throw new Error(`indicator code ${def.code}: lower case, digits and _ only`);
  INDICATOR_KIND[def.code] = def.judged;
  if (def.usageKinds) INDICATOR_KINDS[def.code] = def.usageKinds;
  INDICATOR_NAMES_VI[def.code] = def.nameVi;
  INDICATOR_NAMES_EN[def.code] = def.nameEn;
  INDICATOR_NEEDS[def.code] = def.needs ?? (def.usageKinds ? {} : { usageKinds: true });
}

/** Every indicator code known now (built-in and registered). */
export const indicatorCodes = (): string[] => Object.keys(INDICATOR_KIND);

/**
 * Evidence rule (data, not code): an institution satisfies it when its yearly usage figures meet every condition
 * in `all` and at least one in `any` (an absent list is satisfied).
 */
export interface EvidenceRule {
  all?: EvidenceCondition[];
  any?: EvidenceCondition[];
}
/**
 * One condition of an evidence rule: a yearly usage figure, or what the events module recorded for the institution
 * in the year — sessions held of programmes in the given categories (`sessions_held`), members of its clubs at any
 * time in the year (`club_members`), its clubs' meetings held (`club_meetings`).
 */
export type EvidenceCondition =
  | { kind: UsageEventKind; min: number }
  | { kind: 'sessions_held'; categories: string[]; min: number }
  | { kind: 'club_members' | 'club_meetings'; min: number };

/** The condition kinds read from the events module rather than from usage figures. */
export const EVENTS_MEASURES = ['sessions_held', 'club_members', 'club_meetings'] as const;
export type EventsMeasure = (typeof EVENTS_MEASURES)[number];
export const isEventsCondition = (c: EvidenceCondition): c is Extract<EvidenceCondition, { kind: EventsMeasure }> =>
  (EVENTS_MEASURES as readonly string[]).includes(c.kind);

/** The key a condition's yearly value has in the figure table (`sessions_held:course+talk` for the categories). */
export function conditionKey(c: EvidenceCondition): string {
  return c.kind === 'sessions_held' && 'categories' in c
    ? `sessions_held:${[...c.categories].sort().join('+')}`
    : c.kind;
}

/**
 * A required yearly activity, counted by the events module (`ObligationsService.activityCount`): the programmes of the
 * obligation whose code or `activityCodes` name it, held in the year within the obligation's own window.
 */
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
  /** Last year the plan sets targets for (2030 for the 1520 programme). */
  horizonYear?: number;
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
  /** The document the plan comes from, cited by number, date and issuer. */
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
  /** Usage kinds summed by an absolute (usage_total) or registered target. */
  usageKinds?: UsageEventKind[];
  descriptionVi: string;
}
