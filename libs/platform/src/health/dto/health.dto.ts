import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

/** One dependency as the readiness probe saw it. */
export class ReadinessCheckDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Which backend answered (postgres, redis, meilisearch…)', example: 'postgres' })
  backend: string;
  @ApiPropertyOptional({
    description: 'Why the check failed (only when ok is false)',
    example: 'timed out after 3000 ms',
  })
  error?: string;
  @ApiProperty({ description: 'How long the check took, in milliseconds', example: 2 }) ms: number;
  @ApiPropertyOptional({
    description: 'Search only: age in seconds of the oldest catalogue change not yet in the index (0 when up to date)',
    example: 0.4,
  })
  lagSeconds?: number;
  @ApiPropertyOptional({ description: 'Search only: catalogue changes waiting to be indexed', example: 3 })
  pendingChanges?: number;
}

@ApiExtraModels(ReadinessCheckDto)
export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: 'ok' | 'unavailable';
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(ReadinessCheckDto) },
    description: 'One entry per dependency: database, queue, and search when the catalogue is loaded',
  })
  checks: Record<string, ReadinessCheckDto>;
}
