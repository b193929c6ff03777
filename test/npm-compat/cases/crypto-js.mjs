import CryptoJS from "crypto-js";

export function run() {
  const key = CryptoJS.enc.Utf8.parse("0123456789abcdef");
  const iv = CryptoJS.enc.Utf8.parse("fedcba9876543210");
  const encrypted = CryptoJS.AES.encrypt("attack at dawn", key, { iv });
  return {
    sha256: CryptoJS.SHA256("hello").toString(),
    md5: CryptoJS.MD5("hello").toString(),
    hmac: CryptoJS.HmacSHA256("message", "key").toString(CryptoJS.enc.Base64),
    aes: encrypted.toString(),
    back: CryptoJS.AES.decrypt(encrypted, key, { iv }).toString(CryptoJS.enc.Utf8),
    random: CryptoJS.lib.WordArray.random(16).sigBytes,
  };
}
