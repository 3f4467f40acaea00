//! Schema errors and TOML syntax errors as diagnostics people can act on:
//! the field's name, what was expected, what was found, and "did you mean".

use std::ops::Range;

use serde_json::Value;

use crate::diag::{Diagnostic, FileId, did_you_mean};
use crate::spans::{SpanIndex, escape_pointer, unescape_pointer};

pub(super) fn syntax_diagnostic(file: FileId, text: &str, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let message = error.message().trim().trim_end_matches('.').to_string();
    let mut diagnostic = Diagnostic::error(file, span.clone(), format!("invalid TOML: {message}"));
    let line = text.get(..span.start).unwrap_or(text);
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

pub(super) fn schema_diagnostics(
    schema: &Value,
    spans: &SpanIndex,
    json: &Value,
    error: &jsonschema::ValidationError<'_>,
) -> Vec<Diagnostic> {
    use jsonschema::error::ValidationErrorKind as Kind;
    let failure = Failure::new(schema, spans, json, error);
    let diagnostic = match error.kind() {
        Kind::AdditionalProperties { unexpected } => return failure.unknown_fields(unexpected),
        Kind::Required { property } => {
            match failure.missing_field(property.as_str().unwrap_or("?")) {
                Some(diagnostic) => diagnostic,
                None => return Vec::new(),
            }
        }
        Kind::Type { .. } => {
            let expected = failure
                .owner
                .map(schema_type_name)
                .unwrap_or_else(|| "a value".into());
            failure.wrong_type(&[expected])
        }
        Kind::Enum { options } => {
            let options: Vec<&str> = options
                .as_array()
                .map(|o| o.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            failure.not_one_of(&options)
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
            let shapes: Vec<String> = failure
                .owner
                .and_then(|o| o.get("anyOf"))
                .and_then(Value::as_array)
                .map(|alternatives| alternatives.iter().map(schema_type_name).collect())
                .unwrap_or_default();
            failure.wrong_type(&shapes)
        }
        // Enums whose variants carry descriptions are `oneOf` a list of `const`s.
        Kind::OneOfNotValid { .. }
            if failure.owner.is_some_and(|o| !const_options(o).is_empty()) =>
        {
            let options = failure.owner.map(const_options).unwrap_or_default();
            failure.not_one_of(&options)
        }
        Kind::Pattern { pattern } => failure.pattern(pattern.as_str()),
        Kind::Minimum { limit } => failure.at_value(format!(
            "{} must be at least {limit}",
            failure
                .field_name
                .as_deref()
                .map_or("value".into(), |f| format!("`{f}`"))
        )),
        _ => failure.at_value(error.to_string()),
    };
    vec![diagnostic]
}

/// One schema error and what is needed to explain it: where the value is,
/// the subschema it failed, the field's name and the value itself.
struct Failure<'a> {
    spans: &'a SpanIndex,
    pointer: String,
    file: FileId,
    /// The subschema holding the failing keyword.
    owner: Option<&'a Value>,
    /// The field's name, when the value is a field (not an array item).
    field_name: Option<String>,
    /// The failing value.
    instance: Option<&'a Value>,
}

impl<'a> Failure<'a> {
    fn new(
        schema: &'a Value,
        spans: &'a SpanIndex,
        json: &'a Value,
        error: &jsonschema::ValidationError<'_>,
    ) -> Self {
        let pointer = error.instance_path().to_string();
        let schema_path: Vec<String> = error
            .schema_path()
            .to_string()
            .split('/')
            .skip(1)
            .map(unescape_pointer)
            .collect();
        // Drop the keyword itself to get the subschema holding it.
        let owner = subschema(schema, &schema_path[..schema_path.len().saturating_sub(1)]);
        let field_name = pointer
            .rsplit('/')
            .next()
            .map(unescape_pointer)
            .filter(|s| !s.is_empty() && s.parse::<usize>().is_err());
        Failure {
            spans,
            file: spans.file_at(&pointer),
            instance: pointer_lookup(json, &pointer),
            pointer,
            owner,
            field_name,
        }
    }

    fn at_value(&self, message: String) -> Diagnostic {
        Diagnostic::error(self.file, self.spans.value(&self.pointer), message)
    }

    /// The fields the owning table may have.
    fn known_fields(&self) -> Vec<&'a str> {
        self.owner
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    fn unknown_fields(&self, unexpected: &[String]) -> Vec<Diagnostic> {
        let known = self.known_fields();
        unexpected
            .iter()
            .map(|key| {
                let child = format!("{}/{}", self.pointer, escape_pointer(key));
                let diagnostic = Diagnostic::error(
                    self.file,
                    self.spans.key(&child),
                    format!("unknown field `{key}`"),
                )
                .with_label("not a field here");
                match did_you_mean(key, known.iter().copied()) {
                    Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
                    None if !known.is_empty() => diagnostic.with_help(format!(
                        "{} may contain: {}",
                        describe_table(&self.pointer),
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    None => diagnostic,
                }
            })
            .collect()
    }

    /// A missing field, unless a misspelt key (`titel`) is there: that is
    /// reported as unknown with "did you mean `title`?", and saying `title`
    /// is missing too would be noise.
    fn missing_field(&self, name: &str) -> Option<Diagnostic> {
        let known = self.known_fields();
        let misspelt = self
            .instance
            .and_then(Value::as_object)
            .is_some_and(|table| {
                table
                    .keys()
                    .filter(|k| !known.contains(&k.as_str()))
                    .any(|k| did_you_mean(k, known.iter().copied()) == Some(name))
            });
        if misspelt {
            return None;
        }
        let property = self
            .owner
            .and_then(|s| s.get("properties"))
            .and_then(|p| p.get(name));
        let expected = property
            .map(schema_type_name)
            .unwrap_or_else(|| "a value".into());
        let description = property
            .and_then(|p| p.get("description"))
            .and_then(Value::as_str)
            .map(|d| format!(" ({})", d.trim_end_matches('.')))
            .unwrap_or_default();
        Some(
            Diagnostic::error(
                self.file,
                self.spans.key(&self.pointer),
                format!(
                    "missing field `{name}` in {}",
                    describe_table(&self.pointer)
                ),
            )
            .with_help(format!("add `{name} = …` ({expected}){description}")),
        )
    }

    fn wrong_type(&self, expected: &[String]) -> Diagnostic {
        let found = self.instance.map(json_type_name).unwrap_or("nothing");
        wrong_type(
            self.file,
            self.spans.value(&self.pointer),
            self.field_name.as_deref(),
            expected,
            found,
        )
    }

    fn not_one_of(&self, options: &[&str]) -> Diagnostic {
        not_one_of(
            self.spans,
            &self.pointer,
            self.instance,
            self.field_name.as_deref(),
            options,
        )
    }

    fn pattern(&self, pattern: &str) -> Diagnostic {
        let given = self.instance.and_then(Value::as_str).unwrap_or("");
        let (what, example) = match pattern {
            p if p.contains("{4}-") => ("a date", "2014-03-24"),
            p if p.contains("A-Z") => ("a three-letter ISO 3166-1 code in capitals", "KAZ"),
            p if p.contains(r"\.") => ("a recommendation number (paragraph.item)", "95.53"),
            _ => ("a value of the documented form", "see the schema"),
        };
        self.at_value(format!("`{given}` is not {what}"))
            .with_help(format!("write it like `{example}`"))
    }
}
