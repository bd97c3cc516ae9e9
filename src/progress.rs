//! The progress bar of a long run: bytes read of the total, MB/s, ETA and
//! records done, drawn on standard error (indicatif).
//!
//! It is drawn only where a person watches: standard error is a terminal and
//! `--quiet` was not given; in a pipeline or a log file it is never drawn, so
//! it cannot pollute output. Standard output carries only results.
//!
//! Reading and extraction go in chunks, and one huge record can take a
//! minute, so the bar is not updated by the work itself: a small thread
//! reads the input's byte counter ([`crate::input::Input::consumed`]) five
//! times a second, so the bar moves and the time runs even inside one chunk.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress display over bytes read (of a known total or not).
pub struct Progress {
    bar: ProgressBar,
    stop: Arc<AtomicBool>,
    ticker: Option<JoinHandle<()>>,
}

impl Progress {
    /// On standard error, when it is a terminal and `quiet` is false; else hidden.
    pub fn on_stderr(total_bytes: Option<u64>, quiet: bool) -> Progress {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        Progress::new(total_bytes, target)
    }

    /// On any draw target (tests draw into memory).
    pub fn new(total_bytes: Option<u64>, target: ProgressDrawTarget) -> Progress {
        let template = match total_bytes {
            Some(_) => {
                "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} · {msg}"
            }
            None => "{spinner} {elapsed_precise} {bytes} {binary_bytes_per_sec} · {msg}",
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(total_bytes, target).with_style(style);
        bar.set_message("0 records");
        Progress {
            bar,
            stop: Arc::new(AtomicBool::new(false)),
            ticker: None,
        }
    }

    /// Whether anything is drawn at all.
    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }

    /// Follows `consumed` (bytes read) until [`Progress::finish`].
    pub fn follow(&mut self, consumed: Arc<AtomicU64>, offset: u64) {
        if self.is_hidden() {
            return;
        }
        let (bar, stop) = (self.bar.clone(), Arc::clone(&self.stop));
        self.ticker = Some(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                bar.set_position(offset + consumed.load(Ordering::Relaxed));
                std::thread::park_timeout(Duration::from_millis(200));
            }
        }));
    }

    /// Stops following the current input (the next one adds to the total).
    pub fn unfollow(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(ticker) = self.ticker.take() {
            ticker.thread().unpark();
            let _ = ticker.join();
        }
        self.stop.store(false, Ordering::Relaxed);
    }

    /// Records done so far, and bytes read (for callers without a counter).
    pub fn update(&self, records: usize, bytes: Option<u64>) {
        if let Some(bytes) = bytes {
            self.bar.set_position(bytes);
        }
        self.bar.set_message(format!("{records} records"));
    }

    /// Removes the bar.
    pub fn finish(mut self) {
        self.unfollow();
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    use indicatif::TermLike;

    /// A terminal that remembers what was written to it.
    #[derive(Debug, Default, Clone)]
    struct Screen(Arc<Mutex<String>>);

    impl Screen {
        fn push(&self, s: &str) {
            if let Ok(mut screen) = self.0.lock() {
                screen.push_str(s);
                screen.push('\n');
            }
        }
    }

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.push(s);
            Ok(())
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.push(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_bar_shows_bytes_speed_eta_and_records_on_a_terminal() {
        let screen = Screen::default();
        let progress = Progress::new(
            Some(10 << 20),
            ProgressDrawTarget::term_like(Box::new(screen.clone())),
        );
        assert!(!progress.is_hidden());
        progress.update(512, Some(5 << 20));
        progress.bar.tick();
        let drawn = screen.0.lock().map(|s| s.clone()).unwrap_or_default();
        assert!(drawn.contains("512 records"), "{drawn}");
        assert!(drawn.contains("5.00 MiB/10.00 MiB"), "{drawn}");
        assert!(drawn.contains("ETA"), "{drawn}");
        progress.finish();
    }

    #[test]
    fn quiet_or_no_terminal_draws_nothing() {
        assert!(Progress::on_stderr(None, true).is_hidden());
    }
}
