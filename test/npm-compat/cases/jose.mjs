import {
  SignJWT,
  jwtVerify,
  generateKeyPair,
  exportJWK,
  CompactEncrypt,
  compactDecrypt,
  base64url,
} from "jose";

export async function run() {
  const secret = new TextEncoder().encode("a-string-secret-at-least-256-bits-long");
  const token = await new SignJWT({ role: "admin" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(1700000000)
    .setSubject("user-1")
    .setExpirationTime(1700003600)
    .sign(secret);
  const { payload } = await jwtVerify(token, secret, { currentDate: new Date(1700000100 * 1000) });
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const signed = await new SignJWT({ n: 1 }).setProtectedHeader({ alg: "ES256" }).sign(privateKey);
  const verified = await jwtVerify(signed, publicKey);
  const jwk = await exportJWK(publicKey);
  const key = new Uint8Array(32).fill(7);
  const jwe = await new CompactEncrypt(new TextEncoder().encode("secret message"))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .encrypt(key);
  const { plaintext } = await compactDecrypt(jwe, key);
  return {
    token,
    payload,
    es256: verified.payload,
    jwk: [jwk.kty, jwk.crv, typeof jwk.x],
    decrypted: new TextDecoder().decode(plaintext),
    b64: base64url.encode("hi?"),
  };
}
