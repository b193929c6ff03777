// atob and btoa: round trips, forgiving decoding, and InvalidCharacterError.
for (const text of ["", "f", "fo", "foo", "foob", "fooba", "foobar", "\u0000\u00ff\u0080", "hello world"]) {
  const encoded = btoa(text);
  console.log(JSON.stringify(text), encoded, atob(encoded) === text);
}
for (const input of ["Zm9v", "Zm9vYg", "Zm9vYg=", "Zm9vYg==", " Zm 9v\tYm\nFy\f\r", "Zg", "Zh==", "Zm9vYmFy===", "=Zm9v", "Zm=9v", "Zm9v!", "Z", "ZZZZZ", "Zm9\u00e9", "", "////", "++++", "-_-_", 12, null, undefined]) {
  try {
    const decoded = atob(input);
    console.log("atob", JSON.stringify(input), JSON.stringify(decoded));
  } catch (error) {
    console.log("atob", JSON.stringify(input), error.name, error instanceof DOMException, error.code);
  }
}
for (const input of ["\u0100", "ok\u20ac", "\ud83d\ude00", 123, null, true]) {
  try {
    console.log("btoa", JSON.stringify(input), btoa(input));
  } catch (error) {
    console.log("btoa", JSON.stringify(input), error.name, error.code);
  }
}
for (const call of [() => atob(), () => btoa()]) {
  try {
    call();
  } catch (error) {
    console.log("no argument", error.name);
  }
}
