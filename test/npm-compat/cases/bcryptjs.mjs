import bcrypt from "bcryptjs";

export async function run() {
  const salt = bcrypt.genSaltSync(4);
  const hash = bcrypt.hashSync("correct horse", salt);
  const fixed = bcrypt.hashSync("correct horse", "$2b$04$abcdefghijklmnopqrstuu");
  const asyncHash = await bcrypt.hash("battery staple", 4);
  return {
    shape: /^\$2b\$04\$[./A-Za-z0-9]{53}$/.test(hash),
    fixed,
    right: bcrypt.compareSync("correct horse", hash),
    wrong: bcrypt.compareSync("wrong horse", hash),
    asyncRight: await bcrypt.compare("battery staple", asyncHash),
    rounds: bcrypt.getRounds(hash),
  };
}
