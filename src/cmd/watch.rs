//! `uprc watch`: rebuild on every save, in one process, so Typst's memoised
//! work is reused (uprc::Session); the memo cache is evicted after each
//! build so memory stays flat. Errors are shown and the last good PDF stays.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

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
    /// A folder whose files replace those of the built-in template (main.typ, lang/*.toml).
    #[arg(long, value_name = "DIR")]
    template: Option<PathBuf>,
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
        template_dir: args.template.clone(),
        ..Default::default()
    };
    let mut session = uprc::Session::new(&args.folder, options);

    let (sender, events) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = match notify::recommended_watcher(sender) {
        Ok(watcher) => watcher,
        Err(error) => {
            eprintln!("error: cannot watch files: {error}");
            return EXIT_USAGE;
        }
    };
    if let Err(error) = watcher.watch(&args.folder, RecursiveMode::Recursive) {
        eprintln!("error: cannot watch {}: {error}", args.folder.display());
        return EXIT_USAGE;
    }
    let output_real = output.canonicalize().ok();
    // Only a change of a data file counts: reading the files while building
    // (access events) or writing our own PDF must not trigger a rebuild.
    let relevant = |event: &notify::Event| {
        let changes = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
        );
        changes
            && event.paths.iter().any(|path| {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let ours = name.starts_with(".uprc-")
                    || output_real.as_deref() == Some(path.as_path())
                    || *path == output;
                !ours
                    && [".toml", ".png", ".jpg", ".jpeg", ".svg"]
                        .iter()
                        .any(|ext| name.ends_with(ext))
            })
    };
    rebuild(&mut session, &output, reporter, 0);
    eprintln!("watching {} (Ctrl-C to stop)", args.folder.display());
    let mut count = 0;
    while let Ok(event) = events.recv() {
        if !event.is_ok_and(|e| relevant(&e)) {
            continue;
        }
        // An editor's save is several events: wait until they settle.
        while events.recv_timeout(Duration::from_millis(100)).is_ok() {}
        count += 1;
        rebuild(&mut session, &output, reporter, count);
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
