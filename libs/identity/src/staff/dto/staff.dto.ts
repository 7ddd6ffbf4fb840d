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
import type { StaffInvitationView } from '../staff-invitations.service.js';

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

/** An invitation as its inviter sees it: what was asked, nothing about any account that has the e-mail. */
export class StaffInvitationDto {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty({ description: 'The invited e-mail address, as it was invited' }) email: string;
  @ApiProperty({ description: 'The name the inviter gave' }) displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: StaffRole[];
  @ApiProperty({ description: 'The link works until then' }) expiresAt: string;

  static of(v: StaffInvitationView): StaffInvitationDto {
    return {
      id: v.id,
      institutionId: v.institutionId,
      email: v.email,
      displayName: v.displayName,
      roles: v.roles,
      expiresAt: v.expiresAt.toISOString(),
    };
  }
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token of the invitation link' })
  @IsString()
  @Length(20, 200)
  token: string;
}

export class AcceptInvitationWithAccountDto extends AcceptInvitationDto {
  @ApiProperty({ description: 'The new account’s password' })
  @IsString()
  @Length(1, 200)
  password: string;
}

/** The roles the accepted invitation gave. */
export class AcceptedInvitationDto {
  @ApiProperty() accountId: string;
  @ApiProperty() institutionId: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, description: 'Every role the account now holds there' })
  roles: StaffRole[];

  static of(v: { accountId: string; institutionId: string; roles: StaffRole[] }): AcceptedInvitationDto {
    return { accountId: v.accountId, institutionId: v.institutionId, roles: v.roles };
  }
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
