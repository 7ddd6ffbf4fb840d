import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { CLUB_CATEGORIES, type ClubRow, type MemberRow } from '../clubs.service.js';

const nfc = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export class ClubInputDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;

  @ApiProperty({ example: 'Câu lạc bộ Thơ Cồn Tiên' })
  @Transform(nfc)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(0, 5000)
  description?: string;

  @ApiProperty({ enum: CLUB_CATEGORIES })
  @IsIn(CLUB_CATEGORIES)
  category: string;

  @ApiPropertyOptional({ example: '2019-03-26', description: 'Default: today.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  foundedOn?: string;
}

export class ClubQueryDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;
}

export class MemberInputDto {
  @ApiPropertyOptional({ description: 'A card holder…' })
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(1, 40)
  cardNumber?: string;

  @ApiPropertyOptional({ example: 'Võ Thị Sáu', description: '…or a member without a card (one of the two).' })
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @Length(1, 200)
  fullName?: string;

  @ApiPropertyOptional({ description: 'Default: today.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  joinedOn?: string;
}

export class LeaveDto {
  @ApiPropertyOptional({ description: 'Default: today.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  leftOn?: string;
}

export class MemberDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) patronId: string | null;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty() joinedOn: string;
  @ApiProperty({ nullable: true, type: String }) leftOn: string | null;
  static of(m: MemberRow): MemberDto {
    return Object.assign(new MemberDto(), {
      id: m.id,
      patronId: m.patronId,
      fullName: m.fullName,
      joinedOn: m.joinedOn,
      leftOn: m.leftOn,
    });
  }
}

export class ClubDto {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: CLUB_CATEGORIES }) category: string;
  @ApiProperty() foundedOn: string;
  @ApiProperty({ nullable: true, type: String }) closedOn: string | null;
  @ApiProperty({ description: 'Current members.' }) members: number;
  static of(c: ClubRow): ClubDto {
    return Object.assign(new ClubDto(), {
      id: c.id,
      institutionId: c.institutionId,
      name: c.name,
      description: c.description,
      category: c.category,
      foundedOn: c.foundedOn,
      closedOn: c.closedOn,
      members: c.members,
    });
  }
}

export class MembershipYearDto {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Members at any time during the year.' }) members: number;
  @ApiProperty({ description: 'Club meetings held that year.' }) meetingsHeld: number;
}

export class ClubDetailDto extends ClubDto {
  @ApiProperty({ type: [MemberDto] }) memberList: MemberDto[];
  @ApiProperty({ type: [MembershipYearDto] }) byYear: MembershipYearDto[];
  static ofDetail(
    c: ClubRow,
    members: MemberRow[],
    byYear: { year: number; members: number; meetingsHeld: number }[],
  ): ClubDetailDto {
    return Object.assign(new ClubDetailDto(), ClubDto.of(c), {
      memberList: members.map(MemberDto.of),
      byYear: byYear.map((y) => Object.assign(new MembershipYearDto(), y)),
    });
  }
}

export class ClubListDto {
  @ApiProperty({ type: [ClubDto] }) items: ClubDto[];
}
