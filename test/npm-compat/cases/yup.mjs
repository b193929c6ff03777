import * as yup from "yup";

export async function run() {
  const schema = yup.object({
    name: yup.string().required(),
    age: yup.number().required().positive().integer(),
    email: yup.string().email(),
    website: yup.string().url().nullable(),
  });
  const good = await schema.validate({ name: "jimmy", age: "24", email: "j@x.org", website: null });
  let errors;
  try {
    await schema.validate({ name: "", age: -3, email: "nope" }, { abortEarly: false });
  } catch (error) {
    errors = error.errors;
  }
  return { good, errors, cast: schema.cast({ name: "x", age: "5" }) };
}
