//! Bytes → workbook → submission → findings: never a panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vanban::Workspace;
use vanban::workspace::Paths;

fn reference() -> &'static Workspace {
    static R: OnceLock<Workspace> = OnceLock::new();
    R.get_or_init(|| {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        Workspace::load(
            &Paths::under(&root),
            None,
        )
        .unwrap_or_else(|e| panic!("{e:?}"))
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
    let r = reference();
    let period = vanban::model::period::Period::parse_id("q1-2019");
    let (sub, checked) = r.check_bytes("fuzz.xlsx", data.to_vec(), period, chrono_date(), None);
    let _ = r.feedback(&sub, &checked);
});

fn chrono_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2019, 3, 6).unwrap()
}
