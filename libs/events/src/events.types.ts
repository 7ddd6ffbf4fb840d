/** Kinds of programme (the plans count some of them: book days, the lifelong-learning week, exhibitions…). */
export const PROGRAMME_CATEGORIES = [
  'reading_promotion',
  'book_day',
  'world_book_day',
  'lifelong_learning_week',
  'exhibition',
  'talk',
  'workshop',
  'course',
  'club_meeting',
  'museum_education',
  'digital_skills',
  'donation_campaign',
  'digital_collection',
  'heritage_day',
  'museum_day',
] as const;
export type ProgrammeCategory = (typeof PROGRAMME_CATEGORIES)[number];

/** Vietnamese names of the categories (for listings, reports and notices). */
export const CATEGORY_VI: Record<ProgrammeCategory, string> = {
  reading_promotion: 'Phát triển văn hóa đọc',
  book_day: 'Ngày Sách và Văn hóa đọc Việt Nam (21/4)',
  world_book_day: 'Ngày Sách và Bản quyền thế giới (23/4)',
  lifelong_learning_week: 'Tuần lễ hưởng ứng học tập suốt đời',
  exhibition: 'Triển lãm, trưng bày',
  talk: 'Tọa đàm, nói chuyện chuyên đề',
  workshop: 'Hội thảo, lớp thực hành',
  course: 'Khóa học, lớp bồi dưỡng',
  club_meeting: 'Sinh hoạt câu lạc bộ',
  museum_education: 'Giáo dục di sản tại bảo tàng',
  digital_skills: 'Kỹ năng số',
  donation_campaign: 'Quyên góp, tặng sách',
  digital_collection: 'Bộ sưu tập số',
  heritage_day: 'Ngày Di sản văn hóa Việt Nam (23/11)',
  museum_day: 'Ngày Quốc tế Bảo tàng (18/5)',
};

export const AUDIENCES = ['children', 'pupils', 'adults', 'elderly', 'ethnic_minorities', 'everyone'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** How people book: not at all (open event, counted by headcount), per session, or the whole series at once. */
export type RegistrationMode = 'none' | 'session' | 'series';
/** When a seat frees up: the next in line is confirmed at once, or offered the seat for `claimHours`. */
export type PromotionMode = 'auto' | 'offer';

export type SessionStatus = 'scheduled' | 'held' | 'cancelled';
export type RegistrationKind = 'patron' | 'guest' | 'group';
export type RegistrationStatus =
  'confirmed' | 'waitlisted' | 'offered' | 'cancelled' | 'offer_expired' | 'attended' | 'no_show';

export const STATUS_VI: Record<string, string> = {
  confirmed: 'đã xác nhận',
  waitlisted: 'đang trong danh sách chờ',
  offered: 'đang được mời nhận chỗ',
  cancelled: 'đã hủy',
  offer_expired: 'đã hết hạn nhận chỗ',
  attended: 'đã tham dự',
  no_show: 'vắng mặt',
  scheduled: 'đã lên lịch',
  held: 'đã diễn ra',
};

/** Registrations that hold a seat (or a place in line). */
export const ACTIVE_STATUSES: RegistrationStatus[] = ['confirmed', 'waitlisted', 'offered', 'attended'];
