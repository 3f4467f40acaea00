//! `uprc schema`: the JSON Schema of every file kind, generated from the
//! same serde types that read the files, for Taplo / Even Better TOML.

use std::path::PathBuf;

use super::EXIT_USAGE;
use super::report::Reporter;

/// Arguments of `uprc schema`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder to write the schemas into.
    #[arg(long, default_value = "schemas")]
    out: PathBuf,
}

pub fn run(args: Args, reporter: &Reporter) -> u8 {
    if let Err(error) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create {}: {error}", args.out.display());
        return EXIT_USAGE;
    }
    for (name, schema) in uprc::schema_files() {
        let path = args.out.join(name);
        if let Err(error) = uprc::export::write_atomic(&path, schema.as_bytes()) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return EXIT_USAGE;
        }
        reporter.info(&format!("wrote {}", path.display()));
    }
    0
}
