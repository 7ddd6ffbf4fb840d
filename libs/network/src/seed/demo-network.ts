import type { InstitutionLevel, InstitutionType, ServicePointKind, UnitLevel } from '../network.types.js';

// Demo network shaped on the demo plans (libs/plans seed): Hướng Hóa (Quảng Trị, 42/KH-VHTT-TDTT), Đắk Hà (Kon Tum),
// xã Quảng Nghiệp (Tứ Kỳ, Hải Dương, plan 002), Cần Thơ (plan 003, urban quận vs rural huyện), Quảng Ngãi (plan 004).
// The 1 July 2025 reform is recorded: districts end on 30 June 2025, merged communes start on 1 July 2025, Kon Tum
// joins Quảng Ngãi and Hải Dương joins Hải Phòng. Which old communes went into which new one is simplified for the
// demo (a few communes per district), and populations are rounded estimates, labelled as such.

export const REFORM_LAST_DAY = '2025-06-30';
export const REFORM_FIRST_DAY = '2025-07-01';

export interface DemoUnit {
  code: string;
  name: string;
  level: UnitLevel;
  kind: string;
  validFrom: string;
  validTo?: string;
  parent?: string;
  population?: Record<number, number>;
}

export interface DemoInstitution {
  code: string;
  name: string;
  type: InstitutionType;
  level?: InstitutionLevel;
  unit: string;
  validFrom: string;
  /** After the reform the institution belongs to this unit. */
  unitFromReform?: string;
  parent?: string;
  address?: string;
  hours?: keyof typeof WEEKLY_HOURS;
  servicePoints?: { code: string; name: string; kind: ServicePointKind }[];
}

const OLD = { validFrom: '1989-07-01', validTo: REFORM_LAST_DAY };
const NEW = { validFrom: REFORM_FIRST_DAY };

export const DEMO_UNITS: DemoUnit[] = [
  // Provinces and centrally-run cities.
  { code: 'HN', name: 'Thành phố Hà Nội', level: 'province', kind: 'thanh_pho', validFrom: '2008-08-01' },
  { code: 'QT', name: 'Tỉnh Quảng Trị', level: 'province', kind: 'tinh', validFrom: '1989-07-01', population: { 2024: 650_000, 2025: 1_870_000 } },
  { code: 'KT', name: 'Tỉnh Kon Tum', level: 'province', kind: 'tinh', validFrom: '1991-08-12', validTo: REFORM_LAST_DAY, population: { 2024: 580_000 } },
  { code: 'QNG', name: 'Tỉnh Quảng Ngãi', level: 'province', kind: 'tinh', validFrom: '1989-07-01', population: { 2024: 1_250_000, 2025: 1_860_000 } },
  { code: 'HD', name: 'Tỉnh Hải Dương', level: 'province', kind: 'tinh', validFrom: '1997-01-01', validTo: REFORM_LAST_DAY, population: { 2024: 1_950_000 } },
  { code: 'HP', name: 'Thành phố Hải Phòng', level: 'province', kind: 'thanh_pho', validFrom: '1989-07-01', population: { 2025: 4_660_000 } },
  { code: 'CT', name: 'Thành phố Cần Thơ', level: 'province', kind: 'thanh_pho', validFrom: '2004-01-01', population: { 2024: 1_260_000, 2025: 4_200_000 } },

  // Districts, abolished on 30 June 2025.
  { code: 'QT-HH', name: 'Huyện Hướng Hóa', level: 'district', kind: 'huyen', ...OLD, parent: 'QT', population: { 2024: 95_000 } },
  { code: 'KT-DH', name: 'Huyện Đắk Hà', level: 'district', kind: 'huyen', validFrom: '1994-01-01', validTo: REFORM_LAST_DAY, parent: 'KT', population: { 2024: 80_000 } },
  { code: 'HD-TK', name: 'Huyện Tứ Kỳ', level: 'district', kind: 'huyen', validFrom: '1997-01-01', validTo: REFORM_LAST_DAY, parent: 'HD', population: { 2024: 170_000 } },
  { code: 'CT-NK', name: 'Quận Ninh Kiều', level: 'district', kind: 'quan', validFrom: '2004-01-01', validTo: REFORM_LAST_DAY, parent: 'CT', population: { 2024: 250_000 } },
  { code: 'CT-PD', name: 'Huyện Phong Điền', level: 'district', kind: 'huyen', validFrom: '2004-01-01', validTo: REFORM_LAST_DAY, parent: 'CT', population: { 2024: 100_000 } },

  // Communes before the reform.
  { code: 'QT-HH-TTKS', name: 'Thị trấn Khe Sanh', level: 'commune', kind: 'thi_tran', ...OLD, parent: 'QT-HH', population: { 2024: 16_000 } },
  { code: 'QT-HH-TH', name: 'Xã Tân Hợp', level: 'commune', kind: 'xa', ...OLD, parent: 'QT-HH', population: { 2024: 6_500 } },
  { code: 'QT-HH-TTLB', name: 'Thị trấn Lao Bảo', level: 'commune', kind: 'thi_tran', ...OLD, parent: 'QT-HH', population: { 2024: 13_000 } },
  { code: 'QT-HH-TT', name: 'Xã Tân Thành', level: 'commune', kind: 'xa', ...OLD, parent: 'QT-HH', population: { 2024: 5_500 } },
  { code: 'QT-HH-HP', name: 'Xã Hướng Phùng', level: 'commune', kind: 'xa', ...OLD, parent: 'QT-HH', population: { 2024: 9_000 } },
  { code: 'QT-HH-AD', name: 'Xã A Dơi', level: 'commune', kind: 'xa', ...OLD, parent: 'QT-HH', population: { 2024: 3_800 } },
  { code: 'KT-DH-TT', name: 'Thị trấn Đắk Hà', level: 'commune', kind: 'thi_tran', validFrom: '1994-01-01', validTo: REFORM_LAST_DAY, parent: 'KT-DH', population: { 2024: 17_000 } },
  { code: 'KT-DH-HM', name: 'Xã Hà Mòn', level: 'commune', kind: 'xa', validFrom: '1994-01-01', validTo: REFORM_LAST_DAY, parent: 'KT-DH', population: { 2024: 9_500 } },
  { code: 'KT-DH-DL', name: 'Xã Đắk La', level: 'commune', kind: 'xa', validFrom: '1994-01-01', validTo: REFORM_LAST_DAY, parent: 'KT-DH', population: { 2024: 10_000 } },
  { code: 'KT-DH-DM', name: 'Xã Đắk Mar', level: 'commune', kind: 'xa', validFrom: '1994-01-01', validTo: REFORM_LAST_DAY, parent: 'KT-DH', population: { 2024: 9_000 } },
  { code: 'KT-DH-NW', name: 'Xã Ngọk Wang', level: 'commune', kind: 'xa', validFrom: '1994-01-01', validTo: REFORM_LAST_DAY, parent: 'KT-DH', population: { 2024: 7_000 } },
  { code: 'HD-TK-QN', name: 'Xã Quảng Nghiệp', level: 'commune', kind: 'xa', validFrom: '1997-01-01', validTo: REFORM_LAST_DAY, parent: 'HD-TK', population: { 2024: 8_500 } },
  { code: 'HD-TK-TT', name: 'Thị trấn Tứ Kỳ', level: 'commune', kind: 'thi_tran', validFrom: '1997-01-01', validTo: REFORM_LAST_DAY, parent: 'HD-TK', population: { 2024: 14_000 } },
  { code: 'CT-NK-TA', name: 'Phường Tân An', level: 'commune', kind: 'phuong', validFrom: '2004-01-01', validTo: REFORM_LAST_DAY, parent: 'CT-NK', population: { 2024: 20_000 } },
  { code: 'CT-NK-AH', name: 'Phường An Hòa', level: 'commune', kind: 'phuong', validFrom: '2004-01-01', validTo: REFORM_LAST_DAY, parent: 'CT-NK', population: { 2024: 30_000 } },
  { code: 'CT-PD-TT', name: 'Thị trấn Phong Điền', level: 'commune', kind: 'thi_tran', validFrom: '2004-01-01', validTo: REFORM_LAST_DAY, parent: 'CT-PD', population: { 2024: 16_000 } },
  { code: 'CT-PD-NA', name: 'Xã Nhơn Ái', level: 'commune', kind: 'xa', validFrom: '2004-01-01', validTo: REFORM_LAST_DAY, parent: 'CT-PD', population: { 2024: 12_000 } },
  { code: 'HN-BD', name: 'Phường Ba Đình', level: 'commune', kind: 'phuong', validFrom: REFORM_FIRST_DAY, parent: 'HN' },
  { code: 'HN-HK', name: 'Phường Hoàn Kiếm', level: 'commune', kind: 'phuong', validFrom: REFORM_FIRST_DAY, parent: 'HN' },

  // Communes from 1 July 2025 (two tiers: directly under the province).
  { code: 'QT-KS', name: 'Xã Khe Sanh', level: 'commune', kind: 'xa', ...NEW, parent: 'QT', population: { 2025: 22_800 } },
  { code: 'QT-LB', name: 'Xã Lao Bảo', level: 'commune', kind: 'xa', ...NEW, parent: 'QT', population: { 2025: 18_700 } },
  { code: 'QT-HP', name: 'Xã Hướng Phùng', level: 'commune', kind: 'xa', ...NEW, parent: 'QT', population: { 2025: 9_100 } },
  { code: 'QT-AD', name: 'Xã A Dơi', level: 'commune', kind: 'xa', ...NEW, parent: 'QT', population: { 2025: 3_850 } },
  { code: 'QNG-DH', name: 'Xã Đắk Hà', level: 'commune', kind: 'xa', ...NEW, parent: 'QNG', population: { 2025: 36_800 } },
  { code: 'QNG-DM', name: 'Xã Đắk Mar', level: 'commune', kind: 'xa', ...NEW, parent: 'QNG', population: { 2025: 16_100 } },
  { code: 'HP-TK', name: 'Xã Tứ Kỳ', level: 'commune', kind: 'xa', ...NEW, parent: 'HP', population: { 2025: 22_600 } },
  { code: 'CT-NK2', name: 'Phường Ninh Kiều', level: 'commune', kind: 'phuong', ...NEW, parent: 'CT', population: { 2025: 50_300 } },
  { code: 'CT-PD2', name: 'Xã Phong Điền', level: 'commune', kind: 'xa', ...NEW, parent: 'CT', population: { 2025: 28_200 } },
];

/** Old communes that ended on 30 June 2025 and the commune they were merged into (simplified). */
export const DEMO_MERGES: Record<string, string[]> = {
  'QT-KS': ['QT-HH-TTKS', 'QT-HH-TH'],
  'QT-LB': ['QT-HH-TTLB', 'QT-HH-TT'],
  'QT-HP': ['QT-HH-HP'],
  'QT-AD': ['QT-HH-AD'],
  'QNG-DH': ['KT-DH-TT', 'KT-DH-HM', 'KT-DH-DL'],
  'QNG-DM': ['KT-DH-DM', 'KT-DH-NW'],
  'HP-TK': ['HD-TK-TT', 'HD-TK-QN'],
  'CT-NK2': ['CT-NK-TA', 'CT-NK-AH'],
  'CT-PD2': ['CT-PD-TT', 'CT-PD-NA'],
};

/** Provinces that ended on 30 June 2025 and the province that took them in (and continues). */
export const DEMO_ABSORPTIONS: Record<string, string[]> = {
  QNG: ['KT'],
  HP: ['HD'],
};

export const WEEKLY_HOURS = {
  /** Province and district libraries: weekdays in two sessions, weekend mornings. */
  library: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opens: '07:30', closes: '11:30' },
    { weekday, opens: '13:30', closes: '17:00' },
  ]).concat([6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '11:00' }))),
  /** Commune and school libraries: weekdays only. */
  weekdays: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opens: '07:30', closes: '11:00' },
    { weekday, opens: '14:00', closes: '16:30' },
  ]),
  /** Museums and culture houses: Tuesday to Sunday. */
  museum: [2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' })),
};

const Y2010 = '2010-01-01';

export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  // National and foreign (Hà Nội).
  { code: 'NLV', name: 'Thư viện Quốc gia Việt Nam', type: 'national_library', unit: 'HN-HK', validFrom: REFORM_FIRST_DAY, address: '31 Tràng Thi, Hoàn Kiếm, Hà Nội', hours: 'library' },
  { code: 'HN-LESPACE', name: 'Thư viện L’Espace – Viện Pháp tại Hà Nội', type: 'foreign_library', unit: 'HN-HK', validFrom: REFORM_FIRST_DAY, hours: 'weekdays' },

  // Quảng Trị, province level.
  { code: 'QT-TV', name: 'Thư viện tỉnh Quảng Trị', type: 'public_library', level: 'province', unit: 'QT', validFrom: Y2010, hours: 'library' },
  { code: 'QT-BT', name: 'Bảo tàng tỉnh Quảng Trị', type: 'museum', level: 'province', unit: 'QT', validFrom: Y2010, hours: 'museum' },
  { code: 'QT-TTVH', name: 'Trung tâm Văn hóa - Điện ảnh tỉnh Quảng Trị', type: 'cultural_centre', level: 'province', unit: 'QT', validFrom: Y2010 },
  { code: 'QT-BCHQS-TV', name: 'Thư viện Bộ Chỉ huy Quân sự tỉnh Quảng Trị', type: 'armed_forces_library', unit: 'QT', validFrom: Y2010 },
  { code: 'QT-BVDK-TV', name: 'Thư viện Bệnh viện Đa khoa tỉnh Quảng Trị', type: 'specialised_library', unit: 'QT', validFrom: Y2010 },

  // Hướng Hóa (plan 000): the district centre, its library and culture house, commune and school libraries.
  { code: 'QT-HH-TTVH', name: 'Trung tâm Văn hóa, Thông tin - Thể thao huyện Hướng Hóa', type: 'cultural_centre', level: 'district', unit: 'QT-HH-TTKS', unitFromReform: 'QT-KS', validFrom: Y2010 },
  {
    code: 'QT-HH-TV',
    name: 'Thư viện huyện Hướng Hóa',
    type: 'public_library',
    level: 'district',
    unit: 'QT-HH-TTKS',
    unitFromReform: 'QT-KS',
    validFrom: Y2010,
    parent: 'QT-HH-TTVH',
    address: 'Thị trấn Khe Sanh, huyện Hướng Hóa, Quảng Trị',
    hours: 'library',
    servicePoints: [
      { code: 'QT-HH-TV-CHINH', name: 'Phòng đọc chính Thư viện huyện Hướng Hóa', kind: 'main' },
      { code: 'QT-HH-TV-LD-XABAI', name: 'Điểm thư viện lưu động thôn Xa Bai (A Dơi)', kind: 'mobile_stop' },
      { code: 'QT-HH-TV-LD-HUONGPHUNG', name: 'Điểm thư viện lưu động bản Cợp (Hướng Phùng)', kind: 'mobile_stop' },
      { code: 'QT-HH-BDVH-TANHOP', name: 'Điểm Bưu điện - Văn hóa xã Tân Hợp', kind: 'post_office_culture_point' },
    ],
  },
  { code: 'QT-HH-NVH-VKPK', name: 'Nhà Văn hóa truyền thống các dân tộc Vân Kiều – Pa Kô', type: 'cultural_house', level: 'district', unit: 'QT-HH-TTKS', unitFromReform: 'QT-KS', validFrom: Y2010, parent: 'QT-HH-TTVH', hours: 'museum' },
  { code: 'QT-HH-TV-TH', name: 'Thư viện xã Tân Hợp', type: 'public_library', level: 'commune', unit: 'QT-HH-TH', unitFromReform: 'QT-KS', validFrom: Y2010, hours: 'weekdays' },
  { code: 'QT-HH-TV-LB', name: 'Thư viện thị trấn Lao Bảo', type: 'public_library', level: 'commune', unit: 'QT-HH-TTLB', unitFromReform: 'QT-LB', validFrom: Y2010, hours: 'weekdays' },
  { code: 'QT-HH-TV-HP', name: 'Thư viện xã Hướng Phùng', type: 'public_library', level: 'commune', unit: 'QT-HH-HP', unitFromReform: 'QT-HP', validFrom: Y2010, hours: 'weekdays' },
  { code: 'QT-HH-THPT', name: 'Thư viện Trường THPT Hướng Hóa', type: 'school_library', unit: 'QT-HH-TTKS', unitFromReform: 'QT-KS', validFrom: Y2010, hours: 'weekdays' },
  {
    code: 'QT-HH-THLB',
    name: 'Thư viện Trường Tiểu học Lao Bảo',
    type: 'school_library',
    unit: 'QT-HH-TTLB',
    unitFromReform: 'QT-LB',
    validFrom: Y2010,
    hours: 'weekdays',
    servicePoints: [{ code: 'QT-HH-THLB-GS', name: 'Góc sách lớp học Trường Tiểu học Lao Bảo', kind: 'school_book_corner' }],
  },
  { code: 'QT-HH-THCSHP', name: 'Thư viện Trường PTDTBT THCS Hướng Phùng', type: 'school_library', unit: 'QT-HH-HP', unitFromReform: 'QT-HP', validFrom: Y2010, hours: 'weekdays' },
  { code: 'QT-HH-TTVHTT-LB', name: 'Trung tâm Văn hóa - Thể thao thị trấn Lao Bảo', type: 'cultural_centre', level: 'commune', unit: 'QT-HH-TTLB', unitFromReform: 'QT-LB', validFrom: Y2010 },
  { code: 'QT-HH-NVH-XABAI', name: 'Nhà văn hóa thôn Xa Bai', type: 'cultural_house', level: 'village', unit: 'QT-HH-AD', unitFromReform: 'QT-AD', validFrom: Y2010 },
  { code: 'QT-HH-TTHTCD-TH', name: 'Trung tâm học tập cộng đồng xã Tân Hợp', type: 'community_learning_centre', level: 'commune', unit: 'QT-HH-TH', unitFromReform: 'QT-KS', validFrom: Y2010 },
  { code: 'QT-HH-TSCD', name: 'Tủ sách cộng đồng thôn Xa Bai', type: 'community_library', unit: 'QT-HH-AD', unitFromReform: 'QT-AD', validFrom: '2020-01-01' },

  // Kon Tum → Quảng Ngãi: Đắk Hà (plan 001).
  { code: 'KT-TV', name: 'Thư viện tỉnh Kon Tum', type: 'public_library', level: 'province', unit: 'KT', unitFromReform: 'QNG', validFrom: Y2010, hours: 'library' },
  { code: 'KT-BT', name: 'Bảo tàng tỉnh Kon Tum', type: 'museum', level: 'province', unit: 'KT', unitFromReform: 'QNG', validFrom: Y2010, hours: 'museum' },
  { code: 'KT-DH-TTVH', name: 'Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông huyện Đắk Hà', type: 'cultural_centre', level: 'district', unit: 'KT-DH-TT', unitFromReform: 'QNG-DH', validFrom: Y2010 },
  {
    code: 'KT-DH-TV',
    name: 'Thư viện huyện Đắk Hà',
    type: 'public_library',
    level: 'district',
    unit: 'KT-DH-TT',
    unitFromReform: 'QNG-DH',
    validFrom: Y2010,
    parent: 'KT-DH-TTVH',
    hours: 'library',
    servicePoints: [{ code: 'KT-DH-TV-LD', name: 'Xe thư viện lưu động huyện Đắk Hà – điểm dừng làng Kon Gung', kind: 'mobile_stop' }],
  },
  { code: 'KT-DH-TV-HM', name: 'Thư viện xã Hà Mòn', type: 'public_library', level: 'commune', unit: 'KT-DH-HM', unitFromReform: 'QNG-DH', validFrom: Y2010, hours: 'weekdays' },
  { code: 'KT-DH-TV-DM', name: 'Thư viện xã Đắk Mar', type: 'public_library', level: 'commune', unit: 'KT-DH-DM', unitFromReform: 'QNG-DM', validFrom: Y2010, hours: 'weekdays' },
  { code: 'KT-DH-THCS', name: 'Thư viện Trường THCS thị trấn Đắk Hà', type: 'school_library', unit: 'KT-DH-TT', unitFromReform: 'QNG-DH', validFrom: Y2010, hours: 'weekdays' },
  { code: 'KT-DH-THHM', name: 'Thư viện Trường Tiểu học Hà Mòn', type: 'school_library', unit: 'KT-DH-HM', unitFromReform: 'QNG-DH', validFrom: Y2010, hours: 'weekdays' },
  { code: 'KT-DH-TTVHTT-DM', name: 'Trung tâm Văn hóa - Thể thao xã Đắk Mar', type: 'cultural_centre', level: 'commune', unit: 'KT-DH-DM', unitFromReform: 'QNG-DM', validFrom: Y2010 },
  { code: 'KT-DH-TTHTCD-DL', name: 'Trung tâm học tập cộng đồng xã Đắk La', type: 'community_learning_centre', level: 'commune', unit: 'KT-DH-DL', unitFromReform: 'QNG-DH', validFrom: Y2010 },

  // Quảng Ngãi (plan 004).
  { code: 'QNG-TV', name: 'Thư viện tỉnh Quảng Ngãi', type: 'public_library', level: 'province', unit: 'QNG', validFrom: Y2010, hours: 'library' },
  { code: 'QNG-BT', name: 'Bảo tàng Tổng hợp tỉnh Quảng Ngãi', type: 'museum', level: 'province', unit: 'QNG', validFrom: Y2010, hours: 'museum' },
  { code: 'QNG-TTVH', name: 'Trung tâm Văn hóa - Điện ảnh tỉnh Quảng Ngãi', type: 'cultural_centre', level: 'province', unit: 'QNG', validFrom: Y2010 },

  // Hải Dương → Hải Phòng: xã Quảng Nghiệp (plan 002).
  { code: 'HD-TK-TV-QN', name: 'Thư viện xã Quảng Nghiệp', type: 'public_library', level: 'commune', unit: 'HD-TK-QN', unitFromReform: 'HP-TK', validFrom: Y2010, hours: 'weekdays' },
  { code: 'HD-TK-TTVHTT-QN', name: 'Trung tâm Văn hóa - Thể thao xã Quảng Nghiệp', type: 'cultural_centre', level: 'commune', unit: 'HD-TK-QN', unitFromReform: 'HP-TK', validFrom: Y2010 },
  { code: 'HD-TK-THCS-QN', name: 'Thư viện Trường THCS Quảng Nghiệp', type: 'school_library', unit: 'HD-TK-QN', unitFromReform: 'HP-TK', validFrom: Y2010, hours: 'weekdays' },

  // Cần Thơ (plan 003): urban quận and rural huyện.
  { code: 'CT-TV', name: 'Thư viện thành phố Cần Thơ', type: 'public_library', level: 'province', unit: 'CT', validFrom: Y2010, hours: 'library' },
  { code: 'CT-BT', name: 'Bảo tàng thành phố Cần Thơ', type: 'museum', level: 'province', unit: 'CT', validFrom: Y2010, hours: 'museum' },
  { code: 'CT-DHCT-TV', name: 'Trung tâm Học liệu – Trường Đại học Cần Thơ', type: 'university_library', unit: 'CT-NK-AH', unitFromReform: 'CT-NK2', validFrom: Y2010, hours: 'library' },
  { code: 'CT-NK-TV', name: 'Thư viện quận Ninh Kiều', type: 'public_library', level: 'district', unit: 'CT-NK-TA', unitFromReform: 'CT-NK2', validFrom: Y2010, hours: 'library' },
  { code: 'CT-NK-NVH-TA', name: 'Nhà văn hóa phường Tân An', type: 'cultural_house', level: 'commune', unit: 'CT-NK-TA', unitFromReform: 'CT-NK2', validFrom: Y2010 },
  { code: 'CT-PD-TV', name: 'Thư viện huyện Phong Điền', type: 'public_library', level: 'district', unit: 'CT-PD-TT', unitFromReform: 'CT-PD2', validFrom: Y2010, hours: 'library' },
];

/** Nationwide public holidays (Labour Code 2019, Art. 112). */
export const DEMO_HOLIDAYS = [
  { startsOn: '2025-01-01', endsOn: '2025-01-01', reason: 'Tết Dương lịch 2025' },
  { startsOn: '2025-01-25', endsOn: '2025-02-02', reason: 'Tết Nguyên đán Ất Tỵ' },
  { startsOn: '2025-04-07', endsOn: '2025-04-07', reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
  { startsOn: '2025-04-30', endsOn: '2025-05-01', reason: 'Ngày Giải phóng miền Nam và Quốc tế Lao động' },
  { startsOn: '2025-09-01', endsOn: '2025-09-02', reason: 'Quốc khánh' },
  { startsOn: '2026-01-01', endsOn: '2026-01-01', reason: 'Tết Dương lịch 2026' },
  { startsOn: '2026-02-14', endsOn: '2026-02-22', reason: 'Tết Nguyên đán Bính Ngọ' },
  { startsOn: '2026-04-26', endsOn: '2026-04-26', reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
  { startsOn: '2026-04-30', endsOn: '2026-05-01', reason: 'Ngày Giải phóng miền Nam và Quốc tế Lao động' },
  { startsOn: '2026-09-01', endsOn: '2026-09-02', reason: 'Quốc khánh' },
];
