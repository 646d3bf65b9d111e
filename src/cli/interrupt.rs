//! Ctrl-C on a long run (`check`, `check --fix`, `audit` over an archive):
//! the first interrupt stops new stories from being started, lets the ones
//! in hand finish — a `--fix` write is a rename of a complete file, so none
//! is left half-written — and the run ends with status 130 and a note of
//! how far it got. A second Ctrl-C ends the process at once, as usual.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Catches the first Ctrl-C (SIGINT) from here on. Elsewhere than on Unix
/// the system's default stays.
pub fn catch() {
    #[cfg(unix)]
    {
        extern "C" fn on_interrupt(_: libc::c_int) {
            // Only what is safe in a signal handler: a store, and putting
            // the default back so that a second Ctrl-C ends the process.
            INTERRUPTED.store(true, Ordering::SeqCst);
            // SAFETY: `signal` is async-signal-safe; SIG_DFL is a valid handler.
            unsafe {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
            }
        }
        // SAFETY: installs a handler that only touches an atomic and calls
        // `signal`, both async-signal-safe.
        unsafe {
            libc::signal(
                libc::SIGINT,
                on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
    }
}

/// Whether Ctrl-C was pressed since `catch`.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// The exit status of a run ended by Ctrl-C (128 + SIGINT, as shells say).
pub const STATUS: i32 = 130;
