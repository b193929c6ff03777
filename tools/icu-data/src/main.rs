//! Writes ICU4X baked data for the languages Intl supports (isapi-runtime's
//! `src/intl_languages.rs`) to the folder given as the first argument: the compiled data
//! of the icu_*_data crates, re-exported through `icu_provider_export` for those locale
//! families only. The input is the upstream compiled data, so nothing is downloaded;
//! `cargo xtask icu-data` builds and runs this with `ICU4X_DATA_DIR` pointing at the
//! upstream data (this crate's own build must not read the cut data it writes).

extern crate alloc;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use icu_provider::prelude::*;
use icu_provider::IterableDataProvider;
use icu_provider_export::baked_exporter::{BakedExporter, Options};
use icu_provider_export::prelude::*;

include!("../../../crates/isapi-runtime/src/intl_languages.rs");
include!("markers.rs");

/// The upstream compiled data, iterable so the export driver can list its locales.
struct Compiled;

macro_rules! compiled {
    ($($implement:ident $marker:path;)*) => {
        const _: () = {
            #[allow(unused_imports)]
            pub mod icu {
                pub use icu_calendar as calendar;
                pub use icu_casemap as casemap;
                pub use icu_collator as collator;
                pub use icu_collections as collections;
                pub use icu_datetime as datetime;
                pub use icu_decimal as decimal;
                pub use icu_experimental as experimental;
                pub use icu_list as list;
                pub use icu_locale as locale;
                pub use icu_normalizer as normalizer;
                pub use icu_plurals as plurals;
                pub use icu_properties as properties;
                pub use icu_segmenter as segmenter;
                pub use icu_time as time;
            }
            // The singleton markers' ITER arms name `std::collections::BtreeSet` (a typo
            // in icu_*_data 2.4); this `std` stands in for the paths they use.
            #[allow(unused_imports)]
            mod std {
                pub mod collections {
                    pub use ::std::collections::BTreeSet;
                    pub use ::std::collections::BTreeSet as BtreeSet;
                }
            }
            #[allow(unused_imports)]
            use icu_calendar_data::*;
            #[allow(unused_imports)]
            use icu_casemap_data::*;
            #[allow(unused_imports)]
            use icu_collator_data::*;
            #[allow(unused_imports)]
            use icu_datetime_data::*;
            #[allow(unused_imports)]
            use icu_decimal_data::*;
            #[allow(unused_imports)]
            use icu_experimental_data::*;
            #[allow(unused_imports)]
            use icu_list_data::*;
            #[allow(unused_imports)]
            use icu_locale_data::*;
            #[allow(unused_imports)]
            use icu_locale_fallback_data::*;
            #[allow(unused_imports)]
            use icu_normalizer_data::*;
            #[allow(unused_imports)]
            use icu_plurals_data::*;
            #[allow(unused_imports)]
            use icu_properties_data::*;
            #[allow(unused_imports)]
            use icu_segmenter_data::*;
            #[allow(unused_imports)]
            use icu_time_data::*;
            icu_locale_data::make_provider!(Compiled);
            $($implement!(Compiled, ITER);)*
            icu_provider::export::make_exportable_provider!(Unused, [$($marker),*,]);
        };
    };
}
with_markers!(compiled);

/// Data no JS API of ours reads: its markers stay defined (the component crates name
/// them all) but empty, which keeps the folder smaller in git. It would never reach the
/// library anyway (unused data is not linked). Remove a line here when Intl gains the API.
const UNUSED: &[&str] = &[
    "::provider::names::LocaleNames", // Intl.DisplayNames (not implemented)
    "::displaynames::",               // the same, icu_experimental's older form
    "::LocaleExemplarCharacters",     // no JS API
    "::personnames::",                // no JS API
    "::transliterate::",              // no JS API
];

/// [`Compiled`] with the [`UNUSED`] markers listing no locales.
struct Unused;

impl<M: DataMarker> DataProvider<M> for Unused
where
    Compiled: DataProvider<M>,
{
    fn load(&self, req: DataRequest) -> Result<DataResponse<M>, DataError> {
        Compiled.load(req)
    }
}

impl<M: DataMarker> IterableDataProvider<M> for Unused
where
    Compiled: IterableDataProvider<M>,
{
    fn iter_ids(&self) -> Result<BTreeSet<DataIdentifierCow<'static>>, DataError> {
        let name = std::any::type_name::<M>();
        if UNUSED.iter().any(|part| name.contains(part)) {
            return Ok(BTreeSet::new());
        }
        Compiled.iter_ids()
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: icu-data <output folder> [language ...]");
        return ExitCode::from(2);
    };
    // Extra arguments replace the list (to measure another set without editing it).
    let rest: Vec<String> = args.collect();
    let languages: Vec<&str> = if rest.is_empty() {
        LANGUAGES.to_vec()
    } else {
        rest.iter().map(String::as_str).collect()
    };
    // Scripts are segmented by dictionary or LSTM whatever the locale: keep the models
    // of the scripts whose languages are in the set (Chinese and Japanese share cjdict).
    let mut models = vec!["cjdict".to_owned()];
    for (language, dictionary, lstm) in [
        ("th", "thaidict", "Thai_codepoints_exclusive_model4_heavy"),
        ("lo", "laodict", "Lao_codepoints_exclusive_model4_heavy"),
        ("km", "khmerdict", "Khmer_codepoints_exclusive_model4_heavy"),
        (
            "my",
            "burmesedict",
            "Burmese_codepoints_exclusive_model4_heavy",
        ),
    ] {
        if languages.contains(&language) {
            models.push(dictionary.to_owned());
            models.push(lstm.to_owned());
        }
    }
    let families = match languages
        .iter()
        .map(|l| l.parse::<DataLocaleFamily>())
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(families) => families,
        Err(e) => {
            eprintln!("icu-data: bad language: {e}");
            return ExitCode::from(2);
        }
    };
    let mut options = Options::default();
    options.overwrite = true;
    let exporter = match BakedExporter::new(out.clone(), options) {
        Ok(exporter) => exporter,
        Err(e) => {
            eprintln!("icu-data: {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    };
    let result = ExportDriver::new(
        families,
        DeduplicationStrategy::Maximal.into(),
        LocaleFallbacker::new().static_to_owned(),
    )
    .with_segmenter_models(models)
    .export(&Unused, exporter);
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("icu-data: export failed: {e}");
            ExitCode::FAILURE
        }
    }
}
