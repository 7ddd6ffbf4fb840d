import { describe, expect, it } from '@jest/globals';
import { CatalogueErrors } from '@suotdoi/catalogue';
import { CirculationErrors } from '@suotdoi/circulation';
import { EventsErrors } from '@suotdoi/events';
import { IdentityErrors } from '@suotdoi/identity';
import { NetworkErrors } from '@suotdoi/network';
import { NoticesErrors } from '@suotdoi/notices';
import { PlansErrors } from '@suotdoi/plans';
import { PlatformErrors, TaskErrors, type ErrorSpec } from '@suotdoi/platform';
import { RotationErrors } from '@suotdoi/rotation';
import { UsageErrors } from '@suotdoi/usage';

/**
 * English that leaks into Vietnamese messages: words of English grammar and the library's English vocabulary.
 * (Vietnamese written without its diacritics would match some of these, but no message of ours is written so.)
 */
const ENGLISH = new Set(
  (
    'the an is are was were be been not no of and or to for with by from on in at this that these those it its ' +
    'has have had must should cannot can may already your you please only than then when which who what ' +
    'invalid missing unknown required allowed exist exists found error failed property value values ' +
    'loan loans hold holds visit visits copy copies record records patron patrons staff account user ' +
    'library libraries institution unit event events registration status category kind period'
  ).split(' '),
);
/** Codes and identifiers that have no Vietnamese name and are written as they are. */
const KEPT = new Set(['ISBN', 'MARC', 'MARCXML', 'ISO', 'PDF', 'OPDS', 'URL', 'CSV', 'JSON', 'XML', 'HTTP', 'DDC']);

const ALL: Record<string, Record<string, { spec: ErrorSpec }>> = {
  CatalogueErrors,
  CirculationErrors,
  EventsErrors,
  IdentityErrors,
  NetworkErrors,
  NoticesErrors,
  PlansErrors,
  PlatformErrors,
  TaskErrors,
  RotationErrors,
  UsageErrors,
};

/** What is wrong with one Vietnamese message: English words, or a raw code such as "identity/category_not_allowed". */
function problems(vi: string): string[] {
  const text = vi
    .replace(/\{\w+\}/g, ' ') // placeholders are filled with names and values
    .replace(/"[^"]*"|“[^”]*”/g, ' ') // quoted input is shown as the person typed it
    .replace(/\b(application|image|text|audio|video)\/[\w.+-]+/g, ' ') // media types
    .replace(/\$[a-z0-9]\b/g, ' '); // MARC subfield codes
  const out: string[] = [];
  const codes = text.match(/(?<!\p{L})[a-z]+(?:\/[a-z_]+|_[a-z_]+)(?!\p{L})/gu) ?? [];
  for (const code of codes) out.push(`code ${code}`);
  const words = codes.reduce((t, c) => t.replace(c, ' '), text);
  for (const word of words.match(/\p{L}+/gu) ?? []) {
    if (KEPT.has(word) || !/^[A-Za-z]+$/.test(word)) continue;
    if (ENGLISH.has(word.toLowerCase())) out.push(`English "${word}"`);
    else if (/^[a-z]+[A-Z]/.test(word)) out.push(`field name ${word}`);
  }
  return out;
}

describe('Vietnamese messages', () => {
  const specs = Object.entries(ALL).flatMap(([module, errors]) =>
    Object.entries(errors).map(([key, e]) => ({ name: `${module}.${key}`, spec: e.spec })),
  );

  it('finds English in a message that has it', () => {
    expect(problems('Không có bản sách; property email should not exist')).toEqual([
      'English "property"',
      'English "should"',
      'English "not"',
      'English "exist"',
    ]);
    expect(problems('đã ghi nhận visit, mã identity/category_not_allowed, hãy gửi cardNumber')).toEqual([
      'code identity/category_not_allowed',
      'English "visit"',
      'field name cardNumber',
    ]);
  });

  it('has no English words nor raw codes in any messageVi defined', () => {
    const found = specs
      .map(({ name, spec }) => ({ name, problems: problems(spec.vi) }))
      .filter((x) => x.problems.length);
    expect(found).toEqual([]);
  });
});
