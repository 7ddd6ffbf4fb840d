import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ConsentDto, PatronDto } from '../../patrons/dto/patron.dto.js';
import type { ConsentRecord, PatronRecord } from '../../patrons/patrons.repository.js';
import { AccountDto, StaffAssignmentDto } from '../../staff/dto/staff.dto.js';
import type { PersonalDataExport } from '../privacy.service.js';

/** The patron profile as stored, birth year included (it outlives erasure, for statistics). */
export class ExportedPatronDto extends PatronDto {
  @ApiProperty({ nullable: true, type: Number, example: 2014 }) birthYear: number | null;
  static ofRecord(p: PatronRecord): ExportedPatronDto {
    return { ...PatronDto.of(p), birthYear: p.birthYear };
  }
}

export class ExportedConsentDto extends ConsentDto {
  @ApiProperty() patronId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Staff account that recorded the consent' }) recordedBy:
    string | null;
  static ofRecord(c: ConsentRecord): ExportedConsentDto {
    return { ...ConsentDto.of(c), patronId: c.patronId, recordedBy: c.recordedBy };
  }
}

/** Who looked at or changed the patron's record, from the audit log. */
export class AccessLogEntryDto {
  @ApiProperty() at: Date;
  @ApiProperty({ example: 'patron.read' }) action: string;
  @ApiProperty({ nullable: true, type: String }) actorAccountId: string | null;
  @ApiProperty({ nullable: true, type: String }) institutionId: string | null;
}

@ApiSchema({
  description:
    'Everything held about an account (Decree 13/2023). Besides the properties below, each module that holds personal data adds one ' +
    'property named after it (e.g. `circulation`: loans, holds, e-loans; `notices`: the notices sent), null for an account without a patron profile.',
})
export class PersonalDataExportDto {
  [section: string]: unknown;
  @ApiProperty({ example: '2026-03-08T02:15:00.000Z' }) exportedAt: string;
  @ApiProperty({ type: AccountDto }) account: AccountDto;
  @ApiProperty({ type: ExportedPatronDto, nullable: true }) patron: ExportedPatronDto | null;
  @ApiProperty({ type: [ExportedConsentDto] }) consents: ExportedConsentDto[];
  @ApiProperty({ type: [StaffAssignmentDto] }) staffRoles: StaffAssignmentDto[];
  @ApiProperty({ type: [String] }) adminUnitIds: string[];
  @ApiProperty({ description: 'Signed-in sessions (unrevoked refresh tokens)', example: 1 }) activeSessions: number;
  @ApiProperty({ type: [AccessLogEntryDto] }) accessLog: AccessLogEntryDto[];

  static of(e: PersonalDataExport): PersonalDataExportDto {
    return {
      // Module sections first: a module can never overwrite identity's own properties.
      ...e.sections,
      exportedAt: e.exportedAt,
      account: AccountDto.of(e.account),
      patron: e.patron ? ExportedPatronDto.ofRecord(e.patron) : null,
      consents: e.consents.map((c) => ExportedConsentDto.ofRecord(c)),
      staffRoles: e.staffRoles.map((s) => ({ institutionId: s.institutionId, roles: s.roles })),
      adminUnitIds: e.adminUnitIds,
      activeSessions: e.activeSessions,
      accessLog: e.accessLog.map((a) => ({
        at: a.at,
        action: a.action,
        actorAccountId: a.actorAccountId,
        institutionId: a.institutionId,
      })),
    };
  }
}
