//! The text of a PDF's first page, by line: enough to find the official header of a
//! report sent as PDF ("UBND THÀNH PHỐ HẢI PHÒNG" / "SỞ XÂY DỰNG", "BÁO CÁO … quý I
//! năm 2019").
//!
//! The page is interpreted by hayro (already in the build: Typst uses it to embed PDF
//! images) into a device that keeps only glyphs: each glyph's Unicode (from the font's
//! ToUnicode map or its encoding) and its place. Glyphs are grouped into lines by their
//! baseline, and a gap wider than a space between two glyphs of a line starts a new
//! piece, so the two columns of the decree's header (issuer left, national motto right)
//! come out as separate lines. A scanned PDF has no glyphs and gives no lines.

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::util::TransformExt;
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache,
    InterpreterSettings, Paint, PathDrawMode, SoftMask, interpret_page,
};
use kurbo::{Affine, BezPath, Rect};

/// A glyph's text at its place on the page (in points, y growing downwards).
struct Placed {
    x: f64,
    y: f64,
    text: String,
}

#[derive(Default)]
struct TextDevice {
    glyphs: Vec<Placed>,
}

impl<'a> Device<'a> for TextDevice {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph(
        &mut self,
        glyph: &Glyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        mode: &GlyphDrawMode,
    ) {
        // Text drawn filled and stroked (synthetic bold) comes twice: the fill is the
        // text, the stroke its outline.
        if matches!(mode, GlyphDrawMode::Stroke(_)) {
            return;
        }
        let Some(text) = glyph.as_unicode() else {
            return;
        };
        let text = match text {
            hayro_interpret::hayro_cmap::BfString::Char(c) => c.to_string(),
            hayro_interpret::hayro_cmap::BfString::String(s) => s,
        };
        let origin = (transform * glyph_transform) * kurbo::Point::ZERO;
        self.glyphs.push(Placed {
            x: origin.x,
            y: origin.y,
            text,
        });
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// Largest PDF whose text is looked at.
const MAX_BYTES: usize = 30 * 1024 * 1024;

/// The lines of the first page's text, top to bottom; empty when the PDF cannot be
/// read or has no text.
pub fn lines(bytes: &[u8]) -> Vec<String> {
    if bytes.len() > MAX_BYTES || !bytes.starts_with(b"%PDF") {
        return Vec::new();
    }
    // hayro is not hardened against every malformed file; a panic must not cost the
    // batch.
    let data = bytes.to_vec();
    std::panic::catch_unwind(move || first_page_lines(data)).unwrap_or_default()
}

fn first_page_lines(data: Vec<u8>) -> Vec<String> {
    let Ok(pdf) = Pdf::new(data) else {
        return Vec::new();
    };
    let Some(page) = pdf.pages().first() else {
        return Vec::new();
    };
    let cache = InterpreterCache::new();
    let (w, h) = page.render_dimensions();
    let mut context = Context::new(
        page.initial_transform(true).to_kurbo(),
        Rect::new(0.0, 0.0, w as f64, h as f64),
        &cache,
        page.xref(),
        InterpreterSettings::default(),
    );
    let mut device = TextDevice::default();
    interpret_page(page, &mut context, &mut device);
    group(device.glyphs)
}

/// Glyphs into lines: by baseline (within 2 pt), then left to right. The text size is
/// not known here, so a line's own spacing measures it: the median step from one glyph
/// to the next is about half an em. A step over five times that starts a new piece (the
/// decree's header: issuer on the left, national motto on the right); a step over twice
/// that without a space glyph gets a space.
fn group(mut glyphs: Vec<Placed>) -> Vec<String> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Placed>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (row[0].y - g.y).abs() <= 2.0 => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    let mut out = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut steps: Vec<f64> = row.windows(2).map(|w| w[1].x - w[0].x).collect();
        steps.sort_by(f64::total_cmp);
        let step = steps.get(steps.len() / 2).copied().unwrap_or(5.0).max(1.0);
        let mut piece = String::new();
        let mut last_x: Option<f64> = None;
        for g in row {
            if let Some(lx) = last_x {
                let gap = g.x - lx;
                if gap > step * 5.0 {
                    out.push(std::mem::take(&mut piece));
                } else if gap > step * 2.2 && !piece.ends_with(' ') && g.text != " " {
                    piece.push(' ');
                }
            }
            last_x = Some(g.x);
            piece.push_str(&g.text);
        }
        out.push(piece);
    }
    out.into_iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_lines_of_a_report_sent_as_pdf() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/producers/wrong-form/Bao cao CCHC quy I nam 2019.pdf"
        );
        let data = std::fs::read(path).unwrap();
        let lines = super::lines(&data);
        eprintln!("{lines:#?}");
        assert!(lines.iter().any(|l| l == "HUYỆN VĨNH BẢO"), "{lines:?}");
    }
}
