import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  DIGITAL_ACCESS,
  DIGITAL_KINDS,
  type DigitalAccess,
  type DigitalKind,
  type DigitalResource,
} from '../../catalogue.types.js';

export class CreateDigitalResourceDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;

  @ApiProperty({ enum: DIGITAL_KINDS })
  @IsIn(DIGITAL_KINDS)
  kind: DigitalKind;

  @ApiPropertyOptional({
    enum: DIGITAL_ACCESS,
    default: 'open',
    description: 'open: anyone; loan: an active e-loan; staff: staff of the institution',
  })
  @IsOptional()
  @IsIn(DIGITAL_ACCESS)
  access?: DigitalAccess;

  @ApiPropertyOptional({ example: 'Bản PDF số hóa' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  label?: string;
}

/** A digital resource (tài liệu số) of a record: metadata only; the file is at GET …/digital-resources/{id}/file. */
export class DigitalResourceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recordId: string;
  @ApiProperty({ format: 'uuid', description: 'Owning institution' }) institutionId: string;
  @ApiProperty({ enum: DIGITAL_KINDS }) kind: DigitalKind;
  @ApiProperty({
    enum: DIGITAL_ACCESS,
    description: 'open: anyone; loan: an active e-loan; staff: staff of the institution',
  })
  access: DigitalAccess;
  @ApiProperty({ nullable: true, type: String, example: 'Bản PDF số hóa' }) label: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Truyện Kiều.pdf' }) fileName: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'application/pdf' }) mediaType: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 1048576 }) sizeBytes: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the file, hex' }) sha256: string | null;
  @ApiProperty({ description: 'A file has been uploaded' }) hasFile: boolean;
  @ApiProperty() createdAt: Date;

  static of(d: DigitalResource): DigitalResourceDto {
    return {
      id: d.id,
      recordId: d.recordId,
      institutionId: d.institutionId,
      kind: d.kind,
      access: d.access,
      label: d.label,
      fileName: d.fileName,
      mediaType: d.mediaType,
      sizeBytes: d.sizeBytes,
      sha256: d.sha256,
      hasFile: d.hasFile,
      createdAt: d.createdAt,
    };
  }
}
