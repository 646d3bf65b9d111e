//! Work shared among threads, results kept in order. Used by the CLI for
//! many stories at once and by the engine for the blocks of one long story;
//! the results never depend on how many threads ran.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The cores this process may use (1 when the system cannot say).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `work` over `items` on up to `threads` threads, the results in the order
/// of `items`. Items are handed out one at a time, so a slow one does not
/// hold back a thread's share of the rest.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(items.len()).max(1);
    if threads == 1 {
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| work(i, item))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = work(i, item);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items_whatever_the_threads() {
        let items: Vec<u32> = (0..100).collect();
        for threads in [1, 2, 7, 200] {
            let squares = map(&items, threads, |i, &x| (i as u32, x * x));
            let expected: Vec<(u32, u32)> = items.iter().map(|&x| (x, x * x)).collect();
            assert_eq!(squares, expected, "{threads} threads");
        }
        assert!(map(&[] as &[u32], 4, |_, &x| x).is_empty());
    }
}
