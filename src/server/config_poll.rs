//! For clients that watch no files for the server (Neovim on Linux
//! advertises no `didChangeWatchedFiles` registration, and some editors
//! none at all): every `LOOK_EVERY` the server looks at the files behind
//! the configurations in use itself (`freshness::Stamp`, a few `stat`
//! calls) and re-lints the open stories when one changed, so an edited
//! `copydesk.toml`, names file or word list — including one the "Add to the
//! newsroom's word list" action just wrote — is in force within seconds.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::lint;
use super::session::Session;

/// How often the files are looked at.
const LOOK_EVERY: Duration = Duration::from_secs(2);
/// A configuration that does not load is tried again this many looks
/// apart even when the file discovery finds is unchanged (a broken names
/// file it names may have been fixed).
const RETRY_BROKEN_EVERY: u32 = 5;

pub fn spawn(session: Arc<Session>, shut_down: Arc<AtomicBool>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut looks = 0u32;
        loop {
            tokio::time::sleep(LOOK_EVERY).await;
            if shut_down.load(Ordering::SeqCst) {
                return;
            }
            looks = looks.wrapping_add(1);
            let retry = looks % RETRY_BROKEN_EVERY == 0 && session.has_broken_config();
            // The `stat` calls go to the blocking pool: a slow disk (a
            // network share) never holds up the runtime's threads.
            let looked = Arc::clone(&session);
            let stale = retry
                || tokio::task::spawn_blocking(move || looked.configs_stale())
                    .await
                    .unwrap_or(false);
            if stale {
                session.documents_mut().invalidate_configs();
                lint::relint_all(&session).await;
            }
        }
    });
}
