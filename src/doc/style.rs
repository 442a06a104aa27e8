//! Layout settings shared by the DOCX and PDF writers, chosen within the ranges of
//! Nghị định 30/2020 (see README, "Document format"). Both writers read these values, so
//! a change here changes both documents.

use serde::Serialize;

/// Page and type settings, in the units the decree uses.
#[derive(Debug, Clone, Serialize)]
pub struct Style {
    /// Margins in millimetres: top 20, bottom 20, left 30, right 15 (text width 165 mm).
    pub margin_top_mm: f64,
    pub margin_bottom_mm: f64,
    pub margin_left_mm: f64,
    pub margin_right_mm: f64,
    /// Landscape appendices: the same margins, turned with the page (binding edge left).
    /// Body text size (13–14 pt).
    pub body_pt: f64,
    /// Quốc hiệu, tên cơ quan (13 pt with a 14 pt body).
    pub header_pt: f64,
    /// Tiêu ngữ and the date line (14 pt).
    pub motto_pt: f64,
    /// Số, ký hiệu (13 pt, fixed by the decree).
    pub number_pt: f64,
    /// "V/v …" of a công văn (13 pt).
    pub subject_pt: f64,
    /// "Nơi nhận:" label (12 pt bold italic) and entries (11 pt).
    pub noi_nhan_label_pt: f64,
    pub noi_nhan_pt: f64,
    /// Page number in the top margin (13 pt, from page 2).
    pub page_number_pt: f64,
    /// "Phụ lục I" label (14 pt bold).
    pub appendix_label_pt: f64,
    /// First-line indent of paragraphs (1 cm).
    pub indent_cm: f64,
    /// Space between paragraphs (6 pt, before each paragraph).
    pub paragraph_spacing_pt: f64,
    /// Line spacing as a multiple of single spacing (1.0–1.5).
    pub line_spacing: f64,
    /// Header and signature table columns (left ≈ 40 %, right ≈ 60 % of 16.5 cm).
    pub left_col_cm: f64,
    pub right_col_cm: f64,
    /// Space left for signature and seal between the title lines and the name.
    pub signature_space_pt: f64,
    /// Fonts, in order of preference; the last is embedded in the binary.
    pub fonts: Vec<String>,
    /// Rule thickness (0.5–0.75 pt).
    pub rule_pt: f64,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            margin_top_mm: 20.0,
            margin_bottom_mm: 20.0,
            margin_left_mm: 30.0,
            margin_right_mm: 15.0,
            body_pt: 14.0,
            header_pt: 13.0,
            motto_pt: 14.0,
            number_pt: 13.0,
            subject_pt: 13.0,
            noi_nhan_label_pt: 12.0,
            noi_nhan_pt: 11.0,
            page_number_pt: 13.0,
            appendix_label_pt: 14.0,
            indent_cm: 1.0,
            paragraph_spacing_pt: 6.0,
            line_spacing: 1.1,
            left_col_cm: 6.5,
            right_col_cm: 10.0,
            signature_space_pt: 80.0,
            fonts: vec!["Times New Roman".into(), "Liberation Serif".into()],
            rule_pt: 0.6,
        }
    }
}

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

/// Half-points of a size in points (DOCX `w:sz`).
pub fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_times_metrics() {
        // Tiêu ngữ bold: 5.61 cm at 13 pt (spec §2.3), i.e. about 159 pt.
        let w = text_width_pt("Độc lập - Tự do - Hạnh phúc", 13.0, true);
        assert!((w - 159.0).abs() < 3.0, "{w}");
    }

    #[test]
    fn units() {
        assert_eq!(mm_to_twips(210.0), 11906);
        assert_eq!(mm_to_twips(297.0), 16838);
        assert_eq!(cm_to_twips(1.0), 567);
        assert_eq!(half_points(13.0), 26);
    }
}
