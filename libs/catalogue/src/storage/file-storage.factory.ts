import type { AppConfig } from '@suotdoi/platform';
import { AwsS3ObjectClient } from './aws-s3.client.js';
import type { FileStorage } from './file-storage.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { S3CompatibleStorage } from './s3-compatible.storage.js';

/** The storage adapter the configuration asks for: S3 when S3_BUCKET is set, else the local disk under STORAGE_DIR. */
export function fileStorageFor(config: AppConfig): FileStorage {
  if (!config.S3_BUCKET) return new LocalDiskStorage(config.STORAGE_DIR);
  const client = new AwsS3ObjectClient({
    bucket: config.S3_BUCKET,
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
  return new S3CompatibleStorage(client, config.S3_PREFIX ?? '');
}
