import { Body, Controller, Get, HttpCode, Injectable, Module, Post, Query, type OnModuleInit } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import type { DataSource } from 'typeorm';
import { Public } from '@suotdoi/platform';

// Test-only HTTP surface: a POST that creates a row (idempotency, validation) and slow/failing routes (shutdown,
// error mapping). Mounted through bootTestApp({ modules: [TestThingsModule] }); never part of the real app.

/** How many /test/slow requests have reached their handler (the shutdown test waits for one to be in flight). */
export const slowRequests = { started: 0 };

class PlaceDto {
  @ApiProperty()
  @IsString()
  @Length(1, 100)
  province: string;
}

export class CreateThingDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(100)
  copies: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: PlaceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlaceDto)
  place?: PlaceDto;
}

@Injectable()
class ThingsTable implements OnModuleInit {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  async onModuleInit(): Promise<void> {
    await this.ds.query(
      `CREATE TABLE IF NOT EXISTS public.test_things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL, copies int NOT NULL)`,
    );
  }
}

@ApiTags('test')
@Controller('test')
@Public()
class TestThingsController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Post('things')
  async create(@Body() dto: CreateThingDto): Promise<{ id: string; title: string; copies: number }> {
    // A little latency widens the window for concurrent same-key requests.
    await new Promise((r) => setTimeout(r, 30));
    const [row]: { id: string }[] = await this.ds.query(
      `INSERT INTO public.test_things (title, copies) VALUES ($1, $2) RETURNING id`,
      [dto.title, dto.copies],
    );
    return { id: String(row.id), title: dto.title, copies: dto.copies };
  }

  @Get('slow')
  @HttpCode(200)
  async slow(@Query('ms') ms = '500'): Promise<{ now: string }> {
    slowRequests.started++;
    await new Promise((r) => setTimeout(r, Number(ms)));
    // Touches the database after the wait: proves connections stay open while the server drains.
    const [row]: { now: Date }[] = await this.ds.query('SELECT now() AS now');
    return { now: new Date(row.now).toISOString() };
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail: connection string postgres://admin:hunter2@db');
  }
}

@Module({ controllers: [TestThingsController], providers: [ThingsTable] })
export class TestThingsModule {}
