/**
 * Headers of libraries, for tests that copy a library without loading it: the build checks
 * only the first bytes (ELF magic; PE signature, machine, PE32+ and the DLL bit).
 */

/** An ELF file's magic and then some text to compare copies by. */
export function fakeElf(text = "a fake ELF library"): Buffer {
  return Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.from(text)]);
}

export interface PeShape {
  /** COFF machine; default 0x8664 (x86-64). */
  machine?: number;
  /** Optional header magic 0x20b (PE32+); false: 0x10b (PE32). */
  pe32plus?: boolean;
  /** The DLL characteristic; false: a program (.exe). */
  dll?: boolean;
}

/** A DOS stub pointing at a PE header of the given shape, then `text`. */
export function fakePe(shape: PeShape = {}, text = "a fake PE library"): Buffer {
  const header = Buffer.alloc(0x40 + 26);
  header.write("MZ", 0, "latin1");
  header.writeUInt32LE(0x40, 0x3c); // e_lfanew
  header.write("PE\0\0", 0x40, "latin1");
  header.writeUInt16LE(shape.machine ?? 0x8664, 0x40 + 4);
  header.writeUInt16LE((shape.dll ?? true) ? 0x2022 : 0x0022, 0x40 + 22);
  header.writeUInt16LE((shape.pe32plus ?? true) ? 0x20b : 0x10b, 0x40 + 24);
  return Buffer.concat([header, Buffer.from(text)]);
}

/** A library of the kind this machine's build makes. */
export function fakeNative(text?: string): Buffer {
  return process.platform === "win32" ? fakePe({}, text) : fakeElf(text);
}
