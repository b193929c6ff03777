// AES-GCM's IV lengths and tag lengths (Web Cryptography API: any IV, tagLength one of
// 32, 64, 96, 104, 112, 120, 128): ciphertexts and tags byte for byte, round trips, a
// tampered tag, data shorter than its tag, and the errors of IVs and tag lengths refused.
// IVs of 1 to 11 bytes are left out: Node 20 refuses them where the standard does not
// (tests/crypto.rs checks them against OpenSSL's answers).
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
const seq = (n, seed) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + seed) & 255);
const subtle = crypto.subtle;
for (const bits of [128, 192, 256]) {
  const key = await subtle.importKey("raw", seq(bits / 8, 1), "AES-GCM", false, ["encrypt", "decrypt"]);
  for (const ivLength of [0, 12, 16, 64, 100]) {
    for (const tagLength of [undefined, 32, 64, 96, 104, 112, 120, 128, 0, 8, 100, 136, 255, 256]) {
      for (const aad of [undefined, seq(5, 3)]) {
        const params = { name: "AES-GCM", iv: seq(ivLength, 7) };
        if (aad !== undefined) params.additionalData = aad;
        if (tagLength !== undefined) params.tagLength = tagLength;
        let line = `aes-${bits} iv ${ivLength} tag ${tagLength} aad ${aad !== undefined}: `;
        try {
          const sealed = await subtle.encrypt(params, key, seq(33, 9));
          line += hex(sealed);
          const opened = await subtle.decrypt(params, key, sealed);
          line += ` opened ${hex(opened) === hex(seq(33, 9))}`;
          const tampered = new Uint8Array(sealed);
          tampered[tampered.length - 1] ^= 1;
          line += ` tampered ${await subtle.decrypt(params, key, tampered).then(() => "opened", (e) => e.name)}`;
          line += ` short ${await subtle.decrypt(params, key, seq(3, 1)).then(() => "opened", (e) => e.name)}`;
        } catch (e) {
          line += e.name;
        }
        console.log(line);
      }
    }
  }
}
// Empty plaintext: the tag alone.
const key = await subtle.importKey("raw", seq(16, 2), "AES-GCM", false, ["encrypt", "decrypt"]);
const tagOnly = await subtle.encrypt({ name: "AES-GCM", iv: seq(12, 4), tagLength: 32 }, key, new Uint8Array(0));
console.log(hex(tagOnly), (await subtle.decrypt({ name: "AES-GCM", iv: seq(12, 4), tagLength: 32 }, key, tagOnly)).byteLength);
