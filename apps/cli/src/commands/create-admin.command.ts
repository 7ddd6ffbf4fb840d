import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { CoreModule } from '@suotdoi/core';
import { AccountsService } from '@suotdoi/identity';
import { DomainError, type AppConfig } from '@suotdoi/platform';

/**
 * Read a password without echoing it (twice, to catch a typo). Only from a terminal: a password never comes from the
 * command line, where other users of the machine and the shell history would see it.
 */
async function prompt(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw new Error(
      'no terminal to ask for the password: give it in a file with --password-file <path> (readable by you only)',
    );
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stdout.write('\n');
          return resolve(typed);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          return reject(new Error('cancelled'));
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The first (or another) system administrator: e-mail and name as options, the password prompted or read from a file. */
export async function createAdmin(
  config: AppConfig,
  opts: { email?: string; name?: string; passwordFile?: string },
  log: (m: string) => void,
): Promise<void> {
  if (!opts.email || !opts.name)
    throw new Error('usage: create-admin --email <address> --name "<full name>" [--password-file <path>]');
  let password: string;
  if (opts.passwordFile) {
    password = readFileSync(opts.passwordFile, 'utf8').replace(/\r?\n$/, '');
  } else {
    password = await prompt('Password (at least 10 characters): ');
    if ((await prompt('The same password again: ')) !== password)
      throw new Error('the two passwords differ; nothing was created');
  }
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { worker: false, name: 'suotdoi-cli' }),
    { logger: ['error', 'warn'] },
  );
  try {
    const accountId = await app
      .get(AccountsService, { strict: false })
      .create({ email: opts.email, displayName: opts.name, password, status: 'active', systemAdmin: true });
    log(
      `system administrator ${opts.name.normalize('NFC')} <${opts.email.trim().toLowerCase()}> created (account ${accountId}); sign in with POST /auth/sign-in`,
    );
  } catch (e) {
    // A refusal the person can act on (address taken, weak password): its message, in both languages, no stack.
    if (e instanceof DomainError) throw new Error(`${e.message} / ${e.messageVi}`, { cause: e });
    throw e;
  } finally {
    await app.close();
  }
}
