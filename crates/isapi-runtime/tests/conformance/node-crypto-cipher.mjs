// node:crypto ciphers: createCipheriv/createDecipheriv for AES (CBC, CTR, ECB, GCM) and
// ChaCha20-Poly1305 with fixed keys and IVs (so outputs compare byte for byte), update()
// in pieces, encodings, padding, tags and AAD, round trips, and Node's errors.
import { createCipheriv, createDecipheriv, getCiphers, getCipherInfo, createSecretKey, Cipheriv, Decipheriv } from "node:crypto";
import { Buffer } from "node:buffer";

const show = (label, f) => {
  try {
    const r = f();
    console.log(label, typeof r === "string" ? r : Buffer.isBuffer(r) ? `<Buffer ${r.toString("hex")}>` : JSON.stringify(r));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message, e.reason ?? "", e.library ?? "");
  }
};
const key = (n) => Buffer.from(Array.from({ length: n }, (_, i) => i * 7 + 1));
const iv = (n) => Buffer.from(Array.from({ length: n }, (_, i) => 255 - i * 3));
const message = Buffer.from("Node's ciphers, checked byte for byte against our own: 0123456789abcdef!");

const modes = ["cbc", "ctr", "ecb", "gcm"];
for (const bits of [128, 192, 256]) {
  for (const mode of modes) {
    const name = `aes-${bits}-${mode}`;
    const ivLength = mode === "ecb" ? null : mode === "gcm" ? 12 : 16;
    show(name, () => {
      const c = createCipheriv(name, key(bits / 8), ivLength === null ? null : iv(ivLength));
      if (mode === "gcm") c.setAAD(Buffer.from("header"));
      const parts = [c.update(message.subarray(0, 5)), c.update(message.subarray(5, 40)), c.update(message.subarray(40)), c.final()];
      const out = Buffer.concat(parts);
      const sizes = parts.map((p) => p.length);
      const tag = mode === "gcm" ? c.getAuthTag().toString("hex") : "";
      const d = createDecipheriv(name, key(bits / 8), ivLength === null ? null : iv(ivLength));
      if (mode === "gcm") {
        d.setAAD(Buffer.from("header"));
        d.setAuthTag(Buffer.from(tag, "hex"));
      }
      const back = Buffer.concat([d.update(out.subarray(0, 17)), d.update(out.subarray(17)), d.final()]);
      return `${out.toString("hex")} ${sizes} ${tag} ${back.equals(message)}`;
    });
  }
}
show("chacha20-poly1305", () => {
  const c = createCipheriv("chacha20-poly1305", key(32), iv(12), { authTagLength: 16 });
  c.setAAD(Buffer.from("aad bytes"));
  const out = Buffer.concat([c.update(message.subarray(0, 3)), c.update(message.subarray(3)), c.final()]);
  const tag = c.getAuthTag();
  const d = createDecipheriv("chacha20-poly1305", key(32), iv(12), { authTagLength: 16 });
  d.setAAD(Buffer.from("aad bytes"));
  d.setAuthTag(tag);
  const back = Buffer.concat([d.update(out), d.final()]);
  return `${out.toString("hex")} ${tag.toString("hex")} ${back.equals(message)}`;
});
// RFC 8439 section 2.8.2's AEAD vector.
show("chacha20-poly1305 rfc8439", () => {
  const k = Buffer.from("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", "hex");
  const n = Buffer.from("070000004041424344454647", "hex");
  const c = createCipheriv("chacha20-poly1305", k, n, { authTagLength: 16 });
  c.setAAD(Buffer.from("50515253c0c1c2c3c4c5c6c7", "hex"));
  const text = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
  const out = c.update(text, "utf8", "hex") + c.final("hex");
  return `${out.slice(0, 64)} ${c.getAuthTag().toString("hex")}`;
});

// GCM: IV lengths, short tags, no AAD, empty message.
for (const ivLength of [1, 8, 12, 16, 60]) {
  show(`gcm iv ${ivLength}`, () => {
    const c = createCipheriv("aes-128-gcm", key(16), iv(ivLength));
    return c.update("data", "utf8", "hex") + c.final("hex") + " " + c.getAuthTag().toString("hex");
  });
}
show("gcm tag 8", () => {
  const c = createCipheriv("aes-256-gcm", key(32), iv(12), { authTagLength: 8 });
  c.update("x");
  c.final();
  return c.getAuthTag();
});
show("gcm empty", () => { const c = createCipheriv("aes-128-gcm", key(16), iv(12)); return [c.final().length, c.getAuthTag().toString("hex")]; });
show("gcm tampered", () => {
  const c = createCipheriv("aes-128-gcm", key(16), iv(12));
  const out = Buffer.concat([c.update("secret"), c.final()]);
  out[0] ^= 1;
  const d = createDecipheriv("aes-128-gcm", key(16), iv(12));
  d.setAuthTag(c.getAuthTag());
  d.update(out);
  d.final();
});
show("gcm wrong aad", () => {
  const c = createCipheriv("aes-128-gcm", key(16), iv(12));
  c.setAAD(Buffer.from("a"));
  const out = Buffer.concat([c.update("secret"), c.final()]);
  const d = createDecipheriv("aes-128-gcm", key(16), iv(12));
  d.setAAD(Buffer.from("b"));
  d.setAuthTag(c.getAuthTag());
  d.update(out);
  d.final();
});
show("gcm no tag", () => { const d = createDecipheriv("aes-128-gcm", key(16), iv(12)); d.update(Buffer.alloc(15)); d.final(); });
show("gcm short tag given", () => {
  const c = createCipheriv("aes-128-gcm", key(16), iv(12));
  const out = Buffer.concat([c.update("secret"), c.final()]);
  const d = createDecipheriv("aes-128-gcm", key(16), iv(12));
  d.setAuthTag(c.getAuthTag().subarray(0, 12));
  return Buffer.concat([d.update(out), d.final()]).toString();
});
show("gcm bad tag length", () => createDecipheriv("aes-128-gcm", key(16), iv(12)).setAuthTag(Buffer.alloc(3)));
show("gcm tag length mismatch", () => createDecipheriv("aes-128-gcm", key(16), iv(12), { authTagLength: 8 }).setAuthTag(Buffer.alloc(16)));
show("gcm authTagLength invalid", () => createCipheriv("aes-128-gcm", key(16), iv(12), { authTagLength: 3 }));
show("gcm empty iv", () => createCipheriv("aes-128-gcm", key(16), Buffer.alloc(0)));
show("getAuthTag early", () => createCipheriv("aes-128-gcm", key(16), iv(12)).getAuthTag());
show("setAAD late", () => { const c = createCipheriv("aes-128-gcm", key(16), iv(12)); c.update("x"); c.setAAD(Buffer.alloc(1)); });
show("setAAD cbc", () => createCipheriv("aes-128-cbc", key(16), iv(16)).setAAD(Buffer.alloc(1)));
show("setAuthTag on cipher", () => typeof createCipheriv("aes-128-gcm", key(16), iv(12)).setAuthTag);
show("getAuthTag on decipher", () => typeof createDecipheriv("aes-128-gcm", key(16), iv(12)).getAuthTag);

// CBC padding and block handling.
show("cbc update sizes", () => { const c = createCipheriv("aes-128-cbc", key(16), iv(16)); return [c.update(Buffer.alloc(15)).length, c.update(Buffer.alloc(1)).length, c.update(Buffer.alloc(33)).length, c.final().length]; });
show("cbc decipher holds back", () => {
  const c = createCipheriv("aes-128-cbc", key(16), iv(16));
  const out = Buffer.concat([c.update(Buffer.alloc(32, 9)), c.final()]);
  const d = createDecipheriv("aes-128-cbc", key(16), iv(16));
  return [d.update(out.subarray(0, 16)).length, d.update(out.subarray(16, 32)).length, d.update(out.subarray(32)).length, d.final().length];
});
show("cbc no padding", () => { const c = createCipheriv("aes-128-cbc", key(16), iv(16)); c.setAutoPadding(false); return c.update(Buffer.alloc(32)).toString("hex") + c.final("hex"); });
show("cbc no padding partial", () => { const c = createCipheriv("aes-128-cbc", key(16), iv(16)); c.setAutoPadding(false); c.update(Buffer.alloc(15)); c.final(); });
show("cbc bad decrypt", () => { const d = createDecipheriv("aes-128-cbc", key(16), iv(16)); d.update(Buffer.alloc(16)); d.final(); });
show("cbc wrong final length", () => { const d = createDecipheriv("aes-128-cbc", key(16), iv(16)); d.update(Buffer.alloc(20)); d.final(); });
show("cbc decrypt empty", () => createDecipheriv("aes-128-cbc", key(16), iv(16)).final());
show("cbc decrypt no padding", () => { const d = createDecipheriv("aes-128-cbc", key(16), iv(16)); d.setAutoPadding(false); return d.update(Buffer.alloc(16)).toString("hex") + d.final("hex"); });
show("aes256 alias", () => { const c = createCipheriv("aes256", key(32), iv(16)); return c.update("x", "utf8", "hex") + c.final("hex"); });
show("upper case name", () => { const c = createCipheriv("AES-128-CBC", key(16), iv(16)); return c.update("x", "utf8", "hex") + c.final("hex"); });
show("ecb with iv", () => createCipheriv("aes-128-ecb", key(16), iv(16)));
show("ctr stream", () => { const c = createCipheriv("aes-128-ctr", key(16), Buffer.alloc(16, 255)); return [c.update("abc", "utf8", "hex"), c.update("defghijklmnopqrstu", "utf8", "hex"), c.final("hex")]; });

// Encodings in and out, carried across calls as Node's StringDecoder does.
show("base64 carried", () => { const c = createCipheriv("aes-128-cbc", key(16), iv(16)); return [c.update("x", "utf8", "base64"), c.update("y".repeat(40), "utf8", "base64"), c.final("base64")]; });
show("hex in, utf8 out", () => {
  const c = createCipheriv("aes-128-cbc", key(16), iv(16));
  const hex = c.update("héllo wörld ✓ ünïcödé and more text", "utf8", "hex") + c.final("hex");
  const d = createDecipheriv("aes-128-cbc", key(16), iv(16));
  return d.update(hex, "hex", "utf8") + d.final("utf8");
});
show("utf8 split across calls", () => {
  const text = "ééééééééééééééééé✓✓✓✓✓";
  const c = createCipheriv("aes-128-ctr", key(16), iv(16));
  const out = Buffer.concat([c.update(text), c.final()]);
  const d = createDecipheriv("aes-128-ctr", key(16), iv(16));
  return [d.update(out.subarray(0, 3), undefined, "utf8"), d.update(out.subarray(3, 8), undefined, "utf8"), d.update(out.subarray(8), undefined, "utf8"), d.final("utf8")];
});
show("latin1 in", () => { const c = createCipheriv("aes-128-ctr", key(16), iv(16)); return c.update("\xff\xfe", "latin1", "hex"); });
show("base64 in", () => { const c = createCipheriv("aes-128-ctr", key(16), iv(16)); return c.update("AAEC", "base64", "hex"); });
show("typed array in", () => { const c = createCipheriv("aes-128-ctr", key(16), iv(16)); return c.update(new Uint16Array([1, 2])).toString("hex"); });

// Keys and IVs in other forms.
show("secret KeyObject", () => { const c = createCipheriv("aes-128-cbc", createSecretKey(key(16)), iv(16)); return c.update("x", "utf8", "hex") + c.final("hex"); });
show("string key", () => { const c = createCipheriv("aes-128-cbc", "0123456789abcdef", "fedcba9876543210"); return c.update("x", "utf8", "hex") + c.final("hex"); });

// Errors.
show("key length", () => createCipheriv("aes-128-cbc", Buffer.alloc(15), iv(16)));
show("iv length", () => createCipheriv("aes-128-cbc", key(16), Buffer.alloc(15)));
show("no iv", () => createCipheriv("aes-128-cbc", key(16), null));
show("unknown cipher", () => createCipheriv("aes-128-nope", key(16), iv(16)));
show("cipher type", () => createCipheriv(5));
show("key type", () => createCipheriv("aes-128-cbc", 5, iv(16)));
show("iv type", () => createCipheriv("aes-128-cbc", key(16), 5));
show("chacha iv", () => createCipheriv("chacha20-poly1305", key(32), iv(8)));
show("chacha key", () => createCipheriv("chacha20-poly1305", key(16), iv(12)));
show("final twice", () => { const c = createCipheriv("aes-128-gcm", key(16), iv(12)); c.final(); c.final(); });
show("update after final", () => { const c = createCipheriv("aes-128-cbc", key(16), iv(16)); c.final(); c.update("x"); });
show("update type", () => createCipheriv("aes-128-cbc", key(16), iv(16)).update(5));
show("classes", () => [createCipheriv("aes-128-cbc", key(16), iv(16)) instanceof Cipheriv, createDecipheriv("aes-128-cbc", key(16), iv(16)) instanceof Decipheriv, Object.getPrototypeOf(createCipheriv("aes-128-cbc", key(16), iv(16))).constructor.name]);
show("without new", () => Cipheriv("aes-128-cbc", key(16), iv(16)).final("hex"));
show("getCiphers", () => ["aes-128-cbc", "aes-256-gcm", "chacha20-poly1305", "aes-192-ctr", "aes-128-ecb"].map((n) => getCiphers().includes(n)));
show("getCipherInfo", () => [getCipherInfo("aes-256-gcm"), getCipherInfo("aes-128-cbc"), getCipherInfo("nope"), getCipherInfo("AES192"), getCipherInfo(905), getCipherInfo("aes-128-ecb")]);
show("getCipherInfo options", () => [getCipherInfo("aes-128-gcm", { ivLength: 16 }), getCipherInfo("aes-128-cbc", { ivLength: 12 }), getCipherInfo("aes-128-cbc", { keyLength: 16 }), getCipherInfo("aes-128-cbc", { keyLength: 32 }), getCipherInfo("chacha20-poly1305"), getCipherInfo("chacha20-poly1305", { ivLength: 8 })]);
