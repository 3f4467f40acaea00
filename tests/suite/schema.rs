//! The JSON Schemas editors use: generated from the serde types, committed
//! under submissions/schemas, accepting the example and rejecting mistakes.

use crate::common;

use std::path::{Path, PathBuf};

fn committed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("submissions/schemas")
}

fn as_json(path: &Path) -> serde_json::Value {
    uprc::schema::parse_toml(0, &std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|_| panic!("{} is not valid TOML", path.display()))
        .json
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(committed().join(name)).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn committed_schemas_are_the_generated_ones() {
    for (name, text) in uprc::schema_files() {
        let on_disk = std::fs::read_to_string(committed().join(name)).unwrap_or_default();
        assert!(
            on_disk == text,
            "{name} is stale: run `cargo run -- schema --out submissions/schemas`"
        );
    }
}

fn toml_files(root: &Path, folder: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(root, &path, found);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let relative = path.strip_prefix(root).unwrap();
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn the_schemas_accept_every_file_of_the_example() {
    let example = common::example();
    let kinds = [
        ("submission.schema.json", vec!["submission.toml"]),
        ("sources.schema.json", vec!["sources.toml"]),
        (
            "assessment.schema.json",
            vec![
                "assessment.toml",
                "variants/judiciary-focus/assessment.toml",
                "variants/upr34/assessment.toml",
            ],
        ),
        (
            "previous.schema.json",
            vec!["previous/A-HRC-14-10.toml", "previous/A-HRC-28-10.toml"],
        ),
        (
            "variant.schema.json",
            vec![
                "variants/joint.toml",
                "variants/judiciary-focus.toml",
                "variants/upr34.toml",
            ],
        ),
        (
            "chapter.schema.json",
            vec![
                "cases/zhakiyanov.toml",
                "cases/zhanaozen.toml",
                "cases/kozlov.toml",
                "cases/media.toml",
                "sections/judiciary.toml",
            ],
        ),
    ];
    let mut listed: Vec<&str> = kinds.iter().flat_map(|(_, files)| files.clone()).collect();
    listed.sort();
    let mut on_disk = Vec::new();
    toml_files(&example, &example, &mut on_disk);
    on_disk.sort();
    assert_eq!(listed, on_disk, "every TOML file of the example is checked");
    for (schema, files) in kinds {
        let validator = validator(schema);
        for file in files {
            let text = std::fs::read_to_string(example.join(file)).unwrap();
            assert!(
                text.starts_with("#:schema "),
                "{file} names its schema for editors"
            );
            let errors: Vec<String> = validator
                .iter_errors(&as_json(&example.join(file)))
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{file}: {errors:?}");
        }
    }
}

#[test]
fn the_schemas_reject_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("case.toml");
    std::fs::write(
        &broken,
        "kind = \"cas\"\ntitel = \"x\"\n[[part]]\nheading = 1\ntext = \"y\"\n",
    )
    .unwrap();
    let errors: Vec<String> = validator("chapter.schema.json")
        .iter_errors(&as_json(&broken))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.len() >= 3, "{errors:?}");
    // Descriptions come from the doc comments of the model.
    let text = std::fs::read_to_string(committed().join("chapter.schema.json")).unwrap();
    assert!(text.contains("Previous-cycle recommendations this chapter concerns: a list of ids"));
}
