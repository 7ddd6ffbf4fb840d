import { DeleteObjectCommand, GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { S3ObjectClient } from './s3-compatible.storage.js';

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** MinIO and most Vietnamese cloud object stores need path-style URLs (https://host/bucket/key). */
  forcePathStyle: boolean;
}

/**
 * S3ObjectClient on the AWS SDK v3: streaming multipart uploads (lib-storage `Upload`, which aborts the multipart
 * upload when the body fails, so a refused file leaves nothing and the previous object stays), plain GET and DELETE.
 */
export class AwsS3ObjectClient implements S3ObjectClient {
  private readonly s3: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.s3 = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
    });
  }

  async putObject(input: { key: string; body: Readable }): Promise<void> {
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.settings.bucket, Key: input.key, Body: input.body },
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async getObject(key: string): Promise<{ body: Readable; contentLength: number } | undefined> {
    try {
      const got = await this.s3.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return { body: got.Body as Readable, contentLength: got.ContentLength ?? 0 };
    } catch (err) {
      if (err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404))
        return undefined;
      throw err;
    }
  }

  async deleteObject(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }
}
