//! Writing output files safely: every file is written to a temporary name in its own
//! folder, flushed, then renamed over the target, so a reader never sees half a file and
//! an interrupted run leaves the previous version in place.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temporary file in the same folder + rename).
/// Creates the parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Writes to `path` atomically what `fill` streams into the writer (a temporary file in
/// the same folder, buffered, synced, then renamed): a large output never has to be
/// held whole in memory, and a reader never sees it half-written.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        fill(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Parts of a package (DOCX, XLSX) smaller than this are stored, not deflated: setting
/// up a deflate stream (its hash tables cleared) costs more than the few hundred bytes
/// it would save, and a document has dozens of such parts.
pub const STORE_BELOW: usize = 1024;

/// A file-name stem safe on every system, derived from a code or a Vietnamese name:
/// accents removed ("Sở Tư pháp" → "So-Tu-phap"), anything but letters, digits, `-`
/// and `_` replaced by `-`, no leading dot, at most 80 characters, never empty and never
/// a reserved Windows device name.
pub fn safe_file_stem(s: &str) -> String {
    let mut out = String::new();
    for c in crate::text::clean(s).chars() {
        let c = if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            c
        } else {
            match crate::text::fold_char(c) {
                f if f.is_ascii_alphanumeric() => f,
                _ => '-',
            }
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
        if out.len() >= 80 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    let reserved = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "lpt1", "lpt2", "lpt3",
    ];
    if out.is_empty() {
        "tep".into()
    } else if reserved.contains(&out.to_ascii_lowercase().as_str()) {
        format!("{out}_")
    } else {
        out
    }
}

/// `STP.xlsx` → `STP-kiem-tra.xlsx`, unique within a run.
pub fn feedback_name(file: &str, used: &mut std::collections::HashSet<String>) -> String {
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = format!("{}-kiem-tra", safe_file_stem(&stem));
    let mut name = format!("{base}.xlsx");
    let mut n = 2;
    while !used.insert(name.to_lowercase()) {
        name = format!("{base}-{n}.xlsx");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_stems() {
        assert_eq!(safe_file_stem("STP"), "STP");
        assert_eq!(safe_file_stem("Sở Tư pháp"), "So-Tu-phap");
        assert_eq!(safe_file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_file_stem("CON"), "CON_");
        assert_eq!(safe_file_stem(""), "tep");
        assert!(safe_file_stem(&"á".repeat(500)).len() <= 80);
    }

    #[test]
    fn writes_and_replaces() {
        let dir = std::env::temp_dir().join(format!("vanban-out-{}", std::process::id()));
        let p = dir.join("sub/a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
