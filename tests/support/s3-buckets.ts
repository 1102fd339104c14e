// Buckets on the run's radosgw, made the way an operator would before pointing the app at one.
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/** A client of the test radosgw (its variables are in process.env), speaking as the app does. */
export function testS3Client(): S3Client {
  return new S3Client({
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export async function createBucket(bucket: string): Promise<void> {
  const client = testS3Client();
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
}
