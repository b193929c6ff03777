import { parse } from "csv-parse/sync";

export function run() {
  const input = 'id;name;note\n1;"Ann";"said ""hi"""\n2;Bob;\n';
  return {
    records: parse(input, { columns: true, delimiter: ";", skip_empty_lines: true, cast: true }),
    raw: parse("a,b\n1,2\n"),
  };
}
