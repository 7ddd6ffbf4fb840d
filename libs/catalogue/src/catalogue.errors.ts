import { defineErrors } from '@suotdoi/platform';

/** Catalogue errors. Codes are stable: clients switch on them. */
export const CatalogueErrors = defineErrors({
  recordNotFound: {
    code: 'catalogue/record_not_found',
    status: 404,
    en: 'No bibliographic record {id}.',
    vi: 'Không có biểu ghi thư mục {id}.',
  },
  copyNotFound: { code: 'catalogue/copy_not_found', status: 404, en: 'No copy {id}.', vi: 'Không có bản sách {id}.' },
  digitalResourceNotFound: {
    code: 'catalogue/digital_resource_not_found',
    status: 404,
    en: 'No digital resource {id}.',
    vi: 'Không có tài liệu số {id}.',
  },
  fileNotFound: {
    code: 'catalogue/file_not_found',
    status: 404,
    en: 'This resource has no file yet.',
    vi: 'Tài liệu này chưa có tệp.',
  },
  importNotFound: {
    code: 'catalogue/marc_import_not_found',
    status: 404,
    en: 'No MARC import batch {id}.',
    vi: 'Không có lô nhập MARC {id}.',
  },
  invalidIsbn: {
    code: 'catalogue/invalid_isbn',
    status: 400,
    en: '"{isbn}" is not a valid ISBN-10 or ISBN-13 (check digit or length).',
    vi: '"{isbn}" không phải ISBN-10 hoặc ISBN-13 hợp lệ (sai số kiểm tra hoặc độ dài).',
  },
  duplicateIsbn: {
    code: 'catalogue/duplicate_isbn',
    status: 409,
    en: 'ISBN {isbn} is already catalogued in record {recordId}.',
    vi: 'ISBN {isbn} đã có trong biểu ghi {recordId}.',
  },
  duplicateControlNumber: {
    code: 'catalogue/duplicate_control_number',
    status: 409,
    en: 'Control number {controlNumber} is already used by record {recordId}.',
    vi: 'Số kiểm soát {controlNumber} đã được dùng cho biểu ghi {recordId}.',
  },
  duplicateBarcode: {
    code: 'catalogue/duplicate_barcode',
    status: 409,
    en: 'Barcode {barcode} is already used by another copy.',
    vi: 'Mã vạch (số đăng ký cá biệt) {barcode} đã được dùng cho bản sách khác.',
  },
  unknownLocation: {
    code: 'catalogue/unknown_location',
    status: 422,
    en: 'No institution or service point {id}.',
    vi: 'Không có thư viện/cơ sở hoặc điểm phục vụ {id}.',
  },
  notYourInstitution: {
    code: 'catalogue/not_your_institution',
    status: 403,
    en: 'You need the cataloguing role at institution {institutionId}.',
    vi: 'Bạn cần vai trò biên mục tại cơ sở {institutionId}.',
  },
  recordHasCopies: {
    code: 'catalogue/record_has_holdings',
    status: 409,
    en: 'The record still has copies or digital resources; withdraw or move them first.',
    vi: 'Biểu ghi vẫn còn bản sách hoặc tài liệu số; hãy thanh lý hoặc chuyển chúng trước.',
  },
  staleVersion: {
    code: 'catalogue/stale_version',
    status: 409,
    en: 'The {what} was changed by someone else (version {current}); reload and retry.',
    vi: '{what} đã bị người khác sửa (phiên bản {current}); tải lại rồi thử lại.',
  },
  copyStatusTransition: {
    code: 'catalogue/copy_status_not_allowed',
    status: 409,
    en: 'A copy cannot go from {from} to {to}.',
    vi: 'Bản sách {fromVi} không thể chuyển sang trạng thái {toVi}.',
  },
  fileTooLarge: {
    code: 'catalogue/file_too_large',
    status: 413,
    en: 'The file is larger than {limit} bytes allowed for {what}.',
    vi: 'Tệp lớn hơn {limit} byte cho phép đối với {what}.',
  },
  unsupportedFileType: {
    code: 'catalogue/unsupported_file_type',
    status: 415,
    en: '{mediaType} is not accepted for {what}; use one of: {allowed}.',
    vi: 'Không nhận kiểu tệp {mediaType} cho {what}; hãy dùng: {allowed}.',
  },
  emptyFile: { code: 'catalogue/empty_file', status: 400, en: 'The uploaded file is empty.', vi: 'Tệp tải lên rỗng.' },
  fileContentMismatch: {
    code: 'catalogue/file_content_mismatch',
    status: 415,
    en: 'The file content does not look like {mediaType}.',
    vi: 'Nội dung tệp không khớp với kiểu {mediaType}.',
  },
  marcUnreadable: {
    code: 'catalogue/marc_unreadable',
    status: 422,
    en: 'No MARC record could be read from the upload ({reason}).',
    vi: 'Không đọc được biểu ghi MARC nào từ tệp tải lên ({reason}).',
  },
  marcFormatUnknown: {
    code: 'catalogue/marc_format_unknown',
    status: 415,
    en: 'Send MARC as application/marc (ISO 2709) or application/marcxml+xml (MARCXML).',
    vi: 'Hãy gửi MARC dạng application/marc (ISO 2709) hoặc application/marcxml+xml (MARCXML).',
  },
  marcTooManyRecords: {
    code: 'catalogue/marc_too_many_records',
    status: 413,
    en: 'A batch holds at most {max} records; split the file.',
    vi: 'Một lô chỉ nhận tối đa {max} biểu ghi; hãy tách tệp.',
  },
  accessDenied: {
    code: 'catalogue/resource_access_denied',
    status: 403,
    en: 'This digital resource needs an active e-loan or staff access.',
    vi: 'Tài liệu số này cần một lượt mượn điện tử còn hiệu lực hoặc quyền thủ thư.',
  },
});
