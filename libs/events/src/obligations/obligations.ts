import type { ProgrammeCategory } from '../events.types.js';

/**
 * The yearly obligations the plans set (Decision 1520/QĐ-TTg and the provincial and district plans under it), each
 * met by programmes of one category that held at least one session in the year (within the window, when the
 * obligation is tied to a day or a week). `activityCodes` are the codes plans use for the same activity.
 */
export interface Obligation {
  code: string;
  nameVi: string;
  nameEn: string;
  category: ProgrammeCategory;
  /** Programmes needed in the year. */
  count: number;
  /** MM-DD, inclusive, Vietnam time. */
  window?: { from: string; to: string };
  activityCodes: string[];
}

export const OBLIGATIONS: Obligation[] = [
  {
    code: 'book_day',
    nameVi: 'Ngày Sách và Văn hóa đọc Việt Nam (21/4)',
    nameEn: 'Vietnam Book and Reading Culture Day (21 April)',
    category: 'book_day',
    count: 1,
    window: { from: '04-14', to: '04-28' },
    activityCodes: ['book_day_21_4', 'vietnam_book_day'],
  },
  {
    code: 'world_book_day',
    nameVi: 'Ngày Sách và Bản quyền thế giới (23/4)',
    nameEn: 'World Book and Copyright Day (23 April)',
    category: 'world_book_day',
    count: 1,
    window: { from: '04-16', to: '04-30' },
    activityCodes: ['world_book_day_23_4'],
  },
  {
    code: 'lifelong_learning_week',
    nameVi: 'Tuần lễ hưởng ứng học tập suốt đời',
    nameEn: 'Lifelong Learning Week',
    category: 'lifelong_learning_week',
    count: 1,
    window: { from: '09-24', to: '10-14' },
    activityCodes: ['lifelong_learning_week'],
  },
  {
    code: 'book_exhibition',
    nameVi: 'Trưng bày, triển lãm sách (2 lần mỗi năm)',
    nameEn: 'Book exhibitions (two a year)',
    category: 'exhibition',
    count: 2,
    activityCodes: ['book_exhibition'],
  },
  {
    code: 'book_donation_campaign',
    nameVi: 'Phát động quyên góp sách',
    nameEn: 'Book donation campaign',
    category: 'donation_campaign',
    count: 1,
    activityCodes: ['book_donation_campaign'],
  },
  {
    code: 'digital_collection',
    nameVi: 'Bộ sưu tập sản phẩm, dịch vụ số',
    nameEn: 'Digital collection',
    category: 'digital_collection',
    count: 1,
    activityCodes: ['digital_collection'],
  },
];

/** Programme templates for the national days: one step creates the programme and its sessions in the year asked. */
export interface ProgrammeTemplate {
  key: string;
  titleVi: string;
  titleEn: string;
  category: ProgrammeCategory;
  description: string;
  audiences: string[];
  /** MM-DD of the first session, Vietnam time. */
  day: string;
  from: string;
  to: string;
  /** Daily sessions for a week, or one. */
  days: number;
}

export const TEMPLATES: ProgrammeTemplate[] = [
  {
    key: 'book_day',
    titleVi: 'Ngày Sách và Văn hóa đọc Việt Nam {year}',
    titleEn: 'Vietnam Book and Reading Culture Day {year}',
    category: 'book_day',
    description:
      'Hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam 21/4: trưng bày sách, giao lưu tác giả, thi kể chuyện theo sách.',
    audiences: ['everyone'],
    day: '04-21',
    from: '08:00',
    to: '11:00',
    days: 1,
  },
  {
    key: 'world_book_day',
    titleVi: 'Ngày Sách và Bản quyền thế giới {year}',
    titleEn: 'World Book and Copyright Day {year}',
    category: 'world_book_day',
    description: 'Hưởng ứng Ngày Sách và Bản quyền thế giới 23/4.',
    audiences: ['everyone'],
    day: '04-23',
    from: '08:00',
    to: '11:00',
    days: 1,
  },
  {
    key: 'lifelong_learning_week',
    titleVi: 'Tuần lễ hưởng ứng học tập suốt đời {year}',
    titleEn: 'Lifelong Learning Week {year}',
    category: 'lifelong_learning_week',
    description: 'Chuỗi hoạt động trong Tuần lễ hưởng ứng học tập suốt đời (1–7/10).',
    audiences: ['everyone'],
    day: '10-01',
    from: '08:00',
    to: '11:00',
    days: 7,
  },
  {
    key: 'museum_day',
    titleVi: 'Ngày Quốc tế Bảo tàng {year}',
    titleEn: 'International Museum Day {year}',
    category: 'museum_day',
    description: 'Hưởng ứng Ngày Quốc tế Bảo tàng 18/5: mở cửa miễn phí, chương trình giáo dục di sản.',
    audiences: ['everyone'],
    day: '05-18',
    from: '08:00',
    to: '16:00',
    days: 1,
  },
  {
    key: 'heritage_day',
    titleVi: 'Ngày Di sản văn hóa Việt Nam {year}',
    titleEn: 'Vietnamese Cultural Heritage Day {year}',
    category: 'heritage_day',
    description: 'Hưởng ứng Ngày Di sản văn hóa Việt Nam 23/11.',
    audiences: ['everyone'],
    day: '11-23',
    from: '08:00',
    to: '11:00',
    days: 1,
  },
];
