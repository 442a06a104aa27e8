//! Units the writers convert between (millimetres, centimetres, points, twips, Word's
//! half-points) and the width of a text in the embedded face, measured the way the PDF
//! lays it out.

/// Width of a text in points, measured with the embedded Liberation Serif (metric-
/// compatible with Times New Roman): used to size the short rules as the PDF does.
pub fn text_width_pt(text: &str, size_pt: f64, bold: bool) -> f64 {
    let metrics = Metrics::of(bold);
    let units: f64 = text.chars().map(|c| metrics.advance(c)).sum();
    units / metrics.upem * size_pt
}

/// The advances of one embedded face, looked up once per character below U+2000 (Latin,
/// Vietnamese, punctuation: what titles are made of). Titles are measured thousands of
/// times a run, and parsing the face and its cmap for every one cost more than the
/// measuring.
struct Metrics {
    face: Option<ttf_parser::Face<'static>>,
    upem: f64,
    /// Advance in font units by character, for characters below [`Metrics::TABLED`].
    table: Vec<f64>,
}

impl Metrics {
    const TABLED: u32 = 0x2000;

    fn of(bold: bool) -> &'static Metrics {
        const REGULAR: &[u8] = include_bytes!("../../templates/fonts/LiberationSerif-Regular.ttf");
        const BOLD: &[u8] = include_bytes!("../../templates/fonts/LiberationSerif-Bold.ttf");
        static CELLS: [std::sync::OnceLock<Metrics>; 2] =
            [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
        CELLS[usize::from(bold)].get_or_init(|| {
            let face = ttf_parser::Face::parse(if bold { BOLD } else { REGULAR }, 0).ok();
            let mut m = Metrics {
                upem: face
                    .as_ref()
                    .map_or(1000.0, |f| f64::from(f.units_per_em())),
                face,
                table: Vec::new(),
            };
            m.table = (0..Self::TABLED)
                .map(|u| char::from_u32(u).map_or(m.upem * 0.5, |c| m.lookup(c)))
                .collect();
            m
        })
    }

    fn advance(&self, c: char) -> f64 {
        match self.table.get(c as usize) {
            Some(&a) => a,
            None => self.lookup(c),
        }
    }

    /// The face's advance of a character (half an em when it has none, or when the
    /// face could not be read: the width of an average letter).
    fn lookup(&self, c: char) -> f64 {
        self.face
            .as_ref()
            .and_then(|f| f.glyph_index(c).and_then(|g| f.glyph_hor_advance(g)))
            .map_or(self.upem * 0.5, f64::from)
    }
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
