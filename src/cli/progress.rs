//! A progress line on stderr for long runs (`check` and `audit` over more
//! than a few hundred stories): shown only when stderr is a terminal and
//! `--quiet` was not given, redrawn at most ten times a second, and cleared
//! when the run ends, so logs and pipes never see it.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Below this many stories a run is short enough to need no progress.
const FROM_STORIES: usize = 200;
const REDRAW: Duration = Duration::from_millis(100);

pub struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
    last_drawn: Mutex<Instant>,
}

impl Progress {
    pub fn new(total: usize, quiet: bool) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            shown: !quiet && total > FROM_STORIES && std::io::stderr().is_terminal(),
            last_drawn: Mutex::new(Instant::now()),
        }
    }

    /// One more story done.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.shown {
            return;
        }
        let Ok(mut last) = self.last_drawn.try_lock() else {
            return; // another thread is drawing
        };
        if last.elapsed() < REDRAW && done < self.total {
            return;
        }
        *last = Instant::now();
        let width = 30;
        let filled = width * done / self.total.max(1);
        let _ = write!(
            std::io::stderr(),
            "\r[{}{}] {done} of {} stories",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total
        );
    }

    /// Clears the line, so that what follows starts clean.
    pub fn finish(&self) {
        if self.shown {
            let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(60));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_or_quiet_runs_and_pipes_show_nothing() {
        assert!(!Progress::new(10, false).shown);
        assert!(!Progress::new(10_000, true).shown);
        // Under `cargo test` stderr is captured or piped, not a terminal.
        let progress = Progress::new(10_000, false);
        progress.tick();
        progress.finish();
        assert_eq!(progress.done.load(Ordering::Relaxed), 1);
    }
}
