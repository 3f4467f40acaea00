//! Where every value of a TOML file is: byte ranges by JSON pointer
//! (`/part/0/text`), kept from parsing to the last check so any diagnostic
//! can point at the exact line and column, including values a variant laid
//! over the base file.

use std::collections::HashMap;
use std::ops::Range;

use crate::diag::FileId;

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
}

impl SpanIndex {
    /// An empty index of a document read from `file`.
    pub fn new(file: FileId) -> Self {
        SpanIndex {
            file,
            spans: HashMap::new(),
        }
    }

    /// Records where the value at `pointer` is.
    pub fn insert(&mut self, pointer: String, spans: Spans) {
        self.spans.insert(pointer, spans);
    }

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

/// A key as one segment of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

pub fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
