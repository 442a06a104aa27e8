//! Regenerates the sample inputs that are built from committed data:
//! `cargo run --example make-inputs` writes `inputs/danh-muc-2019.xlsx`.

fn main() -> std::io::Result<()> {
    let path = std::path::Path::new("inputs/danh-muc-2019.xlsx");
    vanban::sample::write_seed_annex(path)?;
    println!("đã ghi {}", path.display());
    Ok(())
}
