//! The fonts shipped inside the binary, and which characters they draw.
//!
//! Liberation Serif (metric-compatible with Times New Roman) sets every text; Noto Sans
//! Symbols 2 is the fallback for the symbols people type into their reports (✓ ✔ ✗ ☐ ☑
//! ★ ➢…). A leaf room: the PDF writer embeds these fonts, and the checks ask
//! [`undrawable`] which characters of an agency's cell no shipped font can print, so the
//! clerk hears of it at check time rather than from a PDF with a placeholder in it.

use std::sync::OnceLock;

/// The embedded fonts: Liberation Serif in its four styles, then the symbol fallback.
pub const EMBEDDED: [&[u8]; 5] = [
    include_bytes!("../templates/fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../templates/fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../templates/fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../templates/fonts/LiberationSerif-BoldItalic.ttf"),
    include_bytes!("../templates/fonts/NotoSansSymbols2-Regular.ttf"),
];

/// Family of the symbol fallback, as Typst names it.
pub const SYMBOL_FAMILY: &str = "Noto Sans Symbols 2";

/// What the PDF prints instead of a character no font draws (an emoji): a white square,
/// visible, so the reader knows something stood there. The DOCX keeps the character.
pub const PLACEHOLDER: char = '\u{25A1}';

/// True when the font draws the character: it maps it to a glyph that has an outline
/// (a cmap entry alone is not proof: some fonts map letters to empty glyphs).
pub fn has_outline(data: &[u8], c: char) -> bool {
    let Ok(face) = ttf_parser::Face::parse(data, 0) else {
        return false;
    };
    face_draws(&face, c)
}

fn face_draws(face: &ttf_parser::Face, c: char) -> bool {
    let Some(g) = face.glyph_index(c) else {
        return false;
    };
    struct Sink(bool);
    impl ttf_parser::OutlineBuilder for Sink {
        fn move_to(&mut self, _: f32, _: f32) {
            self.0 = true;
        }
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
    let mut sink = Sink(false);
    face.outline_glyph(g, &mut sink);
    // Spaces and other blank characters legitimately have no outline.
    sink.0 || c.is_whitespace()
}

/// Characters that draw nothing by design: blanks, controls, combining marks (drawn
/// with their base after NFC), zero-width and direction marks, the soft hyphen.
pub fn blank_by_design(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || unicode_normalization::char::is_combining_mark(c)
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{FE00}'..='\u{FE0F}')
}

/// True when a shipped font draws the character, or it draws nothing by design.
pub fn drawable(c: char) -> bool {
    c.is_ascii() || blank_by_design(c) || shipped_draws(c)
}

/// Whether a shipped font draws a character, asked of the fonts the first time a
/// character is seen and remembered: a run meets a few hundred distinct characters,
/// while reading every glyph outline of the fonts up front cost more than checking
/// all the period's submissions.
fn shipped_draws(c: char) -> bool {
    use std::collections::HashMap;
    use std::sync::RwLock;
    static FACES: OnceLock<Vec<ttf_parser::Face<'static>>> = OnceLock::new();
    static SEEN: OnceLock<RwLock<HashMap<char, bool>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(&known) = seen.read().unwrap_or_else(|e| e.into_inner()).get(&c) {
        return known;
    }
    let faces = FACES.get_or_init(|| {
        EMBEDDED
            .iter()
            .filter_map(|data| ttf_parser::Face::parse(data, 0).ok())
            .collect()
    });
    let draws = faces.iter().any(|f| face_draws(f, c));
    seen.write()
        .unwrap_or_else(|e| e.into_inner())
        .insert(c, draws);
    draws
}

/// The characters of a text that no shipped font draws, each once, in order.
pub fn undrawable(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    if text.is_ascii() {
        return out;
    }
    for c in text.chars() {
        if !drawable(c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_the_symbols_people_type_are_drawn() {
        let typed = "Đã hoàn thành ✓ ✔ ✗ ✘ → ≥ ≤ • ☐ ☑ ☒ № ★ ➢ – — “” … ½ ° ± × ÷ €";
        assert_eq!(undrawable(typed), Vec::<char>::new());
        assert!(drawable(PLACEHOLDER));
    }

    #[test]
    fn emoji_are_not_drawn() {
        assert_eq!(undrawable("Tốt 😀 lắm 🥰😀"), vec!['😀', '🥰']);
        // The variation selector after a symbol draws nothing by design.
        assert_eq!(undrawable("✔\u{FE0F}"), Vec::<char>::new());
    }
}
