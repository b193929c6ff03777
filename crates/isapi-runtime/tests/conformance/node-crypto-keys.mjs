// node:crypto keys and signatures: KeyObjects from fixed keys (PEM/DER/JWK exports in
// every encoding compared with Node's), details, equals, deterministic signatures
// (RSA PKCS#1 v1.5, Ed25519) compared byte for byte, randomized ones (ECDSA, PSS, OAEP)
// verified, Diffie-Hellman, generated keys' shapes, crypto.subtle <-> KeyObject, errors.
import crypto from "node:crypto";
import { Buffer } from "node:buffer";

const KEYS = {
  "rsa": {
    "pkcs8": "308204bc020100300d06092a864886f70d0101010500048204a6308204a20201000282010100998455f68155fbac95a77dfa924cd90bf795652f3582376baa42bd7902a296cd09f2bc031d75bc1e406a59559365770bfa621779c08d8064635dfaeb5fd11bee626e2acd9383081df176588715104d4df7c9ee34f8e8fd22349c204bbb9b3715ccb32720f66cce7fad5b0f7f1565f8ef56b87201c64e2bcd2422e942f9307d95c6456a7e6fec00aefd0aefb1b7604045920af80b80eb35371045b5ef49584a2ae26f712f884d57346e557f464f0917f98d6dcfcf4fffd0424ca9ca3e1d431171a56650f1dc2596f2e728253a3a64b9a1e18d732dcbc0d437e1306269eba58eb68f0eedeae551ae6baefbf568ebd0c9ea6d2ad6ac209a9901577dcf8ea7a60dbf02030100010282010047db5db16890aaa0f9dbd067fd1ae36d6a920f2eadc929cfc77e3dd9ea95d8285943b9256c20b3d1252da26b1ff71a660ce8e53c241917c3e58f13e8208d6c998491348fcd40440860019926818183edbed252219170dd2ba99c7ab1783b0ae9b54b1641a397028158cf8acd5d62c1c6a5bce80054a63a72673bc01b8d3059578be187c53633401af8157f844c4ee6bfe7fb49ef958f75843f69aa8b67f49f5848cc785dba5210c4b0bb68bba8c4477d0ffba03c2db07fb99dcd6e28e2ce59bf2c30be6e2f670c356d8475cee66dbc8bb1b0d45a627ea7e0abce25d01643ba95c1ace27a7fa53d4420ed194e9a95b9428c838745ce70e422d12392437170790102818100d379229523657682130c2156b1e9670ead1615f4abfd5c51d22209068bb61feb57f4ed70459576c93ccdf1c87d25cc367b7f3364389f0169cf900cb4a63c6a660fc8a9d09118c6a0c3284ce1e6514e2b048c5acf8ffa798de233ca86d06e3982ed1a41cc007dd67060aa85be108bfc9c6df806a56bd71f2db418a9bd7817c76102818100b9d73b9aab7db537f62cf130c324814c670427dd7cb5f108518d1c3164013d88f1e31689feca13b3da0964a4075d6f77f785979466afa477a3212f47d45db4b803e8679d5b078267c1d7d3a4c4eea46f19a74868fde92f2c8d66881446ae0ffd7c7ae58a98daade06a72bb60d9f6d32d6f79aebbeb04d08da9266df64652891f02818017408c82e57f74865cddca94a3bf4c2b9af080bd8463b950edcffc3a1206967fe40df44592011b2c895903aacdc7e82a5d6de112b5ff15c2b2a5de1fc6df81bb7324d7372d9d11c9ff6b60f8bdc056ddf8040ec01fcea4aaeb2252b47c1a828c58d1b8465c0f7a12a52e5ac249437b25201a5370c0e8c86ed80c962d55151841028180147708404b1c47c586dd821dfd8f5a91c0526bd56f3355fcb586559176d2d024f186316836dfa7f5c94ff97e3ab5665e0eaaee7b50278d740349d73c10bdd4f5e2b04820c2f27bc0d34ee226a5ed25bc7a55ba9a9d437d876976de0b65912b7f9da2a6fe7140bb9f17f9d47aa0e616714d7257f4a7b7db038e9a05c7f60c86bf0281800d67caef3bb43a4be3b04af006a8c37b6b5727d708a1f044f09ae314e96afa96332095bd34f3ec0b21e08f3ee086546e19a00833c69f22bc87cb4daa41f23804ade2cec30c72735880581e483bafe3a3b0c605eff5138510c36485089f707bca1bb4748231c82702784d5db6b38c872616877a0889f09c3044b84b2f5a2d50fc",
    "spki": "30820122300d06092a864886f70d01010105000382010f003082010a0282010100998455f68155fbac95a77dfa924cd90bf795652f3582376baa42bd7902a296cd09f2bc031d75bc1e406a59559365770bfa621779c08d8064635dfaeb5fd11bee626e2acd9383081df176588715104d4df7c9ee34f8e8fd22349c204bbb9b3715ccb32720f66cce7fad5b0f7f1565f8ef56b87201c64e2bcd2422e942f9307d95c6456a7e6fec00aefd0aefb1b7604045920af80b80eb35371045b5ef49584a2ae26f712f884d57346e557f464f0917f98d6dcfcf4fffd0424ca9ca3e1d431171a56650f1dc2596f2e728253a3a64b9a1e18d732dcbc0d437e1306269eba58eb68f0eedeae551ae6baefbf568ebd0c9ea6d2ad6ac209a9901577dcf8ea7a60dbf0203010001"
  },
  "p256": {
    "pkcs8": "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b020101042034e0bf77d82fcf14aeb2618aeb885dd9ff610e45949ffc2d9958075bccaaced1a14403420004ac1bff688fbe323c5deea47664fe247f4e5d170fec1b8d8a52ea1717ba547986caae1904b21cf761b239f6f851b3b59993a1c0c447f1823cb239df572679f8bd",
    "spki": "3059301306072a8648ce3d020106082a8648ce3d03010703420004ac1bff688fbe323c5deea47664fe247f4e5d170fec1b8d8a52ea1717ba547986caae1904b21cf761b239f6f851b3b59993a1c0c447f1823cb239df572679f8bd"
  },
  "p384": {
    "pkcs8": "3081b6020100301006072a8648ce3d020106052b8104002204819e30819b0201010430d6abf25c4d1559f525556550fb881745aa91cdcea7df21f7467ec634dedf3ec68e93f6abfee8d3eec71192e286d87d42a1640362000438c0e6b928c24f2158a01e72efe030f4662df87b71952d4ec33fc2d68e835fcebc4e2b8c89d5e82a9ef6c18b645798a1e78feb4415925607d2b4bba843027f52a4ddf251d989b4c1a2c0d76e3d9d301d1674f1423c2523a3d95d85730bc343c0",
    "spki": "3076301006072a8648ce3d020106052b810400220362000438c0e6b928c24f2158a01e72efe030f4662df87b71952d4ec33fc2d68e835fcebc4e2b8c89d5e82a9ef6c18b645798a1e78feb4415925607d2b4bba843027f52a4ddf251d989b4c1a2c0d76e3d9d301d1674f1423c2523a3d95d85730bc343c0"
  },
  "ed25519": {
    "pkcs8": "302e020100300506032b6570042204201a3ef0ea4ab928862040c9b89813a69444776a4b68d80c4452df3790334b3945",
    "spki": "302a300506032b6570032100f7d8c6a4a6beec1f7d6c244588221eedb92d87f885db7675ced55c12f30e431c"
  },
  "ecdhA": {
    "pkcs8": "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420f095892e4c3b2f1dce2d6dc9df6d7871b0e76c23681921159297831f19ce9020a144034200042f5f9d8df582a0fbcb7209f53dc222fbf0b24b96c8ba68aa108143b8507cbf8e7e64f23cdfaa565ec04719f1f212a149c914824a15de2fbdfab87433879c65ff",
    "spki": "3059301306072a8648ce3d020106082a8648ce3d030107034200042f5f9d8df582a0fbcb7209f53dc222fbf0b24b96c8ba68aa108143b8507cbf8e7e64f23cdfaa565ec04719f1f212a149c914824a15de2fbdfab87433879c65ff"
  },
  "ecdhB": {
    "pkcs8": "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420224512d5f7b92aaed8ad89c4973cb1c5ffff723643c83ee7b32f2099a1c927d5a14403420004c49d17eb70433e236f7f93e1705462274ccc04dccd247a68ccfbb0ec8c995ed309b822f79255c6b951967db17b3a223f5517606b28170c3a6d931f37a6be1cc3",
    "spki": "3059301306072a8648ce3d020106082a8648ce3d03010703420004c49d17eb70433e236f7f93e1705462274ccc04dccd247a68ccfbb0ec8c995ed309b822f79255c6b951967db17b3a223f5517606b28170c3a6d931f37a6be1cc3"
  },
  "x25519A": {
    "pkcs8": "302e020100300506032b656e04220420f82d53c3ee1913120ab3718000055876828f164cc859b38bd6ae062f7bd1f47d",
    "spki": "302a300506032b656e03210064a5e977afc4eb32947cb4dbb0716ae0905cc05d1dfc4cfb078e38ce641a7067"
  },
  "x25519B": {
    "pkcs8": "302e020100300506032b656e04220420b83b96d858976c75325b859b06a25e091f4e18dfd856852b1f0b944645489b5b",
    "spki": "302a300506032b656e032100041183dcc78b43ddba21657a7d79e5927d8b02890bc1d8373a587b7274e9761a"
  }
};

const show = (label, f) => {
  try {
    const r = f();
    console.log(label, typeof r === "string" ? r : Buffer.isBuffer(r) ? `<Buffer ${r.toString("hex")}>` : JSON.stringify(r, (k, v) => (typeof v === "bigint" ? `${v}n` : v)));
  } catch (e) {
    console.log(label, "threw", e.name, e.code, e.message);
  }
};
const der = (hex) => Buffer.from(hex, "hex");
const pem = (label, hex) => `-----BEGIN ${label}-----\n${der(hex).toString("base64").match(/.{1,64}/g).join("\n")}\n-----END ${label}-----\n`;
const priv = (name) => crypto.createPrivateKey({ key: der(KEYS[name].pkcs8), format: "der", type: "pkcs8" });
const pub = (name) => crypto.createPublicKey({ key: der(KEYS[name].spki), format: "der", type: "spki" });
const data = Buffer.from("the message both engines sign");

// Reading keys: DER, PEM (with text around it and CRLF), a private PEM as a public key.
for (const name of Object.keys(KEYS)) {
  show(`${name} der`, () => {
    const k = priv(name);
    const p = pub(name);
    return [k.type, k.asymmetricKeyType, k.asymmetricKeyDetails, p.type, p.asymmetricKeyType, k.symmetricKeySize];
  });
  show(`${name} pem`, () => {
    const k = crypto.createPrivateKey(pem("PRIVATE KEY", KEYS[name].pkcs8));
    const p = crypto.createPublicKey("junk before\r\n" + pem("PUBLIC KEY", KEYS[name].spki).replace(/\n/g, "\r\n") + "after");
    const fromPrivate = crypto.createPublicKey(pem("PRIVATE KEY", KEYS[name].pkcs8));
    return [k.equals(priv(name)), p.equals(pub(name)), fromPrivate.type, fromPrivate.equals(p), crypto.createPublicKey(k).equals(p), k.equals(p)];
  });
  show(`${name} exports`, () => {
    const k = priv(name);
    const p = pub(name);
    return [k.export({ format: "pem", type: "pkcs8" }), k.export({ format: "der", type: "pkcs8" }).toString("hex") === KEYS[name].pkcs8, p.export({ format: "pem", type: "spki" }), p.export({ format: "der", type: "spki" }).toString("hex") === KEYS[name].spki, k.export({ format: "jwk" }), p.export({ format: "jwk" })];
  });
  show(`${name} jwk round trip`, () => {
    const jwk = priv(name).export({ format: "jwk" });
    const k = crypto.createPrivateKey({ key: jwk, format: "jwk" });
    const p = crypto.createPublicKey({ key: jwk, format: "jwk" });
    return [k.equals(priv(name)), p.equals(pub(name)), p.type];
  });
}
show("rsa pkcs1", () => {
  const k = priv("rsa");
  const text = k.export({ format: "pem", type: "pkcs1" });
  const publicText = pub("rsa").export({ format: "pem", type: "pkcs1" });
  return [text, publicText, crypto.createPrivateKey(text).equals(k), crypto.createPublicKey(publicText).equals(pub("rsa")), crypto.createPrivateKey({ key: k.export({ format: "der", type: "pkcs1" }), format: "der", type: "pkcs1" }).equals(k), crypto.createPublicKey({ key: pub("rsa").export({ format: "der", type: "pkcs1" }), format: "der", type: "pkcs1" }).equals(pub("rsa"))];
});
show("ec sec1", () => {
  const k = priv("p384");
  const text = k.export({ format: "pem", type: "sec1" });
  return [text, crypto.createPrivateKey(text).equals(k), crypto.createPrivateKey({ key: k.export({ format: "der", type: "sec1" }), format: "der", type: "sec1" }).equals(k)];
});
show("equals across kinds", () => [priv("p256").equals(priv("p384")), pub("ecdhA").equals(pub("ecdhB")), priv("x25519A").equals(priv("x25519A"))]);
show("toString", () => [String(priv("rsa")), Object.prototype.toString.call(pub("rsa")), priv("rsa") instanceof crypto.KeyObject, priv("rsa").constructor.name, pub("rsa").constructor.name]);

// Secret keys.
show("secret", () => {
  const s = crypto.createSecretKey(Buffer.from("0123456789abcdef"));
  return [s.type, s.symmetricKeySize, s.asymmetricKeyType, s.export().toString(), s.export({ format: "jwk" }), s.equals(crypto.createSecretKey("0123456789abcdef", "utf8")), s.equals(crypto.createSecretKey(Buffer.from("x"))), s.constructor.name];
});
show("secret from string", () => crypto.createSecretKey("abc", "utf8").export().toString());
show("generateKeySync", () => [crypto.generateKeySync("hmac", { length: 64 }).symmetricKeySize, crypto.generateKeySync("aes", { length: 256 }).symmetricKeySize]);
show("generateKeySync aes length", () => crypto.generateKeySync("aes", { length: 100 }));

// Deterministic signatures compare byte for byte; randomized ones verify.
show("rsa pkcs1 sign", () => crypto.sign("sha256", data, priv("rsa")).toString("base64"));
show("rsa pkcs1 sign sha512", () => crypto.sign("RSA-SHA512", data, priv("rsa")).toString("hex").slice(0, 64));
show("rsa pkcs1 verify", () => [crypto.verify("sha256", data, pub("rsa"), crypto.sign("sha256", data, priv("rsa"))), crypto.verify("sha256", Buffer.from("other"), pub("rsa"), crypto.sign("sha256", data, priv("rsa"))), crypto.verify("sha384", data, pub("rsa"), crypto.sign("sha256", data, priv("rsa")))]);
show("rsa sign with private as verify key", () => crypto.verify("sha256", data, priv("rsa"), crypto.sign("sha256", data, priv("rsa"))));
show("rsa pss", () => {
  const { RSA_PKCS1_PSS_PADDING: PSS, RSA_PSS_SALTLEN_DIGEST: DIGEST, RSA_PSS_SALTLEN_MAX_SIGN: MAX } = crypto.constants;
  const max = crypto.sign("sha256", data, { key: priv("rsa"), padding: PSS });
  const digest = crypto.sign("sha256", data, { key: priv("rsa"), padding: PSS, saltLength: DIGEST });
  const ten = crypto.sign("sha256", data, { key: priv("rsa"), padding: PSS, saltLength: 10 });
  const v = (sig, saltLength) => crypto.verify("sha256", data, { key: pub("rsa"), padding: PSS, saltLength }, sig);
  return [max.length, v(max), v(digest), v(ten), v(max, MAX), v(digest, DIGEST), v(digest, 32), v(ten, 10), v(ten, 11), v(ten, DIGEST), v(Buffer.alloc(256))];
});
for (const name of ["p256", "p384"]) {
  show(`${name} ecdsa`, () => {
    const der1 = crypto.sign("sha256", data, priv(name));
    const p1363 = crypto.sign("sha384", data, { key: priv(name), dsaEncoding: "ieee-p1363" });
    return [der1[0], p1363.length, crypto.verify("sha256", data, pub(name), der1), crypto.verify("sha384", data, { key: pub(name), dsaEncoding: "ieee-p1363" }, p1363), crypto.verify("sha384", data, pub(name), p1363), crypto.verify(null, data, pub(name), crypto.sign(null, data, priv(name))), crypto.verify("sha256", data, pub(name), Buffer.alloc(3))];
  });
}
show("ed25519", () => {
  const sig = crypto.sign(null, data, priv("ed25519"));
  return [sig.toString("hex"), crypto.verify(null, data, pub("ed25519"), sig), crypto.verify(undefined, Buffer.from("x"), pub("ed25519"), sig)];
});
show("ed25519 with digest", () => crypto.sign("sha256", data, priv("ed25519")));
show("x25519 sign", () => crypto.sign(null, data, priv("x25519A")));
show("sign with public", () => crypto.sign("sha256", data, pub("p256")));
show("sign with secret", () => crypto.sign("sha256", data, crypto.createSecretKey(Buffer.alloc(5))));
show("sign bad digest", () => crypto.sign("nope", data, priv("p256")));
show("sign garbage key", () => crypto.sign("sha256", data, "garbage"));
show("sign string data", () => crypto.verify("sha256", Buffer.from("x"), pub("p256"), crypto.sign("sha256", "x", priv("p256"))));
show("verify pem strings", () => crypto.verify("sha256", data, pem("PUBLIC KEY", KEYS.rsa.spki), crypto.sign("sha256", data, pem("PRIVATE KEY", KEYS.rsa.pkcs8))));
show("createSign", () => {
  const s = crypto.createSign("SHA256");
  s.update("the message ");
  s.update(Buffer.from("both engines sign"));
  const signature = s.sign(priv("rsa"), "base64");
  const v = crypto.createVerify("RSA-SHA256").update("the message both").update(" engines sign");
  return [signature === crypto.sign("sha256", data, priv("rsa")).toString("base64"), v.verify(pub("rsa"), signature, "base64")];
});
show("createSign ecdsa p1363", () => {
  const sig = crypto.createSign("sha256").update(data).sign({ key: priv("p256"), dsaEncoding: "ieee-p1363" });
  return [sig.length, crypto.createVerify("sha256").update(data).verify({ key: pub("p256"), dsaEncoding: "ieee-p1363" }, sig)];
});
show("createSign ed25519", () => crypto.createSign("sha256").update("x").sign(priv("ed25519")));
show("createSign bad digest", () => crypto.createSign("nope"));
show("Sign without new", () => crypto.Sign("sha1") instanceof crypto.Sign);
// Callback forms: printed in a fixed order once all have answered.
const callbacks = [
  new Promise((resolve) => crypto.sign(null, data, priv("ed25519"), (error, sig) => resolve(`sign callback ${error} ${sig.length}`))),
  new Promise((resolve) => crypto.verify(null, data, pub("ed25519"), crypto.sign(null, data, priv("ed25519")), (error, ok) => resolve(`verify callback ${error} ${ok}`))),
];

// RSA encryption.
show("oaep round trip", () => {
  const ct = crypto.publicEncrypt(pub("rsa"), Buffer.from("secret"));
  const ct256 = crypto.publicEncrypt({ key: pub("rsa"), oaepHash: "sha256", oaepLabel: Buffer.from("label") }, Buffer.from("secret 2"));
  return [ct.length, crypto.privateDecrypt(priv("rsa"), ct).toString(), crypto.privateDecrypt({ key: priv("rsa"), oaepHash: "sha256", oaepLabel: Buffer.from("label") }, ct256).toString()];
});
show("oaep with private key", () => crypto.privateDecrypt(priv("rsa"), crypto.publicEncrypt(priv("rsa"), Buffer.from("x"))).toString());
show("oaep wrong hash", () => crypto.privateDecrypt({ key: priv("rsa"), oaepHash: "sha256" }, crypto.publicEncrypt(pub("rsa"), Buffer.from("x"))));
show("pkcs1 encrypt", () => crypto.publicEncrypt({ key: pub("rsa"), padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from("x")).length);
show("pkcs1 decrypt", () => crypto.privateDecrypt({ key: priv("rsa"), padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.alloc(256)));
show("oaep too long", () => crypto.publicEncrypt(pub("rsa"), Buffer.alloc(300)));

// Diffie-Hellman.
show("ecdh", () => [crypto.diffieHellman({ privateKey: priv("ecdhA"), publicKey: pub("ecdhB") }).toString("hex"), crypto.diffieHellman({ privateKey: priv("ecdhB"), publicKey: pub("ecdhA") }).toString("hex")]);
show("x25519", () => [crypto.diffieHellman({ privateKey: priv("x25519A"), publicKey: pub("x25519B") }).toString("hex"), crypto.diffieHellman({ privateKey: priv("x25519B"), publicKey: pub("x25519A") }).toString("hex")]);
show("dh mismatch", () => crypto.diffieHellman({ privateKey: priv("ecdhA"), publicKey: pub("x25519B") }));
show("dh missing", () => crypto.diffieHellman({}));

// Generated keys differ per run: their shapes, and that they work together.
for (const [type, options] of [["rsa", { modulusLength: 1024 }], ["rsa", { modulusLength: 1024, publicExponent: 3 }], ["ec", { namedCurve: "P-384" }], ["ec", { namedCurve: "prime256v1" }], ["ed25519"], ["x25519"]]) {
  show(`generate ${type} ${JSON.stringify(options)}`, () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync(type, options);
    const works = type === "x25519" ? crypto.diffieHellman({ privateKey, publicKey }).length : crypto.verify(type === "ed25519" ? null : "sha256", data, publicKey, crypto.sign(type === "ed25519" ? null : "sha256", data, privateKey));
    return [publicKey.type, privateKey.type, privateKey.asymmetricKeyType, privateKey.asymmetricKeyDetails, works];
  });
}
show("generate encoded", () => {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "sec1", format: "der" } });
  return [publicKey.split("\n")[0], Buffer.isBuffer(privateKey), crypto.createPrivateKey({ key: privateKey, format: "der", type: "sec1" }).asymmetricKeyType];
});
show("generate jwk", () => Object.keys(crypto.generateKeyPairSync("ed25519", { privateKeyEncoding: { format: "jwk" } }).privateKey));
show("generate bad curve", () => crypto.generateKeyPairSync("ec", { namedCurve: "nope" }));
show("generate bad type", () => crypto.generateKeyPairSync("nope", {}));
callbacks.push(new Promise((resolve) => crypto.generateKeyPair("ed25519", {}, (error, publicKey, privateKey) => resolve(`generateKeyPair callback ${error} ${publicKey.type} ${privateKey.type}`))));

// Export errors.
show("export no options", () => priv("ed25519").export());
show("export bad format", () => priv("ed25519").export({ format: "nope" }));
show("export public as pkcs8", () => pub("ed25519").export({ format: "der", type: "pkcs8" }));
show("export pem no type", () => priv("rsa").export({ format: "pem" }));
show("export sec1 of rsa", () => priv("rsa").export({ format: "pem", type: "sec1" }));
show("export pkcs1 of ec", () => priv("p256").export({ format: "pem", type: "pkcs1" }));
show("parse garbage", () => crypto.createPrivateKey("garbage"));
show("parse public as private", () => crypto.createPrivateKey(pem("PUBLIC KEY", KEYS.rsa.spki)));
show("parse bad format", () => crypto.createPublicKey({ key: "x", format: "nope" }));
show("parse number", () => crypto.createPrivateKey(5));
show("secret number", () => crypto.createSecretKey(5));
show("from not a CryptoKey", () => crypto.KeyObject.from({}));
show("KeyObject constructor", () => new crypto.KeyObject("secret", {}));

// crypto.subtle and KeyObject share keys.
const subtle = crypto.webcrypto.subtle;
const cryptoKey = await subtle.importKey("pkcs8", der(KEYS.p256.pkcs8), { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
show("KeyObject.from", () => { const k = crypto.KeyObject.from(cryptoKey); return [k.type, k.asymmetricKeyType, k.equals(priv("p256"))]; });
const subtleSig = new Uint8Array(await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, cryptoKey, data));
show("subtle sign, node verify", () => crypto.verify("sha256", data, { key: pub("p256"), dsaEncoding: "ieee-p1363" }, subtleSig));
const verifyKey = await subtle.importKey("spki", pub("p256").export({ format: "der", type: "spki" }), { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
const nodeSig = crypto.sign("sha256", data, { key: priv("p256"), dsaEncoding: "ieee-p1363" });
console.log("node sign, subtle verify", await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, verifyKey, nodeSig, data));
const hmacKey = await subtle.importKey("raw", Buffer.from("key"), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
const subtleMac = Buffer.from(await subtle.sign("HMAC", hmacKey, data)).toString("hex");
console.log("hmac both ways", subtleMac === crypto.createHmac("sha256", crypto.KeyObject.from(hmacKey)).update(data).digest("hex"), crypto.KeyObject.from(hmacKey).symmetricKeySize);
const aesKey = await subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
const iv = Buffer.alloc(12, 1);
const sealed = Buffer.from(await subtle.encrypt({ name: "AES-GCM", iv }, aesKey, data));
const d = crypto.createDecipheriv("aes-256-gcm", crypto.KeyObject.from(aesKey), iv);
d.setAuthTag(sealed.subarray(-16));
console.log("subtle encrypt, node decrypt", Buffer.concat([d.update(sealed.subarray(0, -16)), d.final()]).equals(data));
// A key node:crypto generated, used by crypto.subtle; derivations agree across the two.
const edPair = crypto.generateKeyPairSync("ed25519");
const edPrivate = await subtle.importKey("pkcs8", edPair.privateKey.export({ format: "der", type: "pkcs8" }), "Ed25519", false, ["sign"]);
const edSig = Buffer.from(await subtle.sign("Ed25519", edPrivate, data));
console.log("subtle signs with a node key", crypto.verify(null, data, edPair.publicKey, edSig), edSig.equals(crypto.sign(null, data, edPair.privateKey)));
const rsaPublic = await subtle.importKey("jwk", pub("rsa").export({ format: "jwk" }), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
console.log("subtle verifies node's RSA signature", await subtle.verify("RSASSA-PKCS1-v1_5", rsaPublic, crypto.sign("sha256", data, priv("rsa")), data));
const hkdfKey = await subtle.importKey("raw", Buffer.from("input key"), "HKDF", false, ["deriveBits"]);
const subtleBits = Buffer.from(await subtle.deriveBits({ name: "HKDF", hash: "SHA-384", salt: Buffer.from("salt"), info: Buffer.from("info") }, hkdfKey, 256));
console.log("hkdf agrees", subtleBits.equals(Buffer.from(crypto.hkdfSync("sha384", "input key", "salt", "info", 32))));
const pbkdf2Key = await subtle.importKey("raw", Buffer.from("password"), "PBKDF2", false, ["deriveBits"]);
const pbkdf2Bits = Buffer.from(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-512", salt: Buffer.from("salt"), iterations: 3 }, pbkdf2Key, 128));
console.log("pbkdf2 agrees", pbkdf2Bits.equals(crypto.pbkdf2Sync("password", "salt", 3, 16, "sha512")));
console.log("digest agrees", Buffer.from(await subtle.digest("SHA-1", data)).equals(crypto.createHash("sha1").update(data).digest()));
for (const line of await Promise.all(callbacks)) console.log(line);
