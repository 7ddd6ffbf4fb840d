import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

// Non-numeric text stays a string so the message says "must be an integer number", not "got NaN".
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^\s*-?\d+\s*$/.test(String(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase())
      ? true
      : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase())
        ? false
        : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the system reads. This class is the single source of truth:
 * README's configuration table and docker/compose.yaml are checked against it by tests.
 */
export class EnvironmentVariables {
  /** Runtime mode; production refuses insecure defaults. */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** HTTP port of the API. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Interface the API binds to: loopback only unless set (e.g. 0.0.0.0 behind a reverse proxy, as the Docker image does). */
  @IsString()
  HOST = '127.0.0.1';

  /**
   * Which proxies in front of the API are trusted to say the client's address (`X-Forwarded-For`), as Express's
   * `trust proxy` takes it: `loopback`, addresses or subnets separated by commas, or a hop count. Unset: none, the
   * socket's address counts (a client cannot choose the address the sign-in throttle counts).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(
    /^(\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*)$/,
    {
      message: 'must be a hop count, or loopback, linklocal, uniquelocal, addresses or subnets separated by commas',
    },
  )
  TRUST_PROXY?: string;

  /** Public base URL, used in links (OPDS, e-mail, signed downloads). */
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  /** PostgreSQL connection string. Unset: the start command runs embedded PostgreSQL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Maximum connections in the API's or worker's pool. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Data directory of the embedded PostgreSQL (only used without DATABASE_URL). */
  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  /** Port of the embedded PostgreSQL (only used without DATABASE_URL). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /** Redis connection string. Set: queues run on Redis. Unset: queues run on PostgreSQL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix (Redis) or schema (PostgreSQL) of the job queues. */
  @Matches(/^[a-z][a-z0-9_]{0,40}$/, { message: 'must be lower-case letters, digits and _ (max 41)' })
  QUEUE_PREFIX = 'suotdoi';

  /**
   * Search engine of the e-library index. auto: Meilisearch at MEILI_URL if set, else the start command runs the
   * embedded Meilisearch where its package is installed (Linux x64), else PostgreSQL. meilisearch: MEILI_URL or the
   * embedded server, never PostgreSQL. postgres: PostgreSQL full-text search, even with MEILI_URL set.
   */
  @IsIn(['auto', 'meilisearch', 'postgres'])
  SEARCH_ENGINE: 'auto' | 'meilisearch' | 'postgres' = 'auto';

  /** Meilisearch URL (your own server or the official image). Unset: the start command may embed one (SEARCH_ENGINE). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  MEILI_URL?: string;

  /** Meilisearch API key (master or admin key). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MEILI_API_KEY?: string;

  /** Data directory of the embedded Meilisearch (its master key is kept beside it, in `<dir>.key`, mode 0600). */
  @IsString()
  EMBEDDED_MEILI_DIR = '.data/meilisearch';

  /** Port of the embedded Meilisearch, on 127.0.0.1 only. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_MEILI_PORT = 54331;

  /** Indexing memory budget of the embedded Meilisearch (its default, 2/3 of the memory, is slow on small machines). */
  @Matches(/^\d+(B|KiB|MiB|GiB|KB|MB|GB)$/, { message: 'must look like 256MiB or 1GiB' })
  EMBEDDED_MEILI_INDEXING_MEMORY = '256MiB';

  /** Secret that signs access tokens and download links. Required (≥ 32 chars) in production; unset elsewhere, a random one is generated into `.data/jwt-secret` (0600). */
  @ValidateIf((o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Lifetime of an access token, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** Lifetime of a refresh token, in days. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** Allowed CORS origins, comma-separated; `*` allows any. */
  @IsString()
  CORS_ORIGINS = '*';

  /** Largest accepted JSON body (bytes-package syntax, e.g. 1mb). */
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must look like 512kb or 1mb' })
  BODY_LIMIT = '1mb';

  /** Largest JSON body on batch routes (usage event ingestion takes 10,000 events, about 1.5 MB, per call). */
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must look like 4mb or 8mb' })
  BATCH_BODY_LIMIT = '8mb';

  /** Requests per client IP per window before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX = 1200;

  /** Rate-limit window in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** pino log level. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Rotation: how many days before a stage's planned end the next shipment is proposed to the owner's staff. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90)
  ROTATION_ADVANCE_DAYS = 7;

  /** How long a stored Idempotency-Key response is replayed, in hours. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  IDEMPOTENCY_TTL_HOURS = 24;

  /**
   * How long an Idempotency-Key stays claimed by a request without news from it, in seconds: the request renews it
   * while it runs; after a crash, a retry with the key may run once this has passed.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  IDEMPOTENCY_LEASE_SECONDS = 30;

  /** How often an idle outbox relay polls, in milliseconds (it is also woken by NOTIFY). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60000)
  OUTBOX_POLL_MS = 1000;

  /** Outbox rows claimed per batch. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  OUTBOX_BATCH_SIZE = 200;

  /** Where uploaded files (covers, e-books) are kept by the local storage adapter. */
  @IsString()
  STORAGE_DIR = '.data/storage';

  /** S3 bucket for the e-library's files. Set: files go to this S3-compatible object store. Unset: STORAGE_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'must be an S3 bucket name (3–63 lower-case letters, digits, dots, hyphens)',
  })
  S3_BUCKET?: string;

  /** S3 endpoint URL (MinIO, a Vietnamese cloud's object storage…); unset means AWS itself. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  /** S3 region (most S3-compatible stores accept any). */
  @IsString()
  S3_REGION = 'us-east-1';

  /** S3 access key id (unset: the SDK's usual credential chain). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  /** S3 secret access key. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style URLs (https://host/bucket/key), which MinIO and most non-AWS stores need. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = true;

  /** Prefix of every object key (to share a bucket), e.g. `suotdoi/`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^([A-Za-z0-9_.-]+\/)+$/, { message: 'must end with / (e.g. suotdoi/)' })
  S3_PREFIX?: string;

  /**
   * SMTP server for outgoing e-mail, e.g. smtp://user:pass@mail.example.vn:587 (STARTTLS when offered) or
   * smtps://…:465. Set: e-mail is delivered through it. Unset: e-mail is written to the log.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s/?#]+\/?(\?\S*)?$/, {
    message: 'must be an smtp:// or smtps:// URL (smtp://user:pass@host:587)',
  })
  SMTP_URL?: string;

  /** Sender of every e-mail: an address, optionally with a display name. */
  @Matches(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, {
    message: 'must be an e-mail address, optionally with a name: Thư viện <no-reply@example.vn>',
  })
  MAIL_FROM = 'Suốt Đời <no-reply@suotdoi.local>';

  /** Load the Vietnamese demo data on start (idempotent). Unset: yes, except in production (fake figures must never mix with real ones unasked). */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  DEMO_DATA?: boolean;

  /** Run the worker inside the start command's process tree. */
  @Transform(toBool)
  @IsBoolean()
  START_WORKER = true;
}

export type EnvKey = keyof EnvironmentVariables;
