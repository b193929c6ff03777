import Joi from "joi";

export function run() {
  const schema = Joi.object({
    username: Joi.string().alphanum().min(3).max(10).required(),
    birth: Joi.number().integer().min(1900).max(2013),
    email: Joi.string().email({ tlds: { allow: false } }),
    password: Joi.string().pattern(/^[a-zA-Z0-9]{3,30}$/),
  }).with("username", "birth");
  const good = schema.validate({ username: "abc", birth: 1994, email: "a@b.co" });
  const bad = schema.validate({ username: "a!", birth: 3000 }, { abortEarly: false });
  return {
    good: good.value,
    goodError: good.error ?? null,
    bad: bad.error.details.map((d) => [d.path.join("."), d.type, d.message]),
  };
}
