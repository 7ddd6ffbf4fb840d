import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import type { DepositReportRow } from '../deposit-reports.repository.js';

export class DepositReportInputDto {
  @ApiProperty({
    example: '2026-11',
    description: 'The month (YYYY-MM, Vietnam time): over, and since the collection reached its host.',
  })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  period: string;

  @ApiProperty({ example: 124, description: 'Loans of the collection’s books at the host in that month.' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  loans: number;

  @ApiProperty({ example: 41, description: 'Readers who borrowed or read there in that month.' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  readers: number;

  @ApiProperty({ enum: ['counted', 'estimated'], description: 'Counted one by one, or estimated by the host.' })
  @IsIn(['counted', 'estimated'])
  basis: 'counted' | 'estimated';
}

export class DepositReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) collectionId: string;
  @ApiProperty({ format: 'uuid' }) stageId: string;
  @ApiProperty({ format: 'uuid' }) hostInstitutionId: string;
  @ApiProperty({ example: '2026-11' }) period: string;
  @ApiProperty() loans: number;
  @ApiProperty() readers: number;
  @ApiProperty({ enum: ['counted', 'estimated'] }) basis: string;
  @ApiProperty() reportedAt: Date;
  @ApiProperty({ description: 'True when this month was already reported with the same counts (nothing new written).' })
  replayed: boolean;

  static of(r: DepositReportRow, replayed = false): DepositReportDto {
    return {
      id: r.id,
      collectionId: r.collectionId,
      stageId: r.stageId,
      hostInstitutionId: r.hostInstitutionId,
      period: r.period,
      loans: r.loans,
      readers: r.readers,
      basis: r.basis,
      reportedAt: r.reportedAt,
      replayed,
    };
  }
}

export class DepositReportPageDto {
  @ApiProperty({ type: [DepositReportDto] }) items: DepositReportDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
