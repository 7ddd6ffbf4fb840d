/** Who did what in a record's statement of responsibility (MARC relator terms, simplified). */
export const AUTHOR_ROLES = [
  'author',
  'editor',
  'translator',
  'illustrator',
  'compiler',
  'adapter',
  'narrator',
] as const;
export type AuthorRole = (typeof AUTHOR_ROLES)[number];
export interface Author {
  name: string;
  role: AuthorRole;
}

export const AUDIENCES = ['children', 'youth', 'adult'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Formats for readers with disabilities (Marrakesh Treaty). */
export const ACCESSIBLE_FORMATS = ['braille', 'large_print', 'audio_daisy', 'easy_read'] as const;
export type AccessibleFormat = (typeof ACCESSIBLE_FORMATS)[number];

export const COPY_STATUSES = [
  'available',
  'on_loan',
  'in_transit',
  'on_hold_shelf',
  'lost',
  'damaged',
  'withdrawn',
] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];
/** A copy's status in Vietnamese, as messages put it. */
export const COPY_STATUS_NAMES_VI: Record<CopyStatus, string> = {
  available: 'sẵn sàng trên giá',
  on_loan: 'đang cho mượn',
  in_transit: 'đang vận chuyển',
  on_hold_shelf: 'đang giữ cho bạn đọc đặt mượn',
  lost: 'bị mất',
  damaged: 'bị hư hỏng',
  withdrawn: 'đã thanh lý',
};

export const ITEM_TYPES = [
  'book',
  'periodical',
  'reference',
  'textbook',
  'audiovisual',
  'map',
  'braille',
  'kit',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const COPY_SOURCES = ['purchase', 'donation', 'legal_deposit', 'exchange', 'transfer'] as const;
export type CopySource = (typeof COPY_SOURCES)[number];

export const DIGITAL_KINDS = ['ebook', 'audiobook', 'video', 'heritage_document'] as const;
export type DigitalKind = (typeof DIGITAL_KINDS)[number];

/** open: anyone; loan: an active e-loan (circulation) or staff; staff: staff of the owning institution only. */
export const DIGITAL_ACCESS = ['open', 'loan', 'staff'] as const;
export type DigitalAccess = (typeof DIGITAL_ACCESS)[number];

/** A bibliographic record (biểu ghi thư mục). ISBNs are normalised ISBN-13s. */
export interface BibRecord {
  id: string;
  controlNumber: string | null;
  ownerInstitutionId: string;
  title: string;
  subtitle: string | null;
  responsibility: string | null;
  authors: Author[];
  publisher: string | null;
  place: string | null;
  year: number | null;
  edition: string | null;
  isbns: string[];
  /** ISO 639-3 (vie, bru = Vân Kiều/Bru, pac = Pa Kô, …). */
  language: string;
  subjects: string[];
  ddc: string | null;
  series: string | null;
  summary: string | null;
  audience: Audience;
  accessibleFormats: AccessibleFormat[];
  /** Tài liệu địa chí: material about the locality. */
  localContent: boolean;
  hasCover: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** The editable fields of a record. */
export type RecordInput = Omit<
  BibRecord,
  'id' | 'ownerInstitutionId' | 'hasCover' | 'createdAt' | 'updatedAt' | 'version'
>;

export interface Copy {
  id: string;
  recordId: string;
  barcode: string;
  homeInstitutionId: string;
  /** Where the copy belongs now: its home, or the host of the rotation stage it is on. Returns go here. */
  baseInstitutionId: string;
  locationInstitutionId: string;
  locationServicePointId: string | null;
  shelfLocation: string | null;
  callNumber: string | null;
  itemType: ItemType;
  status: CopyStatus;
  statusChangedAt: Date;
  acquiredOn: string | null;
  priceVnd: number | null;
  source: CopySource;
  sourceNote: string | null;
  version: number;
}

export interface DigitalResource {
  id: string;
  recordId: string;
  institutionId: string;
  kind: DigitalKind;
  access: DigitalAccess;
  label: string | null;
  fileName: string | null;
  mediaType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  hasFile: boolean;
  createdAt: Date;
}

/** Outbox topic of search-index changes. Never rename: undelivered rows carry it. */
export const SEARCH_TOPIC = 'search.catalogue';

/** `document`: re-index the whole record; `availability`: only holdings/availability changed (partial update). */
export interface SearchIndexChange {
  recordId: string;
  part: 'document' | 'availability';
}

/**
 * Answers whether an account may open a `loan`-access digital resource now. Circulation provides it (e-loans);
 * without it only staff of the owning institution may.
 */
export interface DigitalLoanChecker {
  hasActiveELoan(accountId: string, patronId: string | undefined, resourceId: string): Promise<boolean>;
  /** How each `loan`-access resource can be borrowed now; resources no licence lends today are left out. */
  availability?(resourceIds: string[]): Promise<Map<string, ELendingAvailability>>;
}

/** A `loan`-access resource's licences as a reader sees them (OPDS availability). */
export interface ELendingAvailability {
  /** Seats in all, null when a simultaneous or open-access licence lends it to anyone. */
  seats: number | null;
  /** Seats free now (null: unlimited). */
  available: number | null;
  /** Readers waiting (e-holds waiting or offered). */
  holds: number;
}
export const DIGITAL_LOAN_CHECKER = Symbol('suotdoi:digital-loan-checker');
