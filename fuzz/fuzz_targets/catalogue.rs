//! Bytes → workbook → catalogue: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn registry() -> &'static vanban::Registry {
    static R: OnceLock<vanban::Registry> = OnceLock::new();
    R.get_or_init(|| {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        vanban::Registry::load(&root.join("inputs/co-quan.toml")).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(book) = vanban::sheet::Workbook::from_bytes(data.to_vec()) {
        let _ = vanban::Catalogue::from_workbook(&book, "fuzz.xlsx", registry(), None);
        let _ = vanban::Catalogue::from_workbook(&book, "fuzz.xlsx", registry(), Some(2019));
    }
});
