//! Structural validation of one TOML file against the JSON Schema derived
//! from its model type, reporting *every* problem with its position.
//!
//! serde stops at the first error, so files are checked in two steps:
//! 1. TOML is parsed with spans (toml's recoverable parser reports all syntax
//!    errors) and converted into JSON, remembering the span of every value;
//! 2. the JSON is validated with the `jsonschema` crate against a schema that
//!    schemars derives from the serde types; each error's instance path is
//!    mapped back to a file position.
//!
//! Only a file that passes both is deserialised into the typed model.

mod messages;
mod toml_json;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diag::{Diagnostic, FileId};
use crate::spans::{SpanIndex, escape_pointer};

pub use self::toml_json::{Parsed, parse_toml};

/// A file that parsed and matched its schema, with the typed value and spans.
pub struct Validated<T> {
    /// The typed value.
    pub value: T,
    /// Where each part of it is in the file.
    pub spans: SpanIndex,
    /// The same content as JSON, for checks that walk every value.
    pub json: Value,
}

/// A schema and its compiled validator.
pub struct Compiled {
    /// The schema (to look up field names for suggestions).
    pub schema: Value,
    /// The validator compiled from it.
    pub validator: jsonschema::Validator,
}

/// The compiled schema named `key`, made by `make` the first time: compiling
/// a schema costs more than validating a file, so each kind is compiled once
/// per process.
pub fn compiled(key: &'static str, make: impl FnOnce() -> Value) -> Arc<Compiled> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Arc<Compiled>>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache
        .entry(key)
        .or_insert_with(|| {
            let schema = make();
            let validator = jsonschema::validator_for(&schema)
                .expect("schemas derived from the model are valid JSON Schema");
            Arc::new(Compiled { schema, validator })
        })
        .clone()
}

/// The compiled schema of a file kind.
pub fn compiled_for<T: JsonSchema>() -> Arc<Compiled> {
    compiled(std::any::type_name::<T>(), schema_of::<T>)
}

/// The JSON Schema of a file kind, as editors and the validator see it.
pub fn schema_of<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    drop_null_alternatives(&mut schema);
    schema
}

/// TOML has no null: `Option<T>` fields are simply absent, so the schema's
/// `null` alternatives only blur messages ("expected string or null").
fn drop_null_alternatives(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let single = types[0].clone();
                    map.insert("type".into(), single);
                }
            }
            if let Some(Value::Array(alternatives)) = map.get("anyOf") {
                let kept: Vec<Value> = alternatives
                    .iter()
                    .filter(|a| a.get("type").is_none_or(|t| t != "null"))
                    .cloned()
                    .collect();
                if kept.len() == 1
                    && let Value::Object(inner) = &kept[0]
                {
                    map.remove("anyOf");
                    for (k, v) in inner {
                        map.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
            }
            map.values_mut().for_each(drop_null_alternatives);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_alternatives),
        _ => {}
    }
}

/// Validates parsed data against `schema` and deserialises it, reporting every problem.
pub fn validate<T: DeserializeOwned>(
    compiled: &Compiled,
    parsed: Parsed,
) -> Result<Validated<T>, Vec<Diagnostic>> {
    let Parsed { json, spans } = parsed;
    let (schema, validator) = (&compiled.schema, &compiled.validator);
    let mut diagnostics: Vec<Diagnostic> = validator
        .iter_errors(&json)
        .flat_map(|error| messages::schema_diagnostics(schema, &spans, &json, &error))
        .collect();
    if !diagnostics.is_empty() {
        diagnostics.dedup_by(|a, b| a.message == b.message && a.location == b.location);
        return Err(diagnostics);
    }
    match serde_path_to_error::deserialize::<_, T>(&json) {
        Ok(value) => Ok(Validated { value, spans, json }),
        Err(error) => {
            let pointer = serde_path_pointer(error.path());
            let message = error.into_inner().to_string();
            Err(vec![Diagnostic::error(
                spans.file_at(&pointer),
                spans.value(&pointer),
                message,
            )])
        }
    }
}

/// Parses `text` (the contents of file `file`) as a `T`, or returns every problem found.
pub fn parse<T: DeserializeOwned + JsonSchema>(
    file: FileId,
    text: &str,
) -> Result<Validated<T>, Vec<Diagnostic>> {
    validate(&compiled_for::<T>(), parse_toml(file, text)?)
}

/// Overlays `patch` on `base`: tables merge key by key, everything else
/// (values, arrays) replaces.
pub fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (key, value) in patch {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, patch) => *base = patch,
    }
}

/// A schema for overlays of `schema`: the root table and the tables directly
/// in it lose their required fields (a variant names only what it changes);
/// arrays of tables keep theirs, since an array in a variant replaces the
/// base's whole.
pub fn overlay_schema(mut schema: Value) -> Value {
    fn relax(node: &mut Value) {
        if let Some(map) = node.as_object_mut() {
            map.remove("required");
        }
    }
    relax(&mut schema);
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for property in properties.values_mut() {
            if property.get("type") == Some(&Value::from("object")) {
                relax(property);
            }
        }
    }
    schema
}

fn serde_path_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", escape_pointer(key))),
            Segment::Enum { variant } => pointer.push_str(&format!("/{}", escape_pointer(variant))),
            Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChapterFile, SourcesFile};

    fn errors<T: DeserializeOwned + JsonSchema>(
        text: &str,
    ) -> Vec<(usize, usize, String, Option<String>)> {
        match parse::<T>(0, text) {
            Ok(_) => vec![],
            Err(diagnostics) => diagnostics
                .into_iter()
                .map(|d| {
                    let crate::diag::Location::Span(_, span) = d.location else {
                        panic!()
                    };
                    let (line, column) = crate::diag::line_column(text, span.start);
                    (line, column, d.message, d.help)
                })
                .collect(),
        }
    }

    #[test]
    fn every_structural_error_of_a_file_is_reported() {
        let text = "kind = \"cas\"\ntitel = \"Case\"\n[[part]]\nheading = 3\ntext = \"x\"\n";
        let found = errors::<ChapterFile>(text);
        assert!(
            found.contains(&(
                1,
                8,
                "`cas` is not a valid kind: expected one of `case`, `section`, `annex`".into(),
                Some("did you mean `case`?".into())
            )),
            "{found:?}"
        );
        assert!(
            found.contains(&(
                2,
                1,
                "unknown field `titel`".into(),
                Some("did you mean `title`?".into())
            )),
            "{found:?}"
        );
        assert!(
            found.iter().any(|e| e.0 == 4
                && e.1 == 11
                && e.2 == "wrong type for `heading`: expected a string, found an integer"),
            "{found:?}"
        );
        // `titel` is taken as a misspelt `title`, not reported missing as well.
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn map_files_check_each_entry() {
        let text = "[hrw]\npublsher = \"HRW\"\n";
        let found = errors::<SourcesFile>(text);
        assert!(
            found.iter().any(|e| e.0 == 2
                && e.2 == "unknown field `publsher`"
                && e.3.as_deref() == Some("did you mean `publisher`?")),
            "{found:?}"
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let found = errors::<SourcesFile>("[hrw]\nkind = \"reprot\"\n");
        assert_eq!(
            found,
            [(
                2,
                8,
                "`reprot` is not a valid kind: expected one of `report`, `article`, `web`, `book`, `un-document`, `court-decision`, `legislation`, `upr-submission`".to_string(),
                Some("did you mean `report`?".to_string())
            )]
        );
    }

    #[test]
    fn syntax_errors_point_at_the_break() {
        let found = errors::<SourcesFile>("[hrw]\npublisher = \"Human Rights Watch\nurl = 1\n");
        assert_eq!(found[0].0, 2, "{found:?}");
        assert!(found[0].2.starts_with("invalid TOML"), "{found:?}");
    }
}
