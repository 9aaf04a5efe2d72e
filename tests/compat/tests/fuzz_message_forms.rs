//! The `message_forms` fuzz target (fuzz/fuzz_targets/message_forms.rs) on stable, in every
//! `cargo test` run: its committed corpus (fuzz/seeds/message_forms/) and a bounded,
//! deterministic mutation loop over it, through the same comparison the fuzz target makes
//! (`forms::compare`: both message forms accept or reject alike, re-encode to the same bytes,
//! print the same `Debug`, never panic) and `forms::compare_unknown`. cargo-fuzz needs
//! nightly; this keeps the target's property checked where CI runs. The loop stops after a
//! fixed number of inputs or a fixed time, whichever comes first.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rustsvc_compat::forms::all;

/// xorshift64*: the same sequence on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn corpus() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/message_forms");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// One mutation as libFuzzer makes them: a byte changed, inserted or removed, a cut, a
/// varint-ish byte run, or a splice of two inputs.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = rng.next() as u8;
            }
            1 => {
                let i = rng.below(out.len() + 1);
                out.insert(i, rng.next() as u8);
            }
            2 if !out.is_empty() => {
                let i = rng.below(out.len());
                out.remove(i);
            }
            3 => {
                let n = rng.below(out.len() + 1);
                out.truncate(n);
            }
            4 => {
                let i = rng.below(out.len() + 1);
                let run = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
                let n = 1 + rng.below(run.len());
                out.splice(i..i, run[..n].iter().copied());
            }
            _ => {
                let i = rng.below(out.len() + 1);
                let j = rng.below(other.len() + 1);
                out.truncate(i);
                out.extend_from_slice(&other[j..]);
            }
        }
    }
    out
}

#[test]
fn message_forms_fuzz_body_over_its_corpus_and_mutations() {
    let forms = all();
    let corpus = corpus();
    assert!(
        corpus.len() >= 10,
        "the committed corpus: {} inputs",
        corpus.len()
    );
    // Every corpus input through every message type, as the target's first byte would pick.
    for input in &corpus {
        for form in &forms {
            (form.compare)(form.name, input);
            (form.compare_unknown)(form.name, input);
        }
    }
    // Then mutations, the first byte picking the type as in the fuzz target.
    let mut rng = Rng(0x5EED_CAFE_F00D_0001);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut ran = 0;
    while ran < 200_000 && Instant::now() < deadline {
        let a = &corpus[rng.below(corpus.len())];
        let b = &corpus[rng.below(corpus.len())];
        let data = mutate(&mut rng, a, b);
        let form = &forms[rng.below(forms.len())];
        (form.compare)(form.name, &data);
        (form.compare_unknown)(form.name, &data);
        ran += 1;
    }
    assert!(
        ran >= 1_000,
        "only {ran} mutated inputs in the time allowed"
    );
}
