/*
 * Seeded randomness, so that a bench's generated data and its load are the
 * same on every run and runs compare.
 */

/** mulberry32: a small, fast, seeded PRNG of [0, 1). */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponentially distributed value of mean `mean`, from `random` (a seededRandom). */
const exponential = (random, mean) => -mean * Math.log(1 - random());

module.exports = { seededRandom, exponential };
