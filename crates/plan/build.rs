//! Writes the planner's WordNet table from WordNet 3.0 (Debian's `wordnet-base`, fetched
//! by `scripts/setup.sh`): every noun WordNet knows that stands for a kind, a person, a
//! place or weather the planner can show, by the senses in `src/senses.rs`.

#[path = "src/senses.rs"]
mod senses;
#[path = "build/wordnet.rs"]
mod wordnet;

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=DIORAMA_ASSETS");
    println!("cargo:rerun-if-changed=build/wordnet.rs");
    println!("cargo:rerun-if-changed=src/senses.rs");
    let assets = std::env::var_os("DIORAMA_ASSETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.assets"));
    let dict = assets.join("wordnet-3.0");
    let done = dict.join(".complete");
    println!("cargo:rerun-if-changed={}", done.display());
    if !done.exists() {
        panic!(
            "WordNet 3.0 is missing at {}: run scripts/setup.sh (it fetches Debian's \
             wordnet-base), or point DIORAMA_ASSETS at a folder holding wordnet-3.0",
            dict.display()
        );
    }
    let table = match wordnet::table(&dict) {
        Ok(table) => table,
        Err(e) => panic!("reading WordNet at {}: {e}", dict.display()),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("wordnet.tsv");
    std::fs::write(&out, table).expect("write wordnet.tsv");
}
