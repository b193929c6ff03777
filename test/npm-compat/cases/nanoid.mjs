import { nanoid, customAlphabet } from "nanoid";

export function run() {
  const id = nanoid();
  const short = customAlphabet("0123456789abcdef", 10)();
  const many = new Set(Array.from({ length: 100 }, () => nanoid(12)));
  return { id: /^[A-Za-z0-9_-]{21}$/.test(id), short: /^[0-9a-f]{10}$/.test(short), unique: many.size };
}
