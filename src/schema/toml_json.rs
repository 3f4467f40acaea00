//! TOML to JSON, remembering the span of every value. toml's recoverable
//! parser reports every syntax error, not just the first.

use serde_json::{Map, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, FileId};
use crate::spans::{SpanIndex, Spans, escape_pointer};

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
            .map(|e| super::messages::syntax_diagnostic(file, text, e))
            .collect();
        diagnostics.dedup_by(|a, b| a.message == b.message && a.location == b.location);
        return Err(diagnostics);
    }
    let mut converter = Converter {
        spans: SpanIndex::new(file),
        out_of_range: Vec::new(),
    };
    let root_span = root.span();
    let json = converter.table(root.get_ref(), "");
    let Converter {
        mut spans,
        out_of_range,
    } = converter;
    let root = Spans {
        file: None,
        key: None,
        value: root_span.start..root_span.start,
    };
    spans.insert(String::new(), root);
    if !out_of_range.is_empty() {
        return Err(out_of_range
            .iter()
            .map(|pointer| {
                Diagnostic::error(file, spans.value(pointer), "this number is too large")
                    .with_help(format!("whole numbers go up to {}", i64::MAX))
            })
            .collect());
    }
    Ok(Parsed { json, spans })
}

/// Builds the JSON and the span index together.
struct Converter {
    spans: SpanIndex,
    /// Integers too large for 64 bits, by pointer.
    out_of_range: Vec<String>,
}

impl Converter {
    fn table(&mut self, table: &DeTable<'_>, pointer: &str) -> Value {
        let mut map = Map::new();
        for (key, value) in table {
            let child = format!("{pointer}/{}", escape_pointer(key.get_ref()));
            let json = self.value(value, &child);
            self.spans.insert(
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

    fn value(&mut self, value: &Spanned<DeValue<'_>>, pointer: &str) -> Value {
        match value.get_ref() {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .map(Value::from)
                .unwrap_or_else(|_| {
                    self.out_of_range.push(pointer.to_string());
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
                        let json = self.value(item, &child);
                        self.spans.insert(
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
            DeValue::Table(table) => self.table(table, pointer),
        }
    }
}
