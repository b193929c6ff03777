import Ajv from "ajv";

export function run() {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile({
    type: "object",
    properties: {
      id: { type: "integer", minimum: 1 },
      name: { type: "string", maxLength: 5 },
      tags: { type: "array", items: { type: "string" }, uniqueItems: true },
    },
    required: ["id", "name"],
    additionalProperties: false,
  });
  const ok = validate({ id: 1, name: "abc", tags: ["x"] });
  const bad = validate({ id: 0, name: "toolong", tags: ["x", "x"], extra: true });
  return {
    ok,
    bad,
    errors: validate.errors.map((e) => [e.instancePath, e.keyword, e.message]),
    text: ajv.errorsText(validate.errors),
  };
}
