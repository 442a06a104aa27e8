//! The text parsers (deadlines, dates, statuses, task codes, periods, agency phrases,
//! legacy encodings): never a panic.
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
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = vanban::deadline::parse_deadline(s, Some(2019));
    let _ = vanban::deadline::parse_deadline(s, None);
    let _ = vanban::values::parse_date_text(s);
    let _ = vanban::values::parse_status(s);
    let _ = vanban::values::parse_count(&vanban::sheet::Value::Text(s.to_string()));
    let _ = vanban::catalogue::normalize_task_code(s);
    let _ = vanban::period::Period::parse_loose(s, Some(2019));
    let _ = vanban::legacy::detect(s);
    let _ = registry().resolve(s);
    let _ = vanban::text::compact_key(s);
});
