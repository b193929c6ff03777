// node:crypto's ECDH objects (createECDH): fixed private keys, so public points and shared
// secrets compare byte for byte; point formats, convertKey, errors.
import crypto from "node:crypto";
import { Buffer } from "node:buffer";

const show = (label, f) => {
  try {
    const r = f();
    console.log(label, Buffer.isBuffer(r) ? `<Buffer ${r.toString("hex")}>` : typeof r === "object" ? JSON.stringify(r) : r);
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};

for (const curve of ["prime256v1", "secp384r1"]) {
  const size = curve === "prime256v1" ? 32 : 48;
  const alice = crypto.createECDH(curve);
  const bob = crypto.createECDH(curve);
  alice.setPrivateKey(Buffer.alloc(size, 1));
  bob.setPrivateKey(Buffer.from("0a".repeat(size), "hex"));
  show(`${curve} public`, () => alice.getPublicKey("hex"));
  show(`${curve} compressed`, () => alice.getPublicKey("base64", "compressed"));
  show(`${curve} hybrid`, () => bob.getPublicKey("hex", "hybrid"));
  show(`${curve} private`, () => alice.getPrivateKey());
  show(`${curve} secret`, () => alice.computeSecret(bob.getPublicKey()));
  show(`${curve} secret back`, () => bob.computeSecret(alice.getPublicKey("hex"), "hex", "hex"));
  show(`${curve} secret compressed`, () => bob.computeSecret(alice.getPublicKey(null, "compressed")).equals(alice.computeSecret(bob.getPublicKey())));
  show(`${curve} generated`, () => {
    const c = crypto.createECDH(curve);
    const pub = c.generateKeys();
    const d = crypto.createECDH(curve);
    d.generateKeys();
    return [pub.length, c.getPrivateKey().length <= size, c.computeSecret(d.getPublicKey()).equals(d.computeSecret(pub))];
  });
  show(`${curve} matches diffieHellman`, () => {
    const jwk = (ecdh) => ({ kty: "EC", crv: size === 32 ? "P-256" : "P-384", x: ecdh.getPublicKey().subarray(1, 1 + size).toString("base64url"), y: ecdh.getPublicKey().subarray(1 + size).toString("base64url"), d: Buffer.from(ecdh.getPrivateKey()).toString("base64url") });
    const privateKey = crypto.createPrivateKey({ key: jwk(alice), format: "jwk" });
    const publicKey = crypto.createPublicKey({ key: jwk(bob), format: "jwk" });
    return crypto.diffieHellman({ privateKey, publicKey }).equals(alice.computeSecret(bob.getPublicKey()));
  });
}
show("short private key", () => crypto.createECDH("prime256v1").setPrivateKey(Buffer.alloc(5, 1)).getPrivateKey("hex"));
show("private key with zeros in front", () => crypto.createECDH("prime256v1").setPrivateKey(Buffer.concat([Buffer.alloc(2), Buffer.alloc(30, 3)])).getPrivateKey("hex"));
show("zero private key", () => crypto.createECDH("prime256v1").setPrivateKey(Buffer.alloc(32)));
show("private key too large", () => crypto.createECDH("prime256v1").setPrivateKey(Buffer.alloc(32, 255)));
show("setPrivateKey returns", () => { const e = crypto.createECDH("prime256v1"); return e.setPrivateKey(Buffer.alloc(32, 1)) === e; });
show("convertKey", () => crypto.ECDH.convertKey(crypto.createECDH("prime256v1").setPrivateKey(Buffer.alloc(32, 1)).getPublicKey(), "prime256v1", undefined, "hex", "compressed"));
show("convertKey back", () => crypto.ECDH.convertKey("036ff03b949241ce1dadd43519e6960e0a85b41a69a05c328103aa2bce1594ca16", "prime256v1", "hex", "hex"));
show("convertKey bad", () => crypto.ECDH.convertKey(Buffer.alloc(3), "prime256v1"));
show("bad curve", () => crypto.createECDH("nope"));
show("P-256 name", () => crypto.createECDH("P-256"));
show("curve type", () => crypto.createECDH(5));
const fresh = crypto.createECDH("prime256v1");
show("public before keys", () => fresh.getPublicKey());
show("private before keys", () => fresh.getPrivateKey());
show("secret before keys", () => fresh.computeSecret(Buffer.alloc(65)));
fresh.generateKeys();
show("bad public", () => fresh.computeSecret(Buffer.alloc(65, 1)));
show("bad public length", () => fresh.computeSecret(Buffer.alloc(3)));
show("bad format", () => fresh.getPublicKey("hex", "nope"));
show("class", () => [fresh instanceof crypto.ECDH, typeof crypto.ECDH.convertKey, crypto.getCurves().includes("prime256v1")]);
