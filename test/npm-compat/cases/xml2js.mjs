import xml2js from "xml2js";

export async function run() {
  const xml = '<root><item id="1">first</item><item id="2">second &amp; more</item><empty/></root>';
  const parsed = await xml2js.parseStringPromise(xml);
  const explicit = await xml2js.parseStringPromise(xml, { explicitArray: false, mergeAttrs: true });
  const built = new xml2js.Builder({ headless: true, renderOpts: { pretty: false } }).buildObject({
    note: { $: { lang: "en" }, to: "Tove", body: "Don't <forget>" },
  });
  let error;
  try {
    await xml2js.parseStringPromise("<a><b></a>");
  } catch (e) {
    error = String(e.message).split("\n")[0];
  }
  return { parsed, explicit, built, error };
}
