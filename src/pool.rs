//! An ordered thread pool: work on all cores, results in order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Maps `f` over `items` on all cores and hands the results to `sink` in the items' order,
/// each as soon as those before it are done (so results do not pile up); stops at the first
/// error of either.
pub(crate) fn in_order_on_all_cores<T: Sync, R: Send, E: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, E> + Sync,
    mut sink: impl FnMut(Result<R, E>) -> Result<(), E>,
    missing: impl FnOnce() -> E,
) -> Result<(), E> {
    let threads = workers_for(items.len());
    if threads <= 1 {
        for item in items {
            sink(f(item))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel::<(usize, Result<R, E>)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, f) = (&next, &stop, &f);
            s.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, f(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut wanted = 0;
        let result = (|| {
            for (i, r) in &rx {
                waiting.insert(i, r);
                while let Some(r) = waiting.remove(&wanted) {
                    sink(r)?;
                    wanted += 1;
                }
            }
            if wanted < items.len() {
                return Err(missing());
            }
            Ok(())
        })();
        // Workers finish the package in hand and stop.
        stop.store(true, Ordering::Relaxed);
        drop(rx);
        result
    })
}

/// Maps `f` over `items` on all cores (each worker takes the next item as it gets free) and
/// returns every result, in the items' order.
pub(crate) fn map_on_all_cores<'a, T: Sync, R: Send>(
    items: &'a [T],
    f: impl Fn(&'a T) -> R + Sync,
) -> Vec<R> {
    let threads = workers_for(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (next, f) = (&next, &f);
                s.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// How many threads to run `n` items on: the cores, at most one per item. Asking for the
/// number of cores reads the cgroup files under /proc (a noticeable part of a small run's
/// start-up): only when there is more than one item.
fn workers_for(n: usize) -> usize {
    if n > 1 {
        std::thread::available_parallelism()
            .map(|c| c.get())
            .unwrap_or(1)
            .min(n)
    } else {
        1
    }
}
