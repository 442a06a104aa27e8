//! Units the writers convert between (millimetres, centimetres, points, twips, Word's
//! half-points) and the width of a text in the embedded face, measured the way the PDF
//! lays it out.

/// Width of a text in points, measured with the embedded Liberation Serif (metric-
/// compatible with Times New Roman): used to size the short rules as the PDF does.
pub fn text_width_pt(text: &str, size_pt: f64, bold: bool) -> f64 {
    const REGULAR: &[u8] = include_bytes!("../../templates/fonts/LiberationSerif-Regular.ttf");
    const BOLD: &[u8] = include_bytes!("../../templates/fonts/LiberationSerif-Bold.ttf");
    let Ok(face) = ttf_parser::Face::parse(if bold { BOLD } else { REGULAR }, 0) else {
        return text.chars().count() as f64 * size_pt * 0.5;
    };
    let upem = f64::from(face.units_per_em());
    let units: f64 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(upem * 0.5, f64::from)
        })
        .sum();
    units / upem * size_pt
}

/// Twips (1/20 pt) of a length in millimetres.
pub fn mm_to_twips(mm: f64) -> u32 {
    (mm / 25.4 * 1440.0).round() as u32
}

/// Twips of a length in centimetres.
pub fn cm_to_twips(cm: f64) -> u32 {
    mm_to_twips(cm * 10.0)
}

/// Twips of a length in points.
pub fn pt_to_twips(pt: f64) -> u32 {
    (pt * 20.0).round() as u32
}

/// Half-points of a size in points (DOCX `w:sz`).
pub fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}
