//! The DOCX's chart pictures encoded as PNG: exact, small, and fast to write.

use std::io::Write;

/// A chart page as PNG. The page is filled white, so every pixel is opaque and its
/// premultiplied RGBA is its colour. Bars, black text and its anti-aliased edges on
/// white often use fewer than 256 colours: the picture is then written with a palette
/// (one byte a pixel, exact); a chart with more (the Chỉ số charts' coloured reference
/// lines and labels over the bars: the 257th colour turns up within the first rows) is
/// written as RGB. Both with the `png` crate's fast deflate (fdeflate) after its
/// adaptive row filters: other filters were measured faster but larger (Paeth: 4.1 →
/// 2.7 ms for a 2143 × 1224 chart, 7 % larger).
/// tiny-skia's own encoder copies the pixmap to demultiply it and compresses RGBA with
/// the balanced level, which cost more than laying out and drawing the chart.
pub(super) fn encode_opaque_png(
    rgba: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    if let Some((palette, data)) = palette_of(rgba) {
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_palette(palette);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&data)?;
        writer.finish()?;
        return Ok(out);
    }
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header()?;
    // Streamed a band of rows at a time through one small buffer: an RGB copy of the
    // whole picture (up to 8 MB) was zeroed and then faulted in page by page for every
    // chart (1.2 % of a city run's CPU time in perf).
    let mut stream = writer.stream_writer_with_size(STREAM_CHUNK)?;
    let band = (width as usize * 4 * BAND_ROWS).max(4);
    let mut rgb = vec![0u8; band / 4 * 3];
    for rows in rgba.chunks(band) {
        let (pixels, _) = rows.as_chunks::<4>();
        let rgb = &mut rgb[..pixels.len() * 3];
        // Pixel arrays into a buffer of the right size: the flattened iterator of
        // arrays cost a third of encoding the chart.
        for (to, p) in rgb.as_chunks_mut::<3>().0.iter_mut().zip(pixels) {
            *to = [p[0], p[1], p[2]];
        }
        stream.write_all(rgb)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// Rows converted to RGB at a time.
const BAND_ROWS: usize = 32;
/// Bytes of compressed data per `IDAT` chunk.
const STREAM_CHUNK: usize = 1 << 16;

/// The picture as a palette (RGB triples) and one index a pixel, when it has at most
/// 256 colours.
fn palette_of(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    /// The colour itself is a good enough hash for a few hundred colours.
    #[derive(Default)]
    struct Spread(u64);
    impl std::hash::Hasher for Spread {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            }
        }
        fn write_u32(&mut self, n: u32) {
            self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    let mut index: std::collections::HashMap<u32, u8, std::hash::BuildHasherDefault<Spread>> =
        Default::default();
    let mut palette: Vec<u8> = Vec::new();
    let mut data = Vec::with_capacity(rgba.len() / 4);
    // Runs of one colour (white, a bar) are most of the picture: the map is asked only
    // where the colour changes.
    let mut last: Option<(u32, u8)> = None;
    for p in rgba.chunks_exact(4) {
        let c = u32::from_le_bytes([p[0], p[1], p[2], 0]);
        let i = match last {
            Some((lc, li)) if lc == c => li,
            _ => {
                let i = match index.get(&c) {
                    Some(&i) => i,
                    None if palette.len() < 3 * 256 => {
                        let i = (palette.len() / 3) as u8;
                        palette.extend_from_slice(&p[..3]);
                        index.insert(c, i);
                        i
                    }
                    None => return None,
                };
                last = Some((c, i));
                i
            }
        };
        data.push(i);
    }
    Some((palette, data))
}
