// Makes the fixtures of tests/conformance/crypto-cross.mjs: signatures, ciphertexts and
// generated keys that one engine made and the other must accept. Uses only web APIs, so
// it runs in both: `node tests/crypto-fixtures.mjs` gives FROM_NODE,
// `isapi-run tests/crypto-fixtures.mjs` gives FROM_OURS (paste each into the script).
// With KEYS null it first prints a fresh set of keys to paste here (node only, once).
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

const subtle = crypto.subtle;
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (text) => new Uint8Array(text.match(/../g).map((h) => parseInt(h, 16)));
const message = new TextEncoder().encode("the message both engines sign");

if (KEYS === null) {
  const rsa = { name: "RSA-PSS", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  const pairs = {
    rsa: await subtle.generateKey(rsa, true, ["sign", "verify"]),
    p256: await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]),
    p384: await subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["sign", "verify"]),
    ed25519: await subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]),
    ecdhA: await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]),
    ecdhB: await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]),
    x25519A: await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]),
    x25519B: await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]),
  };
  const keys = {};
  for (const [name, pair] of Object.entries(pairs)) {
    keys[name] = {
      pkcs8: hex(await subtle.exportKey("pkcs8", pair.privateKey)),
      spki: hex(await subtle.exportKey("spki", pair.publicKey)),
    };
  }
  console.log(JSON.stringify(keys, null, 2));
} else {
  const out = {};
  const importPair = async (name, algorithm, usages) => [
    await subtle.importKey("pkcs8", unhex(KEYS[name].pkcs8), algorithm, true, usages[0]),
    await subtle.importKey("spki", unhex(KEYS[name].spki), algorithm, true, usages[1]),
  ];
  const sign = [["sign"], ["verify"]];
  for (const [name, curve, hash] of [["p256", "P-256", "SHA-256"], ["p384", "P-384", "SHA-384"], ["p256", "P-256", "SHA-512"]]) {
    const [key] = await importPair(name, { name: "ECDSA", namedCurve: curve }, sign);
    out[`ecdsa-${curve}-${hash}`] = hex(await subtle.sign({ name: "ECDSA", hash }, key, message));
  }
  for (const saltLength of [0, 32, 64]) {
    const [key] = await importPair("rsa", { name: "RSA-PSS", hash: "SHA-256" }, sign);
    out[`pss-${saltLength}`] = hex(await subtle.sign({ name: "RSA-PSS", saltLength }, key, message));
  }
  for (const hash of ["SHA-1", "SHA-256"]) {
    const [, key] = await importPair("rsa", { name: "RSA-OAEP", hash }, [["decrypt"], ["encrypt"]]);
    out[`oaep-${hash}`] = hex(await subtle.encrypt({ name: "RSA-OAEP" }, key, message));
    out[`oaep-${hash}-label`] = hex(await subtle.encrypt({ name: "RSA-OAEP", label: new TextEncoder().encode("label") }, key, message));
  }
  // Keys generated here, and a signature by each, for the other engine to import and check.
  const generated = [
    [{ name: "ECDSA", namedCurve: "P-256" }, { name: "ECDSA", hash: "SHA-256" }],
    [{ name: "ECDSA", namedCurve: "P-384" }, { name: "ECDSA", hash: "SHA-384" }],
    [{ name: "Ed25519" }, { name: "Ed25519" }],
    [{ name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, { name: "RSASSA-PKCS1-v1_5" }],
  ];
  for (const [algorithm, signing] of generated) {
    const pair = await subtle.generateKey(algorithm, true, ["sign", "verify"]);
    out[`generated-${algorithm.name}-${algorithm.namedCurve ?? ""}`] = {
      pkcs8: hex(await subtle.exportKey("pkcs8", pair.privateKey)),
      spki: hex(await subtle.exportKey("spki", pair.publicKey)),
      signature: hex(await subtle.sign(signing, pair.privateKey, message)),
    };
  }
  const aes = await subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  out["generated-AES-GCM"] = hex(await subtle.exportKey("raw", aes));
  console.log(JSON.stringify(out, null, 2));
}
