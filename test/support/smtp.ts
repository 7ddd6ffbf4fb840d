// A real SMTP server on a random loopback port (smtp-server, from nodemailer's authors) that keeps every message it
// accepts, parsed with mailparser: point SMTP_URL at `url` and assert what actually went over the wire.
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope sender and recipients (MAIL FROM / RCPT TO). */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Decoded headers and body. */
  from: { name: string; address: string };
  to: string[];
  subject: string;
  text: string;
  /** The message as received, headers and encoded body. */
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** smtp://user:pass@127.0.0.1:<port> (credentials percent-encoded) */
  url: string;
  received: ReceivedMail[];
  /** Messages whose envelope or To header names `address` (case-insensitive). */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  /** Require AUTH with these credentials (over plain TCP, like a relay on a private network). */
  auth?: { user: string; pass: string };
  /** Refuse a recipient with this SMTP reply (e.g. 451 for a temporary failure); undefined accepts it. */
  refuseRecipient?: (address: string) => { code: number; message: string } | undefined;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  ([] as AddressObject[]).concat(a ?? []).flatMap((o) => o.value.map((v) => v.address ?? ''));

export async function startSmtpServer(opts: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    // No TLS certificate here; a production relay would offer STARTTLS, which the transport uses when offered.
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = opts.refuseRecipient?.(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: { name: parsed.from?.value[0]?.name ?? '', address: parsed.from?.value[0]?.address ?? '' },
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              raw,
              parsed,
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const credentials = opts.auth ? `${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.pass)}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    received,
    to: (address) =>
      received.filter((m) => [...m.envelopeTo, ...m.to].some((a) => a.toLowerCase() === address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
