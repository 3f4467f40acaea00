//! The fonts uprc prints with, embedded in the binary: Liberation Serif
//! (SIL OFL, `fonts/`), metric-compatible with Times New Roman. Typesetting
//! uses them, and `check` asks them whether a character can be printed.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The built-in fonts: Liberation Serif (SIL OFL), metric-compatible with Times New Roman.
const FONTS: &[&[u8]] = &[
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// The embedded fonts, parsed once per process, with Typst's font book.
pub fn loaded() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS_LOADED: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS_LOADED.get_or_init(|| {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

/// Whether the embedded fonts can print `c`. Whitespace and invisible
/// formatting characters need no glyph; control characters never print.
pub fn can_print(c: char) -> bool {
    // Printable ASCII, most of any text, is in every font.
    if (' '..='~').contains(&c) {
        return true;
    }
    if c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
    {
        return true;
    }
    !c.is_control()
        && loaded()
            .1
            .iter()
            .any(|font| font.info().coverage.contains(c as u32))
}
