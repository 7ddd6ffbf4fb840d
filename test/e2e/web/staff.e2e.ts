// Staff pages for rotating collections and events, and the browser session's guarantees (one refresh at a time across
// tabs, CSRF refusal), in Debian's Chromium against the real API with the Vietnamese demo data.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { SeedRunner } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { launchBrowser, listen, newPage, printed, seriousViolations } from '../../support/browser.js';

const DEMO_PASSWORD = 'SuotDoi-demo-2025';
const shots = process.env.WEB_SCREENSHOTS_DIR;

async function signIn(page: Page, login: string, next = '/'): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('E-mail hoặc số thẻ thư viện').fill(login);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

describe('staff web pages and the browser session (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => t.app.get(DataSource).query(q, params);
  const api = async (token: string, method: string, path: string, body?: object) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const tokenOf = async (login: string) =>
    (await api('', 'POST', '/auth/sign-in', { login, password: DEMO_PASSWORD })).body.accessToken as string;

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    await t.app.get(SeedRunner).run();
    base = await listen(t);
    browser = await launchBrowser();
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a librarian plans an itinerary, prepares a shipment (seeing the copies to follow), dispatches it and prints the manifest', async () => {
    const token = await tokenOf('thuthu.huonghoa@suotdoi.vn');
    const [owner] = await sql<{ id: string }>(`SELECT id FROM network.institutions WHERE code = 'QT-HH-TV'`);
    const [host] = await sql<{ id: string; name: string }>(
      `SELECT id, name FROM network.institutions WHERE code = 'QT-HH-TV-TH'`,
    );
    const shelf = await sql<{ barcode: string }>(
      `SELECT c.barcode FROM catalogue.copies c WHERE c.home_institution_id = $1 AND c.status = 'available'
        AND NOT EXISTS (SELECT 1 FROM rotation.collection_copies cc WHERE cc.copy_id = c.id) ORDER BY c.barcode LIMIT 2`,
      [owner.id],
    );
    const [lent] = await sql<{ barcode: string; title: string }>(
      `SELECT c.barcode, r.title FROM catalogue.copies c JOIN catalogue.records r ON r.id = c.record_id
        WHERE c.home_institution_id = $1 AND c.location_institution_id = $1 AND c.status = 'on_loan'
          AND NOT EXISTS (SELECT 1 FROM rotation.collection_copies cc WHERE cc.copy_id = c.id) ORDER BY c.barcode LIMIT 1`,
      [owner.id],
    );
    const name = 'Tủ sách thiếu nhi Hướng Hóa – Đợt 2';
    const created = await api(token, 'POST', '/rotation/collections', {
      ownerInstitutionId: owner.id,
      name,
      themes: ['Thiếu nhi'],
    });
    expect(created.status).toBe(201);
    const added = await api(token, 'POST', `/rotation/collections/${created.body.id as string}/copies`, {
      barcodes: [...shelf.map((c) => c.barcode), lent.barcode],
    });
    expect(added.status).toBe(200);

    const { context, page } = await newPage(browser, base);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'thuthu.huonghoa@suotdoi.vn', '/desk/rotation');
    await page.getByRole('button', { name: `Xem kho sách ${name}` }).click();
    await page.getByText('Kho sách này chưa có lộ trình.').waitFor();
    // Plan: one stage at the town's school library, 45 days.
    await page.getByLabel('Kiểu lộ trình').selectOption('one_way');
    await page.getByLabel('Nơi nhận chặng 1').selectOption({ label: host.name });
    await page.getByLabel('Số ngày ở chặng 1').fill('45');
    await page.getByRole('button', { name: 'Lưu lộ trình' }).click();
    const stageRow = page.locator('.itinerary tbody tr');
    await stageRow.first().waitFor();
    await expect(stageRow.allTextContents()).resolves.toEqual([expect.stringContaining(host.name)]);
    await expect(stageRow.first().textContent()).resolves.toMatch(
      /\d{2}\/\d{2}\/\d{4} – \d{2}\/\d{2}\/\d{4} \(45 ngày\)/,
    );
    if (shots) await page.screenshot({ path: `${shots}/desk-rotation-plan-1280.png`, fullPage: true });

    // Prepare: the two on the shelf are packed, the one on loan follows.
    await page.getByLabel('Ghi chú cho chuyến sách (không bắt buộc)').fill('Gửi theo xe thư viện lưu động thứ Hai');
    await page.getByRole('button', { name: 'Chuẩn bị chuyến sách' }).click();
    const shipment = page.locator('.shipment');
    await shipment.waitFor();
    await expect(shipment.locator('tbody tr').count()).resolves.toBe(3);
    await expect(shipment.locator('tbody tr', { hasText: lent.barcode }).textContent()).resolves.toContain(
      'Sẽ gửi sau',
    );
    await expect(page.getByText(/Sẽ gửi sau khi bạn đọc trả:/).textContent()).resolves.toContain(lent.title);
    await page.getByRole('button', { name: 'Gửi đi' }).click();
    await page.locator('.shipment', { hasText: 'Đang chuyển' }).waitFor();
    await page.getByRole('button', { name: 'In phiếu xuất' }).click();
    expect(await printed(page)).toBe(1);
    // The handover record, rendered by the worker as an on-demand task, downloaded from the page.
    await page.getByRole('button', { name: 'Lập biên bản giao nhận (PDF, XLSX, CSV)' }).click();
    const pdf = page.getByRole('button', { name: 'Tải biên bản giao nhận dạng PDF' });
    await pdf.waitFor({ timeout: 90_000 });
    const [file] = await Promise.all([page.waitForEvent('download'), pdf.click()]);
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    expect((await readFile((await file.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
    const [row] = await sql<{ status: string; note: string }>(
      `SELECT status, note FROM rotation.shipments WHERE collection_id = $1`,
      [created.body.id],
    );
    expect(row).toEqual({ status: 'in_transit', note: 'Gửi theo xe thư viện lưu động thứ Hai' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(360);
    if (shots) await page.screenshot({ path: `${shots}/desk-rotation-360.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
  it('an events librarian creates a weekly programme, edits it, adds a session, and sees who registered', async () => {
    const { context, page } = await newPage(browser, base);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'thuthu.huonghoa@suotdoi.vn', '/desk/programmes');
    await page.getByRole('button', { name: 'Tạo chương trình mới' }).click();
    await page.getByLabel('Tên chương trình').fill('Câu lạc bộ đọc sách Đất Mũi');
    await page.getByLabel('Loại hoạt động').selectOption({ label: 'Sinh hoạt câu lạc bộ' });
    await page.getByLabel('Giới thiệu').fill('Đọc và kể lại truyện dân gian Vân Kiều – Pa Kô cho thiếu nhi.');
    await page.getByLabel('Lặp lại').selectOption('weekly');
    await page.getByLabel('Số buổi').fill('4');
    await page.getByLabel('Địa điểm').fill('Nhà văn hóa thôn Tân Hòa');
    await page.getByLabel('Số chỗ', { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Tạo chương trình', exact: true }).click();
    const sessions = page.locator('.panel tbody tr');
    await page.getByRole('heading', { name: 'Câu lạc bộ đọc sách Đất Mũi' }).waitFor();
    await expect(sessions.count()).resolves.toBe(4);
    await expect(sessions.first().textContent()).resolves.toMatch(
      /08:00.*Nhà văn hóa thôn Tân Hòa.*0\/20 chỗ.*Đã lên lịch/,
    );
    const [programme] = await sql<{ id: string; title: string }>(
      `SELECT id, title FROM events.programmes WHERE title = 'Câu lạc bộ đọc sách Đất Mũi'`,
    );
    const starts = await sql<{ at: string }>(
      `SELECT to_char(starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'ID HH24:MI') AS at FROM events.sessions WHERE programme_id = $1`,
      [programme.id],
    );
    expect(new Set(starts.map((r) => r.at)).size).toBe(1); // same weekday and hour, four weeks running

    // Edit: an inverted age range is refused in Vietnamese; then a new name typed in decomposed form (NFD) is saved as NFC.
    await page.getByLabel('Tuổi tối thiểu').fill('12');
    await page.getByLabel('Tuổi tối đa').fill('6');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain(
      'Tuổi tối đa (6) nhỏ hơn tuổi tối thiểu (12).',
    );
    // The patron registered below is an adult: the range must let him in.
    await page.getByLabel('Tuổi tối thiểu').fill('6');
    await page.getByLabel('Tuổi tối đa').fill('99');
    await page.getByLabel('Tên chương trình').fill('Câu lạc bộ đọc sách thiếu nhi Hướng Hóa'.normalize('NFD'));
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu thay đổi.').waitFor();
    expect(
      await sql(`SELECT title, min_age AS "minAge", max_age AS "maxAge" FROM events.programmes WHERE id = $1`, [
        programme.id,
      ]),
    ).toEqual([{ title: 'Câu lạc bộ đọc sách thiếu nhi Hướng Hóa', minAge: 6, maxAge: 99 }]);
    await page.getByRole('cell', { name: 'Câu lạc bộ đọc sách thiếu nhi Hướng Hóa', exact: true }).waitFor();

    // One more session, on its own.
    // Two days on (the series starts tomorrow at the same hour: the first session stays the series' first).
    await page
      .locator('#add-day')
      .fill(new Date(Date.now() + 7 * 3600_000 + 2 * 86_400_000).toISOString().slice(0, 10));
    await page.locator('#add-place').fill('Thư viện huyện Hướng Hóa, phòng đọc thiếu nhi');
    await page.getByRole('button', { name: 'Thêm buổi', exact: true }).click();
    await page.getByText('Đã thêm 1 buổi.').waitFor();
    await expect(sessions.count()).resolves.toBe(5);

    // A patron registered by card at the desk shows in the session's list, by name.
    const [kien] = await sql<{ card: string }>(
      `SELECT card_number AS card FROM identity.patrons p JOIN identity.accounts a ON a.id = p.account_id WHERE a.email = 'bandoc@suotdoi.vn'`,
    );
    const [first] = await sql<{ id: string }>(
      `SELECT id FROM events.sessions WHERE programme_id = $1 ORDER BY starts_at LIMIT 1`,
      [programme.id],
    );
    const token = await tokenOf('thuthu.huonghoa@suotdoi.vn');
    expect(
      (await api(token, 'POST', `/events/sessions/${first.id}/registrations`, { cardNumber: kien.card })).status,
    ).toBe(201);
    await sessions
      .first()
      .getByRole('button', { name: /^Danh sách đăng ký buổi/ })
      .click();
    const registered = page.locator('.registrations tbody tr');
    await registered.first().waitFor();
    await expect(registered.allTextContents()).resolves.toEqual([expect.stringMatching(/Hồ Văn Kiên.*1.*Đã xác nhận/)]);
    if (shots) await page.screenshot({ path: `${shots}/desk-programmes-1280.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(360);
    if (shots) await page.screenshot({ path: `${shots}/desk-programmes-360.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('changing a programme: another institution gets 404, bad input 400 with a code, never a partial write', async () => {
    const [programme] = await sql<{ id: string; title: string }>(
      `SELECT p.id, p.title FROM events.programmes p JOIN network.institutions i ON i.id = p.institution_id WHERE i.code = 'QT-HH-TV' ORDER BY p.created_at LIMIT 1`,
    );
    const other = await tokenOf('thuthu.dakha@suotdoi.vn');
    const own = await tokenOf('thuthu.huonghoa@suotdoi.vn');
    const foreign = await api(other, 'PATCH', `/events/programmes/${programme.id}`, { title: 'Đổi tên trộm' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('events/programme_not_found');
    const missing = await api(own, 'PATCH', '/events/programmes/00000000-0000-4000-8000-000000000000', { title: 'Ơ' });
    expect(missing.status).toBe(404);
    for (const bad of [{ title: null }, { title: 'Đúng', category: 'karaoke' }, { minAge: -1 }, { colour: 'đỏ' }]) {
      const res = await api(own, 'PATCH', `/events/programmes/${programme.id}`, bad);
      expect({ bad, status: res.status, code: typeof res.body.code, vi: typeof res.body.messageVi }).toEqual({
        bad,
        status: 400,
        code: 'string',
        vi: 'string',
      });
    }
    expect(await sql(`SELECT title FROM events.programmes WHERE id = $1`, [programme.id])).toEqual([
      { title: programme.title },
    ]);
  }, 60_000);
  it('two tabs reloading at the same moment take turns with the refresh cookie, and both stay signed in', async () => {
    const { context, page: first } = await newPage(browser, base, 360);
    await signIn(first, 'bandoc@suotdoi.vn', '/account');
    const second = await context.newPage();
    await second.goto('/account');
    await second.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    const refreshes: number[] = [];
    context.on('response', (r) => {
      if (r.url().endsWith('/auth/browser/refresh')) refreshes.push(r.status());
    });
    for (let round = 0; round < 3; round++) {
      await Promise.all([first.reload(), second.reload()]);
      await Promise.all([
        first.getByRole('button', { name: 'Đăng xuất' }).waitFor(),
        second.getByRole('button', { name: 'Đăng xuất' }).waitFor(),
      ]);
    }
    // Each tab refreshed once per reload, one after the other: six refreshes, none refused as a reuse.
    expect(refreshes).toEqual([200, 200, 200, 200, 200, 200]);
    const [family] = await sql<{ revoked: number; used: number }>(
      `SELECT count(*) FILTER (WHERE revoked_at IS NOT NULL)::int AS revoked, count(*) FILTER (WHERE used_at IS NOT NULL)::int AS used
         FROM identity.refresh_tokens t JOIN identity.accounts a ON a.id = t.account_id
        WHERE a.email = 'bandoc@suotdoi.vn' AND t.family_id = (SELECT family_id FROM identity.refresh_tokens t2 WHERE t2.account_id = a.id ORDER BY t2.created_at DESC LIMIT 1)`,
    );
    expect(family).toEqual({ revoked: 0, used: 7 });
    await context.close();
  }, 120_000);

  it('cookie-authenticated routes refuse a request without the CSRF token with 403 identity/csrf_failed, and spend nothing', async () => {
    const signedIn = await fetch(`${base}/auth/browser/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'bandoc@suotdoi.vn', password: DEMO_PASSWORD }),
    });
    expect(signedIn.status).toBe(200);
    const jar = Object.fromEntries(
      signedIn.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]),
    );
    const cookie = `suotdoi_refresh=${jar.suotdoi_refresh}; suotdoi_csrf=${jar.suotdoi_csrf}`;
    const send = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { Cookie: cookie, ...headers } });
    for (const [path, headers] of [
      ['/auth/browser/refresh', {}],
      ['/auth/browser/refresh', { 'X-CSRF-Token': 'khong-dung-ma-cua-trang' }],
      ['/auth/browser/refresh', { 'X-CSRF-Token': `${jar.suotdoi_csrf}x` }],
      ['/auth/browser/sign-out', {}],
    ] as const) {
      const res = await send(path, headers);
      const body = (await res.json()) as { code: string; messageVi: string };
      expect({ path, status: res.status, code: body.code, messageVi: body.messageVi }).toEqual({
        path,
        status: 403,
        code: 'identity/csrf_failed',
        messageVi:
          'Yêu cầu này không đến từ trang của thư viện (thiếu hoặc sai mã CSRF); hãy tải lại trang rồi thử lại.',
      });
    }
    // Cookies never authenticate the API itself: a mutation with them and no bearer token is unauthenticated.
    const mutation = await fetch(`${base}/circulation/checkouts`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': jar.suotdoi_csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ cardNumber: 'x', barcode: 'y', institutionId: '00000000-0000-4000-8000-000000000000' }),
    });
    expect(mutation.status).toBe(401);
    // The refused attempts spent nothing: the same refresh cookie still works once, with the token.
    expect((await send('/auth/browser/refresh', { 'X-CSRF-Token': jar.suotdoi_csrf })).status).toBe(200);
  }, 60_000);
  it('the plan dashboard opens on a plan running this year that has figures', async () => {
    const { context, page } = await newPage(browser, base);
    await signIn(page, 'quantri@suotdoi.vn', '/admin');
    await page.locator('.chart svg').first().waitFor();
    const planId = await page.getByLabel('Kế hoạch').inputValue();
    const token = await tokenOf('quantri@suotdoi.vn');
    const plans = (await fetch(`${base}/plans`, { headers: { Authorization: `Bearer ${token}` } }).then((r) =>
      r.json(),
    )) as { id: string; baseYear: number; horizonYear: number | null }[];
    const year = new Date().getFullYear();
    const plan = plans.find((p) => p.id === planId)!;
    expect(plan.baseYear < year && (plan.horizonYear ?? year) >= year).toBe(true);
    const report = (await fetch(`${base}/plans/${planId}/indicators?period=${year}`, {
      headers: { Authorization: `Bearer ${token}` },
    }).then((r) => r.json())) as { indicators: { value: number | null }[] };
    expect(report.indicators.some((i) => i.value !== null)).toBe(true);
    await expect(page.getByLabel('Năm', { exact: true }).inputValue()).resolves.toBe(String(year));
    await context.close();
  }, 60_000);
  it('the record page shows a cover or its placeholder, and where the mobile library of a holding library stops next', async () => {
    const [library] = await sql<{ id: string; unitId: string }>(
      `SELECT i.id, iu.unit_id AS "unitId" FROM network.institutions i JOIN network.institution_units iu ON iu.institution_id = i.id AND iu.valid_to IS NULL WHERE i.code = 'QT-HH-TV'`,
    );
    const [record] = await sql<{ id: string; title: string }>(
      `SELECT r.id, r.title FROM catalogue.records r JOIN catalogue.copies c ON c.record_id = r.id
        WHERE c.location_institution_id = $1 AND c.status = 'available' ORDER BY r.title LIMIT 1`,
      [library.id],
    );
    const detail = await api('', 'GET', `/catalogue/records/${record.id}`);
    const { hasCover } = (detail.body as { record: { hasCover: boolean } }).record;
    const holders = (detail.body as { holdings: { institutionId: string }[] }).holdings.map((h) => h.institutionId);
    expect(holders).toContain(library.id);
    const inThreeDays = new Date(Date.now() + 7 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const route = await api(await tokenOf('thuthu.huonghoa@suotdoi.vn'), 'POST', '/rotation/mobile-routes', {
      institutionId: library.id,
      name: 'Tuyến lưu động Hướng Hóa – Xa Bai',
      stops: [
        {
          place: 'Nhà văn hóa thôn Xa Bai',
          unitId: library.unitId,
          startsAt: '07:30',
          endsAt: '10:30',
          dates: [inThreeDays],
        },
      ],
    });
    expect(route.status).toBe(201);

    const { context, page } = await newPage(browser, base, 360);
    await page.goto(`/opac/records/${record.id}`);
    await page.getByRole('heading', { name: 'Nơi có sách' }).waitFor();
    if (hasCover) await expect(page.locator('img.cover').getAttribute('alt')).resolves.toBe(`Bìa sách ${record.title}`);
    else await expect(page.locator('.cover-placeholder').textContent()).resolves.toBe(record.title);
    await page.getByRole('heading', { name: 'Thư viện lưu động sắp đến' }).waitFor();
    const [d, m, y] = [inThreeDays.slice(8, 10), inThreeDays.slice(5, 7), inThreeDays.slice(0, 4)];
    await expect(page.locator('ul.stops li', { hasText: 'Xa Bai' }).textContent()).resolves.toMatch(
      new RegExp(`${d}/${m}/${y}, 07:30–10:30 — Nhà văn hóa thôn Xa Bai`),
    );
    // At 360 px the holdings table is stacked: nothing scrolls sideways.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(360);
    await expect(page.locator('td[data-label="Thư viện"]').first().isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/record-stops-360.png`, fullPage: true });
    await context.close();
  }, 60_000);
});
