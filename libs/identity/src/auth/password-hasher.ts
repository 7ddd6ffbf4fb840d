import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { IdentityErrors } from '../identity.errors.js';

// argon2id (Algorithm.Argon2id = 2; the enum is `const` in the typings, which isolated transpilers cannot inline).
// Parameters: OWASP's recommended minimum for argon2id (19 MiB, 2 passes, 1 lane).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const COMMON = new Set([
  '1234567890',
  '0123456789',
  'password123',
  'matkhau123',
  'qwertyuiop',
  'abcdefghij',
  '12345678910',
  'iloveyou123',
]);

/** Hashes and checks passwords with argon2id. Hashes never leave the identity module. */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  /** Throws identity/weak_password for passwords that are too short or too common. */
  assertStrong(password: string): void {
    const p = password.normalize('NFC');
    if ([...p].length < 10 || COMMON.has(p.toLowerCase()) || new Set(p).size < 4) throw IdentityErrors.weakPassword();
  }

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFC'), OPTIONS as never);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (!passwordHash) {
      // Spend the same time as a real check so unknown logins cannot be told apart by timing.
      this.dummy ??= this.hash('suotdoi-timing-equaliser');
      await verify(await this.dummy, password.normalize('NFC')).catch(() => false);
      return false;
    }
    return verify(passwordHash, password.normalize('NFC')).catch(() => false);
  }
}
