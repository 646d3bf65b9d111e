//! Outgoing `publishDiagnostics`, one slot per document.
//!
//! A publish replaces the one still waiting for the same document (it keeps
//! its place in the queue), so a client that reads slowly gets the newest
//! diagnostics of each document as soon as it reads again, and the server
//! holds at most one unsent publish per document however far behind the
//! reader is. A publish for an older text (a lower revision) than one
//! already queued or sent for the document is refused, so a stale result
//! never overtakes a newer one.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use tokio::sync::Notify;
use tower_lsp_server::ls_types::Uri;

#[derive(Default)]
struct Slots {
    /// Documents with a publish waiting, in the order they first queued.
    order: VecDeque<Uri>,
    waiting: HashMap<Uri, Vec<u8>>,
    /// The newest revision queued for each document.
    newest: HashMap<Uri, u64>,
}

#[derive(Default)]
pub struct Outbox {
    slots: Mutex<Slots>,
    ready: Notify,
}

impl Outbox {
    /// Queues `frame` (a whole framed message) as the diagnostics of `uri`
    /// at `revision`; false if a newer revision's are already queued or sent.
    pub fn publish(&self, uri: &Uri, revision: u64, frame: Vec<u8>) -> bool {
        {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            match slots.newest.get(uri) {
                Some(&newest) if newest > revision => return false,
                _ => {}
            }
            slots.newest.insert(uri.clone(), revision);
            if slots.waiting.insert(uri.clone(), frame).is_none() {
                slots.order.push_back(uri.clone());
            }
        }
        self.ready.notify_one();
        true
    }

    /// The oldest waiting publish, if any.
    pub fn take(&self) -> Option<Vec<u8>> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let uri = slots.order.pop_front()?;
        slots.waiting.remove(&uri)
    }

    /// The oldest waiting publish, waiting for one. Cancel-safe: nothing is
    /// taken until it returns.
    pub async fn next(&self) -> Vec<u8> {
        loop {
            let notified = self.ready.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(frame) = self.take() {
                return frame;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_publish_replaces_the_waiting_one_and_an_older_is_refused() {
        let outbox = Outbox::default();
        let a: Uri = "file:///a.txt".parse().unwrap();
        let b: Uri = "file:///b.txt".parse().unwrap();
        assert!(outbox.publish(&a, 1, b"a1".to_vec()));
        assert!(outbox.publish(&b, 2, b"b2".to_vec()));
        assert!(outbox.publish(&a, 3, b"a3".to_vec()));
        assert!(!outbox.publish(&a, 2, b"a2".to_vec()));
        assert_eq!(outbox.take().as_deref(), Some(&b"a3"[..]));
        assert_eq!(outbox.take().as_deref(), Some(&b"b2"[..]));
        assert_eq!(outbox.take(), None);
        // Sent is not forgotten: an older text's result still cannot follow.
        assert!(!outbox.publish(&a, 2, b"a2".to_vec()));
    }
}
