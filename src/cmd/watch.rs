//! `uprc watch`: rebuild on every save. Errors are shown and the last good
//! PDF (and Word file) stays.
//!
//! Two processes. The one the user started only watches files (typst-kit's
//! watcher: it batches an editor's burst of events, with a cap so a stream
//! of events cannot starve the rebuild) and asks a worker, a second `uprc`
//! process, to rebuild. The worker keeps one `uprc::Session`, so Typst's
//! memoised work is reused between rebuilds (about 7 ms for the example).
//! Typst cannot be interrupted: when typesetting passes `--timeout`, the
//! worker says so and is replaced by a fresh one, which is the only way to
//! stop the abandoned computation.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::report::Reporter;
use super::{EXIT_USAGE, Format, folder_problem, targets};

/// Arguments of `uprc watch`.
#[derive(clap::Args)]
pub struct Args {
    /// The submission folder (holding submission.toml).
    folder: PathBuf,
    /// Watch this variant (`variants/<NAME>.toml`) instead of the base.
    #[arg(long, value_name = "NAME")]
    variant: Option<String>,
    /// Where to write [default: <folder name>[-<variant>].pdf in the current directory];
    /// `.docx` writes the Word file.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// What to write: pdf, docx, or both (`pdf,docx`) [default: from -o's extension, else pdf].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    format: Vec<Format>,
    /// A folder whose files replace those of the built-in template (main.typ, lang/*.toml);
    /// its files are watched too.
    #[arg(long, value_name = "DIR")]
    template: Option<PathBuf>,
    /// Give up typesetting after this many seconds (a template that loops); at most 86400.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = super::parse_timeout)]
    timeout: Duration,
    /// Internal: run as the worker process that builds on request.
    #[arg(long, hide = true)]
    worker: bool,
}

/// Marks the worker's answers among the lines of its stdout; every other
/// line (machine-readable diagnostics) is passed on to ours.
const REPLY_PREFIX: &str = "uprc-worker-reply ";

/// The worker's answer to one "build" request, a JSON line on its stdout.
#[derive(Serialize, Deserialize)]
struct Reply {
    /// Typesetting passed the deadline: this worker must be replaced.
    timed_out: bool,
    /// Every file the build read or looked for.
    inputs: Vec<PathBuf>,
}

pub fn run(args: Args, reporter: &Reporter) -> u8 {
    if let Some(problem) = folder_problem(&args.folder, args.variant.as_deref()) {
        eprintln!("{problem}");
        return EXIT_USAGE;
    }
    let targets = targets(
        &args.format,
        args.output.as_deref(),
        &args.folder,
        args.variant.as_deref(),
        Path::new("."),
    );
    let targets = match targets {
        Ok(targets) => targets,
        Err(problem) => {
            eprintln!("{problem}");
            return EXIT_USAGE;
        }
    };
    if args.worker {
        return serve(&args, &targets, reporter);
    }
    supervise(&args, &targets)
}

/// The watching process: waits for changes and has the worker rebuild.
fn supervise(args: &Args, targets: &[(Format, PathBuf)]) -> u8 {
    // Our own output is never an input (the watcher ignores the first file).
    let output = targets.first().map(|(_, path)| path.clone());
    let mut watcher = match typst_kit::watcher::Watcher::new(output) {
        Ok(watcher) => watcher,
        Err(error) => {
            eprintln!("error: cannot watch files: {error}");
            return EXIT_USAGE;
        }
    };
    let mut worker: Option<Worker> = None;
    let mut count = 0;
    loop {
        if worker.is_none() {
            match Worker::start() {
                Ok(started) => worker = Some(started),
                Err(error) => {
                    eprintln!("error: cannot start the build process: {error}");
                    return EXIT_USAGE;
                }
            }
        }
        let mut inputs = Vec::new();
        if let Some(running) = worker.as_mut() {
            let replaced = match running.build(count, args.timeout) {
                Ok(reply) => {
                    inputs = reply.inputs;
                    reply.timed_out
                }
                Err(problem) => {
                    eprintln!("error: the build process failed: {problem}");
                    true
                }
            };
            // A worker still typesetting (or gone) is replaced by a fresh one.
            if replaced && let Some(mut stale) = worker.take() {
                stale.stop();
            }
        }
        if let Err(error) = watcher.update(watched_paths(args, inputs)) {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
        if count == 0 {
            eprintln!("watching {} (Ctrl-C to stop)", args.folder.display());
        }
        if let Err(error) = watcher.wait() {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
        count += 1;
    }
}

/// What to watch: every file the last build read, `submission.toml` (the
/// list of the others) and the folders of a user template, whose new files
/// replace built-in ones.
fn watched_paths(args: &Args, inputs: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut paths = inputs;
    paths.push(args.folder.join(uprc::load::SUBMISSION_FILE));
    if let Some(name) = &args.variant {
        paths.push(args.folder.join(uprc::load::variant_path(name)));
    }
    if let Some(template) = &args.template {
        paths.extend(folders_under(template));
    }
    let mut paths: Vec<PathBuf> = paths
        .into_iter()
        .map(|p| p.canonicalize().unwrap_or(p))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

fn folders_under(root: &Path) -> Vec<PathBuf> {
    let mut folders = vec![root.to_path_buf()];
    let mut index = 0;
    while let Some(folder) = folders.get(index).cloned() {
        if let Ok(entries) = std::fs::read_dir(&folder) {
            folders.extend(
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.path()),
            );
        }
        index += 1;
    }
    folders
}

/// The worker process and its reply channel.
struct Worker {
    child: Child,
    requests: ChildStdin,
    replies: mpsc::Receiver<String>,
}

impl Worker {
    /// Starts `uprc <the same arguments> --worker`.
    fn start() -> std::io::Result<Worker> {
        let exe = std::env::current_exe()?;
        let mut child = Command::new(exe)
            .args(std::env::args_os().skip(1))
            .arg("--worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let requests = child.stdin.take().ok_or(std::io::ErrorKind::BrokenPipe)?;
        let stdout = child.stdout.take().ok_or(std::io::ErrorKind::BrokenPipe)?;
        let (sender, replies) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                match line.strip_prefix(REPLY_PREFIX) {
                    Some(reply) => {
                        if sender.send(reply.to_string()).is_err() {
                            break;
                        }
                    }
                    None => println!("{line}"),
                }
            }
        });
        Ok(Worker {
            child,
            requests,
            replies,
        })
    }

    /// Asks for build number `count` and waits for the reply. The worker
    /// enforces the typesetting deadline itself; the margin here covers a
    /// worker that stopped answering altogether.
    fn build(&mut self, count: usize, timeout: Duration) -> Result<Reply, String> {
        writeln!(self.requests, "{count}")
            .and_then(|()| self.requests.flush())
            .map_err(|e| e.to_string())?;
        let patience = timeout + Duration::from_secs(30);
        let line = self
            .replies
            .recv_timeout(patience)
            .map_err(|_| format!("no answer within {} s", patience.as_secs()))?;
        serde_json::from_str(&line).map_err(|e| format!("unreadable answer: {e}"))
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The worker: one build per line read from stdin, a [`Reply`] line for each.
fn serve(args: &Args, targets: &[(Format, PathBuf)], reporter: &Reporter) -> u8 {
    let options = uprc::Options {
        variant: args.variant.clone(),
        template_dir: args.template.clone(),
        timeout: Some(args.timeout),
        docx: targets.iter().any(|(f, _)| *f == Format::Docx),
        ..Default::default()
    };
    let mut session = uprc::Session::new(&args.folder, options);
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let count: usize = line.trim().parse().unwrap_or(0);
        let compilation = rebuild(&mut session, targets, reporter, count);
        let reply = Reply {
            timed_out: compilation.timed_out,
            inputs: compilation.inputs,
        };
        let mut stdout = std::io::stdout().lock();
        let sent = serde_json::to_string(&reply)
            .map_err(std::io::Error::other)
            .and_then(|json| writeln!(stdout, "{REPLY_PREFIX}{json}"))
            .and_then(|()| stdout.flush());
        if sent.is_err() || reply.timed_out {
            break;
        }
    }
    0
}

fn rebuild(
    session: &mut uprc::Session,
    targets: &[(Format, PathBuf)],
    reporter: &Reporter,
    count: usize,
) -> uprc::Compilation {
    let started = Instant::now();
    let compilation = session.build();
    reporter.emit(&reporter.diagnostics(&compilation.diagnostics, &compilation.files));
    reporter.timings("", &compilation.timings);
    let label = if count == 0 {
        "built".to_string()
    } else {
        format!("rebuild {count}")
    };
    let paths = targets
        .iter()
        .map(|(_, path)| path.display().to_string())
        .collect::<Vec<_>>()
        .join(" and ");
    let Some(result) = compilation
        .output
        .as_ref()
        .filter(|_| !reporter.fails(&compilation.diagnostics))
    else {
        eprintln!(
            "{label}: failed in {:.1} ms; {paths} keep{} the last good version",
            started.elapsed().as_secs_f64() * 1000.0,
            if targets.len() == 1 { "s" } else { "" }
        );
        return compilation;
    };
    for (format, path) in targets {
        let (bytes, what) = match format {
            Format::Pdf => (
                Some(&result.pdf),
                super::report::counted(result.layout.pages().len(), "page"),
            ),
            Format::Docx => (result.docx.as_ref(), "Word".to_string()),
        };
        let written = bytes
            .ok_or_else(|| "it was not made".to_string())
            .and_then(|bytes| uprc::export::write_atomic(path, bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => eprintln!(
                "{label}: wrote {} ({what}) in {:.1} ms",
                path.display(),
                started.elapsed().as_secs_f64() * 1000.0
            ),
            Err(error) => eprintln!("{label}: error: cannot write {}: {error}", path.display()),
        }
    }
    compilation
}
