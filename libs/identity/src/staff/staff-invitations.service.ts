import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppConfig,
  Clock,
  JURISDICTION_DIRECTORY,
  type JurisdictionDirectory,
  type StaffRole,
} from '@suotdoi/platform';
import { NoticesService } from '@suotdoi/notices';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AccountsService, normaliseEmail } from '../accounts/accounts.service.js';
import { AuditService } from '../audit/audit.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { IdentityErrors } from '../identity.errors.js';
import { IdentityNotices } from '../notices/identity.notices.js';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

/** An invitation as its inviter sees it: what was asked, never anything about an account with that e-mail. */
export interface StaffInvitationView {
  id: string;
  institutionId: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  expiresAt: Date;
}

interface InvitationRow extends StaffInvitationView {
  acceptedAt: Date | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const ROLE_NAMES_VI: Record<StaffRole, string> = {
  circulation: 'lưu thông',
  cataloguing: 'biên mục',
  events: 'sự kiện',
  manager: 'quản lý',
};
const ROLE_NAMES_EN: Record<StaffRole, string> = {
  circulation: 'circulation',
  cataloguing: 'cataloguing',
  events: 'events',
  manager: 'manager',
};

/**
 * Staff roles reach an account only through an invitation its owner accepts: the inviter names an e-mail, the e-mail
 * gets a single-use link, and the roles are granted to whoever proves they hold it — the signed-in account with that
 * e-mail, or a new account created with it. The inviter learns nothing about existing accounts.
 */
@Injectable()
export class StaffInvitationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: AccountsService,
    private readonly accountsRepo: AccountsRepository,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly notices: NoticesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  /** Invite an e-mail to roles at an institution (the caller has been checked as one who manages it). */
  async invite(
    input: { institutionId: string; email: string; displayName: string; roles: StaffRole[] },
    invitedBy: string,
  ): Promise<StaffInvitationView> {
    const [inst] = await this.directory.describeInstitutions([input.institutionId]);
    if (!inst) throw IdentityErrors.institutionNotFound();
    const email = normaliseEmail(input.email)!;
    const roles = [...new Set(input.roles)].sort();
    if (!roles.length) throw IdentityErrors.invitationRolesRequired();
    const token = randomBytes(32).toString('base64url');
    const view = await this.ds.transaction(async (m) => {
      const [row]: InvitationRow[] = await m.query(
        `INSERT INTO identity.staff_invitations (institution_id, email, display_name, roles, invited_by, token_hash, expires_at)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7::timestamptz + make_interval(days => $8))
         RETURNING id, institution_id AS "institutionId", email, display_name AS "displayName", roles,
                   expires_at AS "expiresAt", accepted_at AS "acceptedAt"`,
        [
          input.institutionId,
          email,
          input.displayName.normalize('NFC').trim(),
          roles,
          invitedBy,
          sha256(token),
          this.clock.now(),
          INVITATION_DAYS,
        ],
      );
      await this.audit.record(m, {
        actorAccountId: invitedBy,
        action: 'staff.invited',
        institutionId: input.institutionId,
        details: { invitationId: row.id, roles },
      });
      return row;
    });
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');
    await this.notices.sendNow({
      to: { email, name: view.displayName },
      template: IdentityNotices.staff_invitation,
      params: {
        institutionName: inst.name,
        rolesVi: roles.map((r) => ROLE_NAMES_VI[r]).join(', '),
        rolesEn: roles.map((r) => ROLE_NAMES_EN[r]).join(', '),
        link: `${base}/staff-invitation?token=${token}`,
        token,
        days: String(INVITATION_DAYS),
      },
    });
    return { ...view, roles: view.roles };
  }

  /** The signed-in invitee accepts: the invitation's e-mail must be their account's. */
  async acceptAsAccount(token: string, accountId: string): Promise<{ institutionId: string; roles: StaffRole[] }> {
    return this.ds.transaction(async (m) => {
      const invitation = await this.claim(m, token);
      const account = await this.accountsRepo.findById(accountId, m, true);
      if (!account || account.status !== 'active' || normaliseEmail(account.email) !== invitation.email)
        throw IdentityErrors.invitationNotFound();
      return this.grant(m, invitation, accountId);
    });
  }

  /** A person with no account yet accepts by choosing a password: the account is created with the invited e-mail. */
  async acceptWithNewAccount(
    token: string,
    password: string,
  ): Promise<{ accountId: string; institutionId: string; roles: StaffRole[] }> {
    this.hasher.assertStrong(password);
    const passwordHash = await this.hasher.hash(password);
    return this.ds.transaction(async (m) => {
      const invitation = await this.claim(m, token);
      // The link proves the e-mail; an account that already has it must sign in and accept.
      if (await this.accountsRepo.findByEmail(invitation.email, m)) throw IdentityErrors.invitationNeedsSignIn();
      const accountId = await this.accountsRepo.insert(m, {
        email: invitation.email,
        phone: null,
        displayName: invitation.displayName,
        passwordHash,
        status: 'active',
      });
      if (!accountId) throw IdentityErrors.invitationNeedsSignIn();
      return { accountId, ...(await this.grant(m, invitation, accountId)) };
    });
  }

  /** Lock the invitation for this token; an unknown, used or expired one is not found (all alike). */
  private async claim(m: EntityManager, token: string): Promise<InvitationRow> {
    const [row]: InvitationRow[] = await m.query(
      `SELECT id, institution_id AS "institutionId", email, display_name AS "displayName", roles,
              expires_at AS "expiresAt", accepted_at AS "acceptedAt"
       FROM identity.staff_invitations WHERE token_hash = $1 FOR UPDATE`,
      [sha256(token)],
    );
    if (!row || row.acceptedAt || row.expiresAt.getTime() <= this.clock.now().getTime())
      throw IdentityErrors.invitationNotFound();
    return row;
  }

  private async grant(
    m: EntityManager,
    invitation: InvitationRow,
    accountId: string,
  ): Promise<{ institutionId: string; roles: StaffRole[] }> {
    await m.query(`UPDATE identity.staff_invitations SET accepted_at = $3, accepted_by = $2 WHERE id = $1`, [
      invitation.id,
      accountId,
      this.clock.now(),
    ]);
    const held = await this.accountsRepo.rolesOf(m, accountId, invitation.institutionId);
    const roles = [...new Set([...held, ...invitation.roles])].sort();
    await this.accountsRepo.setRoles(m, accountId, invitation.institutionId, roles, null);
    await this.audit.record(m, {
      actorAccountId: accountId,
      action: 'staff.invitation_accepted',
      institutionId: invitation.institutionId,
      details: { invitationId: invitation.id, accountId, roles },
    });
    return { institutionId: invitation.institutionId, roles };
  }
}
