import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { USAGE_EVENT_KINDS, type CountBasis, type UsageEventKind } from '../usage-event.types.js';

/** Documentation shape of one event (validated by UsageEventsConstraint, see below). */
export class UsageEventDto {
  @ApiProperty({
    description: 'Unique id chosen by the sender (1–200 characters); a repeat is ignored.',
    example: 'gate-01:2025-03-01T08',
  })
  clientEventId: string;
  @ApiProperty({ enum: USAGE_EVENT_KINDS }) kind: UsageEventKind;
  @ApiProperty({ description: 'Institution or service point id (UUID).' }) locationId: string;
  @ApiProperty({ example: '2025-03-01T08:00:00+07:00', description: 'ISO 8601 instant with a time zone.' })
  occurredAt: string;
  @ApiPropertyOptional({ description: 'Pseudonymous patron key (1–128 characters).' }) patronKey?: string;
  @ApiPropertyOptional({ description: 'How many (integer ≥ 0, default 1).' }) quantity?: number;
  @ApiPropertyOptional({ description: 'Gate counter crossings (in + out) for a visit; counted as crossings / 2.' })
  crossings?: number;
  @ApiPropertyOptional({ enum: ['counted', 'estimated'] }) basis?: CountBasis;
}

const KINDS = new Set<string>(USAGE_EVENT_KINDS);
const FIELDS = new Set([
  'clientEventId',
  'kind',
  'locationId',
  'occurredAt',
  'patronKey',
  'quantity',
  'crossings',
  'basis',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 instant with an explicit offset (Z or ±hh:mm): a device's local time without a zone is ambiguous.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;
const isCount = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/** First problem of one event, or undefined. Hand-written: class-validator per element costs ~50 µs × 10,000. */
export function usageEventProblem(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'must be an object';
  const o = e as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!FIELDS.has(k)) return `property ${k} should not exist`;
  if (!isStr(o.clientEventId, 200)) return 'clientEventId must be a string of 1–200 characters';
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) return `kind must be one of: ${USAGE_EVENT_KINDS.join(', ')}`;
  if (typeof o.locationId !== 'string' || !UUID.test(o.locationId)) return 'locationId must be a UUID';
  if (typeof o.occurredAt !== 'string' || !INSTANT.test(o.occurredAt) || Number.isNaN(Date.parse(o.occurredAt)))
    return 'occurredAt must be an ISO 8601 instant with a time zone';
  if (o.patronKey !== undefined && !isStr(o.patronKey, 128)) return 'patronKey must be a string of 1–128 characters';
  if (o.quantity !== undefined && !isCount(o.quantity, 1_000_000))
    return 'quantity must be an integer from 0 to 1,000,000';
  if (o.crossings !== undefined && !isCount(o.crossings, 10_000_000))
    return 'crossings must be an integer from 0 to 10,000,000';
  if (o.basis !== undefined && o.basis !== 'counted' && o.basis !== 'estimated')
    return 'basis must be counted or estimated';
  return undefined;
}

const problems = new WeakMap<object, string>();

@ValidatorConstraint({ name: 'usageEvents' })
export class UsageEventsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) {
      const p = usageEventProblem(value[i]);
      if (p) {
        problems.set(args.object, `events[${i}]: ${p}`);
        return false;
      }
    }
    return true;
  }
  defaultMessage(args: ValidationArguments): string {
    return problems.get(args.object) ?? 'events must be an array of usage events';
  }
}

export class IngestEventsDto {
  @ApiProperty({ type: [UsageEventDto], maxItems: 10000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @Validate(UsageEventsConstraint)
  events: UsageEventDto[];
}

export class IngestResultDto {
  @ApiProperty() received: number;
  @ApiProperty() inserted: number;
  @ApiProperty({ description: 'Events already stored (same client event id); not counted again.' }) duplicates: number;
}
