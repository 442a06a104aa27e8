//! What a signature shows on the page (Nghị định 30/2020, Phụ lục I, II.7.d and 8):
//! the leader's signature image in blue between chức vụ and họ tên; the organisation's
//! seal image in red, at its true size, over about a third of the leader's image on its
//! left; on an attachment, no image but the số và ký hiệu and the signing time in ISO
//! 8601 at the top right of the first page, Times New Roman 10 pt, upright, black.
//!
//! Images are taken as ink: however the scan was coloured, each pixel's ink (its alpha
//! times how far its darkest channel is from white) is painted in the decree's colour.

use super::SignError;
use super::pdf::{Update, set};
use std::path::Path;

/// Blue for a signature, red for a seal.
pub const BLUE: [u8; 3] = [0, 0, 255];
pub const RED: [u8; 3] = [255, 0, 0];

/// An image reduced to its ink.
pub struct Ink {
    pub width: u32,
    pub height: u32,
    /// One byte of coverage a pixel.
    pub coverage: Vec<u8>,
}

impl Ink {
    /// Reads a PNG (any colour type, with or without transparency).
    pub fn from_png(path: &Path) -> Result<Ink, SignError> {
        let err = |message: String| SignError::Image {
            path: path.display().to_string(),
            message,
        };
        let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder
            .read_info()
            .map_err(|e| err(format!("không phải ảnh PNG: {e}")))?;
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| err("ảnh quá lớn".into()))?;
        let mut buf = vec![0; size];
        let info = reader
            .next_frame(&mut buf)
            .map_err(|e| err(format!("ảnh PNG hỏng: {e}")))?;
        let channels = info.color_type.samples();
        let pixels = (info.width as usize) * (info.height as usize);
        let mut coverage = Vec::with_capacity(pixels);
        for px in buf[..info.buffer_size()].chunks_exact(channels) {
            let (darkest, alpha) = match channels {
                1 => (px[0], 255),
                2 => (px[0], px[1]),
                3 => (px[0].min(px[1]).min(px[2]), 255),
                _ => (px[0].min(px[1]).min(px[2]), px[3]),
            };
            let ink = (255 - darkest as u32) * alpha as u32 / 255;
            coverage.push(ink as u8);
        }
        if coverage.iter().all(|&c| c == 0) {
            return Err(err("ảnh trống (không có nét nào)".into()));
        }
        Ok(Ink {
            width: info.width,
            height: info.height,
            coverage,
        })
    }

    /// The image XObject painting this ink in `colour`: a flat colour image with the
    /// ink as its soft mask. Returns the object number.
    pub fn put(&self, update: &mut Update, colour: [u8; 3]) -> u32 {
        let mask = update.alloc();
        let image = update.alloc();
        let common = |space: &str| {
            vec![
                ("Type".to_string(), b"/XObject".to_vec()),
                ("Subtype".to_string(), b"/Image".to_vec()),
                ("Width".to_string(), self.width.to_string().into_bytes()),
                ("Height".to_string(), self.height.to_string().into_bytes()),
                ("ColorSpace".to_string(), space.as_bytes().to_vec()),
                ("BitsPerComponent".to_string(), b"8".to_vec()),
                ("Filter".to_string(), b"/FlateDecode".to_vec()),
            ]
        };
        update.put_stream(mask, common("/DeviceGray"), &deflate(&self.coverage));
        let flat: Vec<u8> = std::iter::repeat_n(colour, (self.width * self.height) as usize)
            .flatten()
            .collect();
        let mut dict = common("/DeviceRGB");
        set(&mut dict, "SMask", format!("{mask} 0 R").into_bytes());
        update.put_stream(image, dict, &deflate(&flat));
        image
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// A form XObject of `w` × `h` points drawing `content` with these image resources.
pub fn form(update: &mut Update, w: f64, h: f64, images: &[(String, u32)], content: &str) -> u32 {
    let num = update.alloc();
    let xobjects: String = images
        .iter()
        .map(|(name, n)| format!("/{name} {n} 0 R"))
        .collect();
    let dict = vec![
        ("Type".to_string(), b"/XObject".to_vec()),
        ("Subtype".to_string(), b"/Form".to_vec()),
        (
            "BBox".to_string(),
            format!("[0 0 {w:.2} {h:.2}]").into_bytes(),
        ),
        ("Filter".to_string(), b"/FlateDecode".to_vec()),
        (
            "Resources".to_string(),
            format!("<</XObject<<{xobjects}>>>>").into_bytes(),
        ),
    ];
    update.put_stream(num, dict, &deflate(content.as_bytes()));
    num
}

/// Text drawn as the glyph outlines of the embedded serif (Liberation Serif, Times New
/// Roman's metric twin): a stamp needs no font resource, so the update stays small and
/// PDF/A's font rules are not in play. Lines are right-aligned at `right`, the first
/// baseline at `top` − size; returns the content and the block's width.
pub fn text_lines(lines: &[String], size: f64, right: f64, top: f64) -> (String, f64) {
    let Ok(face) = ttf_parser::Face::parse(crate::fonts::EMBEDDED[0], 0) else {
        return (String::new(), 0.0);
    };
    let scale = size / face.units_per_em() as f64;
    let width = |s: &str| -> f64 {
        s.chars()
            .filter_map(|c| face.glyph_index(c))
            .map(|g| face.glyph_hor_advance(g).unwrap_or(0) as f64 * scale)
            .sum()
    };
    let widest = lines.iter().map(|l| width(l)).fold(0.0, f64::max);
    let mut out = String::from("0 g\n");
    let leading = size * 1.2;
    for (i, line) in lines.iter().enumerate() {
        let mut x = right - width(line);
        let y = top - size - i as f64 * leading;
        for c in line.chars() {
            let Some(g) = face.glyph_index(c) else {
                continue;
            };
            let mut path = Outline {
                out: &mut out,
                x,
                y,
                scale,
                last: (0.0, 0.0),
            };
            face.outline_glyph(g, &mut path);
            x += face.glyph_hor_advance(g).unwrap_or(0) as f64 * scale;
        }
        out.push_str("f\n");
    }
    (out, widest)
}

struct Outline<'a> {
    out: &'a mut String,
    x: f64,
    y: f64,
    scale: f64,
    last: (f64, f64),
}

impl Outline<'_> {
    fn at(&self, x: f32, y: f32) -> (f64, f64) {
        (
            self.x + x as f64 * self.scale,
            self.y + y as f64 * self.scale,
        )
    }
}

impl ttf_parser::OutlineBuilder for Outline<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.out.push_str(&format!("{:.2} {:.2} m ", p.0, p.1));
        self.last = p;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.out.push_str(&format!("{:.2} {:.2} l ", p.0, p.1));
        self.last = p;
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // The quadratic as a cubic: control points 2/3 of the way to the quad's.
        let (q, p) = (self.at(x1, y1), self.at(x, y));
        let c1 = (
            self.last.0 + 2.0 / 3.0 * (q.0 - self.last.0),
            self.last.1 + 2.0 / 3.0 * (q.1 - self.last.1),
        );
        let c2 = (p.0 + 2.0 / 3.0 * (q.0 - p.0), p.1 + 2.0 / 3.0 * (q.1 - p.1));
        self.out.push_str(&format!(
            "{:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c ",
            c1.0, c1.1, c2.0, c2.1, p.0, p.1
        ));
        self.last = p;
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (a, b, p) = (self.at(x1, y1), self.at(x2, y2), self.at(x, y));
        self.out.push_str(&format!(
            "{:.2} {:.2} {:.2} {:.2} {:.2} {:.2} c ",
            a.0, a.1, b.0, b.1, p.0, p.1
        ));
        self.last = p;
    }
    fn close(&mut self) {
        self.out.push_str("h\n");
    }
}
