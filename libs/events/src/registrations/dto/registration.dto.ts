import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { STATUS_VI } from '../../events.types.js';
import type { RegistrationRow } from '../registrations.service.js';

const nfc = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export class GuestDto {
  @ApiProperty({ example: 'Lò Thị Mai' })
  @Transform(nfc)
  @IsString()
  @Length(1, 200)
  fullName: string;

  @ApiPropertyOptional({ example: '0912 345 678' })
  @IsOptional()
  @Transform(nfc)
  @Matches(/^\+?[0-9 .-]{8,20}$/)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({
    example: '2015-09-02',
    description: 'Needed for programmes with age limits; under 16 a guardian must consent.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  birthDate?: string;

  @ApiPropertyOptional({ example: 'Lò Văn Hùng' })
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(1, 200)
  guardianName?: string;

  @ApiPropertyOptional({
    description: 'The guardian consents to the child taking part and to these details being kept.',
  })
  @IsOptional()
  @IsBoolean()
  guardianConsent?: boolean;
}

export class GroupDto {
  @ApiProperty({ example: 'Lớp 4A — Trường Tiểu học Khe Sanh' })
  @Transform(nfc)
  @IsString()
  @Length(1, 200)
  groupName: string;

  @ApiProperty({ example: 32, description: 'Seats for the whole class, teachers included.' })
  @IsInt()
  @Min(1)
  @Max(200)
  seats: number;

  @ApiProperty({ example: 'Cô Hồ Thị Lan' })
  @Transform(nfc)
  @IsString()
  @Length(1, 200)
  contactName: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(nfc)
  @Matches(/^\+?[0-9 .-]{8,20}$/)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;
}

/** A patron registers with an empty body; staff give exactly one of cardNumber, guest or group. */
export class RegisterDto {
  @ApiPropertyOptional({ description: 'Staff: register this card holder.' })
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(1, 40)
  cardNumber?: string;

  @ApiPropertyOptional({ type: GuestDto, description: 'Staff: a guest without an account (walk-in or caller).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuestDto)
  guest?: GuestDto;

  @ApiPropertyOptional({
    type: GroupDto,
    description: 'Staff: a school class or other group taking N seats in one registration.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => GroupDto)
  group?: GroupDto;
}

export class SeatsQueryDto {
  @ApiPropertyOptional({
    enum: ['confirmed', 'waitlisted', 'offered', 'cancelled', 'offer_expired', 'attended', 'no_show'],
  })
  @IsOptional()
  @IsIn(['confirmed', 'waitlisted', 'offered', 'cancelled', 'offer_expired', 'attended', 'no_show'])
  status?: 'confirmed' | 'waitlisted' | 'offered' | 'cancelled' | 'offer_expired' | 'attended' | 'no_show';
}

export class CapacityDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'New capacity; null makes the session open. Never below the seats taken.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  capacity: number | null;
}

export class CheckInDto {
  @ApiPropertyOptional({ example: '7K3M9Q2XWD', description: 'The code on the ticket (the QR code holds it).' })
  @IsOptional()
  @IsString()
  @Length(4, 20)
  code?: string;

  @ApiPropertyOptional({ description: 'The library card, scanned at the door.' })
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(1, 40)
  cardNumber?: string;
}

export class WalkInsDto {
  @ApiProperty({ example: 3 })
  @IsInt()
  @Min(1)
  @Max(10000)
  count: number;

  @ApiPropertyOptional({ default: false, description: 'Online attendees instead of people in the room.' })
  @IsOptional()
  @IsBoolean()
  online?: boolean;
}

export class HeadcountDto {
  @ApiProperty({ example: 120 })
  @IsInt()
  @Min(0)
  @Max(1000000)
  headcount: number;
}

export class ConfirmDto {
  @ApiProperty({ description: 'Must be true.' })
  @Equals(true)
  confirm: boolean;
}

export class RegistrationDto {
  @ApiProperty() id: string;
  @ApiProperty() sessionId: string;
  @ApiProperty() programmeId: string;
  @ApiProperty() programmeTitle: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ nullable: true, type: String, description: 'Set when registered together for a whole series.' })
  seriesId: string | null;
  @ApiProperty({ enum: ['patron', 'guest', 'group'] }) kind: string;
  @ApiProperty({ nullable: true, type: String }) patronId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The person (or, for a group, its contact).' }) fullName:
    string | null;
  @ApiProperty({ nullable: true, type: String }) groupName: string | null;
  @ApiProperty() seats: number;
  @ApiProperty({ enum: ['confirmed', 'waitlisted', 'offered', 'cancelled', 'offer_expired', 'attended', 'no_show'] })
  status: string;
  @ApiProperty() statusVi: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Place in the waitlist, 1 = next.' }) waitlistPosition:
    number | null;
  @ApiProperty({ nullable: true, type: Date, description: 'An offered seat must be claimed before this.' })
  offerExpiresAt: Date | null;
  @ApiProperty({ description: 'Ticket code for check-in (also in the QR code).' }) code: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) checkedInAt: Date | null;
  static of(r: RegistrationRow): RegistrationDto {
    return Object.assign(new RegistrationDto(), {
      id: r.id,
      sessionId: r.sessionId,
      programmeId: r.programmeId,
      programmeTitle: r.programmeTitle,
      institutionId: r.institutionId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      seriesId: r.seriesId,
      kind: r.kind,
      patronId: r.patronId,
      fullName: r.fullName,
      groupName: r.groupName,
      seats: r.seats,
      status: r.status,
      statusVi: STATUS_VI[r.status] ?? r.status,
      waitlistPosition: r.waitlistPosition,
      offerExpiresAt: r.offerExpiresAt,
      code: r.code,
      createdAt: r.createdAt,
      checkedInAt: r.checkedInAt,
    });
  }
}

/** A staff view adds the contact details and arrival number. */
export class StaffRegistrationDto extends RegistrationDto {
  @ApiProperty({ description: 'Arrival number in the session (1 = first to register).' }) arrival: number;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty({ nullable: true, type: String }) contactEmail: string | null;
  @ApiProperty({ nullable: true, type: String }) guardianName: string | null;
  static ofStaff(r: RegistrationRow): StaffRegistrationDto {
    return Object.assign(new StaffRegistrationDto(), RegistrationDto.of(r), {
      arrival: r.arrival,
      contactPhone: r.contactPhone,
      contactEmail: r.contactEmail,
      guardianName: r.guardianName,
    });
  }
}

export class RegistrationListDto {
  @ApiProperty({ type: [RegistrationDto] }) items: RegistrationDto[];
  static of(rows: RegistrationRow[]): RegistrationListDto {
    return Object.assign(new RegistrationListDto(), { items: rows.map(RegistrationDto.of) });
  }
}

export class StaffRegistrationListDto {
  @ApiProperty({ type: [StaffRegistrationDto] }) items: StaffRegistrationDto[];
  static of(rows: RegistrationRow[]): StaffRegistrationListDto {
    return Object.assign(new StaffRegistrationListDto(), { items: rows.map(StaffRegistrationDto.ofStaff) });
  }
}
