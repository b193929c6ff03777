//! node:process where an embedder's view matters: the handler's `env` in `process.env`,
//! `exit` throwing instead of ending the process, nextTick's order when the embedder calls
//! in (a request is a task: ticks first) and at a module's top level (a job: ticks after
//! the Promise jobs, as Node runs an ES module), and stdout writes without a newline.
mod support;

use rquickjs::{Context, Runtime};

use isapi_runtime::{event_loop, install_globals, install_runtime, ConsoleSink, HandlerConfig};

/// Runs `script` (a classic script) in an engine whose handler has `env`, then the event
/// loop until nothing is left; returns what the script left in `globalThis.result`.
fn run_with_env(env: &[(&str, &str)], script: &str) -> String {
    let runtime = Runtime::new().unwrap();
    install_runtime(&runtime);
    let context = Context::full(&runtime).unwrap();
    context.with(|ctx| {
        let config = HandlerConfig {
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..HandlerConfig::default()
        };
        isapi_runtime::set_handler_config(&ctx, config).unwrap();
        install_globals(&ctx, ConsoleSink::Log).unwrap();
        ctx.eval::<(), _>(script).unwrap();
        event_loop::run_to_end(&ctx).unwrap();
        ctx.eval::<String, _>("String(globalThis.result)").unwrap()
    })
}

#[test]
fn process_env_has_the_host_environment_and_the_handler_env_over_it() {
    let path = std::env::var("PATH").unwrap_or_default();
    let result = run_with_env(
        &[
            ("ISAPI_TEST_HANDLER_VAR", "from settings"),
            ("PATH", "replaced"),
        ],
        "globalThis.result = [process.env.ISAPI_TEST_HANDLER_VAR, process.env.PATH, \
         typeof process.env.HOME].join('|')",
    );
    assert_eq!(result, "from settings|replaced|string");
    assert!(!path.is_empty(), "the test process has a PATH");
}

#[test]
fn process_exit_throws_a_coded_error_and_sets_the_exit_code() {
    let result = run_with_env(
        &[],
        "try { process.exit(3); globalThis.result = 'went on'; } \
         catch (e) { globalThis.result = [e.name, e.code, process.exitCode, \
         /cannot end it/.test(e.message)].join('|'); }",
    );
    assert_eq!(result, "Error|ERR_ISAPI_PROCESS_EXIT|3|true");
    let result = run_with_env(
        &[],
        "globalThis.result = ['abort', 'kill', 'chdir'].map((f) => { \
         try { process[f](f === 'kill' ? 1 : '/'); return 'no'; } catch (e) { return e.code; } \
         }).join('|')",
    );
    assert_eq!(
        result,
        "ERR_ISAPI_PROCESS_ABORT|ERR_ISAPI_PROCESS_KILL|ERR_WORKER_UNSUPPORTED_OPERATION"
    );
}

#[test]
fn ticks_queued_by_an_embedder_call_run_before_its_promise_jobs() {
    let result = run_with_env(
        &[],
        "const log = []; \
         Promise.resolve().then(() => log.push('promise')); \
         process.nextTick(() => log.push('tick')); \
         queueMicrotask(() => log.push('microtask')); \
         setTimeout(() => { globalThis.result = log.join(','); }, 1);",
    );
    assert_eq!(result, "tick,promise,microtask");
}

#[test]
fn ticks_queued_by_a_module_top_level_run_after_its_promise_jobs() {
    // What `node` prints for the same module.
    let out = support::stdout_of(
        "ticks-top-level",
        "const log = [];\n\
         Promise.resolve().then(() => log.push('promise'));\n\
         process.nextTick(() => log.push('tick'));\n\
         queueMicrotask(() => log.push('microtask'));\n\
         setTimeout(() => console.log(log.join(',')), 5);\n",
    );
    assert_eq!(out, "promise,microtask,tick\n");
}

#[test]
fn stdout_write_writes_without_a_newline() {
    let out = support::stdout_of(
        "stdout-write",
        "process.stdout.write('a'); process.stdout.write(new Uint8Array([98, 10])); \
         console.log(process.stdout.write('c'));\n",
    );
    assert_eq!(out, "ab\nctrue\n");
}
