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

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, FileId, did_you_mean};

/// Byte ranges of a value and of the key that names it.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    /// The file, when it is not the index's own (a value a variant overrides).
    pub file: Option<FileId>,
    /// The key (`title` in `title = "x"`, `submission` in `[submission]`), if any.
    pub key: Option<Range<usize>>,
    /// The value.
    pub value: Range<usize>,
}

/// Spans of every value of a document, by JSON pointer (`/part/0/text`).
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    /// The file the document was read from.
    file: FileId,
    spans: HashMap<String, Spans>,
    /// Integers too large for 64 bits, by pointer.
    out_of_range: Vec<String>,
}

impl SpanIndex {
    /// The file the value at `pointer` was read from.
    pub fn file_at(&self, pointer: &str) -> FileId {
        self.nearest(pointer).file.unwrap_or(self.file)
    }

    /// Takes the spans of `overlay`'s values over ours (a variant over the base).
    pub fn overlay(&mut self, overlay: SpanIndex) {
        for (pointer, mut spans) in overlay.spans {
            if pointer.is_empty() {
                continue;
            }
            spans.file = Some(spans.file.unwrap_or(overlay.file));
            self.spans.insert(pointer, spans);
        }
    }

    /// Span of the value at `pointer`, or of its nearest enclosing value.
    pub fn value(&self, pointer: &str) -> Range<usize> {
        self.nearest(pointer).value.clone()
    }

    /// Span of the key naming the value at `pointer` (the value itself if it has none).
    pub fn key(&self, pointer: &str) -> Range<usize> {
        let spans = self.nearest(pointer);
        spans.key.clone().unwrap_or_else(|| spans.value.clone())
    }

    fn nearest(&self, pointer: &str) -> &Spans {
        static EMPTY: Spans = Spans {
            file: None,
            key: None,
            value: 0..0,
        };
        let mut pointer = pointer;
        loop {
            if let Some(spans) = self.spans.get(pointer) {
                return spans;
            }
            match pointer.rfind('/') {
                Some(i) => pointer = &pointer[..i],
                None => return &EMPTY,
            }
        }
    }
}

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

/// A TOML file as JSON, with the span of every value.
pub struct Parsed {
    /// The content.
    pub json: Value,
    /// Where each value is.
    pub spans: SpanIndex,
}

/// Parses `text` (the contents of file `file`) as TOML, reporting every syntax error.
pub fn parse_toml(file: FileId, text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        // Recovery can repeat one error at one place many times (10,000 open brackets).
        let mut diagnostics: Vec<Diagnostic> = syntax_errors
            .iter()
            .map(|e| syntax_diagnostic(file, text, e))
            .collect();
        diagnostics.dedup_by(|a, b| a.message == b.message && a.location == b.location);
        return Err(diagnostics);
    }
    let mut spans = SpanIndex {
        file,
        spans: HashMap::new(),
        out_of_range: Vec::new(),
    };
    let root_span = root.span();
    let json = table_to_json(root.get_ref(), "", &mut spans);
    let root = Spans {
        file: None,
        key: None,
        value: root_span.start..root_span.start,
    };
    spans.spans.insert(String::new(), root);
    if !spans.out_of_range.is_empty() {
        return Err(spans
            .out_of_range
            .iter()
            .map(|pointer| {
                Diagnostic::error(file, spans.value(pointer), "this number is too large")
                    .with_help(format!("whole numbers go up to {}", i64::MAX))
            })
            .collect());
    }
    Ok(Parsed { json, spans })
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
        .flat_map(|error| schema_diagnostics(schema, &spans, &json, &error))
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

fn syntax_diagnostic(file: FileId, text: &str, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let message = error.message().trim().trim_end_matches('.').to_string();
    let mut diagnostic = Diagnostic::error(file, span.clone(), format!("invalid TOML: {message}"));
    let line = &text[..span.start.min(text.len())];
    let open_quotes = line.rsplit('\n').next().unwrap_or("").matches('"').count();
    if message.contains("duplicate key") {
        diagnostic = diagnostic
            .with_help("each key may appear only once in a table: remove or rename one of them");
    } else if open_quotes % 2 == 1 || message.contains("unterminated") || message.contains("string")
    {
        diagnostic = diagnostic.with_help(
            "close the string with a matching quote; use \"\"\"triple quotes\"\"\" for text over several lines",
        );
    } else if message.contains("table") || message.contains("header") {
        diagnostic = diagnostic
            .with_help("a table header looks like `[name]`, an array of tables like `[[name]]`");
    }
    diagnostic
}

fn table_to_json(table: &DeTable<'_>, pointer: &str, spans: &mut SpanIndex) -> Value {
    let mut map = Map::new();
    for (key, value) in table {
        let child = format!("{pointer}/{}", escape_pointer(key.get_ref()));
        let json = value_to_json(value, &child, spans);
        spans.spans.insert(
            child,
            Spans {
                file: None,
                key: Some(key.span()),
                value: value.span(),
            },
        );
        map.insert(key.get_ref().to_string(), json);
    }
    Value::Object(map)
}

fn value_to_json(value: &Spanned<DeValue<'_>>, pointer: &str, spans: &mut SpanIndex) -> Value {
    match value.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map(Value::from)
            .unwrap_or_else(|_| {
                spans.out_of_range.push(pointer.to_string());
                Value::Null
            }),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(dt) => Value::String(dt.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let child = format!("{pointer}/{i}");
                    let json = value_to_json(item, &child, spans);
                    spans.spans.insert(
                        child,
                        Spans {
                            file: None,
                            key: None,
                            value: item.span(),
                        },
                    );
                    json
                })
                .collect(),
        ),
        DeValue::Table(table) => table_to_json(table, pointer, spans),
    }
}

/// A key as one segment of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
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

/// A human name for where a pointer leads: `[submission]`, `[[part]] #2`, `the file`.
fn describe_table(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the file".into();
    }
    let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_pointer).collect();
    let mut name = String::new();
    for segment in &segments {
        if let Ok(index) = segment.parse::<usize>() {
            name.push_str(&format!(" #{}", index + 1));
        } else {
            if !name.is_empty() {
                name.push('.');
            }
            name.push_str(segment);
        }
    }
    format!("`[{name}]`")
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    }
}

fn schema_type_name(schema: &Value) -> String {
    let describe = |t: &str| match t {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "an array",
        "object" => "a table",
        _ => "a value",
    };
    match schema.get("type") {
        Some(Value::String(t)) => describe(t).to_string(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .map(describe)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "a value".to_string(),
    }
}

/// The subschema a schema path leads to (schemas are inlined, so no `$ref`s).
fn subschema<'a>(schema: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(schema, |node, segment| match node {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

fn pointer_lookup<'a>(json: &'a Value, pointer: &str) -> Option<&'a Value> {
    json.pointer(pointer)
}

/// The allowed values of an enum schema written as `oneOf: [{const: …}, …]`.
fn const_options(schema: &Value) -> Vec<&str> {
    schema
        .get("oneOf")
        .and_then(Value::as_array)
        .map(|alternatives| {
            alternatives
                .iter()
                .filter_map(|a| {
                    a.get("const")
                        .or_else(|| a.get("enum").and_then(|e| e.get(0)))
                })
                .filter_map(Value::as_str)
                .collect()
        })
        .unwrap_or_default()
}

fn not_one_of(
    spans: &SpanIndex,
    pointer: &str,
    instance: Option<&Value>,
    field: Option<&str>,
    options: &[&str],
) -> Diagnostic {
    let file = spans.file_at(pointer);
    let list = options
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let Some(given) = instance.and_then(Value::as_str) else {
        let found = instance.map(json_type_name).unwrap_or("nothing");
        return Diagnostic::error(
            file,
            spans.value(pointer),
            format!(
                "wrong type for `{}`: expected one of {list}, found {found}",
                field.unwrap_or("value")
            ),
        );
    };
    let diagnostic = Diagnostic::error(
        file,
        spans.value(pointer),
        format!(
            "`{given}` is not a valid {}: expected one of {list}",
            field.unwrap_or("value")
        ),
    );
    match did_you_mean(given, options.iter().copied()) {
        Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
        None => diagnostic,
    }
}

/// "wrong type for `x`: expected an array or a table, found a string", with
/// the usual fix.
fn wrong_type(
    file: FileId,
    span: Range<usize>,
    field_name: Option<&str>,
    expected: &[String],
    found: &str,
) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        file,
        span,
        format!(
            "wrong type for {}: expected {}, found {found}",
            field_name.map_or_else(|| "this value".to_string(), |f| format!("`{f}`")),
            expected.join(" or ")
        ),
    );
    if expected.iter().any(|e| e == "an array") {
        diagnostic.with_help("write a list in brackets, e.g. `[\"a\", \"b\"]`")
    } else if expected == ["a string"] && found != "a table" {
        diagnostic.with_help("put text in double quotes")
    } else {
        diagnostic
    }
}

fn schema_diagnostics(
    schema: &Value,
    spans: &SpanIndex,
    json: &Value,
    error: &jsonschema::ValidationError<'_>,
) -> Vec<Diagnostic> {
    use jsonschema::error::ValidationErrorKind as Kind;
    let pointer = error.instance_path().to_string();
    let file = spans.file_at(&pointer);
    let schema_path: Vec<String> = error
        .schema_path()
        .to_string()
        .split('/')
        .skip(1)
        .map(unescape_pointer)
        .collect();
    // The subschema holding the failing keyword (drop the keyword itself).
    let owner = subschema(schema, &schema_path[..schema_path.len().saturating_sub(1)]);
    let field_name = pointer
        .rsplit('/')
        .next()
        .map(unescape_pointer)
        .filter(|s| !s.is_empty() && s.parse::<usize>().is_err());
    let instance = pointer_lookup(json, &pointer);
    let diagnostic = match error.kind() {
        Kind::AdditionalProperties { unexpected } => {
            let known: Vec<&str> = owner
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            return unexpected
                .iter()
                .map(|key| {
                    let child = format!("{pointer}/{}", escape_pointer(key));
                    let diagnostic = Diagnostic::error(
                        file,
                        spans.key(&child),
                        format!("unknown field `{key}`"),
                    )
                    .with_label("not a field here");
                    match did_you_mean(key, known.iter().copied()) {
                        Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
                        None if !known.is_empty() => diagnostic.with_help(format!(
                            "{} may contain: {}",
                            describe_table(&pointer),
                            known
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                        None => diagnostic,
                    }
                })
                .collect();
        }
        Kind::Required { property } => {
            let name = property.as_str().unwrap_or("?");
            // A misspelt key (`titel`) is reported as unknown with "did you
            // mean `title`?"; saying `title` is missing too would be noise.
            let known: Vec<&str> = owner
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let misspelt = instance.and_then(Value::as_object).is_some_and(|table| {
                table
                    .keys()
                    .filter(|k| !known.contains(&k.as_str()))
                    .any(|k| did_you_mean(k, known.iter().copied()) == Some(name))
            });
            if misspelt {
                return Vec::new();
            }
            let expected = owner
                .and_then(|s| s.get("properties"))
                .and_then(|p| p.get(name))
                .map(schema_type_name)
                .unwrap_or_else(|| "a value".into());
            let description = owner
                .and_then(|s| s.get("properties"))
                .and_then(|p| p.get(name))
                .and_then(|p| p.get("description"))
                .and_then(Value::as_str)
                .map(|d| format!(" ({})", d.trim_end_matches('.')))
                .unwrap_or_default();
            Diagnostic::error(
                file,
                spans.key(&pointer),
                format!("missing field `{name}` in {}", describe_table(&pointer)),
            )
            .with_help(format!("add `{name} = …` ({expected}){description}"))
        }
        Kind::Type { .. } => {
            let expected = owner
                .map(schema_type_name)
                .unwrap_or_else(|| "a value".into());
            let found = instance.map(json_type_name).unwrap_or("nothing");
            wrong_type(
                file,
                spans.value(&pointer),
                field_name.as_deref(),
                &[expected],
                found,
            )
        }
        Kind::Enum { options } => {
            let options: Vec<&str> = options
                .as_array()
                .map(|o| o.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            not_one_of(spans, &pointer, instance, field_name.as_deref(), &options)
        }
        // A value that may take one of several shapes (a list, or a table of
        // lists): the errors of the shape it has, or else the shapes allowed.
        Kind::AnyOf { context } => {
            let of_its_shape = context.iter().find(|errors| {
                !errors.iter().any(|e| {
                    e.instance_path() == error.instance_path()
                        && matches!(e.kind(), Kind::Type { .. })
                })
            });
            if let Some(errors) = of_its_shape {
                return errors
                    .iter()
                    .flat_map(|e| schema_diagnostics(schema, spans, json, e))
                    .collect();
            }
            let shapes: Vec<String> = owner
                .and_then(|o| o.get("anyOf"))
                .and_then(Value::as_array)
                .map(|alternatives| alternatives.iter().map(schema_type_name).collect())
                .unwrap_or_default();
            let found = instance.map(json_type_name).unwrap_or("nothing");
            wrong_type(
                file,
                spans.value(&pointer),
                field_name.as_deref(),
                &shapes,
                found,
            )
        }
        // Enums whose variants carry descriptions are `oneOf` a list of `const`s.
        Kind::OneOfNotValid { .. } if owner.is_some_and(|o| !const_options(o).is_empty()) => {
            let options = owner.map(const_options).unwrap_or_default();
            not_one_of(spans, &pointer, instance, field_name.as_deref(), &options)
        }
        Kind::Pattern { pattern } => {
            let given = instance.and_then(Value::as_str).unwrap_or("");
            let (what, example) = match pattern.as_str() {
                p if p.contains("{4}-") => ("a date", "2014-03-24"),
                p if p.contains("A-Z") => ("a three-letter ISO 3166-1 code in capitals", "KAZ"),
                p if p.contains(r"\.") => ("a recommendation number (paragraph.item)", "95.53"),
                _ => ("a value of the documented form", "see the schema"),
            };
            Diagnostic::error(
                file,
                spans.value(&pointer),
                format!("`{given}` is not {what}"),
            )
            .with_help(format!("write it like `{example}`"))
        }
        Kind::Minimum { limit } => Diagnostic::error(
            file,
            spans.value(&pointer),
            format!(
                "{} must be at least {limit}",
                field_name
                    .as_deref()
                    .map_or("value".into(), |f| format!("`{f}`"))
            ),
        ),
        _ => Diagnostic::error(file, spans.value(&pointer), error.to_string()),
    };
    vec![diagnostic]
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
                "`cas` is not a valid kind: expected one of `case`, `section`".into(),
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
        let found = errors::<SourcesFile>("[hrw]\nurl = \"https://hrw.org\"\n");
        assert_eq!(
            found[0].2, "missing field `publisher` in `[hrw]`",
            "{found:?}"
        );
        assert_eq!((found[0].0, found[0].1), (1, 2), "{found:?}");
    }

    #[test]
    fn syntax_errors_point_at_the_break() {
        let found = errors::<SourcesFile>("[hrw]\npublisher = \"Human Rights Watch\nurl = 1\n");
        assert_eq!(found[0].0, 2, "{found:?}");
        assert!(found[0].2.starts_with("invalid TOML"), "{found:?}");
    }
}
