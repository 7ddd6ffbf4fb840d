// Vietnamese for class-validator's constraint messages. class-validator writes English only, so each problem is
// rewritten from its constraint kind; the numbers and value lists are taken from the English message, the field
// name (an identifier of the API) is kept as it is. An unknown kind says "không hợp lệ" rather than leak English.

/** Custom messages written in the DTOs (`{ message: … }`), in Vietnamese. */
const CUSTOM: Record<string, string> = {
  'must be a date YYYY-MM-DD': 'phải là ngày dạng YYYY-MM-DD',
  'must be HH:MM': 'phải là giờ dạng HH:MM',
  'barcode: 3–40 letters, digits, . _ / -': 'mã vạch gồm 3–40 chữ cái, chữ số, . _ / -',
  'ddc must look like 895.9221': 'chỉ số DDC phải có dạng 895.9221',
  'each entry of libraryCodes is CODE:institutionId (a code of at most 40 characters, then a UUID)':
    'mỗi mục của bảng mã thư viện có dạng MÃ:mã định danh của cơ sở (mã dài tối đa 40 ký tự, rồi một UUID)',
};

const num = (en: string, re: RegExp): string => re.exec(en)?.[1] ?? '?';
const list = (en: string): string => /following values:\s*(.*)$/s.exec(en)?.[1]?.trim() ?? '';

/** The Vietnamese problem for one failed constraint (without the field name, which the caller puts in front). */
export function vietnameseProblem(kind: string, en: string): string {
  const custom = CUSTOM[en.replace(/^each value in \S+ /, '')] ?? CUSTOM[en];
  const each = /^each value in /.test(en) ? 'mỗi giá trị ' : '';
  if (custom) return each + custom;
  switch (kind) {
    case 'whitelistValidation':
      return 'trường này không có trong yêu cầu này, hãy bỏ nó đi';
    case 'unknownValue':
      return 'giá trị gửi lên không đúng kiểu dữ liệu mong đợi';
    case 'nestedValidation':
      return 'phải là một đối tượng hoặc một danh sách';
    case 'isDefined':
      return 'bắt buộc phải có';
    case 'isNotEmpty':
    case 'arrayNotEmpty':
      return 'không được để trống';
    case 'isString':
      return `${each}phải là chuỗi ký tự`;
    case 'isInt':
      return `${each}phải là số nguyên`;
    case 'isNumber':
    case 'isNumberString':
      return `${each}phải là số`;
    case 'isPositive':
      return `${each}phải là số dương`;
    case 'isBoolean':
      return `${each}phải là true hoặc false`;
    case 'isArray':
      return 'phải là một danh sách';
    case 'isObject':
      return 'phải là một đối tượng';
    case 'isEmail':
      return `${each}phải là địa chỉ thư điện tử hợp lệ`;
    case 'isUuid':
    case 'isUUID':
      return `${each}phải là mã định danh dạng UUID`;
    case 'isUrl':
      return `${each}phải là địa chỉ URL hợp lệ`;
    case 'isIso8601':
    case 'isISO8601':
    case 'isDateString':
      return `${each}phải là ngày giờ theo chuẩn ISO 8601 (ví dụ 2026-09-02 hoặc 2026-09-02T08:00:00+07:00)`;
    case 'isDate':
      return `${each}phải là ngày giờ`;
    case 'isIn':
    case 'isEnum':
      return `${each}phải là một trong các giá trị: ${list(en)}`;
    case 'equals':
      return `phải bằng ${num(en, /must be equal to (.+)$/)}`;
    case 'min':
      return `${each}không được nhỏ hơn ${num(en, /less than (\S+)/)}`;
    case 'max':
      return `${each}không được lớn hơn ${num(en, /greater than (\S+)/)}`;
    case 'isLength':
    case 'minLength':
    case 'maxLength': {
      const longer = /longer than or equal to (\d+)/.exec(en)?.[1];
      const shorter = /shorter than or equal to (\d+)/.exec(en)?.[1];
      if (longer && shorter) return `${each}phải dài từ ${longer} đến ${shorter} ký tự`;
      if (longer) return `${each}phải dài ít nhất ${longer} ký tự`;
      if (shorter) return `${each}không được dài quá ${shorter} ký tự`;
      return `${each}có độ dài không hợp lệ`;
    }
    case 'arrayMinSize':
      return `phải có ít nhất ${num(en, /at least (\d+)/)} phần tử`;
    case 'arrayMaxSize':
      return `không được có quá ${num(en, /no more than (\d+)/)} phần tử`;
    case 'matches':
      return `${each}không đúng định dạng`;
    case 'usageEvents': {
      const at = /^(events\[\d+\])/.exec(en)?.[1];
      return at ? `${at} không phải là một sự kiện sử dụng hợp lệ` : 'phải là danh sách các sự kiện sử dụng';
    }
    default:
      return `${each}không hợp lệ`;
  }
}
