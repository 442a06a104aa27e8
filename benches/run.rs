//! Where a period's run spends its time, and how it compares: `cargo bench --bench run`.
//!
//! Prints, never asserts (timings depend on the machine):
//! 1. The shipped city run (`vanban run`, process start included): min / median / max
//!    over repeated runs, documents per second.
//! 2. Single commands: `report`, `decision` (the plan), `remind`.
//! 3. In process, one core: each stage (read and check, compose) and each document of
//!    the period (PDF layout, PDF export, DOCX with its chart pictures), by kind.
//! 4. LibreOffice converting the run's DOCX files in one process, against the run (when
//!    `soffice` is installed).
//! 5. The web page's upload-to-findings (POST of each shipped sample to `vanban serve`).
//!
//! `VANBAN_BENCH_RUNS` sets the repetitions (default 15). Run it on a quiet machine.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use vanban::Workspace;
use vanban::compose::config::ReportConfig;
use vanban::doc::Document;
use vanban::doc::pdf::PdfWriter;
use vanban::doc::{Formats, Writers};
use vanban::sample::submissions::{SAMPLE_PERIOD, sample_as_of};
use vanban::workspace::Paths;

const BIN: &str = env!("CARGO_BIN_EXE_vanban");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn runs() -> usize {
    std::env::var("VANBAN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15)
}

/// min, median, max in milliseconds.
fn spread(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(v[0]), ms(v[v.len() / 2]), ms(v[v.len() - 1]))
}

fn time_command(args: &[&str], n: usize) -> (f64, f64, f64) {
    let once = || {
        let t = Instant::now();
        let out = Command::new(BIN)
            .args(args)
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("vanban runs");
        assert!(out.code().is_some_and(|c| c <= 1), "vanban {args:?}: {out}");
        t.elapsed()
    };
    // Warm the page cache and the binary.
    once();
    once();
    spread((0..n).map(|_| once()).collect())
}

fn median_of<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut v: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn documents() -> ReportConfig {
    let text = std::fs::read_to_string(root().join("vanban.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    table["documents"].clone().try_into().unwrap()
}

fn main() {
    // Under `cargo test --benches` (or with a filter argument from cargo), do nothing.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let n = runs();
    let tmp = std::env::temp_dir().join(format!("vanban-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    println!(
        "machine: {} cores; {} runs each; {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        n,
        chrono::Local::now().format("%Y-%m-%d")
    );

    // 1. The whole city run.
    let out = tmp.join("city");
    let out_s = out.to_str().unwrap();
    let (lo, med, hi) = time_command(&["run", "--quiet", "-o", out_s], n);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("q1-2019/manifest.json")).unwrap()).unwrap();
    let docs = manifest["documents"].as_u64().unwrap_or(0);
    println!("\n1. vanban run, shipped city inputs (process start included)");
    println!(
        "   {docs} files DOCX+PDF: min {lo:.0} ms, median {med:.0} ms, max {hi:.0} ms; {:.0} documents per second (median)",
        docs as f64 / (med / 1000.0)
    );
    println!("   stages of the last run (ms): {}", manifest["timings_ms"]);

    // 2. Single commands.
    println!("\n2. single commands (process start included)");
    let one = tmp.join("one");
    let one_s = one.to_str().unwrap();
    for (label, args) in [
        (
            "report (báo cáo + tờ trình + tổng hợp)",
            vec!["report", "-o", one_s],
        ),
        (
            "decision (QĐ 3472 with its plan and annex)",
            vec![
                "decision",
                "inputs/quyet-dinh/qd-3472-2018.toml",
                "-o",
                one_s,
            ],
        ),
        ("remind (7 letters)", vec!["remind", "-o", one_s]),
    ] {
        let (lo, med, hi) = time_command(&args, n);
        println!("   {label:44} min {lo:5.0} ms  median {med:5.0} ms  max {hi:5.0} ms");
    }

    // 3. In process, one thread: stages and documents.
    println!("\n3. in process, one core (median of {n})");
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .ok();
    let ws = Workspace::load(&Paths::under(&root()), None).unwrap();
    let config = documents();
    let (files, _) =
        vanban::read::files::collect_inputs(&[root().join("inputs/bao-cao/q1-2019")]).unwrap();
    let check = median_of(n, || {
        ws.check_files(&files, Some(SAMPLE_PERIOD), sample_as_of(), None)
    });
    let checked: Vec<_> = ws
        .check_files(&files, Some(SAMPLE_PERIOD), sample_as_of(), None)
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let summary = ws.summarise(SAMPLE_PERIOD, sample_as_of(), &checked);
    let kinds: Vec<_> = vanban::compose::period::DOCUMENTS
        .iter()
        .map(|e| e.kind)
        .collect();
    let compose = median_of(n, || {
        ws.period_documents(&summary, &checked, &config, None, &kinds)
            .unwrap()
    });
    println!(
        "   read and check {} submissions: {:.1} ms",
        files.len(),
        check.as_secs_f64() * 1000.0
    );
    println!(
        "   compose the period's documents: {:.1} ms",
        compose.as_secs_f64() * 1000.0
    );
    let mut all: Vec<(String, Document)> = ws
        .period_documents(&summary, &checked, &config, None, &kinds)
        .unwrap()
        .0
        .into_iter()
        .map(|d| (format!("{:?}", d.kind), d.document))
        .collect();
    for spec in [
        "inputs/quyet-dinh/qd-3472-2018.toml",
        "inputs/quyet-dinh/cong-bo-chi-so-cchc-2018.toml",
    ] {
        let path = root().join(spec);
        let s = vanban::read::spec::DecisionSpec::load(&path).unwrap();
        let d = s.compose(path.parent().unwrap(), &ws.registry).unwrap();
        all.push(("Decision".into(), d));
    }
    let pdf = PdfWriter::new();
    let docx = Writers::new(
        Formats {
            docx: true,
            pdf: false,
        },
        None,
    )
    .unwrap();
    println!(
        "   {:10} {:>6} {:>9} {:>9} {:>9}  title",
        "kind", "pages", "layout", "export", "docx"
    );
    let mut totals = [Duration::ZERO; 3];
    for (kind, d) in &all {
        // Cold, as in a run: Typst's memoisation would otherwise lay out a document
        // it has just laid out for nothing.
        let cold = || typst::comemo::evict(0);
        let layout = median_of(n, || {
            cold();
            pdf.lay_out(d).unwrap()
        });
        let laid = pdf.lay_out(d).unwrap();
        let export = median_of(n, || {
            cold();
            pdf.write(&laid).unwrap()
        });
        let pages = laid.pages();
        let word = median_of(n, || {
            cold();
            docx.render(d)
        });
        for (t, x) in totals.iter_mut().zip([layout, export, word]) {
            *t += x;
        }
        let title: String = d
            .title
            .chars()
            .take(48)
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect();
        println!(
            "   {kind:10} {pages:>6} {:>7.1}ms {:>7.1}ms {:>7.1}ms  {title}",
            layout.as_secs_f64() * 1000.0,
            export.as_secs_f64() * 1000.0,
            word.as_secs_f64() * 1000.0,
        );
    }
    println!(
        "   {:10} {:>6} {:>7.1}ms {:>7.1}ms {:>7.1}ms  ({} documents)",
        "total",
        "",
        totals[0].as_secs_f64() * 1000.0,
        totals[1].as_secs_f64() * 1000.0,
        totals[2].as_secs_f64() * 1000.0,
        all.len()
    );

    // 4. LibreOffice.
    println!("\n4. LibreOffice converting the run's DOCX files to PDF, one process");
    match which("soffice") {
        Some(soffice) => {
            let docx_files: Vec<PathBuf> = walk(&out.join("q1-2019"))
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "docx"))
                .collect();
            let lo_out = tmp.join("lo");
            let profile = tmp.join("lo-profile");
            let convert = || {
                let t = Instant::now();
                let status = Command::new(&soffice)
                    .arg(format!(
                        "-env:UserInstallation=file://{}",
                        profile.display()
                    ))
                    .args(["--headless", "--convert-to", "pdf", "--outdir"])
                    .arg(&lo_out)
                    .args(&docx_files)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.success());
                t.elapsed()
            };
            convert(); // the profile is made on the first start
            let lo_runs: Vec<Duration> = (0..3).map(|_| convert()).collect();
            let (_, lo_med, _) = spread(lo_runs);
            let (_, run_med, _) = time_command(&["run", "--quiet", "-o", out_s], n);
            println!(
                "   {} DOCX in {lo_med:.0} ms ({:.0} ms each); vanban's whole run {run_med:.0} ms: LibreOffice's conversion alone takes {:.1}× vanban's run",
                docx_files.len(),
                lo_med / docx_files.len() as f64,
                lo_med / run_med
            );
        }
        None => println!("   skipped: soffice not installed (Debian: libreoffice-writer)"),
    }

    // 5. The web page's upload.
    println!("\n5. vanban serve: upload of each shipped sample to its findings (POST, loopback)");
    web_upload(&tmp, n);
    let _ = std::fs::remove_dir_all(&tmp);
}

fn web_upload(tmp: &Path, n: usize) {
    let folder = tmp.join("serve");
    std::fs::create_dir_all(folder.join("bao-cao/q1-2019")).unwrap();
    let r = root();
    let config = folder.join("vanban.toml");
    let shipped = std::fs::read_to_string(r.join("vanban.toml")).unwrap();
    let mut table: toml::Table = toml::from_str(&shipped).unwrap();
    let inputs = table
        .entry("inputs")
        .or_insert(toml::Value::Table(Default::default()))
        .as_table_mut()
        .unwrap();
    for key in ["catalogue", "registry", "indicators", "calendar"] {
        if let Some(toml::Value::String(p)) = inputs.get(key).cloned() {
            inputs.insert(key.into(), r.join(p).display().to_string().into());
        }
    }
    inputs.insert(
        "submissions".into(),
        folder.join("bao-cao").display().to_string().into(),
    );
    inputs.remove("decisions");
    table.insert(
        "output".into(),
        folder.join("out").display().to_string().into(),
    );
    std::fs::write(&config, toml::to_string(&table).unwrap()).unwrap();
    let mut child = Command::new(BIN)
        .args(["--config", config.to_str().unwrap(), "serve", "--addr"])
        .arg("127.0.0.1:0")
        .current_dir(&folder)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let samples: Vec<PathBuf> = walk(&r.join("inputs/bao-cao/q1-2019"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("~$"))
        .collect();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut medians = Vec::new();
    for s in &samples {
        let bytes = std::fs::read(s).unwrap();
        let name = s.file_name().unwrap().to_string_lossy().to_string();
        let boundary = "vanbanBENCH";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(&bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let once = || {
            let t = Instant::now();
            let mut resp = agent
                .post(format!("{base}/api/periods/q1-2019/submissions"))
                .header(
                    "Content-Type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .send(&body[..])
                .unwrap();
            let _ = resp.body_mut().read_to_vec().unwrap();
            t.elapsed()
        };
        once();
        medians.push((name, spread((0..n).map(|_| once()).collect()).1));
    }
    let _ = child.kill();
    let _ = child.wait();
    medians.sort_by(|a, b| a.1.total_cmp(&b.1));
    let all: Vec<f64> = medians.iter().map(|m| m.1).collect();
    println!(
        "   {} samples: median per sample {:.1} ms (fastest {} {:.1} ms, slowest {} {:.1} ms)",
        all.len(),
        all[all.len() / 2],
        medians[0].0,
        medians[0].1,
        medians[medians.len() - 1].0,
        medians[medians.len() - 1].1
    );
}

fn which(cmd: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(cmd))
        .find(|p| p.exists())
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
