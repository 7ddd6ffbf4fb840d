import type { EvidenceRule, PlanDefinition, ReportingCalendarEntry, TargetDefinition } from '../plans/plan.types.js';

/** Programme categories of the events module that count as lifelong-learning sessions. */
export const LIFELONG_LEARNING_CATEGORIES = [
  'reading_promotion',
  'book_day',
  'world_book_day',
  'lifelong_learning_week',
  'talk',
  'workshop',
  'course',
  'club_meeting',
  'digital_skills',
];

/** Evidence rules used by the demo targets. Editable data: a network can tighten or loosen them. */
export const DEMO_EVIDENCE_RULES: { code: string; descriptionVi: string; descriptionEn: string; rule: EvidenceRule }[] =
  [
    {
      code: 'lifelong_learning_services',
      descriptionVi:
        'Tổ chức ít nhất 4 buổi hoạt động học tập suốt đời trong năm (đọc sách, ngày sách, tuần lễ học tập suốt đời, tọa đàm, hội thảo, lớp học, sinh hoạt câu lạc bộ, kỹ năng số)',
      descriptionEn:
        'At least 4 lifelong-learning sessions held in the year (reading promotion, book days, the lifelong-learning week, talks, workshops, courses, club meetings, digital skills)',
      rule: { all: [{ kind: 'sessions_held', categories: LIFELONG_LEARNING_CATEGORIES, min: 4 }] },
    },
    {
      code: 'it_adoption',
      descriptionVi: 'Dùng mục lục và lưu thông của hệ thống hoặc cung cấp tài nguyên thư viện số',
      descriptionEn: "Uses the system's catalogue and circulation, or offers e-library resources",
      rule: {
        any: [
          { kind: 'loan', min: 1 },
          { kind: 'e_resource_request', min: 1 },
          { kind: 'virtual_visit', min: 1 },
        ],
      },
    },
    {
      code: 'museum_education_programme',
      descriptionVi: 'Bảo tàng có chương trình giáo dục: ít nhất 2 buổi giáo dục bảo tàng và có lượt khách học tập',
      descriptionEn:
        'Museum runs an education programme: at least 2 museum education sessions held and some learning visits',
      rule: {
        all: [
          { kind: 'sessions_held', categories: ['museum_education', 'museum_day', 'heritage_day'], min: 2 },
          { kind: 'museum_learning_visit', min: 1 },
        ],
      },
    },
    {
      code: 'clubs_and_classes',
      descriptionVi:
        'Có câu lạc bộ có hội viên sinh hoạt thường xuyên hoặc lớp năng khiếu (ít nhất 12 buổi sinh hoạt hoặc buổi học trong năm)',
      descriptionEn:
        'Runs a club with members meeting regularly, or talent classes (at least 12 club meetings or class sessions in the year)',
      rule: {
        any: [
          { kind: 'club_meetings', min: 12 },
          { kind: 'sessions_held', categories: ['course'], min: 12 },
        ],
      },
    },
  ];

const T = (
  key: string,
  indicator: TargetDefinition['indicator'],
  types: string[],
  levels: string[],
  year: number,
  min: number,
  descriptionVi: string,
  extra: Partial<TargetDefinition> = {},
): TargetDefinition => ({ key, indicator, institutionTypes: types, levels, year, min, descriptionVi, ...extra });

const LLL = { evidenceRule: 'lifelong_learning_services' };
const IT = { evidenceRule: 'it_adoption' };
const MUS = { evidenceRule: 'museum_education_programme' };
const CLUBS = { evidenceRule: 'clubs_and_classes' };
const PUB = ['public_library'];
const SCHOOL = ['school_library'];
const CC = ['cultural_centre'];
const COMMUNE_CC = ['cultural_centre', 'cultural_house'];

const share = (
  prefix: string,
  rule: Partial<TargetDefinition>,
  indicator: TargetDefinition['indicator'],
  rows: [string, string[], string[], number, number | null, number | null][],
) =>
  rows.flatMap(([k, types, levels, , v25, v30]) => [
    ...(v25 === null
      ? []
      : [
          T(
            `${prefix}.${k}.2025`,
            indicator,
            types,
            levels,
            2025,
            v25,
            `${k}: ${Math.round(v25 * 100)}% đến năm 2025`,
            rule,
          ),
        ]),
    ...(v30 === null
      ? []
      : [
          T(
            `${prefix}.${k}.2030`,
            indicator,
            types,
            levels,
            2030,
            v30,
            `${k}: ${Math.round(v30 * 100)}% đến năm 2030`,
            rule,
          ),
        ]),
  ]);

const activities = (
  prefix: string,
  years: number[],
  list: { code: string; nameVi: string; count: number; window?: { from: string; to: string } }[],
) =>
  years.flatMap((y) =>
    list.map((a) =>
      T(
        `${prefix}.activity.${a.code}.${y}`,
        'activity_count',
        [],
        [],
        y,
        a.count,
        `${a.nameVi}: ${a.count} lần mỗi năm`,
        { activity: { code: a.code, nameVi: a.nameVi, window: a.window } },
      ),
    ),
  );

/** Annual report due on `due` (MM-DD) plus the mid-term (2025) and final (2030) reviews of the 1520 programme. */
const annualWithReviews = (due: string): ReportingCalendarEntry[] => [
  { kind: 'annual', due },
  { kind: 'review', year: 2025, due: '12-31' },
  { kind: 'review', year: 2030, due: '12-31' },
];
const CALENDAR_YEAR = { type: 'calendar_year' } as const;

const BOOK_DAY = {
  code: 'book_day_21_4',
  nameVi: 'Ngày Sách và Văn hóa đọc Việt Nam (21/4)',
  count: 1,
  window: { from: '04-21', to: '04-21' },
};
const WORLD_BOOK_DAY = {
  code: 'world_book_day_23_4',
  nameVi: 'Ngày Sách và Bản quyền thế giới (23/4)',
  count: 1,
  window: { from: '04-23', to: '04-23' },
};
const LLL_WEEK = {
  code: 'lifelong_learning_week',
  nameVi: 'Tuần lễ hưởng ứng học tập suốt đời',
  count: 1,
  window: { from: '10-01', to: '10-07' },
};

/**
 * Decision 1520/QĐ-TTg and five local plans (each cites its document in `source`), as data. Demo jurisdictions are referred to by
 * administrative unit code (the network module's demo units: QT-HH, KT-DH, HD-TK-QN, CT, QNG); a plan whose unit is not in the directory is skipped by the seeder.
 */
export const DEMO_PLANS: PlanDefinition[] = [
  {
    code: 'qd-1520-2022',
    title:
      'Chương trình "Đẩy mạnh các hoạt động phục vụ học tập suốt đời trong thư viện, bảo tàng, trung tâm văn hóa đến năm 2030"',
    issuer: 'Thủ tướng Chính phủ',
    level: 'national',
    number: '1520/QĐ-TTg',
    issuedOn: '2022-12-09',
    baseYear: 2022,
    horizonYear: 2030,
    reportingCalendar: annualWithReviews('12-15'),
    periodDefinition: CALENDAR_YEAR,
    source: 'Quyết định số 1520/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ',
    targets: [
      ...share('lll', LLL, 'lifelong_learning_share', [
        ['Thư viện công cộng cấp tỉnh', PUB, ['province'], 0, 1, null],
        ['Thư viện công cộng cấp huyện', PUB, ['district'], 0, 0.7, null],
        ['Thư viện công cộng cấp xã', PUB, ['commune'], 0, 0.4, null],
        ['Thư viện đại học', ['university_library'], [], 0, 0.9, null],
        ['Thư viện chuyên ngành', ['specialised_library'], [], 0, 0.9, null],
        ['Thư viện lực lượng vũ trang', ['armed_forces_library'], [], 0, 0.8, null],
        ['Thư viện cơ sở giáo dục', SCHOOL, [], 0, 0.7, null],
      ]),
      ...share('museum', MUS, 'museum_education_share', [
        ['Bảo tàng có chương trình giáo dục', ['museum'], [], 0, 0.7, 1],
      ]),
      T(
        'museum.visits.2025',
        'museum_learning_visits_growth',
        ['museum'],
        [],
        2025,
        0.1,
        'Lượt khách học tập tại bảo tàng tăng bình quân 10%/năm',
      ),
      T(
        'museum.visits.2030',
        'museum_learning_visits_growth',
        ['museum'],
        [],
        2030,
        0.1,
        'Lượt khách học tập tại bảo tàng tăng bình quân 10%/năm',
      ),
      ...share('cc', CLUBS, 'cultural_centre_activity_share', [
        ['Trung tâm văn hóa cấp tỉnh, huyện', CC, ['province', 'district'], 0, 0.8, 1],
      ]),
    ],
  },
  {
    code: 'kh-42-vhtt-tdtt-huong-hoa-2024',
    title:
      'Kế hoạch triển khai Chương trình "Đẩy mạnh các hoạt động phục vụ học tập suốt đời đến năm 2030" tại Trung tâm VHTT-TDTT huyện Hướng Hóa',
    issuer: 'Trung tâm Văn hóa, Thông tin - Thể thao huyện Hướng Hóa (UBND huyện Hướng Hóa)',
    level: 'district',
    jurisdictionUnitCode: 'QT-HH',
    number: '42/KH-VHTT-TDTT',
    issuedOn: '2024-01-17',
    parentCode: 'qd-1520-2022',
    baseYear: 2023,
    horizonYear: 2030,
    // The plan asks for reports "theo quy định" without a date; annual before 10 December assumed.
    reportingCalendar: annualWithReviews('12-10'),
    periodDefinition: CALENDAR_YEAR,
    source: 'Kế hoạch số 42/KH-VHTT-TDTT ngày 17/01/2024 của Trung tâm Văn hóa, Thông tin - Thể thao huyện Hướng Hóa',
    targets: [
      ...activities('hh', [2024, 2025, 2026, 2027, 2028, 2029, 2030], [LLL_WEEK, BOOK_DAY, WORLD_BOOK_DAY]),
      // The plan names book rotation and Vân Kiều – Pa Kô materials without a number; the demo sets one (rotation).
      T(
        'rotation.copies.2025',
        'copies_rotated',
        [],
        [],
        2025,
        500,
        'Luân chuyển sách, tài liệu (có tài liệu tiếng Vân Kiều, Pa Kô) đến các xã, điểm bưu điện văn hóa, đồn biên phòng: ít nhất 500 bản mỗi năm',
      ),
      T(
        'rotation.communes.2025',
        'communes_reached',
        [],
        [],
        2025,
        5,
        'Sách luân chuyển, thư viện lưu động đến ít nhất 5 xã mỗi năm',
      ),
    ],
  },
  {
    code: 'kh-ubnd-dak-ha-2023',
    title:
      'Kế hoạch thực hiện Chương trình "Đẩy mạnh các hoạt động phục vụ học tập suốt đời trong thư viện, trung tâm văn hóa đến năm 2030" trên địa bàn huyện Đắk Hà',
    issuer: 'UBND huyện Đắk Hà',
    level: 'district',
    jurisdictionUnitCode: 'KT-DH',
    number: null,
    issuedOn: null,
    parentCode: 'qd-1520-2022',
    baseYear: 2022,
    horizonYear: 2030,
    reportingCalendar: annualWithReviews('11-10'),
    periodDefinition: CALENDAR_YEAR,
    source:
      'Kế hoạch của UBND huyện Đắk Hà năm 2023 (số và ngày để trống trong bản dự thảo), thực hiện Kế hoạch số 100/KH-UBND ngày 13/01/2023 của UBND tỉnh Kon Tum',
    targets: [
      ...share('lll', LLL, 'lifelong_learning_share', [
        ['Thư viện huyện', PUB, ['district'], 0, 1, 0.8],
        ['Thư viện công cộng cấp xã', PUB, ['commune'], 0, 0.2, 0.5],
        ['Thư viện cơ sở giáo dục', SCHOOL, [], 0, 0.7, 0.8],
      ]),
      ...share('it', IT, 'it_adoption_share', [
        ['Thư viện huyện', PUB, ['district'], 0, 1, 0.6],
        ['Thư viện công cộng cấp xã', PUB, ['commune'], 0, 0.1, 0.2],
        ['Thư viện cơ sở giáo dục', SCHOOL, [], 0, 0.7, 0.8],
      ]),
      T(
        'visits.2025',
        'user_visits_growth',
        ['public_library', 'school_library', 'community_library'],
        [],
        2025,
        0.08,
        'Lượt người sử dụng thư viện tăng bình quân 8%/năm',
      ),
      T(
        'visits.2030',
        'user_visits_growth',
        ['public_library', 'school_library', 'community_library'],
        [],
        2030,
        0.08,
        'Lượt người sử dụng thư viện tăng bình quân 8–10%/năm',
        { max: 0.1 },
      ),
      ...share('cc', CLUBS, 'cultural_centre_activity_share', [
        ['Trung tâm VH-TT xã, nhà văn hóa thôn', COMMUNE_CC, ['commune', 'village'], 0, 0.5, 0.7],
      ]),
    ],
  },
  {
    code: 'kh-04-ubnd-quang-nghiep-2023',
    title:
      'Kế hoạch thực hiện Chương trình "Đẩy mạnh các hoạt động phục vụ học tập suốt đời trong thư viện, trung tâm văn hóa đến năm 2030" trên địa bàn xã',
    issuer: 'UBND xã Quảng Nghiệp',
    level: 'commune',
    jurisdictionUnitCode: 'HD-TK-QN',
    number: '04/KH-UBND',
    issuedOn: '2023-01-31',
    parentCode: 'qd-1520-2022',
    baseYear: 2022,
    horizonYear: 2030,
    // "hằng năm báo cáo UBND xã" without a date; annual before 10 December assumed.
    reportingCalendar: annualWithReviews('12-10'),
    periodDefinition: CALENDAR_YEAR,
    source: 'Kế hoạch số 04/KH-UBND ngày 31/01/2023 của UBND xã Quảng Nghiệp',
    targets: [
      ...share('lll', LLL, 'lifelong_learning_share', [
        ['Thư viện xã', PUB, ['commune'], 0, 1, 0.9],
        ['Thư viện cơ sở giáo dục phổ thông', SCHOOL, [], 0, 0.7, 0.9],
      ]),
      ...share('it', IT, 'it_adoption_share', [
        ['Thư viện xã', PUB, ['commune'], 0, 1, 0.8],
        ['Thư viện cơ sở giáo dục phổ thông', SCHOOL, [], 0, 0.7, 0.8],
      ]),
      T(
        'visits.2025',
        'user_visits_growth',
        ['public_library', 'school_library', 'community_library'],
        [],
        2025,
        0.1,
        'Lượt người sử dụng thư viện tăng bình quân 10%/năm',
      ),
      T(
        'visits.2030',
        'user_visits_growth',
        ['public_library', 'school_library', 'community_library'],
        [],
        2030,
        0.1,
        'Lượt người sử dụng thư viện tăng bình quân 10–15%/năm',
        { max: 0.15 },
      ),
      ...share('cc', CLUBS, 'cultural_centre_activity_share', [
        ['Trung tâm VH-TT xã, nhà văn hóa thôn', COMMUNE_CC, ['commune', 'village'], 0, 0.7, 1],
      ]),
    ],
  },
  {
    code: 'kh-can-tho-de-an-208-2014',
    title:
      'Kế hoạch thực hiện Đề án "Đẩy mạnh các hoạt động học tập suốt đời trong các thư viện, bảo tàng, nhà văn hóa, câu lạc bộ" đến năm 2020',
    issuer: 'UBND thành phố Cần Thơ',
    level: 'province',
    jurisdictionUnitCode: 'CT',
    number: null,
    issuedOn: null,
    baseYear: 2014,
    horizonYear: 2020,
    reportingCalendar: [
      { kind: 'half_year', due: '06-10' },
      { kind: 'annual', due: '11-30' },
    ],
    periodDefinition: CALENDAR_YEAR,
    source:
      'Kế hoạch của UBND thành phố Cần Thơ thực hiện Quyết định số 208/QĐ-TTg ngày 27/01/2014 của Thủ tướng Chính phủ (Đề án đến năm 2020)',
    targets: [
      T(
        'museum.visits.2020',
        'user_visits_growth',
        ['museum'],
        [],
        2020,
        0.1,
        'Lượt khách nội địa tham quan bảo tàng tăng bình quân 10%/năm',
      ),
      T(
        'participation.urban.2020',
        'population_participation_share',
        [],
        [],
        2020,
        0.6,
        '60% số dân các quận tham gia hoạt động văn hóa, thể thao, du lịch phục vụ học tập',
        { unitKind: 'quan' },
      ),
      T(
        'participation.rural.2020',
        'population_participation_share',
        [],
        [],
        2020,
        0.4,
        '40% số dân các huyện tham gia hoạt động văn hóa, thể thao, du lịch phục vụ học tập',
        { unitKind: 'huyen' },
      ),
      ...activities(
        'ct',
        [2016, 2017, 2018, 2019, 2020],
        [
          {
            code: 'vietnam_book_day',
            nameVi: 'Ngày Sách Việt Nam (19–23/4)',
            count: 1,
            window: { from: '04-19', to: '04-23' },
          },
        ],
      ),
    ],
  },
  {
    code: 'kh-ubnd-quang-ngai-2023',
    title:
      'Kế hoạch triển khai Chương trình "Đẩy mạnh các hoạt động phục vụ học tập suốt đời trong thư viện, bảo tàng, trung tâm văn hóa đến năm 2030" trên địa bàn tỉnh Quảng Ngãi',
    issuer: 'UBND tỉnh Quảng Ngãi',
    level: 'province',
    jurisdictionUnitCode: 'QNG',
    number: null,
    issuedOn: null,
    parentCode: 'qd-1520-2022',
    baseYear: 2022,
    horizonYear: 2030,
    // "định kỳ hằng năm báo cáo UBND tỉnh" without a date; annual before 10 December assumed.
    reportingCalendar: annualWithReviews('12-10'),
    periodDefinition: CALENDAR_YEAR,
    source:
      'Kế hoạch của UBND tỉnh Quảng Ngãi năm 2023 triển khai Quyết định số 1520/QĐ-TTg, theo Tờ trình số 855/TTr-SVHTTDL ngày 08/5/2023 của Sở Văn hóa, Thể thao và Du lịch',
    targets: [
      // The plan names reaching communes and schools without a number; the demo sets one (rotation, mobile library).
      T(
        'rotation.communes.2030',
        'communes_reached',
        [],
        [],
        2030,
        20,
        'Sách luân chuyển, thư viện lưu động đến ít nhất 20 xã, phường mỗi năm',
      ),
      T(
        'rotation.schools.2030',
        'schools_reached',
        [],
        [],
        2030,
        30,
        'Sách luân chuyển đến ít nhất 30 trường học mỗi năm',
      ),
      ...share('lll', LLL, 'lifelong_learning_share', [
        ['Thư viện tỉnh', PUB, ['province'], 0, 1, 1],
        ['Thư viện công cộng cấp huyện', PUB, ['district'], 0, 0.6, 0.7],
        ['Thư viện công cộng cấp xã', PUB, ['commune'], 0, 0.2, 0.3],
        ['Thư viện chuyên ngành', ['specialised_library'], [], 0, 0.9, 1],
        ['Thư viện lực lượng vũ trang', ['armed_forces_library'], [], 0, 0.8, 1],
        ['Thư viện cơ sở giáo dục', SCHOOL, [], 0, 0.7, 0.8],
      ]),
      T(
        'visits.2025',
        'user_visits_growth',
        ['public_library', 'school_library', 'community_library', 'specialised_library'],
        [],
        2025,
        0.1,
        'Lượt người sử dụng thư viện tăng bình quân 10%/năm',
      ),
      T(
        'visits.2030',
        'user_visits_growth',
        ['public_library', 'school_library', 'community_library', 'specialised_library'],
        [],
        2030,
        0.1,
        'Lượt người sử dụng thư viện tăng bình quân 10–15%/năm',
        { max: 0.15 },
      ),
      ...share('museum', MUS, 'museum_education_share', [
        ['Bảo tàng có chương trình giáo dục', ['museum'], [], 0, 0.7, 1],
      ]),
      T(
        'museum.visits.2025',
        'museum_learning_visits_growth',
        ['museum'],
        [],
        2025,
        0.1,
        'Lượt khách học tập tại bảo tàng tăng bình quân 10%/năm',
      ),
      T(
        'museum.visits.2030',
        'museum_learning_visits_growth',
        ['museum'],
        [],
        2030,
        0.1,
        'Lượt khách học tập tại bảo tàng tăng bình quân 10–15%/năm',
        { max: 0.15 },
      ),
      ...share('cc', CLUBS, 'cultural_centre_activity_share', [
        ['Trung tâm văn hóa cấp tỉnh, huyện', CC, ['province', 'district'], 0, 0.8, 1],
        ['Trung tâm VH-TT xã, nhà văn hóa thôn', COMMUNE_CC, ['commune', 'village'], 0, 0.5, 1],
      ]),
      ...activities(
        'qn',
        [2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030],
        [
          LLL_WEEK,
          BOOK_DAY,
          WORLD_BOOK_DAY,
          { code: 'book_exhibition', nameVi: 'Trưng bày, triển lãm sách trong cộng đồng', count: 2 },
          { code: 'digital_collection', nameVi: 'Bộ sưu tập sản phẩm, dịch vụ số', count: 1 },
          { code: 'book_donation_campaign', nameVi: 'Phát động quyên góp sách tặng trẻ em vùng khó khăn', count: 1 },
        ],
      ),
    ],
  },
];
