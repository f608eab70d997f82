//! The crypto workers: receipt hashing, sealing and file inspection run on blocking
//! threads, at most `reports.crypto_workers` at a time, so that a burst of reports queues
//! here instead of occupying the web workers that serve everyone else.

use std::sync::Arc;

use tokio::sync::Semaphore;

/// A bounded pool of blocking threads for slow, CPU-bound work.
#[derive(Clone)]
pub struct CryptoWorkers {
    permits: Arc<Semaphore>,
}

impl CryptoWorkers {
    /// `size` threads at most; 0 means one per core.
    pub fn new(size: usize) -> CryptoWorkers {
        let size = match size {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        CryptoWorkers {
            permits: Arc::new(Semaphore::new(size)),
        }
    }

    /// Runs `job` on a blocking thread once one of the pool's places is free.
    pub async fn run<T, F>(&self, job: F) -> anyhow::Result<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _place = self
            .permits
            .acquire()
            .await
            .map_err(|_| anyhow::anyhow!("the crypto workers are shut down"))?;
        tokio::task::spawn_blocking(job)
            .await
            .map_err(|_| anyhow::anyhow!("a crypto job panicked"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn no_more_jobs_run_at_once_than_the_pool_has_places() {
        let workers = CryptoWorkers::new(2);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs = (0..8).map(|_| {
            let (running, most, workers) = (running.clone(), most.clone(), workers.clone());
            tokio::spawn(async move {
                workers
                    .run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                    .unwrap();
            })
        });
        for job in jobs.collect::<Vec<_>>() {
            job.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }
}
