//! `cargo bench --bench pipeline`: what each stage of uprc costs on the
//! example, how a rebuild after an edit compares, and how cost grows with
//! the size of the submission. Prints Markdown tables (see BENCHMARKS.md).
//!
//! Whole-process figures run the release binary as a child process and read
//! its peak memory from `wait4`; in-process figures time the library stages.
//! All times are medians.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use uprc::{check, export, fields::ProseFields, load, lower, typeset, words};

const RUNS: usize = 21;

// The tests' helpers: the example's path, copying a submission.
#[path = "../tests/suite/common.rs"]
mod common;

use common::{copy_tree, example};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Runs the uprc binary; returns wall time and peak resident memory (KiB).
// The child is reaped by `wait4`, which also reports its peak memory.
#[allow(clippy::zombie_processes)]
fn run_process(args: &[&str]) -> (Duration, u64) {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_uprc"))
        .args(args)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn uprc");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `usage` is a valid out-pointer.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    let elapsed = started.elapsed();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "uprc {args:?} failed"
    );
    (elapsed, usage.ru_maxrss as u64)
}

fn process_row(args: &[&str]) -> (Duration, u64) {
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..3 {
        run_process(args); // warm the page cache
    }
    for _ in 0..RUNS {
        let (t, rss) = run_process(args);
        times.push(t);
        peak = peak.max(rss);
    }
    (median(times), peak)
}

fn time<T>(f: impl FnMut() -> T) -> Duration {
    time_runs(RUNS, f)
}

fn time_runs<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut samples = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(f());
        samples.push(started.elapsed());
    }
    median(samples)
}

fn stages(folder: &Path) {
    let loaded = load::load(folder);
    let model = loaded.model.as_ref().expect("the example loads");
    let fields = ProseFields::of(model);
    let document = lower::lower(model, &fields);
    let json = serde_json::to_vec(&document).unwrap();
    let mut files = uprc::diag::SourceFiles::default();
    let mut typesetter = typeset::Typesetter::new(&model.folder, typeset::DEFAULT_TEMPLATE, None);
    typesetter.set_data(json.clone(), document.meta.date);
    let (layout, _) = typesetter.compile(&mut files).unwrap();
    let pdf = export::pdf(&layout, &document.meta, export::Standard::default()).unwrap();
    let out = std::env::temp_dir().join("uprc-bench.pdf");

    let rows = [
        (
            "load (read + parse + schema-validate 9 files)",
            time(|| load::load(folder)),
        ),
        (
            "check (parse prose once, count words, every rule)",
            time(|| {
                let fields = ProseFields::of(model);
                let count = words::count(model, &fields);
                (count, check::check(model, &fields, &loaded.files))
            }),
        ),
        (
            "lower (+ JSON)",
            time(|| serde_json::to_vec(&lower::lower(model, &fields)).unwrap()),
        ),
        (
            "typeset, cold (new World, empty memo cache)",
            time(|| {
                comemo::evict(0);
                let mut t =
                    typeset::Typesetter::new(&model.folder, typeset::DEFAULT_TEMPLATE, None);
                t.set_data(json.clone(), document.meta.date);
                t.compile(&mut uprc::diag::SourceFiles::default()).unwrap()
            }),
        ),
        (
            "PDF export (PDF/UA-1, validated)",
            time(|| export::pdf(&layout, &document.meta, export::Standard::default()).unwrap()),
        ),
        (
            "DOCX (docx-rs + completion), from the same lowered document",
            time(|| uprc::docx::docx(&document).unwrap()),
        ),
        (
            "write (atomic)",
            time(|| export::write_atomic(&out, &pdf).unwrap()),
        ),
    ];
    println!(
        "\n### Stages, in process (example: {} pages, {} notes, JSON {} KB)\n",
        layout.pages().len(),
        document.note_count,
        json.len() / 1024
    );
    println!("| stage | median |\n|---|---|");
    for (name, t) in rows {
        println!("| {name} | {} |", ms(t));
    }
}

/// Rebuild in one process after editing one paragraph (the watch path).
fn rebuild() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    let case = dir.path().join("cases/kozlov.toml");
    let original = std::fs::read_to_string(&case).unwrap();
    let mut session = uprc::Session::new(dir.path(), uprc::Options::default());
    assert!(session.build().output.is_some());
    let mut samples = Vec::new();
    let mut samples_same = Vec::new();
    for i in 0..RUNS {
        let edited = original.replacen(
            "opposition politician",
            &format!("opposition politician{}", " x".repeat(i % 2 + 1)),
            1,
        );
        std::fs::write(&case, edited).unwrap();
        let started = Instant::now();
        let compilation = session.build();
        samples.push(started.elapsed());
        assert!(compilation.output.is_some());
        let started = Instant::now();
        session.build();
        samples_same.push(started.elapsed());
    }
    // Memory over many rebuilds: the memo cache is evicted after each one.
    let rss_before = resident_kib();
    for i in 0..200 {
        let edited = original.replacen(
            "opposition politician",
            &format!("opposition politician {i}"),
            1,
        );
        std::fs::write(&case, edited).unwrap();
        assert!(session.build().output.is_some());
    }
    let rss_after = resident_kib();
    println!("\n### Rebuild in one process (uprc::Session, as watch uses it)\n");
    println!("| change | median |\n|---|---|");
    println!("| one word in one paragraph | {} |", ms(median(samples)));
    println!("| nothing | {} |", ms(median(samples_same)));
    println!(
        "\nResident memory of the process: {} MiB after {} rebuilds, {} MiB after 200 more (each a one-word edit).",
        rss_before / 1024,
        2 * RUNS + 1,
        rss_after / 1024
    );
}

/// Current resident set size of this process, in KiB (Linux).
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Writes a submission `n` times the example: every chapter, source,
/// citation, previous recommendation and assessment repeated with unique ids.
fn synthesise(n: usize, to: &Path) {
    let from = example();
    let read = |path: &Path| -> toml::Table {
        toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut submission = read(&from.join("submission.toml"));
    let sources = read(&from.join("sources.toml"));
    let previous = read(&from.join("previous/A-HRC-14-10.toml"));
    let assessment = read(&from.join("assessment.toml"));
    let chapters: Vec<String> = submission["content"]["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let suffix = |k: usize| {
        if k == 0 {
            String::new()
        } else {
            format!("-{k}")
        }
    };
    let rename_id = |id: &str, k: usize| {
        let (para, item) = id.split_once('.').unwrap();
        format!("{}.{item}", para.parse::<usize>().unwrap() + 1000 * k)
    };
    let source_keys: Vec<String> = sources.keys().cloned().collect();
    let mut new_chapters = Vec::new();
    let mut new_sources = toml::Table::new();
    let mut new_recommendations = Vec::new();
    let mut new_assessments = Vec::new();
    for k in 0..n {
        for chapter in &chapters {
            let mut text = std::fs::read_to_string(from.join(chapter)).unwrap();
            for key in &source_keys {
                text = text.replace(&format!("[^{key}]"), &format!("[^{key}{}]", suffix(k)));
            }
            let mut table: toml::Table = toml::from_str(&text).unwrap();
            // A list of ids, or lists keyed by report.
            let lists: Vec<&mut toml::value::Array> = match table.get_mut("recommendations") {
                Some(toml::Value::Array(ids)) => vec![ids],
                Some(toml::Value::Table(by_report)) => by_report
                    .iter_mut()
                    .map(|(_, ids)| ids)
                    .filter_map(|ids| ids.as_array_mut())
                    .collect(),
                _ => Vec::new(),
            };
            for ids in lists {
                for id in ids.iter_mut() {
                    *id = rename_id(id.as_str().unwrap(), k).into();
                }
            }
            let path = chapter.replace(".toml", &format!("{}.toml", suffix(k)));
            std::fs::create_dir_all(to.join(&path).parent().unwrap()).unwrap();
            std::fs::write(to.join(&path), toml::to_string(&table).unwrap()).unwrap();
            new_chapters.push(toml::Value::from(path));
        }
        for (key, value) in &sources {
            new_sources.insert(format!("{key}{}", suffix(k)), value.clone());
        }
        for recommendation in previous["recommendation"].as_array().unwrap() {
            let mut r = recommendation.as_table().unwrap().clone();
            r.insert("id".into(), rename_id(r["id"].as_str().unwrap(), k).into());
            new_recommendations.push(toml::Value::Table(r));
        }
        for entry in assessment["assessment"].as_array().unwrap() {
            let mut a = entry.as_table().unwrap().clone();
            a.insert(
                "recommendation".into(),
                rename_id(a["recommendation"].as_str().unwrap(), k).into(),
            );
            let evidence: Vec<toml::Value> = a["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| format!("{}{}", e.as_str().unwrap(), suffix(k)).into())
                .collect();
            a.insert("evidence".into(), evidence.into());
            new_assessments.push(toml::Value::Table(a));
        }
    }
    submission["content"]
        .as_table_mut()
        .unwrap()
        .insert("chapters".into(), new_chapters.into());
    let mut limit = toml::Table::new();
    limit.insert("limit".into(), toml::Value::Integer(1_000_000_000));
    submission.insert("word_count".into(), limit.into());
    let mut previous_out = previous.clone();
    previous_out.insert("recommendation".into(), new_recommendations.into());
    let mut assessment_out = toml::Table::new();
    assessment_out.insert("assessment".into(), new_assessments.into());
    std::fs::create_dir_all(to.join("previous")).unwrap();
    for (path, table) in [
        ("submission.toml", &submission),
        ("sources.toml", &new_sources),
        ("previous/A-HRC-14-10.toml", &previous_out),
        ("assessment.toml", &assessment_out),
    ] {
        std::fs::write(to.join(path), toml::to_string(table).unwrap()).unwrap();
    }
}

/// Reads "N pages" and "M notes" from the summary line `uprc build` prints.
fn pages_and_notes(args: &[&str]) -> (usize, usize) {
    let output = Command::new(env!("CARGO_BIN_EXE_uprc"))
        .args(args)
        .output()
        .expect("run uprc");
    let summary = String::from_utf8_lossy(&output.stderr);
    let number_before = |word: &str| {
        summary
            .split([' ', '(', ','])
            .collect::<Vec<_>>()
            .windows(2)
            .find(|w| w[1] == word)
            .and_then(|w| w[0].parse().ok())
            .unwrap_or_else(|| panic!("no `{word}` in {summary}"))
    };
    (number_before("pages"), number_before("notes"))
}

/// Whole-process cost as the submission grows. Runs before the in-process
/// measurements: a child's peak memory includes what this process had
/// resident when it forked.
fn growth() -> String {
    let mut table = String::from("\n### Growth with size (whole `uprc build` process)\n\n");
    table.push_str("| N × example | pages | notes | wall | peak RSS | ms / page | KiB / page |\n|---|---|---|---|---|---|---|\n");
    let dir = tempfile::tempdir().unwrap();
    // UPRC_BENCH_KEEP=DIR keeps the generated submissions there, to look at.
    let root = std::env::var_os("UPRC_BENCH_KEEP")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    for n in [1, 10, 50] {
        let folder = root.join(format!("x{n}"));
        synthesise(n, &folder);
        let out = root.join(format!("x{n}.pdf"));
        let args = [
            "build",
            folder.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        let (pages, notes) = pages_and_notes(&args);
        let (t, rss) = process_row(&args);
        table.push_str(&format!(
            "| {n} | {pages} | {notes} | {} | {} MiB | {:.2} | {} |\n",
            ms(t),
            rss / 1024,
            t.as_secs_f64() * 1000.0 / pages as f64,
            rss / pages as u64
        ));
    }
    table
}

/// The Word file's cost as the submission grows, next to the PDF's (typeset
/// from a cold cache, then export), both in process from one lowered document.
fn docx_growth() -> String {
    let mut table = String::from(
        "\n### DOCX and PDF stages as the submission grows (in process)\n\n\
         | N × example | DOCX stage | DOCX size | typeset (cold) + PDF export | DOCX / PDF |\n|---|---|---|---|---|\n",
    );
    for n in [1, 10, 50] {
        let dir = tempfile::tempdir().unwrap();
        synthesise(n, dir.path());
        let loaded = load::load(dir.path());
        let model = loaded
            .model
            .as_ref()
            .expect("the synthesised submission loads");
        let fields = ProseFields::of(model);
        let document = lower::lower(model, &fields);
        let json = serde_json::to_vec(&document).unwrap();
        let runs = if n >= 50 { 5 } else { 11 };
        let docx_time = time_runs(runs, || uprc::docx::docx(&document).unwrap());
        let size = uprc::docx::docx(&document).unwrap().len();
        let pdf_time = time_runs(runs, || {
            comemo::evict(0);
            let mut t = typeset::Typesetter::new(&model.folder, typeset::DEFAULT_TEMPLATE, None);
            t.set_data(json.clone(), document.meta.date);
            let (layout, _) = t.compile(&mut uprc::diag::SourceFiles::default()).unwrap();
            export::pdf(&layout, &document.meta, export::Standard::default()).unwrap()
        });
        table.push_str(&format!(
            "| {n} | {} | {} KB | {} | {:.3} |\n",
            ms(docx_time),
            size / 1024,
            ms(pdf_time),
            docx_time.as_secs_f64() / pdf_time.as_secs_f64()
        ));
    }
    table
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not run us.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let folder = example();
    let folder_arg = folder.to_str().unwrap();
    let out = std::env::temp_dir().join("uprc-bench-process.pdf");
    println!("## uprc on {}\n", folder.display());
    println!("| whole process (release) | median wall | peak RSS |\n|---|---|---|");
    let (t, rss) = process_row(&["build", folder_arg, "-o", out.to_str().unwrap()]);
    println!(
        "| `uprc build` (cold process) | {} | {} MiB |",
        ms(t),
        rss / 1024
    );
    let (t, rss) = process_row(&["check", folder_arg]);
    println!("| `uprc check` | {} | {} MiB |", ms(t), rss / 1024);
    let growth = growth();
    stages(&folder);
    rebuild();
    print!("{growth}");
    print!("{}", docx_growth());
    let size = std::fs::metadata(env!("CARGO_BIN_EXE_uprc"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "\nBinary (this profile, unstripped): {:.1} MB",
        size as f64 / 1e6
    );
}
