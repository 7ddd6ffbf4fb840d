import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import { AUDIENCES, CATEGORY_VI, PROGRAMME_CATEGORIES, type ProgrammeCategory } from '../../events.types.js';
import type { ProgrammeRow, RoomRow, SessionRow } from '../programmes.service.js';

const nfc = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value.normalize('NFC').trim()
    : Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? v.normalize('NFC').trim() : v))
      : value;

export class RoomInputDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;

  @ApiProperty({ example: 'Phòng đa năng tầng 2' })
  @Transform(nfc)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: 'Seats; a session in the room cannot take more.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  seats?: number;

  @ApiPropertyOptional({ description: 'Minutes blocked before each booking to set the room up.', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  setupMinutes?: number;

  @ApiPropertyOptional({ description: 'Minutes blocked after each booking to clear it down.', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  cleardownMinutes?: number;
}

export class RoomQueryDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;
}

export class RoomDto {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) seats: number | null;
  @ApiProperty() setupMinutes: number;
  @ApiProperty() cleardownMinutes: number;
  static of(r: RoomRow): RoomDto {
    return Object.assign(new RoomDto(), {
      id: r.id,
      institutionId: r.institutionId,
      name: r.name,
      seats: r.seats,
      setupMinutes: r.setupMinutes,
      cleardownMinutes: r.cleardownMinutes,
    });
  }
}

export class RoomListDto {
  @ApiProperty({ type: [RoomDto] }) items: RoomDto[];
  static of(rows: RoomRow[]): RoomListDto {
    return Object.assign(new RoomListDto(), { items: rows.map(RoomDto.of) });
  }
}

/** Where and when: one session, or the first of a series repeated by `rrule`. */
export class ScheduleDto {
  @ApiProperty({
    example: '2026-04-04T08:00',
    description: 'ISO 8601; without an offset it is Vietnam time (Asia/Ho_Chi_Minh).',
  })
  @IsISO8601()
  startsAt: string;

  @ApiProperty({ example: '2026-04-04T10:00' })
  @IsISO8601()
  endsAt: string;

  @ApiPropertyOptional({
    example: 'FREQ=WEEKLY;BYDAY=SA;COUNT=8',
    description: 'RFC 5545 recurrence rule (COUNT or UNTIL required), in Vietnam wall time.',
  })
  @IsOptional()
  @IsString()
  @Length(5, 300)
  rrule?: string;

  @ApiPropertyOptional({ description: 'A room of the institution (never double-booked).' })
  @IsOptional()
  @IsUUID()
  roomId?: string;

  @ApiPropertyOptional({
    example: 'Sân Nhà văn hóa thôn Tân Hòa',
    description: 'An outside place, when not in a room.',
  })
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(1, 300)
  place?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  online?: boolean;

  @ApiPropertyOptional({ description: 'Seats; omit for an open event.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  capacity?: number;

  @ApiPropertyOptional({ description: 'When registration opens (default: now).' })
  @IsOptional()
  @IsISO8601()
  registrationOpensAt?: string;

  @ApiPropertyOptional({ description: 'When registration closes (default: when the session starts).' })
  @IsOptional()
  @IsISO8601()
  registrationClosesAt?: string;
}

export class ProgrammeInputDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;

  @ApiProperty({ example: 'Ngày Sách và Văn hóa đọc Việt Nam 2026' })
  @Transform(nfc)
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(0, 5000)
  description?: string;

  @ApiProperty({ enum: PROGRAMME_CATEGORIES })
  @IsIn(PROGRAMME_CATEGORIES)
  category: ProgrammeCategory;

  @ApiPropertyOptional({ enum: AUDIENCES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(AUDIENCES, { each: true })
  audiences?: string[];

  @ApiPropertyOptional({ example: 'vie', description: 'ISO 639-2 code of the language it is held in.' })
  @IsOptional()
  @IsString()
  @Length(3, 3)
  language?: string;

  @ApiPropertyOptional({ type: [String], example: ['Thư viện tỉnh Quảng Trị'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Transform(nfc)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  organisers?: string[];

  @ApiPropertyOptional({ type: [String], example: ['Đoàn Thanh niên xã'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Transform(nfc)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  partners?: string[];

  @ApiPropertyOptional({
    enum: ['none', 'session', 'series'],
    default: 'session',
    description: 'none: open event (headcount); session: book each session; series: book all sessions at once.',
  })
  @IsOptional()
  @IsIn(['none', 'session', 'series'])
  registration?: 'none' | 'session' | 'series';

  @ApiPropertyOptional({
    enum: ['auto', 'offer'],
    default: 'auto',
    description: 'A freed seat goes to the next in line at once, or is offered for claimHours.',
  })
  @IsOptional()
  @IsIn(['auto', 'offer'])
  promotion?: 'auto' | 'offer';

  @ApiPropertyOptional({ default: 24 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(336)
  claimHours?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  minAge?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  maxAge?: number;

  @ApiPropertyOptional({ default: 0, description: 'Patrons may cancel until this many hours before a session.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  cancelHoursBefore?: number;

  @ApiPropertyOptional({ description: 'The club whose meetings these are.' })
  @IsOptional()
  @IsUUID()
  clubId?: string;

  @ApiPropertyOptional({ type: ScheduleDto, description: 'Sessions to create with the programme (all or nothing).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule?: ScheduleDto;
}

/** What staff may change on a programme; omitted fields stay as they are, null clears an optional one. */
export class ProgrammePatchDto {
  @ApiPropertyOptional({ example: 'Ngày hội đọc sách thiếu nhi Hướng Hóa' })
  @ValidateIf((o: ProgrammePatchDto) => o.title !== undefined)
  @Transform(nfc)
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(0, 5000)
  description?: string | null;

  @ApiPropertyOptional({ enum: PROGRAMME_CATEGORIES })
  @ValidateIf((o: ProgrammePatchDto) => o.category !== undefined)
  @IsIn(PROGRAMME_CATEGORIES)
  category?: ProgrammeCategory;

  @ApiPropertyOptional({ enum: AUDIENCES, isArray: true })
  @ValidateIf((o: ProgrammePatchDto) => o.audiences !== undefined)
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(AUDIENCES, { each: true })
  audiences?: string[];

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf((o: ProgrammePatchDto) => o.organisers !== undefined)
  @IsArray()
  @ArrayMaxSize(20)
  @Transform(nfc)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  organisers?: string[];

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf((o: ProgrammePatchDto) => o.partners !== undefined)
  @IsArray()
  @ArrayMaxSize(20)
  @Transform(nfc)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  partners?: string[];

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  minAge?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  maxAge?: number | null;

  @ApiPropertyOptional({ description: 'Patrons may cancel until this many hours before a session.' })
  @ValidateIf((o: ProgrammePatchDto) => o.cancelHoursBefore !== undefined)
  @IsInt()
  @Min(0)
  @Max(720)
  cancelHoursBefore?: number;
}

export class ProgrammeQueryDto extends PageQueryDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;
}

export class SessionPatchDto {
  @ApiPropertyOptional({
    nullable: true,
    description: 'New capacity (null: open); never below the seats already taken. A larger one promotes the waitlist.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  capacity?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  startsAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  endsAt?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID()
  roomId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(1, 300)
  place?: string;
}

// Named apart from identity's SessionDto (a sign-in's tokens): OpenAPI keeps one schema per name.
@ApiSchema({ name: 'EventSessionDto' })
export class SessionDto {
  @ApiProperty() id: string;
  @ApiProperty() programmeId: string;
  @ApiProperty() programmeTitle: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ nullable: true, type: String }) roomId: string | null;
  @ApiProperty({ nullable: true, type: String }) roomName: string | null;
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty() online: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'null: open event' }) capacity: number | null;
  @ApiProperty({ description: 'Seats confirmed or offered.' }) seatsTaken: number;
  @ApiProperty({ nullable: true, type: Number }) seatsLeft: number | null;
  @ApiProperty() waitlistLength: number;
  @ApiProperty({ nullable: true, type: Date }) registrationOpensAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) registrationClosesAt: Date | null;
  @ApiProperty({ enum: ['scheduled', 'held', 'cancelled'] }) status: string;
  @ApiProperty({ description: 'Registered people checked in.' }) attended: number;
  @ApiProperty() walkIns: number;
  @ApiProperty() onlineAttendees: number;
  @ApiProperty({ nullable: true, type: Number }) headcount: number | null;
  static of(s: SessionRow): SessionDto {
    return Object.assign(new SessionDto(), {
      id: s.id,
      programmeId: s.programmeId,
      programmeTitle: s.programmeTitle,
      institutionId: s.institutionId,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      roomId: s.roomId,
      roomName: s.roomName,
      place: s.place,
      online: s.online,
      capacity: s.capacity,
      seatsTaken: s.confirmedSeats,
      seatsLeft: s.capacity === null ? null : Math.max(0, s.capacity - s.confirmedSeats),
      waitlistLength: s.waitlistLength,
      registrationOpensAt: s.registrationOpensAt,
      registrationClosesAt: s.registrationClosesAt,
      status: s.status,
      attended: s.attended,
      walkIns: s.walkIns,
      onlineAttendees: s.onlineAttendees,
      headcount: s.headcount,
    });
  }
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] }) items: SessionDto[];
  static of(rows: SessionRow[]): SessionListDto {
    return Object.assign(new SessionListDto(), { items: rows.map(SessionDto.of) });
  }
}

export class ProgrammeDto {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty({ nullable: true, type: String }) clubId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: PROGRAMME_CATEGORIES }) category: string;
  @ApiProperty() categoryVi: string;
  @ApiProperty({ type: [String] }) audiences: string[];
  @ApiProperty() language: string;
  @ApiProperty({ type: [String] }) organisers: string[];
  @ApiProperty({ type: [String] }) partners: string[];
  @ApiProperty({ enum: ['none', 'session', 'series'] }) registration: string;
  @ApiProperty({ enum: ['auto', 'offer'] }) promotion: string;
  @ApiProperty() claimHours: number;
  @ApiProperty({ nullable: true, type: Number }) minAge: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxAge: number | null;
  @ApiProperty() cancelHoursBefore: number;
  @ApiProperty({ type: [SessionDto] }) sessions: SessionDto[];
  static of(p: ProgrammeRow, sessions: SessionRow[]): ProgrammeDto {
    return Object.assign(new ProgrammeDto(), {
      id: p.id,
      institutionId: p.institutionId,
      clubId: p.clubId,
      title: p.title,
      description: p.description,
      category: p.category,
      categoryVi: CATEGORY_VI[p.category as ProgrammeCategory] ?? p.category,
      audiences: p.audiences,
      language: p.language,
      organisers: p.organisers,
      partners: p.partners,
      registration: p.registration,
      promotion: p.promotion,
      claimHours: p.claimHours,
      minAge: p.minAge,
      maxAge: p.maxAge,
      cancelHoursBefore: p.cancelHoursBefore,
      sessions: sessions.map(SessionDto.of),
    });
  }
}

export class ProgrammeSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: PROGRAMME_CATEGORIES }) category: string;
  @ApiProperty() categoryVi: string;
  @ApiProperty({ type: [String] }) audiences: string[];
  @ApiProperty({ enum: ['none', 'session', 'series'] }) registration: string;
  static of(p: ProgrammeRow): ProgrammeSummaryDto {
    return Object.assign(new ProgrammeSummaryDto(), {
      id: p.id,
      institutionId: p.institutionId,
      title: p.title,
      category: p.category,
      categoryVi: CATEGORY_VI[p.category as ProgrammeCategory] ?? p.category,
      audiences: p.audiences,
      registration: p.registration,
    });
  }
}

export class ProgrammePageDto {
  @ApiProperty({ type: [ProgrammeSummaryDto] }) items: ProgrammeSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
