/** Levels of the administrative hierarchy. Since 1 July 2025 local government has two tiers: province and commune. */
export const UNIT_LEVELS = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];
/** Unit levels in Vietnamese (tỉnh, huyện, xã), as messages put them. */
export const UNIT_LEVEL_NAMES_VI: Record<UnitLevel, string> = { province: 'tỉnh', district: 'huyện', commune: 'xã' };

/** Institution types: the eight library types of the Library Law 2019 (Art. 9), museums, cultural centres and houses, community learning centres. */
export const INSTITUTION_TYPES = [
  'national_library',
  'public_library',
  'specialised_library',
  'armed_forces_library',
  'university_library',
  'school_library',
  'community_library',
  'foreign_library',
  'museum',
  'cultural_centre',
  'cultural_house',
  'community_learning_centre',
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

/** Level of an institution: public libraries and cultural centres have one; `village` is for nhà văn hóa thôn. */
export const INSTITUTION_LEVELS = ['province', 'district', 'commune', 'village'] as const;
export type InstitutionLevel = (typeof INSTITUTION_LEVELS)[number];

export const SERVICE_POINT_KINDS = [
  'main',
  'branch',
  'mobile_stop',
  'post_office_culture_point',
  'school_book_corner',
  'reading_room',
] as const;
export type ServicePointKind = (typeof SERVICE_POINT_KINDS)[number];

/** Vietnamese names of the institution types, for user-facing text. */
export const INSTITUTION_TYPE_NAMES_VI: Record<InstitutionType, string> = {
  national_library: 'Thư viện Quốc gia Việt Nam',
  public_library: 'Thư viện công cộng',
  specialised_library: 'Thư viện chuyên ngành',
  armed_forces_library: 'Thư viện lực lượng vũ trang nhân dân',
  university_library: 'Thư viện cơ sở giáo dục đại học',
  school_library: 'Thư viện cơ sở giáo dục mầm non, phổ thông, nghề nghiệp và cơ sở giáo dục khác',
  community_library: 'Thư viện cộng đồng và thư viện tư nhân có phục vụ cộng đồng',
  foreign_library: 'Thư viện của tổ chức, cá nhân nước ngoài có phục vụ người Việt Nam',
  museum: 'Bảo tàng',
  cultural_centre: 'Trung tâm văn hóa',
  cultural_house: 'Nhà văn hóa',
  community_learning_centre: 'Trung tâm học tập cộng đồng',
};

/** `YYYY-MM-DD`. */
export type IsoDate = string;
