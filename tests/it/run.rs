//! `vanban run`: the full output of a period, determinism, interruption, flat memory.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn run_into(out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["run", "--quiet", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    vanban(&args)
}

/// The hidden entries of an output root: a run's temporary or set-aside folders.
fn hidden_entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// Every file of a folder (recursively) with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn run_writes_the_full_period_output_and_a_manifest() {
    let dir = TempDir::new("run");
    let out = run_into(&dir.0, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(text.contains("chưa nộp: 21"), "{text}");
    assert!(text.contains("nộp muộn: 1"), "{text}");
    let period = dir.path("q1-2019");
    let files = tree(&period);
    for f in [
        "bao-cao-cchc-q1-2019.docx",
        "bao-cao-cchc-q1-2019.pdf",
        "kiem-tra/tong-hop-q1-2019.xlsx",
        "kiem-tra/STC-q1-2019-kiem-tra.xlsx",
        "cong-van-don-doc/nhac-han-QNQ-q1-2019.pdf",
        "cong-van-don-doc/don-doc-chua-gui-q1-2019.pdf",
        "to-trinh-cchc-q1-2019.docx",
        "quyet-dinh/qd-3472-2018.docx",
        "quyet-dinh/qd-3472-2018.pdf",
        "manifest.json",
    ] {
        assert!(files.contains_key(f), "missing {f}");
    }
    assert_eq!(
        files
            .keys()
            .filter(|k| k.starts_with("cong-van-don-doc/") && k.ends_with(".docx"))
            .count(),
        7
    );
    assert_eq!(
        files
            .keys()
            .filter(|k| k.starts_with("kiem-tra/") && k.ends_with("-kiem-tra.xlsx"))
            .count(),
        14
    );
    // The manifest lists every file with its hash, the inputs and the findings.
    let m: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let listed: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), files.len() - 1);
    for f in m["files"].as_array().unwrap() {
        let bytes = &files[f["path"].as_str().unwrap()];
        use sha2::Digest;
        let h: String = sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"], h);
    }
    // 14 workbooks and Sở Xây dựng's cover letter (a PDF, read for its agency).
    assert_eq!(m["inputs"].as_array().unwrap().len(), 15);
    // Each input's hash is of the bytes that were parsed: the file as it is on disk.
    for i in m["inputs"].as_array().unwrap() {
        use sha2::Digest;
        let bytes = std::fs::read(root().join(i["path"].as_str().unwrap())).unwrap();
        let h: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(i["sha256"], h, "{}", i["path"]);
    }
    assert_eq!(m["findings"]["task.missing"], 1);
    assert_eq!(m["agencies"]["missing"], 21);
    assert!(m["timings_ms"].as_object().unwrap().len() >= 4);
    // No temporary folder is left beside it.
    let hidden: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(hidden.is_empty());

    // --format json prints the manifest.
    let out = run_into(&dir.0, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["period"], "q1-2019");
}

#[test]
fn same_inputs_give_byte_identical_documents() {
    let a = TempDir::new("det-a");
    let b = TempDir::new("det-b");
    assert_eq!(run_into(&a.0, &[]).status.code(), Some(0));
    assert_eq!(run_into(&b.0, &[]).status.code(), Some(0));
    let ta = tree(&a.path("q1-2019"));
    let tb = tree(&b.path("q1-2019"));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        if k.ends_with(".docx") || k.ends_with(".pdf") || k.ends_with(".xlsx") {
            assert!(v == &tb[k], "{k} differs between two runs");
        }
    }
}

/// The fonts are read on a thread of their own while the submissions are checked: a
/// font folder that cannot be read is still the run's error, said as such (not as an
/// interruption), and the previous output stays as it was.
#[test]
fn a_font_folder_that_cannot_be_read_fails_the_run_and_keeps_the_output() {
    let dir = TempDir::new("font-dir");
    assert_eq!(run_into(&dir.0, &[]).status.code(), Some(0));
    let before = tree(&dir.path("q1-2019"));
    // The shipped configuration, with a font folder that does not exist.
    let missing = dir.path("khong-co-phong");
    let shipped = std::fs::read_to_string(root().join("vanban.toml")).unwrap();
    let text = shipped.replace(
        "# font_dir = \"/usr/share/fonts/truetype/msttcorefonts\"",
        &format!("font_dir = {:?}", missing.to_str().unwrap()),
    );
    assert_ne!(text, shipped, "vanban.toml changed shape");
    let config = dir.path("vanban.toml");
    std::fs::write(&config, text).unwrap();
    let out = run_into(&dir.0, &["--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("khong-co-phong"), "the folder is named: {err}");
    assert!(!err.contains("Ctrl-C"), "not an interruption: {err}");
    // Stopped before the submissions are checked, as when the fonts were read first.
    assert!(!err.contains("cảnh báo"), "nothing else said: {err}");
    assert_eq!(tree(&dir.path("q1-2019")), before);
    let leftovers = hidden_entries(&dir.0);
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn an_interrupted_run_leaves_the_previous_output_intact() {
    let dir = TempDir::new("interrupt");
    assert_eq!(run_into(&dir.0, &[]).status.code(), Some(0));
    let before = tree(&dir.path("q1-2019"));
    // A bigger period so that the run is still working when interrupted.
    let sample = TempDir::new("interrupt-sample");
    let out = vanban(&[
        "sample",
        "--agencies",
        "120",
        "--period",
        "q1-2019",
        "-o",
        sample.0.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let config = sample.path("vanban.toml");
    std::fs::write(
        &config,
        format!(
            "period = \"q1-2019\"\nas_of = \"2019-03-06\"\n[inputs]\nregistry = {:?}\nsubmissions = {:?}\n",
            sample.path("co-quan.toml").display().to_string(),
            sample.path("bao-cao").display().to_string()
        ),
    )
    .unwrap();
    for delay_ms in [150u64, 400, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args([
                "run",
                "--quiet",
                "--config",
                config.to_str().unwrap(),
                "-o",
                dir.0.to_str().unwrap(),
            ])
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // SIGTERM, as a service manager or `kill` sends.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status();
        let status = child.wait().unwrap();
        let after = tree(&dir.path("q1-2019"));
        if status.success() {
            // Finished before the signal: a complete new output (120 agencies).
            let m: serde_json::Value = serde_json::from_slice(&after["manifest.json"]).unwrap();
            assert_eq!(m["inputs"].as_array().unwrap().len(), 120);
        } else {
            assert_eq!(
                after, before,
                "interrupted after {delay_ms} ms: previous output changed"
            );
        }
        // Never a partial folder or a temporary file left behind.
        let leftovers = hidden_entries(&dir.0);
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
        assert!(!after.keys().any(|k| k.ends_with(".tmp")));
    }
}

/// Resident memory of this process (Linux), in MB.
fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

#[test]
fn memory_stays_flat_over_hundreds_of_documents() {
    let Some(_) = rss_mb() else {
        eprintln!("no /proc: skipping the memory profile");
        return;
    };
    let spec = root().join("inputs/quyet-dinh/qd-3472-2018.toml");
    let registry = vanban::Registry::load(&root().join("inputs/co-quan.toml")).unwrap();
    let mut doc = vanban::read::spec::DecisionSpec::load(&spec)
        .unwrap()
        .compose(spec.parent().unwrap(), &registry)
        .unwrap();
    doc.appendices.clear();
    let writer = vanban::doc::pdf::PdfWriter::new();
    let mut samples = Vec::new();
    for i in 0..520u32 {
        // A different document each time (a different number), as in a batch.
        doc.number = Some(i + 1);
        writer.render(&doc).unwrap();
        if i % 65 == 64 {
            samples.push(rss_mb().unwrap());
        }
    }
    eprintln!("RSS every 65 documents (MB): {samples:?}");
    let first = samples[1];
    let last = *samples.last().unwrap();
    assert!(
        last - first < 60.0,
        "memory grew from {first:.0} MB to {last:.0} MB over 520 documents: {samples:?}"
    );
}
