//! `uprc watch`: rebuild on every save, in one process, so Typst's memoised
//! work is reused (uprc::Session); the memo cache is evicted after each
//! build so memory stays flat. Errors are shown and the last good PDF stays.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_mini::{DebounceEventResult, new_debouncer, notify::RecursiveMode};

use super::report::Reporter;
use super::{EXIT_USAGE, folder_problem};

/// Arguments of `uprc watch`.
#[derive(clap::Args)]
pub struct Args {
    /// The submission folder (holding submission.toml).
    folder: PathBuf,
    /// Watch this variant (`variants/<NAME>.toml`) instead of the base.
    #[arg(long, value_name = "NAME")]
    variant: Option<String>,
    /// Where to write the PDF [default: <folder name>[-<variant>].pdf in the current directory].
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: Args, reporter: &Reporter) -> u8 {
    if let Some(problem) = folder_problem(&args.folder, args.variant.as_deref()) {
        eprintln!("{problem}");
        return EXIT_USAGE;
    }
    let output = args.output.clone().unwrap_or_else(|| {
        crate::output_name(&args.folder, args.variant.as_deref(), Path::new("."))
    });
    let options = uprc::Options {
        variant: args.variant.clone(),
        ..Default::default()
    };
    let mut session = uprc::Session::new(&args.folder, options);

    let (sender, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(Duration::from_millis(100), sender) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            eprintln!("error: cannot watch files: {error}");
            return EXIT_USAGE;
        }
    };
    if let Err(error) = debouncer
        .watcher()
        .watch(&args.folder, RecursiveMode::Recursive)
    {
        eprintln!("error: cannot watch {}: {error}", args.folder.display());
        return EXIT_USAGE;
    }
    let output_real = output.canonicalize().ok();
    rebuild(&mut session, &output, reporter, 0);
    eprintln!("watching {} (Ctrl-C to stop)", args.folder.display());
    let mut count = 0;
    for result in events {
        let Ok(events) = result else { continue };
        // Our own output (and its temporary file) must not trigger a rebuild.
        let relevant = events.iter().any(|event| {
            let name = event
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ours = name.starts_with(".uprc-")
                || output_real.as_deref().is_some_and(|o| event.path == o)
                || event.path == output;
            !ours && (name.ends_with(".toml") || name.ends_with(".png") || name.ends_with(".jpg"))
        });
        if relevant {
            count += 1;
            rebuild(&mut session, &output, reporter, count);
        }
    }
    0
}

fn rebuild(session: &mut uprc::Session, output: &Path, reporter: &Reporter, count: usize) {
    let started = Instant::now();
    let compilation = session.build();
    eprint!(
        "{}",
        reporter.diagnostics(&compilation.diagnostics, &compilation.files)
    );
    reporter.timings("", &compilation.timings);
    let label = if count == 0 {
        "built".to_string()
    } else {
        format!("rebuild {count}")
    };
    match compilation
        .output
        .as_ref()
        .filter(|_| !reporter.fails(&compilation.diagnostics))
    {
        Some(result) => match uprc::export::write_atomic(output, &result.pdf) {
            Ok(()) => eprintln!(
                "{label}: wrote {} ({} pages) in {:.1} ms",
                output.display(),
                result.layout.pages().len(),
                started.elapsed().as_secs_f64() * 1000.0
            ),
            Err(error) => eprintln!("{label}: error: cannot write {}: {error}", output.display()),
        },
        None => eprintln!(
            "{label}: failed in {:.1} ms; {} keeps the last good version",
            started.elapsed().as_secs_f64() * 1000.0,
            output.display()
        ),
    }
}
