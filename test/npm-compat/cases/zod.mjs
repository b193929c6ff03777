import { z } from "zod";

export function run() {
  const User = z.object({
    name: z.string().min(2),
    email: z.string().email(),
    age: z.number().int().positive().optional(),
    tags: z.array(z.string()).default([]),
  });
  const good = User.safeParse({ name: "Jo", email: "jo@example.com", age: 30 });
  const bad = User.safeParse({ name: "J", email: "nope", age: -1 });
  return {
    good: good.success ? good.data : null,
    bad: bad.success ? null : bad.error.issues.map((issue) => [issue.path.join("."), issue.code]),
    coerced: z.coerce.number().parse("42"),
    union: z.union([z.literal("a"), z.literal("b")]).safeParse("c").success,
  };
}
