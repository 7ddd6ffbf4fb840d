import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { OBLIGATIONS, TEMPLATES } from '../obligations.js';
import type { InstitutionObligations } from '../obligations.service.js';

export class ChecklistQueryDto {
  @ApiProperty({ description: 'A unit you administer (its institutions and those below it, as they were that year).' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class ApplyTemplateDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  roomId?: string;

  @ApiPropertyOptional({ example: 'Sân Thư viện tỉnh' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value))
  @IsString()
  @Length(1, 300)
  place?: string;

  @ApiPropertyOptional({ description: 'Seats per session; omit for an open event without registration.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number;
}

export class EvidenceDto {
  @ApiProperty() programmeId: string;
  @ApiProperty() title: string;
  @ApiProperty() sessionsHeld: number;
  @ApiProperty() firstHeldOn: string;
  @ApiProperty() attendance: number;
}

export class InstitutionObligationDto {
  @ApiProperty() code: string;
  @ApiProperty() nameVi: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() required: number;
  @ApiProperty() held: number;
  @ApiProperty() met: boolean;
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
}

export class InstitutionChecklistDto {
  @ApiProperty() institutionId: string;
  @ApiProperty() name: string;
  @ApiProperty() type: string;
  @ApiProperty({ type: [InstitutionObligationDto] }) obligations: InstitutionObligationDto[];
}

export class ObligationSummaryDto {
  @ApiProperty() code: string;
  @ApiProperty() nameVi: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ description: 'Institutions that met it.' }) met: number;
  @ApiProperty({ description: 'Institutions in the jurisdiction that year.' }) of: number;
}

export class ChecklistDto {
  @ApiProperty() unitId: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: [ObligationSummaryDto] }) summary: ObligationSummaryDto[];
  @ApiProperty({ type: [InstitutionChecklistDto] }) institutions: InstitutionChecklistDto[];
  static of(
    unitId: string,
    year: number,
    c: { institutions: InstitutionObligations[]; summary: { code: string; met: number; of: number }[] },
  ): ChecklistDto {
    const names = new Map(OBLIGATIONS.map((o) => [o.code, o]));
    return Object.assign(new ChecklistDto(), {
      unitId,
      year,
      summary: c.summary.map((s) =>
        Object.assign(new ObligationSummaryDto(), {
          ...s,
          nameVi: names.get(s.code)!.nameVi,
          nameEn: names.get(s.code)!.nameEn,
        }),
      ),
      institutions: c.institutions.map((i) =>
        Object.assign(new InstitutionChecklistDto(), {
          institutionId: i.institutionId,
          name: i.name,
          type: i.type,
          obligations: i.obligations.map((o) =>
            Object.assign(new InstitutionObligationDto(), {
              ...o,
              nameVi: names.get(o.code)!.nameVi,
              nameEn: names.get(o.code)!.nameEn,
              evidence: o.evidence.map((e) => Object.assign(new EvidenceDto(), e)),
            }),
          ),
        }),
      ),
    });
  }
}

export class TemplateDto {
  @ApiProperty() key: string;
  @ApiProperty() titleVi: string;
  @ApiProperty() titleEn: string;
  @ApiProperty() category: string;
  @ApiProperty({ example: '04-21' }) day: string;
  @ApiProperty({ example: '08:00' }) from: string;
  @ApiProperty({ example: '11:00' }) to: string;
  @ApiProperty() days: number;
}

export class TemplateListDto {
  @ApiProperty({ type: [TemplateDto] }) items: TemplateDto[];
  static all(): TemplateListDto {
    return Object.assign(new TemplateListDto(), {
      items: TEMPLATES.map((t) =>
        Object.assign(new TemplateDto(), {
          key: t.key,
          titleVi: t.titleVi,
          titleEn: t.titleEn,
          category: t.category,
          day: t.day,
          from: t.from,
          to: t.to,
          days: t.days,
        }),
      ),
    });
  }
}
