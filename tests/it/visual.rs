//! Visual regression: page 1 of every document kind rendered to a small grey image and
//! compared with the committed reference (`tests/fixtures/visual/`), so that a layout
//! change is seen. After an intended change, regenerate the references with
//!
//! ```sh
//! VANBAN_UPDATE_REFERENCE_IMAGES=1 cargo test --release --test it visual
//! ```
//!
//! and look at them (`pnmtopng` or any image viewer) before committing.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use vanban::doc::Document;
use vanban::doc::pdf::PdfWriter;

/// Resolution of the comparison: enough to see a moved line or a changed size.
const DPI: &str = "30";

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/visual")
}

/// A greyscale image (PGM, as pdftoppm writes it).
struct Grey {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

fn parse_pgm(bytes: &[u8]) -> Grey {
    // "P5\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..pos]).into_owned());
    }
    assert_eq!(fields[0], "P5", "a binary PGM");
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    Grey {
        width,
        height,
        pixels: bytes[pos + 1..].to_vec(),
    }
}

/// Page `page` (1-based) of a PDF as a grey image; `None` without poppler.
fn render_page(pdf: &[u8], page: usize, dir: &Path) -> Option<Vec<u8>> {
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        return None;
    }
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let p = page.to_string();
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", DPI, "-f", &p, "-l", &p, "-singlefile"])
        .arg(&path)
        .arg(dir.join("page"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(std::fs::read(dir.join("page.pgm")).unwrap())
}

/// The first page whose text holds `marker`.
fn page_with(pdf: &[u8], marker: &str, dir: &Path) -> usize {
    let path = dir.join("find.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.split('\u{c}')
        .position(|p| p.contains(marker))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no page holds {marker:?}"))
}

/// Compares a rendered page with its reference (or writes the reference).
fn compare(name: &str, image: Vec<u8>) {
    let reference = fixtures().join(format!("{name}.pgm"));
    if std::env::var_os("VANBAN_UPDATE_REFERENCE_IMAGES").is_some() {
        std::fs::create_dir_all(fixtures()).unwrap();
        std::fs::write(&reference, &image).unwrap();
        return;
    }
    let want = parse_pgm(&std::fs::read(&reference).unwrap_or_else(|_| {
        panic!(
            "no reference image {}: see this file's header",
            reference.display()
        )
    }));
    let got = parse_pgm(&image);
    assert_eq!(
        (got.width, got.height),
        (want.width, want.height),
        "{name}: size"
    );
    let differing = got
        .pixels
        .iter()
        .zip(&want.pixels)
        .filter(|(a, b)| a.abs_diff(**b) > 48)
        .count();
    let share = differing as f64 / got.pixels.len() as f64;
    // Anti-aliasing may move a little; a moved line or a changed size moves far more.
    assert!(
        share < 0.002,
        "{name}: {:.2} % of the pixels differ from {} (regenerate if intended: see this file's header)",
        share * 100.0,
        reference.display()
    );
}

fn decision() -> Document {
    let registry = vanban::Registry::load(&root().join("inputs/co-quan.toml")).unwrap();
    let spec = root().join("inputs/quyet-dinh/qd-3472-2018.toml");
    vanban::read::spec::DecisionSpec::load(&spec)
        .unwrap()
        .compose(spec.parent().unwrap(), &registry)
        .unwrap()
}

#[test]
fn first_pages_of_every_document_kind_look_as_before() {
    let dir = TempDir::new("visual");
    let writer = PdfWriter::new();
    let qd = writer.render(&decision()).unwrap();
    let Some(page1) = render_page(&qd, 1, &dir.0) else {
        eprintln!("pdftoppm (poppler-utils) absent: skipping the visual regression check");
        return;
    };
    compare("quyet-dinh", page1);
    compare("ke-hoach", render_page(&qd, 2, &dir.0).unwrap());
    let annex = page_with(&qd, "DANH MỤC", &dir.0);
    compare("danh-muc", render_page(&qd, annex, &dir.0).unwrap());

    let ws = reference();
    let (checked, summary) = sample_period(&ws);
    let config = documents();
    let report = writer
        .render(
            &ws.report(&summary, &checked, &config, None)
                .unwrap()
                .document,
        )
        .unwrap();
    compare("bao-cao", render_page(&report, 1, &dir.0).unwrap());
    // The first page "kèm theo" the report: Phụ lục I.
    let annex = page_with(&report, "(Kèm theo Báo cáo số", &dir.0);
    compare("phu-luc-i", render_page(&report, annex, &dir.0).unwrap());
    let letter = ws
        .reminders(&summary, &checked, &config)
        .into_iter()
        .find(|l| l.recipients == ["STC"])
        .unwrap();
    let letter = writer.render(&letter.document).unwrap();
    compare("cong-van", render_page(&letter, 1, &dir.0).unwrap());
}
