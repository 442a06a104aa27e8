//! Progress bars on a terminal; hidden otherwise (pipes, `--quiet`, JSON output).

/// A bar of `len` steps labelled `msg`, or a hidden one.
pub(super) fn bar(progress: bool, len: usize, msg: &str) -> indicatif::ProgressBar {
    if !progress {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(len as u64);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{msg:28} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(msg.to_string());
    pb
}
