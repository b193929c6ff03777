import Papa from "papaparse";

export function run() {
  const csv = 'name,age,city\n"Smith, Jo",42,Berlin\nAnn,7,"New\nYork"\n';
  const parsed = Papa.parse(csv, { header: true, dynamicTyping: true, skipEmptyLines: true });
  const back = Papa.unparse([
    { a: 1, b: "x,y" },
    { a: 2, b: 'say "hi"' },
  ]);
  return { data: parsed.data, fields: parsed.meta.fields, errors: parsed.errors, back };
}
