import { Injectable } from '@nestjs/common';
import {
  AppConfig,
  DemoSeeder,
  type DemoAccount,
  type SeedReport,
  type Seeder,
  type StaffRole,
} from '@suotdoi/platform';
import { InstitutionsService, UnitsService } from '@suotdoi/network';
import { AccountsService } from '../accounts/accounts.service.js';
import { PatronsService } from '../patrons/patrons.service.js';
import type { PatronCategory } from '../patrons/patrons.repository.js';

/** Password of every demo account (printed by the start command; demo accounts are never created in production). */
export const DEMO_PASSWORD = 'SuotDoi-demo-2025';

interface DemoStaff {
  email: string;
  name: string;
  role: string;
  roles: { institution: string; roles: StaffRole[] }[];
}

const STAFF: DemoStaff[] = [
  {
    email: 'quanly.tv.huonghoa@suotdoi.vn',
    name: 'Nguyễn Thị Lệ',
    role: 'librarian (manager)',
    roles: [{ institution: 'QT-HH-TV', roles: ['manager'] }],
  },
  {
    email: 'thuthu.huonghoa@suotdoi.vn',
    name: 'Hồ Thị Xuân',
    role: 'librarian (circulation, events)',
    roles: [{ institution: 'QT-HH-TV', roles: ['circulation', 'events'] }],
  },
  {
    email: 'bienmuc.huonghoa@suotdoi.vn',
    name: 'Lê Văn Đức',
    role: 'librarian (cataloguing, 3 libraries)',
    roles: [
      { institution: 'QT-HH-TV', roles: ['cataloguing'] },
      { institution: 'QT-HH-TV-TH', roles: ['cataloguing', 'circulation'] },
      { institution: 'QT-HH-TV-LB', roles: ['cataloguing', 'circulation'] },
    ],
  },
  {
    email: 'vankieu.pako@suotdoi.vn',
    name: 'Hồ Văn Pâu',
    role: 'culture house staff (events)',
    roles: [{ institution: 'QT-HH-NVH-VKPK', roles: ['events', 'manager'] }],
  },
  {
    email: 'thuthu.dakha@suotdoi.vn',
    name: 'Y Blông',
    role: 'librarian (Đắk Hà)',
    roles: [{ institution: 'KT-DH-TV', roles: ['circulation', 'cataloguing', 'events', 'manager'] }],
  },
  {
    email: 'thuthu.quangnghiep@suotdoi.vn',
    name: 'Phạm Thị Hằng',
    role: 'commune librarian (Quảng Nghiệp)',
    roles: [{ institution: 'HD-TK-TV-QN', roles: ['circulation', 'cataloguing', 'events', 'manager'] }],
  },
];

const ADMINS = [
  {
    email: 'so.vhttdl.quangtri@suotdoi.vn',
    name: 'Sở VHTTDL Quảng Trị',
    role: 'network admin (province Quảng Trị)',
    unit: 'QT',
  },
  {
    email: 'ubnd.khesanh@suotdoi.vn',
    name: 'UBND xã Khe Sanh',
    role: 'network admin (commune Khe Sanh)',
    unit: 'QT-KS',
  },
  {
    email: 'so.vhttdl.quangngai@suotdoi.vn',
    name: 'Sở VHTTDL Quảng Ngãi',
    role: 'network admin (province Quảng Ngãi, incl. Đắk Hà)',
    unit: 'QNG',
  },
  { email: 'so.vhttdl.cantho@suotdoi.vn', name: 'Sở VHTTDL Cần Thơ', role: 'network admin (city Cần Thơ)', unit: 'CT' },
];

const PATRONS: {
  email: string;
  name: string;
  role: string;
  birthDate: string;
  category: PatronCategory;
  institution: string;
  guardian?: string;
}[] = [
  {
    email: 'bandoc@suotdoi.vn',
    name: 'Hồ Văn Kiên',
    role: 'patron (adult, Hướng Hóa)',
    birthDate: '1995-09-02',
    category: 'adult',
    institution: 'QT-HH-TV',
  },
  {
    email: 'bandoc.nho@suotdoi.vn',
    name: 'Hồ Thị Mai',
    role: 'patron (child, guardian consent)',
    birthDate: '2015-06-01',
    category: 'child',
    institution: 'QT-HH-TV',
    guardian: 'Hồ Thị Lan',
  },
  {
    email: 'giaovien@suotdoi.vn',
    name: 'Nguyễn Thị Hương',
    role: 'patron (teacher)',
    birthDate: '1984-11-20',
    category: 'teacher',
    institution: 'QT-HH-TV',
  },
  {
    email: 'truong.th.laobao@suotdoi.vn',
    name: 'Trường Tiểu học Lao Bảo',
    role: 'patron (organisation: deposit collections)',
    birthDate: '1976-09-05',
    category: 'organisation',
    institution: 'QT-HH-TV',
  },
  {
    email: 'bandoc.dakha@suotdoi.vn',
    name: 'A Thị Y Nhi',
    role: 'patron (student, Đắk Hà)',
    birthDate: '2006-03-26',
    category: 'student',
    institution: 'KT-DH-TV',
  },
  {
    email: 'bandoc.quangnghiep@suotdoi.vn',
    name: 'Vũ Văn Thọ',
    role: 'patron (senior, Quảng Nghiệp)',
    birthDate: '1952-05-19',
    category: 'senior',
    institution: 'HD-TK-TV-QN',
  },
];

/** Demo accounts for every role (order 20, after the network). Idempotent by e-mail. */
@Injectable()
@DemoSeeder(20)
export class IdentitySeeder implements Seeder {
  constructor(
    private readonly accounts: AccountsService,
    private readonly patrons: PatronsService,
    private readonly institutions: InstitutionsService,
    private readonly units: UnitsService,
    private readonly config: AppConfig,
  ) {}

  private async account(email: string, name: string, systemAdmin = false): Promise<{ id: string; created: boolean }> {
    const existing = await this.accounts.findByEmail(email);
    if (existing) return { id: existing.id, created: false };
    return {
      id: await this.accounts.create({
        email,
        displayName: name,
        password: DEMO_PASSWORD,
        status: 'active',
        systemAdmin,
      }),
      created: true,
    };
  }

  private async institutionId(code: string): Promise<string> {
    const i = await this.institutions.findByCode(code);
    if (!i) throw new Error(`demo institution ${code} missing: the network seeder must run first`);
    return i.id;
  }

  async seed(): Promise<SeedReport> {
    if (this.config.isProduction) return { summary: ['identity: demo accounts are not created in production'] };
    const out: DemoAccount[] = [];
    await this.account('quantri@suotdoi.vn', 'Quản trị hệ thống', true);
    out.push({
      role: 'system administrator',
      login: 'quantri@suotdoi.vn',
      password: DEMO_PASSWORD,
      note: 'also opens /admin/queues',
    });

    for (const a of ADMINS) {
      const { id } = await this.account(a.email, a.name);
      const unit = await this.units.findByCode(a.unit);
      if (unit) await this.accounts.grantAdminScope(id, unit.id, null);
      out.push({ role: a.role, login: a.email, password: DEMO_PASSWORD });
    }
    const staffIds = new Map<string, string>();
    for (const s of STAFF) {
      const { id } = await this.account(s.email, s.name);
      for (const r of s.roles)
        await this.accounts.setStaffRoles(id, await this.institutionId(r.institution), r.roles, null);
      staffIds.set(s.email, id);
      out.push({ role: s.role, login: s.email, password: DEMO_PASSWORD });
    }
    for (const p of PATRONS) {
      const existing = await this.accounts.findByEmail(p.email);
      let card: string | null;
      if (existing) card = (await this.patrons.findByAccount(existing.id))?.cardNumber ?? null;
      else {
        const home = await this.institutionId(p.institution);
        const selfCategory = ['child', 'student', 'adult', 'senior'].includes(p.category) ? p.category : 'adult';
        const { patronId } = await this.patrons.selfRegister({
          email: p.email,
          password: DEMO_PASSWORD,
          fullName: p.name,
          birthDate: p.birthDate,
          category: selfCategory,
          homeInstitutionId: home,
          consent: p.guardian
            ? { guardianName: p.guardian, guardianRelationship: 'mẹ', childConsents: true }
            : undefined,
        });
        // The desk librarian checks identity and issues the card (and sets staff-only categories).
        const desk = STAFF.find((s) =>
          s.roles.some(
            (r) => r.institution === p.institution && (r.roles.includes('circulation') || r.roles.includes('manager')),
          ),
        )!;
        const principal = (await this.accounts.principal(staffIds.get(desk.email)!))!;
        let patron = await this.patrons.verifyAtDesk(principal, patronId);
        if (selfCategory !== p.category)
          patron = await this.patrons.update(principal, patronId, { category: p.category });
        card = patron.cardNumber;
      }
      out.push({ role: p.role, login: p.email, password: DEMO_PASSWORD, note: card ? `card ${card}` : undefined });
    }
    return { summary: [`identity: ${out.length} demo accounts (password ${DEMO_PASSWORD})`], accounts: out };
  }
}
