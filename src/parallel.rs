//! Work shared out over every core: each worker takes the next item as it comes free.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// `work` on every item, on as many threads as there are cores (never more than items),
/// the results in the items' order.
///
/// Items are started in order, so put the longest first. Each worker makes its own
/// `state` (a compressor, say) before its first item and keeps it for the rest. With one
/// item or one core everything runs on the calling thread.
pub fn map_with<T, S, R>(
    items: &[T],
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut own = None;
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                break;
            };
            let own = own.get_or_insert_with(&state);
            let result = work(own, item);
            *results[index]
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(result);
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if workers <= 1 {
        worker();
    } else {
        std::thread::scope(|scope| {
            for _ in 1..workers {
                scope.spawn(worker);
            }
            worker();
        });
    }
    // Every item was taken and its slot filled: a worker that panicked has already
    // panicked this thread as the scope ended.
    results
        .into_iter()
        .filter_map(|slot| slot.into_inner().unwrap_or_else(PoisonError::into_inner))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = map_with(&items, || (), |(), &n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn each_worker_makes_its_state_once_and_keeps_it() {
        let made = AtomicUsize::new(0);
        let items = vec![1u32; 200];
        let counts = map_with(
            &items,
            || {
                made.fetch_add(1, Ordering::Relaxed);
                0u32
            },
            |seen, &one| {
                *seen += one;
                *seen
            },
        );
        let workers = made.load(Ordering::Relaxed);
        assert!(
            workers >= 1 && workers <= std::thread::available_parallelism().map_or(1, usize::from)
        );
        // Each worker counts its own items from 1, so the counts add up to the items.
        let firsts = counts.iter().filter(|&&c| c == 1).count();
        assert_eq!(firsts, workers);
    }

    #[test]
    fn no_items_no_work() {
        let results: Vec<u8> = map_with(&[] as &[u8], || panic!("no state"), |(), _| 0);
        assert!(results.is_empty());
    }
}
