//! Regenerates the sample inputs that are built from committed data:
//! `cargo run --example make-inputs` writes `inputs/danh-muc-2019.xlsx`, the second
//! sample plan's annex `inputs/mau-khac/chuong-trinh-2023.xlsx` and the sample
//! submissions of `inputs/bao-cao/q1-2019/` and the sample scoring workbooks of two
//! years `inputs/chi-so/cham-diem-2017.xlsx` and `cham-diem-2018.xlsx`.

use std::path::Path;
use vanban::Workspace;
use vanban::workspace::Paths;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let annex = Path::new("inputs/danh-muc-2019.xlsx");
    vanban::sample::write_seed_annex(annex)?;
    println!("đã ghi {}", annex.display());

    let programme = Path::new("inputs/mau-khac/chuong-trinh-2023.xlsx");
    vanban::sample::write_programme_annex(programme)?;
    println!("đã ghi {}", programme.display());

    let reference = Workspace::load(&Paths::default(), None)?;
    std::fs::create_dir_all("inputs/chi-so")?;
    for year in [2017, 2018] {
        let scores = format!("inputs/chi-so/cham-diem-{year}.xlsx");
        std::fs::write(
            &scores,
            vanban::sample::scores::scores_workbook(&reference.registry, year)?,
        )?;
        println!("đã ghi {scores}");
    }
    std::fs::create_dir_all("inputs/ky-so")?;
    for (name, png) in [
        (
            "inputs/ky-so/chu-ky-mau.png",
            vanban::sample::images::signature_png(),
        ),
        (
            "inputs/ky-so/dau-mau.png",
            vanban::sample::images::seal_png(),
        ),
    ] {
        std::fs::write(name, png)?;
        println!("đã ghi {name}");
    }
    let dir = Path::new("inputs/bao-cao/q1-2019");
    let names = vanban::sample::submissions::write_sample_submissions(
        dir,
        &reference.catalogue,
        &reference.registry,
        &reference.indicators,
        &reference.calendar,
    )?;
    println!("đã ghi {} tệp vào {}", names.len(), dir.display());

    // The province sample: its annex, and the Quý I/2019 reports of three agencies in
    // four (the others have not reported), made from its own lists.
    let province = Path::new("inputs/tinh-quang-ninh");
    vanban::sample::write_province_annex(&province.join("danh-muc-2019.xlsx"))?;
    let ws = Workspace::load(
        &Paths {
            catalogue: province.join("danh-muc-2019.xlsx"),
            registry: province.join("co-quan.toml"),
            indicators: province.join("chi-tieu.toml"),
            calendar: province.join("ky-bao-cao.toml"),
            corrections: province.join("hieu-dinh.toml"),
            short_titles: None,
            outlines: province.join("de-cuong"),
            notes: province.join("ghi-chu"),
        },
        None,
    )?;
    let period = vanban::model::period::Period::parse_id("q1-2019").expect("period");
    let dir = province.join("bao-cao/q1-2019");
    std::fs::create_dir_all(&dir)?;
    let files = vanban::sample::submissions::generate(
        &ws.catalogue,
        &ws.registry,
        &ws.indicators,
        &ws.calendar,
        period,
        usize::MAX,
    )?;
    let mut written = 0;
    for (i, (name, bytes)) in files.iter().enumerate() {
        if i % 4 != 3 {
            vanban::output::write_atomic(&dir.join(name), bytes)?;
            written += 1;
        }
    }
    println!(
        "đã ghi {} và {written} tệp vào {}",
        province.display(),
        dir.display()
    );
    Ok(())
}
