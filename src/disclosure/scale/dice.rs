//! A tiny deterministic random stream (SplitMix64). Every enterprise draws from streams
//! seeded by its own index, so the same index always yields the same enterprise and the
//! same figures: a rerun, a resumed run or a larger run agrees with the earlier one.

/// Independent streams, so that adding a draw to one concern does not shift another.
#[derive(Debug, Clone, Copy)]
pub(super) enum Stream {
    GroupSize = 1,
    Registry = 2,
    Figures = 3,
}

/// A deterministic stream of pseudo-random numbers.
#[derive(Debug, Clone)]
pub(super) struct Dice(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Dice {
    /// The stream `stream` of the thing numbered `index`.
    pub fn new(index: u32, stream: Stream) -> Dice {
        let mut dice = Dice(u64::from(index).wrapping_mul(GOLDEN) ^ ((stream as u64) << 56));
        // The first outputs of nearby seeds are correlated; discard one.
        dice.next();
        dice
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `low..=high` (which must not be empty).
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        let span = high.abs_diff(low) + 1;
        // The modulo bias is below 1e-9 for the small spans used here.
        low + (self.next() % span) as i64
    }

    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    /// An index chosen with the given weights (which must not all be zero).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut roll = self.next() % total.max(1);
        for (i, &w) in weights.iter().enumerate() {
            if roll < u64::from(w) {
                return i;
            }
            roll -= u64::from(w);
        }
        weights.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_stream_and_streams_differ() {
        let a: Vec<u64> = (0..4)
            .map(|_| Dice::new(7, Stream::Figures).next())
            .collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Dice::new(7, Stream::Figures).next(),
            Dice::new(7, Stream::Registry).next()
        );
        assert_ne!(
            Dice::new(7, Stream::Figures).next(),
            Dice::new(8, Stream::Figures).next()
        );
    }

    #[test]
    fn between_stays_within_its_bounds() {
        let mut dice = Dice::new(1, Stream::Figures);
        for _ in 0..10_000 {
            let n = dice.between(-3, 5);
            assert!((-3..=5).contains(&n));
        }
    }
}
