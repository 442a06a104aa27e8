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
    let _ = vanban::read::deadline::parse_deadline(s, Some(2019));
    let _ = vanban::read::deadline::parse_deadline(s, None);
    let _ = vanban::read::values::parse_date_text(s);
    let _ = vanban::read::values::parse_status(s);
    let _ = vanban::read::values::parse_count(&vanban::read::sheet::Value::Text(s.into()));
    let _ = vanban::model::catalogue::normalize_task_code(s);
    let _ = vanban::model::period::Period::parse_loose(s, Some(2019));
    let _ = vanban::read::legacy::detect(s);
    let _ = registry().resolve(s);
    let _ = vanban::text::compact_key(s);
});
