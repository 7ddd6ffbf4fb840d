import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { PageQueryDto, type StaffRole } from '@suotdoi/platform';
import type { AccountView } from '../../accounts/accounts.service.js';

export const STAFF_ROLES: StaffRole[] = ['circulation', 'cataloguing', 'events', 'manager'];

export class CreateStaffDto {
  @ApiProperty({ example: 'thuthu.huonghoa@example.vn' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Nguyễn Thị Lệ' })
  @IsString()
  @Length(1, 200)
  displayName: string;

  @ApiProperty()
  @IsUUID()
  institutionId: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(STAFF_ROLES, { each: true })
  roles: StaffRole[];
}

export class SetRolesDto {
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, description: 'Empty removes the account from this institution' })
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(STAFF_ROLES, { each: true })
  roles: StaffRole[];
}

export class GrantScopeDto {
  @ApiProperty()
  @IsUUID()
  accountId: string;

  @ApiProperty({ description: 'The unit administered (with everything under it, as of today)' })
  @IsUUID()
  unitId: string;
}

export class SystemAdminDto {
  @ApiProperty()
  @IsBoolean()
  value: boolean;
}

export class AccountStatusDto {
  @ApiProperty({ enum: ['active', 'disabled'] })
  @IsIn(['active', 'disabled'])
  status: 'active' | 'disabled';
}

export class AccountSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class AccountDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['pending', 'active', 'disabled', 'erased'] }) status: string;
  @ApiProperty() systemAdmin: boolean;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty() createdAt: Date;
  static of(a: AccountView): AccountDto {
    return {
      id: a.id,
      email: a.email,
      phone: a.phone,
      displayName: a.displayName,
      status: a.status,
      systemAdmin: a.systemAdmin,
      emailVerified: a.emailVerified,
      createdAt: a.createdAt,
    };
  }
}

export class AccountPageDto {
  @ApiProperty({ type: [AccountDto] }) items: AccountDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class StaffMemberDto {
  @ApiProperty() accountId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: StaffRole[];
}

export class StaffAssignmentDto {
  @ApiProperty() institutionId: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: StaffRole[];
}

export class AdminScopeDto {
  @ApiProperty() accountId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() unitId: string;
}

/** Who am I: account, patron profile, staff roles, administered units. */
export class MeDto {
  @ApiProperty({ type: AccountDto }) account: AccountDto;
  @ApiProperty({ nullable: true, type: String }) patronId: string | null;
  @ApiProperty({ type: [StaffAssignmentDto] }) staff: StaffAssignmentDto[];
  @ApiProperty({ type: [String] }) adminUnitIds: string[];
}
