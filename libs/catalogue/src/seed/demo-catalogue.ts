import type { AccessibleFormat, Audience, Author, RecordInput } from '../catalogue.types.js';

/** Deterministic pseudo-random numbers, so the demo catalogue is the same at every start. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid ISBN-13 in Vietnam's 978-604 group. */
export function demoIsbn(n: number): string {
  const body = `978604${String(n).padStart(6, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return body + String((10 - (sum % 10)) % 10);
}

type Kind = 'classic' | 'children' | 'school' | 'agriculture' | 'local_history' | 'minority' | 'general';

export interface DemoTitle {
  kind: Kind;
  title: string;
  subtitle?: string;
  authors: Author[];
  subjects: string[];
  ddc: string;
  language?: string;
  audience?: Audience;
  summary?: string;
  accessible?: AccessibleFormat[];
  localContent?: boolean;
  series?: string;
  /** How many editions to generate (publisher/year variants). */
  editions: number;
}

const a = (name: string, role: Author['role'] = 'author'): Author => ({ name, role });

const CLASSICS: [string, string, string, number, string?][] = [
  [
    'Truyện Kiều',
    'Nguyễn Du',
    'Truyện thơ',
    14,
    'Đoạn trường tân thanh: 3.254 câu lục bát kể cuộc đời mười lăm năm lưu lạc của Thúy Kiều.',
  ],
  ['Lục Vân Tiên', 'Nguyễn Đình Chiểu', 'Truyện thơ', 8, 'Truyện thơ Nôm đề cao đạo lý nhân nghĩa của người Nam Bộ.'],
  ['Chinh phụ ngâm', 'Đặng Trần Côn', 'Ngâm khúc', 5],
  ['Cung oán ngâm khúc', 'Nguyễn Gia Thiều', 'Ngâm khúc', 4],
  ['Quốc âm thi tập', 'Nguyễn Trãi', 'Thơ Nôm', 3],
  ['Bình Ngô đại cáo', 'Nguyễn Trãi', 'Văn chính luận', 3],
  ['Truyền kỳ mạn lục', 'Nguyễn Dữ', 'Truyện truyền kỳ', 4],
  ['Hoàng Lê nhất thống chí', 'Ngô gia văn phái', 'Tiểu thuyết chương hồi', 5],
  ['Thơ Hồ Xuân Hương', 'Hồ Xuân Hương', 'Thơ Nôm', 6],
  ['Số đỏ', 'Vũ Trọng Phụng', 'Tiểu thuyết', 9, 'Tiểu thuyết trào phúng về xã hội thành thị Hà Nội những năm 1930.'],
  ['Tắt đèn', 'Ngô Tất Tố', 'Tiểu thuyết', 8, 'Chị Dậu và cảnh sưu thuế ở nông thôn Bắc Bộ trước Cách mạng.'],
  ['Chí Phèo', 'Nam Cao', 'Truyện ngắn', 10],
  ['Lão Hạc', 'Nam Cao', 'Truyện ngắn', 7],
  ['Đời thừa', 'Nam Cao', 'Truyện ngắn', 3],
  ['Gió đầu mùa', 'Thạch Lam', 'Truyện ngắn', 4],
  ['Hai đứa trẻ', 'Thạch Lam', 'Truyện ngắn', 4],
  ['Những ngày thơ ấu', 'Nguyên Hồng', 'Hồi ký', 5],
  ['Bỉ vỏ', 'Nguyên Hồng', 'Tiểu thuyết', 3],
  ['Vang bóng một thời', 'Nguyễn Tuân', 'Tùy bút', 4],
  ['Vợ chồng A Phủ', 'Tô Hoài', 'Truyện ngắn', 6],
  ['Nhật ký trong tù', 'Hồ Chí Minh', 'Thơ', 8],
  ['Đường Kách mệnh', 'Hồ Chí Minh', 'Chính trị', 4],
  ['Đất nước đứng lên', 'Nguyên Ngọc', 'Tiểu thuyết', 3],
  ['Rừng xà nu', 'Nguyễn Trung Thành', 'Truyện ngắn', 4],
  ['Mảnh trăng cuối rừng', 'Nguyễn Minh Châu', 'Truyện ngắn', 3],
  ['Chiếc thuyền ngoài xa', 'Nguyễn Minh Châu', 'Truyện ngắn', 3],
  ['Nỗi buồn chiến tranh', 'Bảo Ninh', 'Tiểu thuyết', 4],
  ['Đất rừng phương Nam', 'Đoàn Giỏi', 'Tiểu thuyết', 7],
  ['Tuổi thơ dữ dội', 'Phùng Quán', 'Tiểu thuyết', 5],
  ['Mắt biếc', 'Nguyễn Nhật Ánh', 'Tiểu thuyết', 6],
  ['Tôi thấy hoa vàng trên cỏ xanh', 'Nguyễn Nhật Ánh', 'Tiểu thuyết', 6],
  ['Cho tôi xin một vé đi tuổi thơ', 'Nguyễn Nhật Ánh', 'Tiểu thuyết', 6],
  ['Thương nhớ mười hai', 'Vũ Bằng', 'Tùy bút', 3],
  ['Hà Nội băm sáu phố phường', 'Thạch Lam', 'Tùy bút', 3],
  ['Sống mòn', 'Nam Cao', 'Tiểu thuyết', 3],
  ['Việt Nam sử lược', 'Trần Trọng Kim', 'Lịch sử', 6],
];

const FOLK_TALES = [
  'Tấm Cám',
  'Sọ Dừa',
  'Thánh Gióng',
  'Sơn Tinh, Thủy Tinh',
  'Cây khế',
  'Sự tích trầu cau',
  'Con Rồng cháu Tiên',
  'Thạch Sanh',
  'Cóc kiện trời',
  'Sự tích dưa hấu',
  'Sự tích bánh chưng, bánh giầy',
  'Ăn khế trả vàng',
  'Cây tre trăm đốt',
  'Sự tích Hồ Gươm',
  'Mị Châu – Trọng Thủy',
  'Chử Đồng Tử',
  'Thầy bói xem voi',
  'Ếch ngồi đáy giếng',
  'Sự tích chú Cuội cung trăng',
  'Thỏ và Rùa',
];
const CHILDREN_BOOKS: [string, string, number][] = [
  ['Dế Mèn phiêu lưu ký', 'Tô Hoài', 10],
  ['Quê nội', 'Võ Quảng', 4],
  ['Góc sân và khoảng trời', 'Trần Đăng Khoa', 5],
  ['Kính vạn hoa', 'Nguyễn Nhật Ánh', 8],
  ['Cô bé bán diêm', 'Hans Christian Andersen', 5],
  ['Hoàng tử bé', 'Antoine de Saint-Exupéry', 6],
  ['Không gia đình', 'Hector Malot', 5],
  ['Những tấm lòng cao cả', 'Edmondo De Amicis', 5],
  ['Hai vạn dặm dưới đáy biển', 'Jules Verne', 4],
  ['Chuyện con mèo dạy hải âu bay', 'Luis Sepúlveda', 4],
];

const SCHOOL_SERIES = ['Kết nối tri thức với cuộc sống', 'Chân trời sáng tạo', 'Cánh Diều'];
const SCHOOL_SUBJECTS: [string, number, number, string][] = [
  ['Tiếng Việt', 1, 5, '495.922'],
  ['Toán', 1, 12, '510'],
  ['Ngữ văn', 6, 12, '807'],
  ['Tự nhiên và Xã hội', 1, 3, '372.35'],
  ['Khoa học', 4, 5, '372.35'],
  ['Lịch sử và Địa lí', 4, 9, '372.89'],
  ['Khoa học tự nhiên', 6, 9, '507'],
  ['Tiếng Anh', 3, 12, '428'],
  ['Đạo đức', 1, 5, '170'],
  ['Giáo dục công dân', 6, 9, '370.114'],
  ['Tin học', 3, 12, '004'],
  ['Hoạt động trải nghiệm', 1, 9, '371.8'],
];

const AGRICULTURE: [string, string, boolean][] = [
  ['Kỹ thuật trồng và chăm sóc cà phê chè (Arabica) ở Hướng Hóa', 'Cà phê', true],
  ['Tái canh cà phê vối trên đất đỏ bazan Khe Sanh', 'Cà phê', true],
  ['Phòng trừ sâu bệnh hại cà phê', 'Cà phê', false],
  ['Thu hái, sơ chế và bảo quản cà phê nhân', 'Cà phê', false],
  ['Cà phê Khe Sanh: từ nương rẫy đến thương hiệu', 'Cà phê', true],
  ['Trồng chuối tiêu hồng theo VietGAP', 'Cây ăn quả', false],
  ['Trồng sắn bền vững trên đất dốc', 'Cây lương thực', false],
  ['Kỹ thuật trồng hồ tiêu', 'Cây công nghiệp', false],
  ['Trồng rừng keo lai gỗ lớn', 'Lâm nghiệp', false],
  ['Nuôi bò vỗ béo cho đồng bào vùng cao', 'Chăn nuôi', false],
  ['Nuôi gà thả vườn an toàn sinh học', 'Chăn nuôi', false],
  ['Chăn nuôi lợn an toàn sinh học phòng dịch tả lợn châu Phi', 'Chăn nuôi', false],
  ['Ủ phân hữu cơ vi sinh từ phụ phẩm nông nghiệp', 'Đất và phân bón', false],
  ['Nuôi cá nước ngọt trong ao hộ gia đình', 'Thủy sản', false],
  ['Canh tác lúa nước tiết kiệm nước', 'Cây lương thực', false],
  ['Trồng dược liệu dưới tán rừng', 'Dược liệu', false],
  ['Kỹ thuật nuôi ong lấy mật', 'Chăn nuôi', false],
  ['Trồng cây bơ sáp trên đất dốc', 'Cây ăn quả', false],
];

const LOCAL_HISTORY: [string, string][] = [
  ['Lịch sử Đảng bộ huyện Hướng Hóa (1930–2020)', 'Quảng Trị'],
  ['Địa chí Quảng Trị', 'Quảng Trị'],
  ['Khe Sanh – những ngày lịch sử', 'Quảng Trị'],
  ['Di tích lịch sử Làng Vây', 'Quảng Trị'],
  ['Đường 9 – Khe Sanh trong kháng chiến chống Mỹ', 'Quảng Trị'],
  ['Lịch sử Đảng bộ xã Tân Hợp', 'Quảng Trị'],
  ['Lao Bảo – cửa khẩu và nhà tù', 'Quảng Trị'],
  ['Văn hóa truyền thống người Bru – Vân Kiều', 'Quảng Trị'],
  ['Lễ hội đâm trâu của người Pa Kô', 'Quảng Trị'],
  ['Thành cổ Quảng Trị – 81 ngày đêm', 'Quảng Trị'],
  ['Địa chí Kon Tum', 'Kon Tum'],
  ['Nhà rông Tây Nguyên', 'Kon Tum'],
  ['Lịch sử Đảng bộ huyện Đắk Hà', 'Kon Tum'],
  ['Địa chí Quảng Ngãi', 'Quảng Ngãi'],
  ['Đình làng Quảng Nghiệp', 'Hải Dương'],
  ['Lịch sử thành phố Cần Thơ', 'Cần Thơ'],
  ['Chợ nổi Cái Răng', 'Cần Thơ'],
  ['Hà Nội – ba mươi sáu phố phường xưa và nay', 'Hà Nội'],
];

const MINORITY: [string, string, string][] = [
  ['Truyện cổ Vân Kiều', 'bru', 'Song ngữ Bru – Việt'],
  ['Sổ tay phòng chống sốt rét', 'bru', 'Tiếng Bru – Vân Kiều'],
  ['Học chữ Bru – Vân Kiều', 'bru', 'Sách dạy chữ cho người lớn'],
  ['Từ điển Việt – Bru', 'bru', 'Từ điển song ngữ'],
  ['Trồng cà phê cho bà con Vân Kiều', 'bru', 'Tài liệu khuyến nông song ngữ'],
  ['Dân ca Vân Kiều', 'bru', 'Sưu tầm và phiên âm'],
  ['Truyện cổ Pa Kô', 'pac', 'Song ngữ Pa Kô – Việt'],
  ['Học tiếng Pa Kô', 'pac', 'Giáo trình cho cán bộ cơ sở'],
  ['Sổ tay chăm sóc sức khỏe bà mẹ và trẻ em', 'pac', 'Tiếng Pa Kô'],
  ['Luật tục Pa Kô', 'pac', 'Sưu tầm, biên dịch'],
  ['Truyện cổ Ba Na', 'bdq', 'Song ngữ Ba Na – Việt'],
  ['Sử thi Xơ Đăng', 'sed', 'Song ngữ Xơ Đăng – Việt'],
  ['Truyện cổ Khmer Nam Bộ', 'khm', 'Song ngữ Khmer – Việt'],
];

const GENERAL_TOPICS: [string, string, string][] = [
  ['Sổ tay phòng chống đuối nước cho trẻ em', 'Sức khỏe', '613.6'],
  ['Kỹ năng sống cho học sinh tiểu học', 'Kỹ năng sống', '646.7'],
  ['Hướng dẫn sử dụng điện thoại thông minh cho người cao tuổi', 'Công nghệ thông tin', '004.16'],
  ['An toàn giao thông cho mọi người', 'Giao thông', '363.125'],
  ['Pháp luật về đất đai dành cho nông dân', 'Pháp luật', '346.04'],
  ['Dinh dưỡng cho trẻ dưới 5 tuổi', 'Sức khỏe', '613.2'],
  ['Chuyển đổi số trong thư viện cơ sở', 'Thư viện học', '025.04'],
  ['Văn hóa đọc trong cộng đồng', 'Văn hóa đọc', '028.9'],
  ['Phòng chống thiên tai ở miền Trung', 'Môi trường', '363.34'],
  ['Khởi nghiệp cho thanh niên nông thôn', 'Kinh tế', '658.11'],
  ['Sổ tay tuyên truyền viên cơ sở', 'Chính trị', '324.2'],
  ['Du lịch cộng đồng ở vùng cao', 'Du lịch', '338.4791'],
];

const AUTHORS_POOL = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Văn Cường',
  'Phạm Thị Dung',
  'Hồ Văn Đông',
  'Hồ Thị Lan',
  'Võ Văn Hải',
  'Đặng Thị Hoa',
  'Bùi Quang Huy',
  'Đỗ Thị Mai',
  'Ngô Văn Nam',
  'Dương Thị Ngọc',
  'Lý Văn Phúc',
  'Kiều Thị Quyên',
  'Hồ Văn Bốn',
  'Pả Vi Thị Thơm',
  'A Lăng Văn Tươi',
];

/** The base titles of the demo catalogue; each is expanded into several editions by the seeder. */
export function demoTitles(): DemoTitle[] {
  const out: DemoTitle[] = [];
  for (const [title, author, genre, editions, summary] of CLASSICS) {
    out.push({
      kind: 'classic',
      title,
      authors: [a(author)],
      subjects: ['Văn học Việt Nam', genre],
      ddc: genre === 'Lịch sử' ? '959.7' : genre === 'Chính trị' ? '335.4346' : '895.922',
      editions,
      summary,
      series: editions > 6 ? 'Tủ sách Văn học trong nhà trường' : undefined,
    });
  }
  for (const t of FOLK_TALES)
    out.push({
      kind: 'children',
      title: t,
      authors: [a('Nguyễn Đổng Chi', 'compiler')],
      subjects: ['Truyện cổ tích Việt Nam', 'Văn học thiếu nhi'],
      ddc: '398.209597',
      audience: 'children',
      series: 'Truyện cổ tích Việt Nam',
      editions: 4,
    });
  for (const [title, author, editions] of CHILDREN_BOOKS)
    out.push({
      kind: 'children',
      title,
      authors: [a(author)],
      subjects: ['Văn học thiếu nhi'],
      ddc: '895.9223',
      audience: 'children',
      editions,
    });
  for (const series of SCHOOL_SERIES)
    for (const [subject, from, to, ddc] of SCHOOL_SUBJECTS)
      for (let g = from; g <= to; g++) {
        out.push({
          kind: 'school',
          title: `${subject} ${g}`,
          subtitle: g >= 10 ? 'Sách giáo khoa' : `Sách giáo khoa – Tập ${g % 2 === 0 ? 'một' : 'hai'}`,
          authors: [a('Bộ Giáo dục và Đào tạo', 'editor')],
          subjects: ['Sách giáo khoa', subject],
          ddc,
          audience: g <= 9 ? 'children' : 'youth',
          series,
          editions: 1,
        });
        if (g <= 5 && subject === 'Tiếng Việt')
          out.push({
            kind: 'school',
            title: `${subject} ${g}`,
            subtitle: 'Sách giáo khoa chữ nổi Braille',
            authors: [a('Bộ Giáo dục và Đào tạo', 'editor')],
            subjects: ['Sách giáo khoa', subject, 'Người khiếm thị'],
            ddc,
            audience: 'children',
            series,
            accessible: ['braille'],
            editions: 1,
          });
      }
  for (const [title, subject, local] of AGRICULTURE)
    out.push({
      kind: 'agriculture',
      title,
      authors: [a('Trung tâm Khuyến nông tỉnh Quảng Trị', 'compiler')],
      subjects: ['Khuyến nông', subject],
      ddc: subject === 'Cà phê' ? '633.73' : '630',
      localContent: local,
      summary: local
        ? 'Tài liệu khuyến nông cho nông hộ trồng cà phê ở Khe Sanh, Hướng Phùng, Tân Hợp (huyện Hướng Hóa).'
        : undefined,
      editions: 3,
    });
  for (const [title, province] of LOCAL_HISTORY)
    out.push({
      kind: 'local_history',
      title,
      authors: [a(`Ban Tuyên giáo Tỉnh ủy ${province}`, 'compiler')],
      subjects: ['Địa chí', `Lịch sử ${province}`],
      ddc: '959.7',
      localContent: true,
      editions: 2,
    });
  for (const [title, language, subtitle] of MINORITY)
    out.push({
      kind: 'minority',
      title,
      subtitle,
      authors: [a('Hồ Văn Bốn', 'compiler'), a('Nhà Văn hóa truyền thống các dân tộc Vân Kiều – Pa Kô', 'editor')],
      subjects: ['Văn hóa dân tộc thiểu số', 'Ngôn ngữ dân tộc thiểu số'],
      ddc: '495.93',
      language,
      audience: title.startsWith('Truyện') ? 'children' : 'adult',
      localContent: language === 'bru' || language === 'pac',
      editions: 2,
    });
  for (const [title, subject, ddc] of GENERAL_TOPICS)
    out.push({
      kind: 'general',
      title,
      authors: [a(AUTHORS_POOL[title.length % AUTHORS_POOL.length])],
      subjects: [subject],
      ddc,
      editions: 3,
      accessible: title.includes('người cao tuổi')
        ? ['large_print']
        : title.includes('trẻ em')
          ? ['easy_read']
          : undefined,
    });
  return out;
}

const PUBLISHERS: Record<Kind, [string, string][]> = {
  classic: [
    ['NXB Văn học', 'Hà Nội'],
    ['NXB Hội Nhà văn', 'Hà Nội'],
    ['NXB Kim Đồng', 'Hà Nội'],
    ['NXB Trẻ', 'TP. Hồ Chí Minh'],
    ['NXB Giáo dục Việt Nam', 'Hà Nội'],
  ],
  children: [
    ['NXB Kim Đồng', 'Hà Nội'],
    ['NXB Trẻ', 'TP. Hồ Chí Minh'],
    ['NXB Đồng Nai', 'Biên Hòa'],
  ],
  school: [
    ['NXB Giáo dục Việt Nam', 'Hà Nội'],
    ['NXB Đại học Sư phạm', 'Hà Nội'],
    ['NXB Đại học Sư phạm TP. Hồ Chí Minh', 'TP. Hồ Chí Minh'],
  ],
  agriculture: [
    ['NXB Nông nghiệp', 'Hà Nội'],
    ['NXB Thuận Hóa', 'Huế'],
  ],
  local_history: [
    ['NXB Chính trị quốc gia Sự thật', 'Hà Nội'],
    ['NXB Thuận Hóa', 'Huế'],
    ['NXB Khoa học xã hội', 'Hà Nội'],
  ],
  minority: [
    ['NXB Dân tộc', 'Hà Nội'],
    ['NXB Văn hóa dân tộc', 'Hà Nội'],
  ],
  general: [
    ['NXB Thông tin và Truyền thông', 'Hà Nội'],
    ['NXB Lao động', 'Hà Nội'],
    ['NXB Phụ nữ Việt Nam', 'Hà Nội'],
  ],
};

const EDITION_NAMES = [
  'In lần thứ nhất',
  'Tái bản lần thứ 2',
  'Tái bản lần thứ 3',
  'Tái bản có sửa chữa',
  'Tái bản lần thứ 5',
  'Bản đặc biệt',
  'Tái bản lần thứ 7',
];

/** Expand base titles into editions until `target` records; ISBNs and control numbers are stable per position. */
export function demoRecords(target: number): { input: RecordInput; kind: Kind }[] {
  const rnd = prng(20251122);
  const titles = demoTitles();
  const out: { input: RecordInput; kind: Kind }[] = [];
  let round = 0;
  while (out.length < target) {
    for (const t of titles) {
      const editions = round === 0 ? t.editions : t.kind === 'school' ? 0 : Math.max(1, Math.floor(t.editions / 2));
      for (let e = 0; e < editions && out.length < target; e++) {
        const n = out.length + 1;
        const [publisher, place] = PUBLISHERS[t.kind][Math.floor(rnd() * PUBLISHERS[t.kind].length)];
        const year = t.kind === 'school' ? 2020 + Math.floor(rnd() * 5) : 1985 + Math.floor(rnd() * 40);
        const edition = round * t.editions + e;
        out.push({
          kind: t.kind,
          input: {
            controlNumber: `SD-DEMO-${String(n).padStart(5, '0')}`,
            title: t.title,
            subtitle: t.subtitle ?? null,
            responsibility: t.authors
              .map((x) =>
                x.role === 'author'
                  ? x.name
                  : `${x.name} (${x.role === 'compiler' ? 'biên soạn' : x.role === 'editor' ? 'chủ biên' : x.role})`,
              )
              .join(' ; '),
            authors: t.authors,
            publisher,
            place,
            year,
            edition: edition ? EDITION_NAMES[edition % EDITION_NAMES.length] : null,
            isbns: year >= 1990 ? [demoIsbn(n)] : [],
            language: t.language ?? 'vie',
            subjects: t.subjects,
            ddc: t.ddc,
            series: t.series ?? null,
            summary: t.summary ?? null,
            audience: t.audience ?? 'adult',
            accessibleFormats: t.accessible ?? [],
            localContent: t.localContent ?? false,
          },
        });
      }
    }
    round++;
  }
  return out;
}
