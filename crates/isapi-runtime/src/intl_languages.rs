/// The languages Intl carries CLDR data for, sorted: each with all its regions and
/// scripts (a locale family). `cargo xtask icu-data` cuts ICU4X's compiled data to these
/// (crates/isapi-runtime/icu-data); a requested locale whose language is not here
/// resolves to the default, `en-US` (docs/platform.md, "Intl: locales, defaults, cost").
pub(crate) const LANGUAGES: &[&str] = &[
    "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr", "gl",
    "he", "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "no", "pl", "pt",
    "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh",
];
