import type { SeededRandom } from './random.js';

// Vietnamese vocabulary for synthetic but realistic data (benchmarks, large demos): people, places, institutions
// and book titles. Lists are ordered most common first, for SeededRandom.pickSkewed. All strings are NFC.

/** Family names (họ), roughly by frequency. */
export const FAMILY_NAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Lâm',
  'Trịnh',
  'Mai',
  'Đoàn',
  'Cao',
  'Lương',
  'Tô',
  'Hà',
  'Kiều',
  'Thái',
  'Quách',
] as const;
/** Middle names (tên đệm) for men and women. */
export const MIDDLE_NAMES = {
  male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Thanh', 'Xuân', 'Công', 'Gia', 'Bảo', 'Hoàng', 'Tuấn'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Phương', 'Minh', 'Hoài', 'Kim', 'Bảo', 'Mỹ', 'Khánh', 'Diệu'],
} as const;
/** Given names (tên). */
export const GIVEN_NAMES = {
  male: [
    'Anh',
    'Bình',
    'Cường',
    'Dũng',
    'Đạt',
    'Đông',
    'Đức',
    'Hải',
    'Hiếu',
    'Hùng',
    'Huy',
    'Khang',
    'Khánh',
    'Long',
    'Minh',
    'Nam',
    'Phúc',
    'Quân',
    'Quang',
    'Sơn',
    'Tài',
    'Thắng',
    'Thành',
    'Trung',
    'Tuấn',
    'Việt',
    'Vinh',
  ],
  female: [
    'An',
    'Chi',
    'Giang',
    'Hà',
    'Hạnh',
    'Hoa',
    'Hương',
    'Huyền',
    'Lan',
    'Linh',
    'Loan',
    'Mai',
    'My',
    'Ngân',
    'Ngọc',
    'Nhung',
    'Oanh',
    'Phương',
    'Quỳnh',
    'Tâm',
    'Thảo',
    'Thủy',
    'Trang',
    'Uyên',
    'Vân',
    'Yến',
  ],
} as const;

/** The 34 provinces and centrally governed cities from 1 July 2025. */
export const PROVINCES = [
  'Thành phố Hồ Chí Minh',
  'Hà Nội',
  'Hải Phòng',
  'Đà Nẵng',
  'Cần Thơ',
  'Huế',
  'Nghệ An',
  'Thanh Hóa',
  'Đồng Nai',
  'An Giang',
  'Đắk Lắk',
  'Gia Lai',
  'Khánh Hòa',
  'Lâm Đồng',
  'Quảng Ngãi',
  'Quảng Trị',
  'Hà Tĩnh',
  'Ninh Bình',
  'Hưng Yên',
  'Bắc Ninh',
  'Phú Thọ',
  'Thái Nguyên',
  'Tuyên Quang',
  'Lào Cai',
  'Lạng Sơn',
  'Cao Bằng',
  'Điện Biên',
  'Lai Châu',
  'Sơn La',
  'Quảng Ninh',
  'Tây Ninh',
  'Vĩnh Long',
  'Đồng Tháp',
  'Cà Mau',
] as const;
/** Syllables that Vietnamese commune and ward names are built from (Tân Phú, An Lạc, Hòa Bình…). */
export const PLACE_SYLLABLES = [
  'Tân',
  'Phú',
  'An',
  'Bình',
  'Hòa',
  'Long',
  'Thạnh',
  'Xuân',
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Hưng',
  'Lộc',
  'Phước',
  'Mỹ',
  'Thuận',
  'Vĩnh',
  'Quảng',
  'Đức',
  'Hiệp',
  'Lạc',
  'Sơn',
  'Thủy',
  'Trung',
  'Hướng',
  'Khánh',
  'Thọ',
  'Yên',
  'Lợi',
] as const;
/** Real place names that appear in the plans and demo data. */
export const KNOWN_PLACES = [
  'Hướng Hóa',
  'Khe Sanh',
  'Đắk Hà',
  'Quảng Nghiệp',
  'Ninh Kiều',
  'Hội An',
  'Sa Pa',
  'Mộc Châu',
  'Phong Nha',
  'Cửa Lò',
  'Tam Đảo',
  'Bến Tre',
  'Châu Đốc',
  'Hà Giang',
  'Mường Thanh',
] as const;

export const INSTITUTION_PATTERNS = [
  'Thư viện tỉnh {province}',
  'Thư viện xã {commune}',
  'Thư viện phường {commune}',
  'Thư viện Trường THCS {commune}',
  'Thư viện Trường Tiểu học {commune}',
  'Bảo tàng tỉnh {province}',
  'Trung tâm Văn hóa - Thể thao xã {commune}',
  'Điểm bưu điện - văn hóa xã {commune}',
] as const;

/** Book title building blocks: literary genres take literary subjects, practical ones practical subjects. */
export const LITERARY_GENRES = ['Tuyển tập', 'Truyện', 'Thơ', 'Những câu chuyện về', 'Tản văn'] as const;
export const LITERARY_SUBJECTS = [
  'quê hương',
  'mùa xuân',
  'tuổi thơ',
  'biển đảo Việt Nam',
  'người lính',
  'mẹ',
  'dòng sông tuổi nhỏ',
  'làng quê Bắc Bộ',
  'cổ tích Việt Nam',
  'ca dao tục ngữ',
  'Tây Nguyên',
] as const;
export const PRACTICAL_GENRES = [
  'Giáo trình',
  'Sổ tay',
  'Cẩm nang',
  'Hỏi đáp về',
  'Tìm hiểu',
  'Kỹ thuật',
  'Hướng dẫn',
] as const;
export const PRACTICAL_SUBJECTS = [
  'trồng lúa',
  'chăn nuôi gia cầm',
  'làng nghề truyền thống',
  'y học cổ truyền',
  'tin học văn phòng',
  'kỹ năng sống',
  'pháp luật đất đai',
  'phòng chống thiên tai',
  'nuôi dạy con',
  'khởi nghiệp nông thôn',
  'văn hóa đọc',
  'ẩm thực ba miền',
  'bảo vệ môi trường',
  'chuyển đổi số',
  'tiếng Anh giao tiếp',
  'cây cà phê',
  'nuôi tôm',
  'an toàn giao thông',
] as const;
export const TITLE_AUDIENCES = [
  'cho thiếu nhi',
  'cho nông dân',
  'cho học sinh',
  'cho người cao tuổi',
  'dành cho thanh niên',
  'cho cán bộ cơ sở',
] as const;
export const PUBLISHERS = [
  'NXB Kim Đồng',
  'NXB Trẻ',
  'NXB Văn học',
  'NXB Giáo dục Việt Nam',
  'NXB Chính trị quốc gia Sự thật',
  'NXB Hội Nhà văn',
  'NXB Nông nghiệp',
  'NXB Tổng hợp TP. Hồ Chí Minh',
  'NXB Đà Nẵng',
  'NXB Thuận Hóa',
  'NXB Khoa học và Kỹ thuật',
  'NXB Văn hóa dân tộc',
] as const;

export type Gender = 'male' | 'female';

/** Builds Vietnamese names, places and titles from a seeded random source. */
export class VietnameseVocabulary {
  constructor(private readonly rng: SeededRandom) {}

  person(gender: Gender = this.rng.chance(0.5) ? 'male' : 'female'): {
    familyName: string;
    middleName: string;
    givenName: string;
    fullName: string;
    gender: Gender;
  } {
    const familyName = this.rng.pickSkewed(FAMILY_NAMES);
    const middleName = this.rng.pick(MIDDLE_NAMES[gender]);
    const givenName = this.rng.pick(GIVEN_NAMES[gender]);
    return { familyName, middleName, givenName, fullName: `${familyName} ${middleName} ${givenName}`, gender };
  }

  province(): string {
    return this.rng.pickSkewed(PROVINCES, 1.5);
  }

  /** A plausible commune or ward name (two syllables, e.g. "Tân Lộc"), or a real one now and then. */
  commune(): string {
    if (this.rng.chance(0.1)) return this.rng.pick(KNOWN_PLACES);
    const a = this.rng.pick(PLACE_SYLLABLES);
    let b = this.rng.pick(PLACE_SYLLABLES);
    while (b === a) b = this.rng.pick(PLACE_SYLLABLES);
    return `${a} ${b}`;
  }

  institution(): string {
    return this.rng
      .pick(INSTITUTION_PATTERNS)
      .replace('{province}', this.province())
      .replace('{commune}', this.commune());
  }

  /** "Cẩm nang trồng lúa cho nông dân", "Địa chí Quảng Trị", "Thơ quê hương"… */
  title(): string {
    const kind = this.rng.next();
    if (kind < 0.15)
      return `${this.rng.pick(['Địa chí', 'Lịch sử', 'Văn hóa dân gian'])} ${this.rng.chance(0.6) ? this.province() : this.commune()}`;
    if (kind < 0.55) return `${this.rng.pick(LITERARY_GENRES)} ${this.rng.pick(LITERARY_SUBJECTS)}`;
    const audience = this.rng.chance(0.3) ? ` ${this.rng.pick(TITLE_AUDIENCES)}` : '';
    return `${this.rng.pick(PRACTICAL_GENRES)} ${this.rng.pick(PRACTICAL_SUBJECTS)}${audience}`;
  }

  publisher(): string {
    return this.rng.pickSkewed(PUBLISHERS);
  }

  /** A birth date between `minAge` and `maxAge` years before `today` (YYYY-MM-DD). */
  birthDate(today: Date, minAge = 6, maxAge = 80): string {
    const days = this.rng.int(minAge * 365, maxAge * 365);
    return new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  }

  /** A Vietnamese mobile number (09x/03x/08x…). */
  phone(): string {
    return `${this.rng.pick(['09', '03', '08', '07', '05'])}${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`;
  }
}
