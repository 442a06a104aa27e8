//! Regenerates the sample inputs that are built from committed data:
//! `cargo run --example make-inputs` writes `inputs/danh-muc-2019.xlsx`, the second
//! sample plan's annex `inputs/mau-khac/chuong-trinh-2023.xlsx` and the sample
//! submissions of `inputs/bao-cao/q1-2019/` and the sample scoring workbook
//! `inputs/chi-so/cham-diem-2018.xlsx`.

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
    let scores = Path::new("inputs/chi-so/cham-diem-2018.xlsx");
    std::fs::create_dir_all("inputs/chi-so")?;
    std::fs::write(
        scores,
        vanban::sample::scores::scores_workbook(&reference.registry)?,
    )?;
    println!("đã ghi {}", scores.display());
    let dir = Path::new("inputs/bao-cao/q1-2019");
    let names = vanban::sample::submissions::write_sample_submissions(
        dir,
        &reference.catalogue,
        &reference.registry,
        &reference.indicators,
        &reference.calendar,
    )?;
    println!("đã ghi {} tệp vào {}", names.len(), dir.display());
    Ok(())
}
