// Minimal typings for the natlibfi MARC libraries (they ship none).
declare module '@natlibfi/marc-record' {
  export interface MarcSubfield {
    code: string;
    value: string;
  }
  export interface MarcField {
    tag: string;
    ind1?: string;
    ind2?: string;
    value?: string;
    subfields?: MarcSubfield[];
  }
  export class MarcRecord {
    constructor(record?: { leader: string; fields: MarcField[] }, validationOptions?: Record<string, boolean>);
    leader: string;
    fields: MarcField[];
    get(tag: string | RegExp): MarcField[];
    getControlfields(): MarcField[];
    getDatafields(): MarcField[];
    toObject(): { leader: string; fields: MarcField[] };
  }
}

declare module '@natlibfi/marc-record-serializers' {
  import type { MarcRecord } from '@natlibfi/marc-record';
  export const ISO2709: {
    from(data: string, validationOptions?: Record<string, boolean>): MarcRecord;
    to(record: MarcRecord): string;
  };
  export const MARCXML: {
    from(xml: string, validationOptions?: Record<string, boolean>): Promise<MarcRecord>;
    to(record: MarcRecord, opts?: { omitDeclaration?: boolean; indent?: boolean }): string;
  };
}
