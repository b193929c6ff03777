import jwt from "jsonwebtoken";

export function run() {
  const secret = "s3cret-key-for-tests";
  const token = jwt.sign({ sub: "user-1", role: "admin", iat: 1700000000 }, secret, {
    algorithm: "HS256",
    expiresIn: "1h",
    issuer: "isapi-ts",
  });
  const payload = jwt.verify(token, secret, { issuer: "isapi-ts", clockTimestamp: 1700000100 });
  let expired, badSignature;
  try {
    jwt.verify(token, secret, { clockTimestamp: 1800000000 });
  } catch (error) {
    expired = `${error.name}: ${error.message}`;
  }
  try {
    jwt.verify(token, "other", { clockTimestamp: 1700000100 });
  } catch (error) {
    badSignature = `${error.name}: ${error.message}`;
  }
  return { token, payload, decoded: jwt.decode(token, { complete: true }).header, expired, badSignature };
}
