import { afterEach, describe, expect, it } from '@jest/globals';
import { Logger, type LoggerService } from '@nestjs/common';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { LoggingMailTransport } from './logging-mail.transport.js';
import { createMailTransport } from './mail.module.js';
import { escapeMarkup } from '../http/escape.js';
import { bilingualHtml, bilingualSubject, bilingualText } from './mail.types.js';
import { SmtpMailTransport } from './smtp-mail.transport.js';

/** Captures what Nest's Logger writes (every level), to check what reaches the log. */
function captureLog(): string[] {
  const lines: string[] = [];
  const keep = (m: unknown) => void lines.push(String(m));
  const sink: LoggerService = { log: keep, warn: keep, error: keep, debug: keep, verbose: keep, fatal: keep };
  Logger.overrideLogger(sink);
  return lines;
}

const JWT_SECRET = 'x'.repeat(32);
const message = {
  to: 'ban.doc@thu.example',
  subject: 'Đặt lại mật khẩu / Reset your password',
  text: 'Mở liên kết: https://thuvien.example.vn/reset-password?token=bí-mật-dùng-một-lần',
};

describe('mail transport', () => {
  afterEach(() => Logger.overrideLogger(false));

  it('is the logging adapter when SMTP_URL is unset (or empty), SMTP when it is set', () => {
    expect(createMailTransport(loadConfig({}))).toBeInstanceOf(LoggingMailTransport);
    expect(createMailTransport(loadConfig({ SMTP_URL: '' })).kind).toBe('log');
    const smtp = createMailTransport(
      loadConfig({ SMTP_URL: 'smtp://thu.vien:m%E1%BA%ADt%40kh%E1%BA%A9u@127.0.0.1:2525' }),
    );
    expect(smtp).toBeInstanceOf(SmtpMailTransport);
    expect(smtp.kind).toBe('smtp');
    (smtp as SmtpMailTransport).onApplicationShutdown();
    expect(loadConfig({}).MAIL_FROM).toBe('Suốt Đời <no-reply@suotdoi.local>');
  });

  it('validates SMTP_URL and MAIL_FROM, naming each', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.vn' })).toThrow(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => loadConfig({ MAIL_FROM: 'Thư viện tỉnh' })).toThrow(/MAIL_FROM: must be an e-mail address/);
    expect(
      loadConfig({
        SMTP_URL: 'smtps://u:p@mail.example.vn:465',
        MAIL_FROM: 'Thư viện tỉnh Hà Giang <no-reply@thuvien.hagiang.gov.vn>',
      }).mailBackend,
    ).toBe('smtp');
    const problem = (() => {
      try {
        loadConfig({ SMTP_URL: 'mail.example.vn:25', MAIL_FROM: '<>' });
      } catch (e) {
        return e;
      }
    })();
    expect(problem).toBeInstanceOf(ConfigError);
    expect((problem as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['MAIL_FROM', 'SMTP_URL']);
  });

  it('logs the whole message in development, so the link can be followed locally', async () => {
    const lines = captureLog();
    await new LoggingMailTransport(loadConfig({})).send(message);
    expect(lines.join('\n')).toContain('token=bí-mật-dùng-một-lần');
  });

  it('never logs the body (single-use links) in production, and says the e-mail was not delivered', async () => {
    const lines = captureLog();
    const transport = createMailTransport(loadConfig({ NODE_ENV: 'production', JWT_SECRET }));
    expect(transport.kind).toBe('log');
    await transport.send(message);
    const log = lines.join('\n');
    expect(log).toMatch(/SMTP_URL is not set/);
    expect(log).toContain('ban.doc@thu.example');
    expect(log).not.toMatch(/token|bí-mật|reset-password/);
  });

  it('builds bilingual subjects and bodies, Vietnamese first, in NFC', () => {
    const nfd = 'Đặt lại mật khẩu'.normalize('NFD');
    expect(bilingualSubject(nfd, 'Reset your password')).toBe('Đặt lại mật khẩu / Reset your password');
    const text = bilingualText(`Chào ${'Nguyễn Thị Huệ'.normalize('NFD')},`, 'Hello,');
    expect(text.indexOf('Chào')).toBeLessThan(text.indexOf('Hello'));
    expect(text).toContain('Chào Nguyễn Thị Huệ,');
    expect(text).toBe(text.normalize('NFC'));
  });

  it('escapes text for HTML, quotes and apostrophes included', () => {
    expect(escapeMarkup(`Tôi & "Đất" <Mẹ> 'Đồng'`)).toBe('Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt; &#39;Đồng&#39;');
  });

  it('builds a bilingual HTML part: escaped, paragraphs, Vietnamese first with lang attributes, links, no external resources', () => {
    const vi = `Chào ${'Đoàn Thị Điểm'.normalize('NFD')},\n\nTài liệu “Tôi & "Đất" <Mẹ>” cần trả.\nDòng thứ hai.\n\nhttps://thuvien.example.vn/verify?token=a-b&c=1`;
    const html = bilingualHtml('Thông báo <thử> / Notice', vi, 'Hello,\n\nItem “Tôi & "Đất" <Mẹ>” is due.');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Thông báo &lt;thử&gt; / Notice</title>');
    expect(html).toContain('<p>Chào Đoàn Thị Điểm,</p>');
    expect(html).toContain('<p>Tài liệu “Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt;” cần trả.<br>\nDòng thứ hai.</p>');
    expect(html).toContain(
      '<a href="https://thuvien.example.vn/verify?token=a-b&amp;c=1">https://thuvien.example.vn/verify?token=a-b&amp;c=1</a>',
    );
    expect(html).toMatch(/<div lang="en">[\s\S]*<p>Item “Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt;” is due\.<\/p>/);
    expect(html.indexOf('lang="vi"')).toBeLessThan(html.indexOf('lang="en"'));
    expect(html).not.toContain('<Mẹ>');
    expect(html).not.toMatch(/<img|<script|src=|url\(/i);
    expect(html).toBe(html.normalize('NFC'));
  });
});
