import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DomainError } from '../errors/domain-error.js';
import { createValidationPipe } from './validation.js';

class AddressDto {
  @IsString() @Length(2, 10) phuong: string;
}

class EveryKindDto {
  @IsString() hoTen: string;
  @IsInt() @Min(1) @Max(10) soLuong: number;
  @Min(5) toiThieu: number;
  @Max(5) toiDa: number;
  @IsEmail() thu: string;
  @IsUUID() maCoSo: string;
  @IsIn(['tre_em', 'nguoi_lon']) doiTuong: string;
  @Length(3, 40) maThe: string;
  @MinLength(8) matKhau: string;
  @MaxLength(3) ghiChu: string;
  @IsISO8601({ strict: true }) ngay: string;
  @Matches(/^\d{2}:\d{2}$/, { message: 'must be HH:MM' }) gio: string;
  @Matches(/^[a-z]+$/) kyHieu: string;
  @IsBoolean() dongY: boolean;
  @IsNumber() giaTien: number;
  @IsUrl() trang: string;
  @Equals('xác nhận') xacNhan: string;
  @IsArray() @ArrayMinSize(1) danhSach: string[];
  @IsOptional() @IsString({ each: true }) @ArrayMaxSize(1) nhan?: string[];
  @ValidateNested() @Type(() => AddressDto) diaChi: AddressDto;
}

const BAD = {
  hoTen: 12,
  soLuong: 2.5,
  toiThieu: 1,
  toiDa: 9,
  thu: 'không phải thư',
  maCoSo: 'abc',
  doiTuong: 'người lớn',
  maThe: 'ab',
  matKhau: 'ngắn',
  ghiChu: 'quá dài',
  ngay: '02/09/2026',
  gio: '8 giờ',
  kyHieu: 'Đ',
  dongY: 'có',
  giaTien: '12.000 đồng',
  trang: 'không có',
  xacNhan: 'không',
  danhSach: [],
  nhan: [1, 'hai'],
  diaChi: { phuong: 'Đông Hà, Quảng Trị' },
  truongLa: 'Đ',
  thuaNua: 1,
};

// English words class-validator writes; none of them may reach a Vietnamese message (word edges by Unicode letters).
const ENGLISH =
  /(?<![\p{L}\p{N}_])(must|should|property|exist|not|be|an?|the|string|integer|number|email|valid|values?|following|longer|shorter|than|equal|characters?|less|greater|contain|elements?|array|object|boolean|each|nested|date|match|regular|expression|conforming|constraints)(?![\p{L}\p{N}_])/iu;

async function failure(body: unknown): Promise<DomainError> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: EveryKindDto, data: '' });
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a validation error');
}

describe('validation messages', () => {
  it('say every constraint kind in Vietnamese, keeping field names, with no English left in messageVi', async () => {
    const e = await failure(BAD);
    expect(e.code).toBe('platform/validation_failed');
    const fields = e.details.fields as { field: string; problems: string[]; problemsVi: string[] }[];
    const names = fields.map((f) => f.field);
    expect(names).toEqual(
      expect.arrayContaining([
        'truongLa',
        'thuaNua',
        'hoTen',
        'soLuong',
        'thu',
        'maCoSo',
        'doiTuong',
        'maThe',
        'ngay',
        'gio',
        'diaChi.phuong',
      ]),
    );
    let vi = e.messageVi;
    for (const n of names) vi = vi.split(n).join('');
    expect(vi).not.toMatch(ENGLISH);
    for (const f of fields) expect(f.problemsVi).toHaveLength(f.problems.length);
    expect(e.message).toContain('property truongLa should not exist');

    const say = (field: string) => fields.find((f) => f.field === field)!.problemsVi.join('; ');
    expect(say('truongLa')).toBe('trường này không có trong yêu cầu này, hãy bỏ nó đi');
    expect(say('hoTen')).toBe('phải là chuỗi ký tự');
    expect(say('soLuong')).toBe('phải là số nguyên');
    expect(say('toiThieu')).toBe('không được nhỏ hơn 5');
    expect(say('toiDa')).toBe('không được lớn hơn 5');
    expect(say('thu')).toBe('phải là địa chỉ thư điện tử hợp lệ');
    expect(say('maCoSo')).toBe('phải là mã định danh dạng UUID');
    expect(say('doiTuong')).toBe('phải là một trong các giá trị: tre_em, nguoi_lon');
    expect(say('maThe')).toBe('phải dài ít nhất 3 ký tự');
    expect(say('matKhau')).toBe('phải dài ít nhất 8 ký tự');
    expect(say('ghiChu')).toBe('không được dài quá 3 ký tự');
    expect(say('ngay')).toMatch(/^phải là ngày giờ theo chuẩn ISO 8601/);
    expect(say('gio')).toBe('phải là giờ dạng HH:MM');
    expect(say('kyHieu')).toBe('không đúng định dạng');
    expect(say('dongY')).toBe('phải là true hoặc false');
    expect(say('giaTien')).toBe('phải là số');
    expect(say('trang')).toBe('phải là địa chỉ URL hợp lệ');
    expect(say('xacNhan')).toBe('phải bằng xác nhận');
    expect(say('danhSach')).toBe('phải có ít nhất 1 phần tử');
    expect(say('nhan')).toContain('mỗi giá trị phải là chuỗi ký tự');
    expect(say('nhan')).toContain('không được có quá 1 phần tử');
    expect(say('diaChi.phuong')).toBe('không được dài quá 10 ký tự');
    expect(e.messageVi.startsWith('Yêu cầu không hợp lệ: ')).toBe(true);
  });

  it('says a nested object that is not an object, and a value too short and too long of a two-sided length, in Vietnamese', async () => {
    const e = await failure({ ...BAD, diaChi: 'Quảng Trị', maThe: 'x'.repeat(41) });
    const fields = e.details.fields as { field: string; problemsVi: string[] }[];
    expect(fields.find((f) => f.field === 'maThe')!.problemsVi).toEqual(['không được dài quá 40 ký tự']);
    expect(fields.find((f) => f.field === 'diaChi')!.problemsVi).toEqual(['phải là một đối tượng hoặc một danh sách']);
    let vi = e.messageVi;
    for (const f of fields) vi = vi.split(f.field).join('');
    expect(vi).not.toMatch(ENGLISH);
  });
});
