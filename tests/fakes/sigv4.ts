/**
 * Checks an AWS Signature Version 4 the way AWS does, written independently of the signer the
 * code under test uses: canonical request, string to sign, derived key, HMAC. Paths and queries
 * of the fakes' requests need no escaping beyond what they arrive with.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface VerifiedSignature {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

const canonicalQuery = (search: string) =>
  [...new URLSearchParams(search)]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

/** Verifies a request's signature with the given secret; throws saying what does not match. */
export const verifySigV4 = (
  request: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer },
  secretAccessKey: string,
): VerifiedSignature => {
  const header = request.headers['authorization'];
  const match = typeof header === 'string' ? AUTHORIZATION.exec(header) : null;
  if (match === null) throw new Error(`malformed Authorization header: ${String(header)}`);
  const [, accessKeyId, date, region, service, signed, signature] = match as unknown as string[];
  const amzDate = request.headers['x-amz-date'];
  if (typeof amzDate !== 'string' || !amzDate.startsWith(date!))
    throw new Error('x-amz-date is missing or does not match the credential scope');
  const signedHeaders = signed!.split(';');
  for (const required of ['host', 'x-amz-date'])
    if (!signedHeaders.includes(required)) throw new Error(`${required} is not signed`);
  const url = new URL(request.url, 'http://placeholder');
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const value = request.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const payloadHeader = request.headers['x-amz-content-sha256'];
  const payloadHash = typeof payloadHeader === 'string' ? payloadHeader : sha256(request.body);
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(request.body))
    throw new Error('the body does not match its signed hash');
  const canonicalRequest = [
    request.method,
    url.pathname,
    canonicalQuery(url.search),
    canonicalHeaders,
    signed,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer | string = `AWS4${secretAccessKey}`;
  for (const part of [date!, region!, service!, 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  if (expected !== signature) throw new Error('the signature does not match');
  return {
    accessKeyId: accessKeyId!,
    date: date!,
    region: region!,
    service: service!,
    signedHeaders,
  };
};
