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

/// Panics inside calamine are caught by vanban (`catch_unwind`, reported as
/// `file.unreadable`); keep them from aborting the fuzzer, as in the vanban binary. A
/// panic anywhere else still escapes the target and is a crash.
fn quiet_calamine_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    quiet_calamine_panics();
    if let Ok(book) = vanban::read::sheet::Workbook::from_bytes(data.to_vec()) {
        let _ = vanban::Catalogue::from_workbook(&book, "fuzz.xlsx", registry(), None);
        let _ = vanban::Catalogue::from_workbook(&book, "fuzz.xlsx", registry(), Some(2019));
    }
});
