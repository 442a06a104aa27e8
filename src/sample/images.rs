//! Sample images for digital signing (`inputs/ky-so/`): a signature and a round seal,
//! drawn from formulas so that `cargo run --example make-inputs` makes the same files.
//! They are SAMPLE DATA — an office signs with its leader's real signature image and its
//! seal's image, which the decree asks to be PNGs with a transparent background.

/// A PNG of `w` × `h` whose pixel (x, y) has ink `f(x, y)` in 0..=1, in `rgb`, on a
/// transparent background.
fn png(w: u32, h: u32, rgb: [u8; 3], f: impl Fn(f64, f64) -> f64) -> Vec<u8> {
    let mut data = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let a = (f(x as f64 + 0.5, y as f64 + 0.5).clamp(0.0, 1.0) * 255.0).round() as u8;
            data.extend_from_slice(&[rgb[0], rgb[1], rgb[2], a]);
        }
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    if let Ok(mut writer) = enc.write_header() {
        let _ = writer.write_image_data(&data);
    }
    out
}

/// Ink of a stroke of half-width `r` at distance `d` from its centre line, anti-aliased.
fn stroke(d: f64, r: f64) -> f64 {
    r + 0.5 - d
}

/// A signature: a flowing stroke with a loop and an underline flourish (600 × 240 px).
pub fn signature_png() -> Vec<u8> {
    // The stroke as a sampled curve; ink is the distance to the nearest sample.
    let mut pts = Vec::new();
    for i in 0..=1200 {
        let t = i as f64 / 1200.0;
        let x = 40.0 + 500.0 * t;
        let y = 120.0 - 60.0 * (t * 9.0).sin() * (1.0 - t).powf(0.6) - 25.0 * (t * 23.0).sin() * t;
        pts.push((x, y));
    }
    for i in 0..=400 {
        let t = i as f64 / 400.0;
        pts.push((120.0 + 420.0 * t, 190.0 - 30.0 * t + 8.0 * (t * 6.0).sin()));
    }
    png(600, 240, [10, 20, 90], |x, y| {
        let d = pts
            .iter()
            .map(|(px, py)| (px - x).hypot(py - y))
            .fold(f64::MAX, f64::min);
        stroke(d, 3.0)
    })
}

/// A round seal: two rings and a five-pointed star (400 × 400 px; printed at the
/// diameter `vanban ky --co-dau` gives, 36 mm by default).
pub fn seal_png() -> Vec<u8> {
    let c = 200.0;
    let star: Vec<(f64, f64)> = (0..10)
        .map(|i| {
            let r = if i % 2 == 0 { 70.0 } else { 28.0 };
            let a = std::f64::consts::PI * (i as f64 / 5.0 - 0.5);
            (c + r * a.cos(), c + r * a.sin())
        })
        .collect();
    png(400, 400, [200, 20, 20], |x, y| {
        let r = (x - c).hypot(y - c);
        let rings = stroke((r - 190.0).abs(), 6.0).max(stroke((r - 150.0).abs(), 2.5));
        rings.max(if inside(&star, x, y) { 1.0 } else { 0.0 })
    })
}

/// Whether (x, y) is inside the polygon (even-odd rule).
fn inside(poly: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut odd = false;
    let mut j = poly.len() - 1;
    for i in 0..poly.len() {
        let (xi, yi) = poly[i];
        let (xj, yj) = poly[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            odd = !odd;
        }
        j = i;
    }
    odd
}
