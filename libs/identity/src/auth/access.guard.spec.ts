import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@suotdoi/platform';
import { satisfies } from './access.guard.js';

const base: Principal = { accountId: 'a', staff: [], adminUnitIds: [], systemAdmin: false };

describe('access rules', () => {
  it('gives each capacity only its own rules', () => {
    const patron = { ...base, patronId: 'p' };
    const circ = { ...base, staff: [{ institutionId: 'i', roles: ['circulation' as const] }] };
    const manager = { ...base, staff: [{ institutionId: 'i', roles: ['manager' as const] }] };
    const admin = { ...base, adminUnitIds: ['u'] };
    const sys = { ...base, systemAdmin: true };
    expect(satisfies(base, 'authenticated')).toBe(true);
    expect(satisfies(base, 'patron')).toBe(false);
    expect(satisfies(patron, 'patron')).toBe(true);
    expect(satisfies(patron, 'staff')).toBe(false);
    expect(satisfies(circ, 'staff:circulation')).toBe(true);
    expect(satisfies(circ, 'staff:cataloguing')).toBe(false);
    // A manager holds every role at their institution.
    expect(satisfies(manager, 'staff:cataloguing')).toBe(true);
    expect(satisfies(manager, 'staff:manager')).toBe(true);
    expect(satisfies(circ, 'staff:manager')).toBe(false);
    expect(satisfies(admin, 'network_admin')).toBe(true);
    expect(satisfies(admin, 'staff')).toBe(false);
    // A system administrator is not implicitly staff, patron or network administrator.
    expect(satisfies(sys, 'system_admin')).toBe(true);
    expect(satisfies(sys, 'network_admin')).toBe(false);
    expect(satisfies(sys, 'staff:circulation')).toBe(false);
    expect(satisfies(admin, 'system_admin')).toBe(false);
  });
});
