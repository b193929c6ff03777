//! The native half of `js/url_pattern.js`: the URL Pattern standard's parsing (the
//! constructor string parser, the pattern parser, canonicalization, and the regular
//! expression each component compiles to) and the processing of match inputs, by the
//! `urlpattern` crate (Deno's). The regular expressions themselves are ECMAScript and run
//! in JS, as the standard says: a pattern's own regexp groups may use anything JS
//! allows (lookarounds, backreferences), which no Rust regex engine matches alike.
use rquickjs::function::Opt;
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Array, Ctx, Function, IntoJs, Value};
use urlpattern::quirks::{self, StringOrInit};
use urlpattern::regexp::RegExp;
use urlpattern::{RegexSyntax, UrlPatternInit, UrlPatternOptions};

use crate::errors::throw_named;

/// `isapi:native/url_pattern`: compiling patterns and processing match inputs.
pub(crate) struct Native;

impl ModuleDef for Native {
    fn declare(declare: &Declarations<'_>) -> rquickjs::Result<()> {
        for name in ["compile", "input"] {
            declare.declare(name)?;
        }
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        exports.export("compile", Function::new(ctx.clone(), compile)?)?;
        exports.export("input", Function::new(ctx.clone(), input)?)?;
        Ok(())
    }
}

/// A component's regular expression, kept as ECMAScript source for JS to compile. The
/// crate matches with it only to ask whether a protocol pattern matches a special scheme;
/// for that the `regex` crate stands in (the ECMAScript features it lacks are not found
/// in protocol patterns in practice).
struct JsRegExp {
    source: String,
    ignore_case: bool,
}

impl RegExp for JsRegExp {
    fn syntax() -> RegexSyntax {
        RegexSyntax::EcmaScript
    }

    fn parse(pattern: &str, flags: &str, _force_eval: bool) -> Result<Self, ()> {
        Ok(Self {
            source: pattern.to_owned(),
            ignore_case: flags.contains('i'),
        })
    }

    fn matches<'a>(&self, text: &'a str) -> Option<Vec<Option<&'a str>>> {
        let regex = regex::RegexBuilder::new(&self.source)
            .case_insensitive(self.ignore_case)
            .build()
            .ok()?;
        let captures = regex.captures(text)?;
        Some(
            captures
                .iter()
                .skip(1)
                .map(|c| c.map(|m| m.as_str()))
                .collect(),
        )
    }

    fn pattern_string(&self) -> &str {
        &self.source
    }
}

/// A URLPatternInit as JS passes it: `[protocol, username, password, hostname, port,
/// pathname, search, hash, baseURL]`, each a string or undefined.
fn init_of(fields: Vec<Option<String>>) -> quirks::UrlPatternInit {
    let mut fields = fields.into_iter();
    let mut next = || fields.next().flatten();
    quirks::UrlPatternInit {
        protocol: next(),
        username: next(),
        password: next(),
        hostname: next(),
        port: next(),
        pathname: next(),
        search: next(),
        hash: next(),
        base_url: next(),
    }
}

/// A string pattern or an init's fields, as JS passes them.
fn string_or_init<'js>(
    ctx: &Ctx<'js>,
    value: Value<'js>,
) -> rquickjs::Result<StringOrInit<'static>> {
    if let Some(text) = value.as_string() {
        return Ok(StringOrInit::String(text.to_string()?.into()));
    }
    let fields: Vec<Option<String>> = rquickjs::FromJs::from_js(ctx, value)?;
    Ok(StringOrInit::Init(init_of(fields)))
}

/// Compiles a pattern (a string with an optional base URL, or an init's fields): an array
/// of `hasRegExpGroups`, then for each component (protocol … hash) its pattern string,
/// its regular expression's source and its group names. Bad patterns are TypeErrors.
fn compile<'js>(
    ctx: Ctx<'js>,
    input: Value<'js>,
    base: Opt<Option<String>>,
    ignore_case: bool,
) -> rquickjs::Result<Array<'js>> {
    let type_error = |error: urlpattern::Error| {
        throw_named(
            &ctx,
            "TypeError",
            &format!("Invalid URLPattern: {error}"),
            None,
        )
    };
    let base = base.0.flatten();
    let init = match string_or_init(&ctx, input)? {
        StringOrInit::String(pattern) => {
            let base = match base {
                Some(base) => Some(
                    url::Url::parse(&base).map_err(|e| type_error(urlpattern::Error::Url(e)))?,
                ),
                None => None,
            };
            UrlPatternInit::parse_constructor_string::<JsRegExp>(&pattern, base)
                .map_err(type_error)?
        }
        init @ StringOrInit::Init(_) => {
            quirks::process_construct_pattern_input(init, base.as_deref()).map_err(type_error)?
        }
    };
    let options = UrlPatternOptions {
        regex_syntax: RegexSyntax::EcmaScript,
        ignore_case,
    };
    let pattern = quirks::parse_pattern::<JsRegExp>(init, options).map_err(type_error)?;
    let result = Array::new(ctx.clone())?;
    result.set(0, pattern.has_regexp_groups)?;
    for (index, component) in [
        pattern.protocol,
        pattern.username,
        pattern.password,
        pattern.hostname,
        pattern.port,
        pattern.pathname,
        pattern.search,
        pattern.hash,
    ]
    .into_iter()
    .enumerate()
    {
        result.set(1 + index * 3, component.pattern_string)?;
        result.set(2 + index * 3, component.regexp_string)?;
        result.set(3 + index * 3, component.group_name_list.into_js(&ctx)?)?;
    }
    Ok(result)
}

/// A match input (a URL string with an optional base URL, or an init's fields) as the
/// eight component strings to match, or undefined when it is no URL (the standard's
/// "return null"). An init with a separate base URL is a TypeError.
fn input<'js>(
    ctx: Ctx<'js>,
    input: Value<'js>,
    base: Opt<Option<String>>,
) -> rquickjs::Result<Option<Vec<String>>> {
    let input = string_or_init(&ctx, input)?;
    let processed =
        quirks::process_match_input(input, base.0.flatten().as_deref()).map_err(|error| {
            throw_named(
                &ctx,
                "TypeError",
                &format!("Invalid URLPattern input: {error}"),
                None,
            )
        })?;
    let Some((input, _)) = processed else {
        return Ok(None);
    };
    Ok(quirks::parse_match_input(input).map(|i| {
        vec![
            i.protocol, i.username, i.password, i.hostname, i.port, i.pathname, i.search, i.hash,
        ]
    }))
}
