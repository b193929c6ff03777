//! The native half of `js/intl.js`: ECMA-402's formatting, collation, plural rules and
//! segmentation, by ICU4X with its compiled data (CLDR), and IANA time zones by `jiff`'s
//! bundled tzdb (ICU4X names zones but does not hold their transitions).
//!
//! The JS side reads and validates the options (ECMA-402's order and errors) and hands
//! each call a normalized options object and the key it made of them. Formatters are
//! built here on first use of a key and kept in a small per-thread cache, so a JS
//! `Intl.*` object holds no native memory of its own and nothing needs a finalizer; the
//! cache is bounded (ICU4X formatters borrow the static compiled data, a few hundred bytes
//! to a few KB each).
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use fixed_decimal::{
    Decimal, FloatPrecision, SignDisplay, SignedRoundingMode, UnsignedRoundingMode,
};
use icu_datetime::fieldbag::DateTimeFieldBag;
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder, ZoneStyle};
use icu_datetime::fieldsets::enums::CompositeFieldSet;
use icu_datetime::options::{Length, TimePrecision};
use icu_datetime::DateTimeFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::{CompactDecimalFormatter, DecimalFormatter};
use icu_locale::{Locale, LocaleCanonicalizer};
use icu_time::zone::{UtcOffset, ZoneNameTimestamp};
use icu_time::{Time, TimeZone, ZonedDateTime};
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Array, Ctx, Function, Object, Value};
use writeable::{Part, PartsWrite, Writeable};

use crate::errors::throw_named;

/// `isapi:native/intl`.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in EXPORTS {
            declare.declare(*name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export(
            "canonicalizeLocale",
            Function::new(ctx.clone(), canonicalize_locale)?,
        )?;
        exports.export(
            "supportedLocale",
            Function::new(ctx.clone(), supported_locale)?,
        )?;
        exports.export("timeZone", Function::new(ctx.clone(), time_zone)?)?;
        exports.export(
            "dateTimeFormat",
            Function::new(ctx.clone(), date_time_format)?,
        )?;
        exports.export(
            "dateTimeResolve",
            Function::new(ctx.clone(), date_time_resolve)?,
        )?;
        exports.export("numberFormat", Function::new(ctx.clone(), number_format)?)?;
        exports.export(
            "collatorCompare",
            Function::new(ctx.clone(), collator_compare)?,
        )?;
        exports.export("pluralSelect", Function::new(ctx.clone(), plural_select)?)?;
        exports.export(
            "pluralCategories",
            Function::new(ctx.clone(), plural_categories)?,
        )?;
        exports.export(
            "relativeTimeFormat",
            Function::new(ctx.clone(), relative_time_format)?,
        )?;
        exports.export("listFormat", Function::new(ctx.clone(), list_format)?)?;
        exports.export("segment", Function::new(ctx.clone(), segment)?)?;
        Ok(())
    }
}

const EXPORTS: &[&str] = &[
    "canonicalizeLocale",
    "supportedLocale",
    "timeZone",
    "dateTimeFormat",
    "dateTimeResolve",
    "numberFormat",
    "collatorCompare",
    "pluralSelect",
    "pluralCategories",
    "relativeTimeFormat",
    "listFormat",
    "segment",
];

/// Throws a genuine `RangeError` (scripts test `instanceof`).
fn range_error(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    let constructed = ctx
        .globals()
        .get::<_, rquickjs::function::Constructor>("RangeError")
        .and_then(|c| c.construct::<_, Value>((message,)));
    match constructed {
        Ok(error) => ctx.throw(error),
        Err(_) => throw_named(ctx, "RangeError", message, None),
    }
}

fn parse_locale(ctx: &Ctx<'_>, tag: &str) -> rquickjs::Result<Locale> {
    Locale::try_from_str(tag).map_err(|_| range_error(ctx, "Incorrect locale information provided"))
}

/// `Intl.getCanonicalLocales` for one tag: well-formed BCP 47, case and aliases as
/// UTS #35 canonicalizes them.
fn canonicalize_locale(ctx: Ctx<'_>, tag: String) -> rquickjs::Result<String> {
    // ECMA-402 accepts Unicode BCP 47 locale identifiers only (no `_`, no extlang-free
    // grandfathered forms beyond what the parser knows).
    if tag.contains('_') || tag.is_empty() {
        return Err(range_error(&ctx, "Incorrect locale information provided"));
    }
    let mut locale = parse_locale(&ctx, &tag)?;
    LocaleCanonicalizer::new_extended().canonicalize(&mut locale);
    Ok(locale.to_string())
}

include!("intl_languages.rs");

/// The canonical form of `tag` if its language has data, else `None`.
fn supported_locale(ctx: Ctx<'_>, tag: String) -> rquickjs::Result<Option<String>> {
    let locale = parse_locale(&ctx, &tag)?;
    let language = locale.id.language.as_str();
    Ok(LANGUAGES
        .binary_search(&language)
        .is_ok()
        .then(|| locale.to_string()))
}

/// A time zone as ECMA-402 resolves it: an IANA name (its case as the tzdb spells it) or
/// a UTC offset (`+05:30`).
#[derive(Clone)]
enum Zone {
    Named(jiff::tz::TimeZone, String),
    Offset(i32),
}

fn parse_offset(text: &str) -> Option<i32> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    // `+0530` and `+05:30` only: the colon, if any, must sit after the hours.
    if text.len() == 6 && text.as_bytes()[3] != b':' {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3600 + minutes * 60))
}

fn resolve_zone(name: &str) -> Option<Zone> {
    if let Some(seconds) = parse_offset(name) {
        return Some(Zone::Offset(seconds));
    }
    let upper = name.to_ascii_uppercase();
    if matches!(
        upper.as_str(),
        "UTC"
            | "ETC/UTC"
            | "GMT"
            | "ETC/GMT"
            | "ETC/UCT"
            | "UCT"
            | "ETC/UNIVERSAL"
            | "UNIVERSAL"
            | "ETC/ZULU"
            | "ZULU"
            | "ETC/GREENWICH"
            | "GREENWICH"
            | "GMT0"
            | "ETC/GMT0"
            | "GMT+0"
            | "GMT-0"
            | "ETC/GMT+0"
            | "ETC/GMT-0"
    ) {
        return Some(Zone::Named(jiff::tz::TimeZone::UTC, "UTC".to_owned()));
    }
    let zone = jiff::tz::db().get(name).ok()?;
    let canonical = zone.iana_name().unwrap_or(name).to_owned();
    Some(Zone::Named(zone, canonical))
}

impl Zone {
    fn name(&self) -> String {
        match self {
            Zone::Named(_, name) => name.clone(),
            Zone::Offset(seconds) => {
                let sign = if *seconds < 0 { '-' } else { '+' };
                let abs = seconds.abs();
                format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60)
            }
        }
    }

    fn offset_at(&self, timestamp: jiff::Timestamp) -> i32 {
        match self {
            Zone::Named(zone, _) => zone.to_offset(timestamp).seconds(),
            Zone::Offset(seconds) => *seconds,
        }
    }
}

/// `timeZone(name?)`: the canonical name of a zone (undefined if unknown), or of the
/// process's own zone (`TZ`, else the system's; UTC if neither names one).
fn time_zone(name: rquickjs::function::Opt<String>) -> Option<String> {
    match name.0 {
        Some(name) => resolve_zone(&name).map(|z| z.name()),
        None => Some(
            jiff::tz::TimeZone::try_system()
                .ok()
                .and_then(|z| z.iana_name().map(str::to_owned))
                .and_then(|n| resolve_zone(&n))
                .map_or_else(|| "UTC".to_owned(), |z| z.name()),
        ),
    }
}

/// One built formatter, shared by every JS object with the same options.
enum Built {
    DateTime(Box<DateTimeFormatter<CompositeFieldSet>>, Zone),
    Number(Box<NumberFormatter>),
    Collator(icu_collator::CollatorBorrowed<'static>),
    Plural(icu_plurals::PluralRules, Rounding),
    Relative(Box<icu_experimental::relativetime::RelativeTimeFormatter>),
    List(icu_list::ListFormatter),
}

const CACHE_SIZE: usize = 32;

thread_local! {
    /// Most recently used first.
    static CACHE: RefCell<Vec<(String, Rc<Built>)>> = const { RefCell::new(Vec::new()) };
}

/// The formatter for `key`, built by `build` if not cached.
fn cached(key: &str, build: impl FnOnce() -> Result<Built, String>) -> Result<Rc<Built>, String> {
    let hit = CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let index = cache.iter().position(|(k, _)| k == key)?;
        let entry = cache.remove(index);
        let built = entry.1.clone();
        cache.insert(0, entry);
        Some(built)
    });
    if let Some(built) = hit {
        return Ok(built);
    }
    let built = Rc::new(build()?);
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        cache.truncate(CACHE_SIZE - 1);
        cache.insert(0, (key.to_owned(), built.clone()));
    });
    Ok(built)
}

fn get_str(options: &Object<'_>, name: &str) -> Option<String> {
    options.get::<_, Option<String>>(name).ok().flatten()
}

fn get_num(options: &Object<'_>, name: &str) -> Option<i16> {
    options
        .get::<_, Option<f64>>(name)
        .ok()
        .flatten()
        .map(|n| n as i16)
}

/// Collects a `Writeable`'s output with the spans of its parts, as ECMA-402's
/// `formatToParts` lists them: the innermost annotated span gives each character's type,
/// what no part covers is a literal.
#[derive(Default)]
struct PartsSink {
    text: String,
    /// (start, end, part value), in the order the spans closed.
    spans: Vec<(usize, usize, &'static str)>,
}

impl fmt::Write for PartsSink {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

impl PartsWrite for PartsSink {
    type SubPartsWrite = Self;
    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self) -> fmt::Result,
    ) -> fmt::Result {
        let start = self.text.len();
        f(self)?;
        let end = self.text.len();
        if end > start {
            self.spans.push((start, end, part.value));
        }
        Ok(())
    }
}

impl PartsSink {
    /// The parts as `(type, text)`, innermost (`inner`) or outermost annotation winning.
    fn parts(&self, inner: bool) -> Vec<(String, String)> {
        let mut kinds: Vec<&str> = vec!["literal"; self.text.len()];
        // Spans close inner-first; applying them in closing order lets outer ones win,
        // in reverse lets inner ones win.
        let apply = |kinds: &mut Vec<&'static str>, span: &(usize, usize, &'static str)| {
            for kind in &mut kinds[span.0..span.1] {
                *kind = span.2;
            }
        };
        let mut typed: Vec<&'static str> = vec!["literal"; self.text.len()];
        if inner {
            self.spans.iter().rev().for_each(|s| apply(&mut typed, s));
        } else {
            self.spans.iter().for_each(|s| apply(&mut typed, s));
        }
        kinds.copy_from_slice(&typed);
        let mut parts: Vec<(String, String)> = Vec::new();
        for (index, ch) in self.text.char_indices() {
            let kind = kinds[index];
            match parts.last_mut() {
                Some((k, text)) if k == kind => text.push(ch),
                _ => parts.push((kind.to_owned(), ch.to_string())),
            }
        }
        parts
    }
}

fn to_value<'js>(
    ctx: &Ctx<'js>,
    writeable: &impl Writeable,
    want_parts: bool,
    inner: bool,
) -> rquickjs::Result<Value<'js>> {
    if !want_parts {
        return rquickjs::String::from_str(ctx.clone(), &writeable.write_to_string())
            .map(|s| s.into_value());
    }
    let mut sink = PartsSink::default();
    let _ = writeable.write_to_parts(&mut sink);
    parts_value(ctx, sink.parts(inner))
}

fn parts_value<'js>(ctx: &Ctx<'js>, parts: Vec<(String, String)>) -> rquickjs::Result<Value<'js>> {
    let array = Array::new(ctx.clone())?;
    for (index, (kind, text)) in parts.into_iter().enumerate() {
        let part = Array::new(ctx.clone())?;
        part.set(0, kind)?;
        part.set(1, text)?;
        array.set(index, part)?;
    }
    Ok(array.into_value())
}

// ---------------------------------------------------------------- DateTimeFormat

fn length_of(style: &str) -> Length {
    match style {
        "full" | "long" => Length::Long,
        "medium" => Length::Medium,
        _ => Length::Short,
    }
}

fn build_date_time(ctx: &Ctx<'_>, options: &Object<'_>) -> Result<Built, String> {
    let tag = get_str(options, "locale").unwrap_or_else(|| "en-US".to_owned());
    let locale = parse_locale(ctx, &tag).map_err(|_| format!("bad locale {tag}"))?;
    let zone_name = get_str(options, "timeZone").unwrap_or_else(|| "UTC".to_owned());
    let zone = resolve_zone(&zone_name)
        .ok_or_else(|| format!("Invalid time zone specified: {zone_name}"))?;
    let date_style = get_str(options, "dateStyle");
    let time_style = get_str(options, "timeStyle");
    let field_set = if date_style.is_some() || time_style.is_some() {
        let mut builder = FieldSetBuilder::new();
        builder.length = Some(length_of(
            date_style
                .as_deref()
                .or(time_style.as_deref())
                .unwrap_or("short"),
        ));
        builder.date_fields = date_style.as_deref().map(|s| match s {
            "full" => DateFields::YMDE,
            _ => DateFields::YMD,
        });
        if let Some(style) = time_style.as_deref() {
            builder.time_precision = Some(match style {
                "short" => TimePrecision::Minute,
                _ => TimePrecision::Second,
            });
            builder.zone_style = match style {
                "full" => Some(ZoneStyle::SpecificLong),
                "long" => Some(ZoneStyle::SpecificShort),
                _ => None,
            };
        }
        builder.build_composite().map_err(|e| format!("{e:?}"))?
    } else {
        let skeleton = get_str(options, "skeleton").unwrap_or_else(|| "yMd".to_owned());
        DateTimeFieldBag::from_skeleton(&skeleton).to_composite_field_set()
    };
    let formatter = DateTimeFormatter::try_new((&locale).into(), field_set)
        .map_err(|e| format!("no date format for {tag}: {e}"))?;
    Ok(Built::DateTime(Box::new(formatter), zone))
}

fn zoned_input(
    zone: &Zone,
    epoch_ms: f64,
) -> Option<ZonedDateTime<icu_calendar::Iso, icu_time::TimeZoneInfo<icu_time::zone::models::AtTime>>>
{
    let whole = epoch_ms.floor();
    let timestamp = jiff::Timestamp::from_millisecond(whole as i64).ok()?;
    let offset = zone.offset_at(timestamp);
    let civil = jiff::tz::Offset::from_seconds(offset)
        .ok()?
        .to_datetime(timestamp);
    let date = icu_calendar::Date::try_new_iso(
        civil.year() as i32,
        civil.month() as u8,
        civil.day() as u8,
    )
    .ok()?;
    let time = Time::try_new(
        civil.hour() as u8,
        civil.minute() as u8,
        civil.second() as u8,
        civil.subsec_nanosecond() as u32,
    )
    .ok()?;
    let id = match zone {
        Zone::Named(_, name) if name == "UTC" => TimeZone::from_iana_id("Etc/UTC"),
        Zone::Named(_, name) => TimeZone::from_iana_id(name),
        Zone::Offset(_) => TimeZone::UNKNOWN,
    };
    let info = id
        .with_offset(UtcOffset::try_from_seconds(offset).ok())
        .with_zone_name_timestamp(ZoneNameTimestamp::from_epoch_seconds(whole as i64 / 1000));
    Some(ZonedDateTime {
        date,
        time,
        zone: info,
    })
}

/// `dateTimeFormat(key, options, epochMs, parts)`: the string, or `[type, text]` pairs.
fn date_time_format<'js>(
    ctx: Ctx<'js>,
    key: String,
    options: Object<'js>,
    epoch_ms: f64,
    parts: bool,
) -> rquickjs::Result<Value<'js>> {
    let built =
        cached(&key, || build_date_time(&ctx, &options)).map_err(|e| range_error(&ctx, &e))?;
    let Built::DateTime(formatter, zone) = &*built else {
        return Err(range_error(&ctx, "not a date formatter"));
    };
    let input =
        zoned_input(zone, epoch_ms).ok_or_else(|| range_error(&ctx, "Invalid time value"))?;
    let mut sink = PartsSink::default();
    let _ = formatter.format(&input).write_to_parts(&mut sink);
    let mut pieces = sink.parts(false);
    let numeric = get_str(&options, "numeric").unwrap_or_default();
    let two_digit = get_str(&options, "twoDigit").unwrap_or_default();
    for (kind, text) in &mut pieces {
        // ICU4X's semantic skeletons give a locale's zero-padded short date (`16.01.2024`)
        // where ECMA-402's `numeric` month and day, by the CLDR skeleton `yMd`, are not
        // (`16.1.2024`); and `2-digit` is padded as asked.
        let digits =
            text.len() <= 2 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        if digits
            && numeric.split(',').any(|n| n == kind)
            && text.len() == 2
            && text.starts_with('0')
        {
            text.remove(0);
        } else if digits && two_digit.split(',').any(|n| n == kind) && text.len() == 1 {
            text.insert(0, '0');
        }
        // A zero offset is the bare GMT format ("GMT", not "GMT+0"), as CLDR's
        // gmtZeroFormat has it.
        if kind == "timeZoneName" && text.ends_with("+0") && text.len() > 2 {
            text.truncate(text.len() - 2);
        }
        // As V8 does in `format` (for the web's sake), a plain space where CLDR 42+ has
        // U+202F; its `formatToParts` keeps U+202F.
        if !parts && text.contains('\u{202f}') {
            *text = text.replace('\u{202f}', " ");
        }
    }
    // ICU4X has no field set of minutes and seconds alone: drop the hour it adds.
    let skeleton = get_str(&options, "skeleton").unwrap_or_default();
    if !skeleton.is_empty() && !skeleton.contains(['h', 'H', 'j']) && skeleton.contains(['m', 's'])
    {
        if let Some(at) = pieces.iter().position(|(kind, _)| kind == "hour") {
            let end = (at + 2).min(pieces.len());
            pieces.drain(at..end);
            pieces.retain(|(kind, _)| kind != "dayPeriod");
            while pieces
                .last()
                .is_some_and(|(kind, text)| kind == "literal" && text.trim().is_empty())
            {
                pieces.pop();
            }
            while pieces
                .first()
                .is_some_and(|(kind, text)| kind == "literal" && text.trim().is_empty())
            {
                pieces.remove(0);
            }
        }
    }
    if parts {
        parts_value(&ctx, pieces)
    } else {
        let text: String = pieces.into_iter().map(|(_, t)| t).collect();
        rquickjs::String::from_str(ctx, &text).map(|s| s.into_value())
    }
}

/// `dateTimeResolve(key, options)`: `[hourCycle or "", calendar, numberingSystem]` the
/// formatter uses (the hour cycle read from the pattern it chose).
fn date_time_resolve<'js>(
    ctx: Ctx<'js>,
    key: String,
    options: Object<'js>,
) -> rquickjs::Result<Vec<String>> {
    let built =
        cached(&key, || build_date_time(&ctx, &options)).map_err(|e| range_error(&ctx, &e))?;
    let Built::DateTime(formatter, zone) = &*built else {
        return Err(range_error(&ctx, "not a date formatter"));
    };
    let input = zoned_input(zone, 0.0).ok_or_else(|| range_error(&ctx, "Invalid time value"))?;
    let pattern = formatter.format(&input).pattern().to_string();
    let mut quoted = false;
    let mut cycle = "";
    for ch in pattern.chars() {
        match ch {
            '\'' => quoted = !quoted,
            'h' if !quoted => cycle = "h12",
            'H' if !quoted => cycle = "h23",
            'K' if !quoted => cycle = "h11",
            'k' if !quoted => cycle = "h24",
            _ => {}
        }
    }
    let calendar = match formatter.calendar().kind() {
        icu_calendar::AnyCalendarKind::Gregorian => "gregory".to_owned(),
        other => format!("{other:?}").to_ascii_lowercase(),
    };
    Ok(vec![cycle.to_owned(), calendar, "latn".to_owned()])
}

// ---------------------------------------------------------------- NumberFormat

/// ECMA-402's digit options, applied to a `Decimal` before formatting.
#[derive(Clone, Copy, Default)]
struct Rounding {
    min_integer: i16,
    min_fraction: i16,
    max_fraction: i16,
    /// `Some((min, max))` when significant digits rule.
    significant: Option<(i16, i16)>,
    /// Compact notation's default: two significant digits below 10 (after scaling),
    /// integers from there (ECMA-402's `morePrecision` of the two).
    compact: bool,
}

impl Rounding {
    fn read(options: &Object<'_>) -> Self {
        let significant = match (
            get_num(options, "minimumSignificantDigits"),
            get_num(options, "maximumSignificantDigits"),
        ) {
            (Some(min), Some(max)) => Some((min, max)),
            _ => None,
        };
        Rounding {
            min_integer: get_num(options, "minimumIntegerDigits").unwrap_or(1),
            min_fraction: get_num(options, "minimumFractionDigits").unwrap_or(0),
            max_fraction: get_num(options, "maximumFractionDigits").unwrap_or(3),
            significant,
            compact: options.get::<_, Option<bool>>("compact").ok().flatten() == Some(true),
        }
    }

    fn apply(&self, value: &mut Decimal) {
        let expand = SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand);
        if let Some((min, max)) = self.significant {
            if value.absolute.is_zero() {
                value.absolute.pad_end(-(min - 1));
            } else {
                let top = value.absolute.nonzero_magnitude_start();
                value.round_with_mode(top - max + 1, expand);
                value.absolute.trim_end();
                let top = value.absolute.nonzero_magnitude_start();
                value.absolute.pad_end(top - min + 1);
            }
        } else {
            value.round_with_mode(-self.max_fraction, expand);
            value.absolute.trim_end();
            value.absolute.pad_end(-self.min_fraction);
        }
        value.absolute.pad_start(self.min_integer);
    }
}

enum Notation {
    Standard,
    Scientific,
    Engineering,
    CompactShort,
    CompactLong,
}

enum Style {
    Decimal,
    Percent,
    Currency(
        Box<icu_experimental::dimension::currency::formatter::CurrencyFormatter<DecimalFormatter>>,
    ),
    Unit(Box<UnitStyle>),
}

type UnitNames = icu_provider::DataPayload<
    icu_provider::marker::ErasedMarker<
        icu_experimental::dimension::provider::units::display_names::UnitsDisplayNames<'static>,
    >,
>;

/// `style: "unit"`: the unit's CLDR patterns by plural category, and the locale's cardinal
/// plural rules to choose one.
struct UnitStyle {
    names: UnitNames,
    plurals: icu_plurals::PluralRules,
}

/// The patterns of `unit` at `width` ("short", "long", "narrow") for `locale`, from
/// icu_experimental's compiled data, which has the length, mass, area, volume and duration
/// units (its formatter's constructors name only a few of them, so the data is loaded by
/// the unit's CLDR id, as the formatter itself does).
fn unit_names(locale: &Locale, unit: &str, width: &str) -> Option<UnitNames> {
    use icu_experimental::dimension::provider::units::categorized_display_names::*;
    // ECMA-402's sanctioned units whose data is complete: the US and imperial ones (acre,
    // foot, inch, mile, ounce, pound, gallon, fluid-ounce) fall back to the root locale's
    // names in English ("1 ft" for "1 foot", "gal US"), and the digital, temperature,
    // angle and percent units and compound "-per-" units have no data at all.
    const UNITS: [&str; 22] = [
        "centimeter",
        "day",
        "gram",
        "hectare",
        "hour",
        "kilogram",
        "kilometer",
        "liter",
        "meter",
        "microsecond",
        "mile-scandinavian",
        "milliliter",
        "millimeter",
        "millisecond",
        "minute",
        "month",
        "nanosecond",
        "second",
        "stone",
        "week",
        "yard",
        "year",
    ];
    if !UNITS.contains(&unit) {
        return None;
    }
    use icu_experimental::provider::Baked;
    use icu_provider::prelude::*;
    let attribute = format!("{width}-{unit}");
    let attributes = DataMarkerAttributes::try_from_str(&attribute).ok()?;
    let data_locale = DataLocale::from(locale);
    let mut request = DataRequest {
        id: DataIdentifierBorrowed::for_marker_attributes_and_locale(attributes, &data_locale),
        ..Default::default()
    };
    // A unit is looked for in each category: a miss is expected, not worth a log line.
    request.metadata.silent = true;
    macro_rules! first_found {
        ($($marker:ty),*) => {
            $(
                if let Ok(response) = DataProvider::<$marker>::load(&Baked, request) {
                    return Some(response.payload.cast());
                }
            )*
        };
    }
    first_found!(
        UnitsNamesLengthOutlierV1,
        UnitsNamesLengthExtendedV1,
        UnitsNamesLengthCoreV1,
        UnitsNamesMassOutlierV1,
        UnitsNamesMassExtendedV1,
        UnitsNamesMassCoreV1,
        UnitsNamesAreaOutlierV1,
        UnitsNamesAreaExtendedV1,
        UnitsNamesAreaCoreV1,
        UnitsNamesVolumeOutlierV1,
        UnitsNamesVolumeExtendedV1,
        UnitsNamesVolumeCoreV1,
        UnitsNamesDurationOutlierV1,
        UnitsNamesDurationExtendedV1,
        UnitsNamesDurationCoreV1
    );
    None
}

struct NumberFormatter {
    decimal: DecimalFormatter,
    compact: Option<CompactDecimalFormatter>,
    style: Style,
    notation: Notation,
    rounding: Rounding,
    sign: SignDisplay,
    percent_pattern: (String, String),
}

fn build_number(ctx: &Ctx<'_>, options: &Object<'_>) -> Result<Built, String> {
    let tag = get_str(options, "locale").unwrap_or_else(|| "en-US".to_owned());
    let locale = parse_locale(ctx, &tag).map_err(|_| format!("bad locale {tag}"))?;
    let mut decimal_options = DecimalFormatterOptions::default();
    decimal_options.grouping_strategy = Some(match get_str(options, "useGrouping").as_deref() {
        Some("always") => GroupingStrategy::Always,
        Some("min2") => GroupingStrategy::Min2,
        Some("false") => GroupingStrategy::Never,
        _ => GroupingStrategy::Auto,
    });
    let decimal = DecimalFormatter::try_new((&locale).into(), decimal_options)
        .map_err(|e| format!("no number format for {tag}: {e}"))?;
    let notation = match (
        get_str(options, "notation").as_deref(),
        get_str(options, "compactDisplay").as_deref(),
    ) {
        (Some("scientific"), _) => Notation::Scientific,
        (Some("engineering"), _) => Notation::Engineering,
        (Some("compact"), Some("long")) => Notation::CompactLong,
        (Some("compact"), _) => Notation::CompactShort,
        _ => Notation::Standard,
    };
    let compact = match notation {
        Notation::CompactShort => Some(CompactDecimalFormatter::try_new_short(
            (&locale).into(),
            Default::default(),
        )),
        Notation::CompactLong => Some(CompactDecimalFormatter::try_new_long(
            (&locale).into(),
            Default::default(),
        )),
        _ => None,
    }
    .transpose()
    .map_err(|e| format!("no compact format for {tag}: {e}"))?;
    let style = match get_str(options, "style").as_deref() {
        Some("percent") => Style::Percent,
        Some("currency") => {
            use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
            use icu_experimental::dimension::currency::CurrencyType;
            let code = get_str(options, "currency")
                .unwrap_or_default()
                .to_ascii_lowercase();
            let code = CurrencyType::try_from_str(&code)
                .map_err(|_| format!("Invalid currency code : {code}"))?;
            let prefs = (&locale).into();
            let formatter = match get_str(options, "currencyDisplay").as_deref() {
                Some("code") => CurrencyFormatter::try_new_code(prefs, code, Default::default()),
                Some("name") => CurrencyFormatter::try_new_name(prefs, code),
                Some("narrowSymbol") => {
                    CurrencyFormatter::try_new_symbol_narrow(prefs, code, Default::default())
                }
                _ => CurrencyFormatter::try_new_symbol(prefs, code, Default::default()),
            }
            .map_err(|e| format!("no currency format for {tag}: {e}"))?;
            Style::Currency(Box::new(formatter))
        }
        Some("unit") => {
            let unit = get_str(options, "unit").unwrap_or_default();
            let width = get_str(options, "unitDisplay").unwrap_or_else(|| "short".to_owned());
            let names = unit_names(&locale, &unit, &width).ok_or_else(|| {
                format!("the unit {unit} is not in this engine's Intl data (see docs/platform.md)")
            })?;
            let plurals = icu_plurals::PluralRules::try_new_cardinal((&locale).into())
                .map_err(|e| format!("no plural rules for {tag}: {e}"))?;
            Style::Unit(Box::new(UnitStyle { names, plurals }))
        }
        _ => Style::Decimal,
    };
    let sign = match get_str(options, "signDisplay").as_deref() {
        Some("always") => SignDisplay::Always,
        Some("never") => SignDisplay::Never,
        Some("exceptZero") => SignDisplay::ExceptZero,
        Some("negative") => SignDisplay::Negative,
        _ => SignDisplay::Auto,
    };
    let percent_pattern = percent_affixes(&locale);
    Ok(Built::Number(Box::new(NumberFormatter {
        decimal,
        compact,
        style,
        notation,
        rounding: Rounding::read(options),
        sign,
        percent_pattern,
    })))
}

/// The text before and after the number in the locale's percent pattern (`12 %` in
/// French, `%12` in Turkish), read off ICU4X's percent formatter.
fn percent_affixes(locale: &Locale) -> (String, String) {
    use icu_experimental::dimension::percent::formatter::PercentFormatter;
    let Ok(formatter) = PercentFormatter::try_new(locale.into(), Default::default()) else {
        return (String::new(), "%".to_owned());
    };
    let text = formatter
        .format(&Decimal::from(7))
        .write_to_string()
        .into_owned();
    let digit = text.find(|c: char| c.is_numeric()).unwrap_or(0);
    let digit_end = digit + text[digit..].chars().next().map_or(0, char::len_utf8);
    (text[..digit].to_owned(), text[digit_end..].to_owned())
}

/// A decimal from a JS number or a BigInt's (or a string's) decimal digits.
fn to_decimal(value: &Value<'_>) -> Option<Decimal> {
    if let Some(n) = value.as_number() {
        if n == 0.0 {
            let mut zero = Decimal::from(0);
            if n.is_sign_negative() {
                zero.sign = fixed_decimal::Sign::Negative;
            }
            return Some(zero);
        }
        return Decimal::try_from_f64(n, FloatPrecision::RoundTrip).ok();
    }
    let text = value.as_string()?.to_string().ok()?;
    Decimal::try_from_str(&text).ok()
}

/// `numberFormat(key, options, value, parts)`: `value` is a finite number or a decimal
/// string (a BigInt's digits); NaN and infinities are formatted by the JS side.
fn number_format<'js>(
    ctx: Ctx<'js>,
    key: String,
    options: Object<'js>,
    value: Value<'js>,
    parts: bool,
) -> rquickjs::Result<Value<'js>> {
    let built = cached(&key, || build_number(&ctx, &options)).map_err(|e| range_error(&ctx, &e))?;
    let Built::Number(formatter) = &*built else {
        return Err(range_error(&ctx, "not a number formatter"));
    };
    let mut decimal =
        to_decimal(&value).ok_or_else(|| range_error(&ctx, "not a formattable number"))?;
    let pieces = format_number(formatter, &mut decimal);
    if parts {
        parts_value(&ctx, pieces)
    } else {
        let text: String = pieces.into_iter().map(|(_, t)| t).collect();
        rquickjs::String::from_str(ctx, &text).map(|s| s.into_value())
    }
}

fn format_number(f: &NumberFormatter, decimal: &mut Decimal) -> Vec<(String, String)> {
    if matches!(f.style, Style::Percent) {
        decimal.multiply_pow10(2);
    }
    let mut parts = match f.notation {
        Notation::Scientific | Notation::Engineering => {
            let mut exponent = if decimal.absolute.is_zero() {
                0
            } else {
                decimal.absolute.nonzero_magnitude_start()
            };
            if matches!(f.notation, Notation::Engineering) {
                exponent = exponent.div_euclid(3) * 3;
            }
            decimal.multiply_pow10(-exponent);
            f.rounding.apply(decimal);
            // Rounding may carry into a new digit (9.9995 → 10.000).
            if !decimal.absolute.is_zero()
                && decimal.absolute.nonzero_magnitude_start()
                    >= if matches!(f.notation, Notation::Engineering) {
                        3
                    } else {
                        1
                    }
            {
                let step = if matches!(f.notation, Notation::Engineering) {
                    3
                } else {
                    1
                };
                decimal.multiply_pow10(-step);
                exponent += step;
                decimal.absolute.trim_end();
                f.rounding.apply(decimal);
            }
            decimal.apply_sign_display(f.sign);
            let mut sink = PartsSink::default();
            let _ = f.decimal.format(decimal).write_to_parts(&mut sink);
            let mut parts = sink.parts(true);
            parts.push(("exponentSeparator".to_owned(), "E".to_owned()));
            if exponent < 0 {
                parts.push(("exponentMinusSign".to_owned(), "-".to_owned()));
            }
            parts.push((
                "exponentInteger".to_owned(),
                exponent.unsigned_abs().to_string(),
            ));
            parts
        }
        Notation::CompactShort | Notation::CompactLong => {
            let Some(compact) = f.compact.as_ref() else {
                return Vec::new();
            };
            // ECMA-402: compact rounds to two significant digits below 100 (after
            // scaling), to integers above, unless digit options were given.
            let mut rounding = f.rounding;
            let magnitude = if decimal.absolute.is_zero() {
                0
            } else {
                decimal.absolute.nonzero_magnitude_start()
            };
            // The locale's exponent for this magnitude (German has none for thousands).
            let scale = i16::from(compact.compact_exponent_for_magnitude(magnitude));
            let mut scaled = decimal.clone();
            scaled.multiply_pow10(-scale);
            if rounding.compact && scaled.absolute.nonzero_magnitude_start() >= 1 {
                rounding.significant = None;
                rounding.max_fraction = 0;
            }
            rounding.apply(&mut scaled);
            scaled.multiply_pow10(scale);
            scaled.apply_sign_display(f.sign);
            let text = compact.format(&scaled).write_to_string().into_owned();
            vec![("literal".to_owned(), text)]
        }
        Notation::Standard => {
            f.rounding.apply(decimal);
            decimal.apply_sign_display(f.sign);
            match &f.style {
                Style::Currency(currency) => {
                    let text = currency
                        .format_fixed_decimal(decimal)
                        .write_to_string()
                        .into_owned();
                    currency_parts(&f.decimal, decimal, text)
                }
                _ => {
                    let mut sink = PartsSink::default();
                    let _ = f.decimal.format(decimal).write_to_parts(&mut sink);
                    sink.parts(true)
                }
            }
        }
    };
    if let Style::Unit(unit) = &f.style {
        parts = unit_parts(unit, decimal, parts);
    }
    if matches!(f.style, Style::Percent) {
        let (before, after) = &f.percent_pattern;
        let mark = |text: &str| -> Vec<(String, String)> {
            let mut out = Vec::new();
            for piece in text.split_inclusive(['%', '٪', '‰']) {
                let (rest, sign) = match piece.char_indices().last() {
                    Some((i, '%' | '٪' | '‰')) => (&piece[..i], &piece[i..]),
                    _ => (piece, ""),
                };
                if !rest.is_empty() {
                    out.push(("literal".to_owned(), rest.to_owned()));
                }
                if !sign.is_empty() {
                    out.push(("percentSign".to_owned(), sign.to_owned()));
                }
            }
            out
        };
        // The sign stays in front of the prefix, as in CLDR's `-#,##0%`.
        let sign_at = parts
            .iter()
            .take_while(|(k, _)| k == "minusSign" || k == "plusSign")
            .count();
        let head = mark(before);
        let tail = mark(after);
        let mut out: Vec<(String, String)> = parts.drain(..sign_at).collect();
        out.extend(head);
        out.append(&mut parts);
        out.extend(tail);
        parts = out;
    }
    parts
}

/// The parts of an amount of a unit: the number's `parts`, then what the unit's pattern
/// (chosen by `decimal`'s plural category) puts around them, its spaces as "literal" and
/// the rest as "unit" (as ICU does).
fn unit_parts(
    unit: &UnitStyle,
    decimal: &Decimal,
    parts: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let pattern = unit
        .names
        .get()
        .get(icu_plurals::PluralOperands::from(decimal), &unit.plurals);
    let number: String = parts.iter().map(|(_, text)| text.as_str()).collect();
    let text = pattern
        .interpolate((number.as_str(),))
        .write_to_string()
        .into_owned();
    let Some(at) = text.find(&number) else {
        return vec![("literal".to_owned(), text)];
    };
    let affix = |piece: &str, out: &mut Vec<(String, String)>| {
        let core = piece.trim_matches(char::is_whitespace);
        if core.is_empty() {
            if !piece.is_empty() {
                out.push(("literal".to_owned(), piece.to_owned()));
            }
            return;
        }
        let start = piece.find(core).unwrap_or(0);
        if start > 0 {
            out.push(("literal".to_owned(), piece[..start].to_owned()));
        }
        out.push(("unit".to_owned(), core.to_owned()));
        if start + core.len() < piece.len() {
            out.push(("literal".to_owned(), piece[start + core.len()..].to_owned()));
        }
    };
    let mut out = Vec::new();
    affix(&text[..at], &mut out);
    out.extend(parts);
    affix(&text[at + number.len()..], &mut out);
    out
}

/// The parts of a currency amount: ICU4X's currency formatter annotates none, so the
/// number's own parts are found in its output and what surrounds them is the sign, the
/// currency and spacing.
fn currency_parts(
    decimal_formatter: &DecimalFormatter,
    decimal: &Decimal,
    text: String,
) -> Vec<(String, String)> {
    let mut unsigned = decimal.clone();
    unsigned.sign = fixed_decimal::Sign::None;
    let mut sink = PartsSink::default();
    let _ = decimal_formatter
        .format(&unsigned)
        .write_to_parts(&mut sink);
    let Some(at) = text.find(&sink.text) else {
        return vec![("literal".to_owned(), text)];
    };
    let mut out = Vec::new();
    let affix = |piece: &str, out: &mut Vec<(String, String)>| {
        let mut rest = piece;
        while let Some(ch) = rest.chars().next() {
            let kind = match ch {
                '-' | '\u{2212}' => "minusSign",
                '+' => "plusSign",
                c if c.is_whitespace() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}') => {
                    "literal"
                }
                _ => "currency",
            };
            let len = rest
                .char_indices()
                .find(|(_, c)| {
                    let k = match c {
                        '-' | '\u{2212}' => "minusSign",
                        '+' => "plusSign",
                        c if c.is_whitespace()
                            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}') =>
                        {
                            "literal"
                        }
                        _ => "currency",
                    };
                    k != kind
                })
                .map_or(rest.len(), |(i, _)| i);
            out.push((kind.to_owned(), rest[..len].to_owned()));
            rest = &rest[len..];
        }
    };
    affix(&text[..at], &mut out);
    out.extend(sink.parts(true));
    affix(&text[at + sink.text.len()..], &mut out);
    out
}

// ---------------------------------------------------------------- Collator

fn build_collator(ctx: &Ctx<'_>, options: &Object<'_>) -> Result<Built, String> {
    use icu_collator::options::{AlternateHandling, CaseLevel, CollatorOptions, Strength};
    let tag = get_str(options, "locale").unwrap_or_else(|| "en-US".to_owned());
    let locale = parse_locale(ctx, &tag).map_err(|_| format!("bad locale {tag}"))?;
    let mut collator_options = CollatorOptions::default();
    match get_str(options, "sensitivity").as_deref() {
        Some("base") => collator_options.strength = Some(Strength::Primary),
        Some("accent") => collator_options.strength = Some(Strength::Secondary),
        Some("case") => {
            collator_options.strength = Some(Strength::Primary);
            collator_options.case_level = Some(CaseLevel::On);
        }
        _ => collator_options.strength = Some(Strength::Tertiary),
    }
    if options
        .get::<_, Option<bool>>("ignorePunctuation")
        .ok()
        .flatten()
        == Some(true)
    {
        collator_options.alternate_handling = Some(AlternateHandling::Shifted);
    }
    let collator = icu_collator::Collator::try_new((&locale).into(), collator_options)
        .map_err(|e| format!("no collation for {tag}: {e}"))?;
    Ok(Built::Collator(collator))
}

fn collator_compare(
    ctx: Ctx<'_>,
    key: String,
    options: Object<'_>,
    a: String,
    b: String,
) -> rquickjs::Result<i32> {
    let built =
        cached(&key, || build_collator(&ctx, &options)).map_err(|e| range_error(&ctx, &e))?;
    let Built::Collator(collator) = &*built else {
        return Err(range_error(&ctx, "not a collator"));
    };
    Ok(collator.compare(&a, &b) as i32)
}

// ---------------------------------------------------------------- PluralRules

fn build_plural(ctx: &Ctx<'_>, options: &Object<'_>) -> Result<Built, String> {
    let tag = get_str(options, "locale").unwrap_or_else(|| "en-US".to_owned());
    let locale = parse_locale(ctx, &tag).map_err(|_| format!("bad locale {tag}"))?;
    let rules = if get_str(options, "type").as_deref() == Some("ordinal") {
        icu_plurals::PluralRules::try_new_ordinal((&locale).into())
    } else {
        icu_plurals::PluralRules::try_new_cardinal((&locale).into())
    }
    .map_err(|e| format!("no plural rules for {tag}: {e}"))?;
    Ok(Built::Plural(rules, Rounding::read(options)))
}

fn category_name(category: icu_plurals::PluralCategory) -> &'static str {
    use icu_plurals::PluralCategory::*;
    match category {
        Zero => "zero",
        One => "one",
        Two => "two",
        Few => "few",
        Many => "many",
        Other => "other",
    }
}

fn plural_select(
    ctx: Ctx<'_>,
    key: String,
    options: Object<'_>,
    value: Value<'_>,
) -> rquickjs::Result<String> {
    let built = cached(&key, || build_plural(&ctx, &options)).map_err(|e| range_error(&ctx, &e))?;
    let Built::Plural(rules, rounding) = &*built else {
        return Err(range_error(&ctx, "not plural rules"));
    };
    let Some(mut decimal) = to_decimal(&value) else {
        return Ok("other".to_owned());
    };
    rounding.apply(&mut decimal);
    Ok(category_name(rules.category_for(&decimal)).to_owned())
}

fn plural_categories(
    ctx: Ctx<'_>,
    key: String,
    options: Object<'_>,
) -> rquickjs::Result<Vec<String>> {
    let built = cached(&key, || build_plural(&ctx, &options)).map_err(|e| range_error(&ctx, &e))?;
    let Built::Plural(rules, _) = &*built else {
        return Err(range_error(&ctx, "not plural rules"));
    };
    Ok(rules
        .categories()
        .map(|c| category_name(c).to_owned())
        .collect())
}

// ---------------------------------------------------------------- RelativeTimeFormat

fn build_relative(ctx: &Ctx<'_>, options: &Object<'_>) -> Result<Built, String> {
    use icu_experimental::relativetime::options::Numeric;
    use icu_experimental::relativetime::{
        RelativeTimeFormatter as F, RelativeTimeFormatterOptions,
    };
    let tag = get_str(options, "locale").unwrap_or_else(|| "en-US".to_owned());
    let locale = parse_locale(ctx, &tag).map_err(|_| format!("bad locale {tag}"))?;
    let mut rt_options = RelativeTimeFormatterOptions::default();
    if get_str(options, "numeric").as_deref() == Some("auto") {
        rt_options = rt_options.with_numeric(Numeric::Auto);
    }
    let style = get_str(options, "style").unwrap_or_else(|| "long".to_owned());
    let unit = get_str(options, "unit").unwrap_or_default();
    let prefs = (&locale).into();
    macro_rules! pick {
        ($($unit:literal => $long:ident $short:ident $narrow:ident),* $(,)?) => {
            match (unit.as_str(), style.as_str()) {
                $(
                    ($unit, "short") => F::$short(prefs, rt_options),
                    ($unit, "narrow") => F::$narrow(prefs, rt_options),
                    ($unit, _) => F::$long(prefs, rt_options),
                )*
                _ => return Err(format!("Invalid unit argument for format() '{unit}'")),
            }
        };
    }
    let formatter = pick! {
        "second" => try_new_long_second try_new_short_second try_new_narrow_second,
        "minute" => try_new_long_minute try_new_short_minute try_new_narrow_minute,
        "hour" => try_new_long_hour try_new_short_hour try_new_narrow_hour,
        "day" => try_new_long_day try_new_short_day try_new_narrow_day,
        "week" => try_new_long_week try_new_short_week try_new_narrow_week,
        "month" => try_new_long_month try_new_short_month try_new_narrow_month,
        "quarter" => try_new_long_quarter try_new_short_quarter try_new_narrow_quarter,
        "year" => try_new_long_year try_new_short_year try_new_narrow_year,
    }
    .map_err(|e| format!("no relative time format for {tag}: {e}"))?;
    Ok(Built::Relative(Box::new(formatter)))
}

fn relative_time_format<'js>(
    ctx: Ctx<'js>,
    key: String,
    options: Object<'js>,
    value: f64,
) -> rquickjs::Result<String> {
    let built =
        cached(&key, || build_relative(&ctx, &options)).map_err(|e| range_error(&ctx, &e))?;
    let Built::Relative(formatter) = &*built else {
        return Err(range_error(&ctx, "not a relative time formatter"));
    };
    let mut decimal = Decimal::try_from_f64(value, FloatPrecision::RoundTrip)
        .map_err(|_| range_error(&ctx, "Invalid number value"))?;
    if value == 0.0 && value.is_sign_negative() {
        decimal.sign = fixed_decimal::Sign::Negative;
    }
    Rounding {
        min_integer: 1,
        min_fraction: 0,
        max_fraction: 3,
        significant: None,
        compact: false,
    }
    .apply(&mut decimal);
    Ok(formatter.format(decimal).write_to_string().into_owned())
}

// ---------------------------------------------------------------- ListFormat

fn build_list(ctx: &Ctx<'_>, options: &Object<'_>) -> Result<Built, String> {
    use icu_list::options::{ListFormatterOptions, ListLength};
    let tag = get_str(options, "locale").unwrap_or_else(|| "en-US".to_owned());
    let locale = parse_locale(ctx, &tag).map_err(|_| format!("bad locale {tag}"))?;
    let length = match get_str(options, "style").as_deref() {
        Some("short") => ListLength::Short,
        Some("narrow") => ListLength::Narrow,
        _ => ListLength::Wide,
    };
    let list_options = ListFormatterOptions::default().with_length(length);
    let prefs = (&locale).into();
    let formatter = match get_str(options, "type").as_deref() {
        Some("disjunction") => icu_list::ListFormatter::try_new_or(prefs, list_options),
        Some("unit") => icu_list::ListFormatter::try_new_unit(prefs, list_options),
        _ => icu_list::ListFormatter::try_new_and(prefs, list_options),
    }
    .map_err(|e| format!("no list format for {tag}: {e}"))?;
    Ok(Built::List(formatter))
}

fn list_format<'js>(
    ctx: Ctx<'js>,
    key: String,
    options: Object<'js>,
    items: Vec<String>,
    parts: bool,
) -> rquickjs::Result<Value<'js>> {
    let built = cached(&key, || build_list(&ctx, &options)).map_err(|e| range_error(&ctx, &e))?;
    let Built::List(formatter) = &*built else {
        return Err(range_error(&ctx, "not a list formatter"));
    };
    let formatted = formatter.format(items.iter());
    to_value(&ctx, &formatted, parts, false)
}

// ---------------------------------------------------------------- Segmenter

/// `segment(text, granularity)`: the boundaries in UTF-16 code units (starting with 0)
/// and, for words, whether each segment is word-like.
fn segment<'js>(ctx: Ctx<'js>, text: String, granularity: String) -> rquickjs::Result<Array<'js>> {
    let (bounds, words) = boundaries(&text, &granularity);
    let result = Array::new(ctx)?;
    result.set(0, bounds)?;
    result.set(1, words)?;
    Ok(result)
}

fn boundaries(text: &str, granularity: &str) -> (Vec<u32>, Vec<bool>) {
    let units: Vec<u16> = text.encode_utf16().collect();
    match granularity {
        "word" => {
            let segmenter = icu_segmenter::WordSegmenter::new_auto(Default::default());
            let mut iter = segmenter.segment_utf16(&units);
            let mut bounds = Vec::new();
            let mut words = Vec::new();
            while let Some(at) = iter.next() {
                if !bounds.is_empty() {
                    words.push(iter.is_word_like());
                }
                bounds.push(at as u32);
            }
            (bounds, words)
        }
        "sentence" => {
            let segmenter = icu_segmenter::SentenceSegmenter::new(Default::default());
            (
                segmenter
                    .segment_utf16(&units)
                    .map(|at| at as u32)
                    .collect(),
                Vec::new(),
            )
        }
        _ => {
            let segmenter = icu_segmenter::GraphemeClusterSegmenter::new();
            (
                segmenter
                    .segment_utf16(&units)
                    .map(|at| at as u32)
                    .collect(),
                Vec::new(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `script` evaluates to in a fresh engine with the platform's globals.
    fn eval_in_engine(script: &str) -> String {
        let runtime = rquickjs::Runtime::new().unwrap();
        crate::install_runtime(&runtime);
        let context = rquickjs::Context::full(&runtime).unwrap();
        context.with(|ctx| {
            crate::modules::install_globals(&ctx).unwrap();
            ctx.eval(script).unwrap()
        })
    }

    #[test]
    fn offsets_are_time_zones() {
        let name = |text: &str| resolve_zone(text).map(|z| z.name());
        assert_eq!(name("+05:30").as_deref(), Some("+05:30"));
        assert_eq!(name("-0800").as_deref(), Some("-08:00"));
        assert_eq!(name("+01").as_deref(), Some("+01:00"));
        for bad in ["+5:30", "+24:00", "+05:60", "+0530x", "05:30", "+05:3"] {
            assert!(name(bad).is_none(), "{bad}");
        }
        assert_eq!(name("utc").as_deref(), Some("UTC"));
        assert_eq!(name("europe/paris").as_deref(), Some("Europe/Paris"));
        assert!(name("Mars/Olympus").is_none());
    }

    /// Where Node 20 is not the standard (ECMA-402 2024), the standard's answer: an offset
    /// is a time zone, and `hour12: false` is `h23` whatever the locale's own cycle.
    #[test]
    fn an_engine_answers_as_ecma_402_where_node_20_does_not() {
        let answer = eval_in_engine(
            r#"[
              new Intl.DateTimeFormat("en-US", { timeZone: "+05:30", hour: "numeric", minute: "numeric" }).format(0),
              new Intl.DateTimeFormat("en-US", { timeZone: "-08:00" }).resolvedOptions().timeZone,
              new Intl.DateTimeFormat("en-US", { hour12: false, hour: "numeric" }).resolvedOptions().hourCycle,
              new Intl.DateTimeFormat("en-US", { hour12: false, hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(0),
              new Intl.PluralRules("ar").resolvedOptions().pluralCategories.join(" "),
            ].join("|")"#,
        );
        assert_eq!(
            answer,
            "5:30 AM|-08:00|h23|00:00|zero one two few many other"
        );
    }

    /// The data is cut to `LANGUAGES` (icu-data): a language outside it resolves to the
    /// default and formats as `en-US` (Node, with all of ICU, would keep `sw`); a region or
    /// script of a kept language keeps its own data; the kept languages beyond the 12 the
    /// conformance scripts compare have theirs (plural rules, calendar, months).
    #[test]
    fn a_language_without_data_falls_back_to_the_default() {
        assert!(!LANGUAGES.contains(&"sw"));
        assert!(
            LANGUAGES.windows(2).all(|w| w[0] < w[1]),
            "sorted for binary_search"
        );
        let answer = eval_in_engine(
            r#"const utc = { timeZone: "UTC", dateStyle: "long" };
            [
              new Intl.NumberFormat("sw").resolvedOptions().locale,
              new Intl.NumberFormat("sw-KE").format(1234.5),
              new Intl.DateTimeFormat("zu", utc).resolvedOptions().locale,
              new Intl.DateTimeFormat("zu", utc).format(0),
              Intl.NumberFormat.supportedLocalesOf(["sw", "de-AT", "af", "zh-Hant-TW"]).join(" "),
              new Intl.DateTimeFormat("de-AT", utc).format(0),
              new Intl.DateTimeFormat("en-GB", { timeZone: "UTC" }).format(0),
              new Intl.DateTimeFormat("pl", utc).format(0),
              new Intl.PluralRules("pl").resolvedOptions().pluralCategories.join(" "),
              new Intl.DateTimeFormat("th").resolvedOptions().calendar,
              new Intl.NumberFormat("sr-Latn").resolvedOptions().locale,
            ].join("|")"#,
        );
        assert_eq!(
            answer,
            "en-US|1,234.5|en-US|January 1, 1970|de-AT zh-Hant-TW|1. Jänner 1970|01/01/1970\
             |1 stycznia 1970|one few many other|buddhist|sr-Latn"
        );
    }

    /// A forwarder put back after Intl loaded would call itself: it throws instead.
    #[test]
    fn a_forwarder_put_back_throws_instead_of_looping() {
        let answer = eval_in_engine(
            r#"const saved = Date.prototype.toLocaleString;
            void Intl;
            Date.prototype.toLocaleString = saved;
            let name = "none";
            try { new Date(0).toLocaleString(); } catch (e) { name = e.name; }
            name + " " + [1234.5, 2].toLocaleString("de")"#,
        );
        assert_eq!(answer, "TypeError 1.234,5,2");
    }

    #[test]
    fn the_cache_is_bounded() {
        for n in 0..CACHE_SIZE * 2 {
            let key = format!("k{n}");
            let _ = cached(&key, || {
                Ok(Built::Plural(
                    icu_plurals::PluralRules::try_new_cardinal(Default::default()).unwrap(),
                    Rounding::default(),
                ))
            });
        }
        assert_eq!(CACHE.with(|c| c.borrow().len()), CACHE_SIZE);
    }
}
